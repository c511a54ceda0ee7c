import {
  GovernanceCommands,
  GovernanceSettingsShape,
  ParameterIdSchema,
  refineThresholds,
} from '@ticketonomics/contracts';
import { z } from 'zod';
import { communityParams, defineRoute, KEYED_ERRORS } from '../http/route';
import { GovernancePageShape } from './governance.params';

/** Some of the rules, each checked against its bounds; at least one. */
const SettingsChangeSchema = z
  .strictObject(GovernanceSettingsShape)
  .partial()
  .superRefine(refineThresholds)
  .refine((value) => Object.keys(value).length > 0, {
    error: `must change at least one rule: ${Object.keys(GovernanceSettingsShape).join(', ')}`,
    path: ['votingPeriodMs'],
  });

/** How a community governs itself (its rules), and what its votes and admins changed (its history). */
export const GOVERNANCE_SETTINGS_ROUTES = [
  defineRoute({
    method: 'GET',
    path: '/v1/communities/:communityId/governance/settings',
    operationId: 'getGovernanceSettings',
    tag: 'governance',
    scope: 'read',
    summary:
      "The community's governance rules: voting period, quorum, thresholds, timelock, who may propose and vote, cooldown and cap.",
    description: 'Version 0, with the defaults, until an admin changes them.',
    params: communityParams(),
    response: GovernanceCommands.settingsGet.response,
    errors: KEYED_ERRORS,
    examples: { ok: {} },
    handle: ({ params, commands }) =>
      commands.request(GovernanceCommands.settingsGet, { communityId: params.communityId }),
  }),
  defineRoute({
    method: 'POST',
    path: '/v1/communities/:communityId/governance/settings',
    operationId: 'setGovernanceSettings',
    tag: 'governance',
    scope: 'admin',
    summary:
      "Change some of the community's governance rules; the answer is all of them, with a new version.",
    description:
      'Only the rules in the body change (at least one). Open proposals keep the rules they opened with. raiseThresholdBps is never below thresholdBps (400). Setting the values they have answers the same rules.',
    params: communityParams(),
    body: SettingsChangeSchema,
    response: GovernanceCommands.settingsSet.response,
    errors: [...KEYED_ERRORS, 'VALIDATION_FAILED', 'PAYLOAD_TOO_LARGE'],
    examples: {
      ok: { body: { quorumBps: 2_500, timelockMs: 43_200_000 } },
      VALIDATION_FAILED: { body: { thresholdBps: 4_000 } },
    },
    handle: ({ params, body, commands }) =>
      commands.request(GovernanceCommands.settingsSet, { communityId: params.communityId, ...body }),
  }),
  defineRoute({
    method: 'GET',
    path: '/v1/communities/:communityId/governance/history',
    operationId: 'listGovernanceHistory',
    tag: 'governance',
    scope: 'read',
    summary:
      "Every change of the community's governed parameters, by a vote (with its proposal) or by an admin, newest first.",
    params: communityParams(),
    query: z.strictObject({ parameter: ParameterIdSchema.optional(), ...GovernancePageShape }),
    response: GovernanceCommands.historyList.response,
    errors: [...KEYED_ERRORS, 'VALIDATION_FAILED'],
    examples: {
      ok: { query: { limit: '5' } },
      VALIDATION_FAILED: { query: { parameter: 'ledger.tax' } },
    },
    handle: ({ params, query, commands }) =>
      commands.request(GovernanceCommands.historyList, { communityId: params.communityId, ...query }),
  }),
];
