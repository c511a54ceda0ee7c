import { AccountsCommands, CommunityIdSchema, IsoTimeSchema } from '@ticketonomics/contracts';
import { z } from 'zod';
import { communityParams, defineRoute, KEYED_ERRORS } from '../http/route';

const DashboardVisibilitySchema = z.strictObject({
  communityId: CommunityIdSchema,
  /** true: the page and its /public/ JSON and feed are open to anyone; false: they answer 404. */
  public: z.boolean(),
  /** Where the page is, on this gateway. */
  path: z.string(),
  /** The community's settings version (reward settings and visibility share it). */
  version: z.int().nonnegative(),
  updatedAt: IsoTimeSchema,
});

function visibilityOf(settings: z.output<typeof AccountsCommands.settingsGet.response>) {
  return {
    communityId: settings.communityId,
    public: settings.dashboard.public,
    path: `/dashboard/${settings.communityId}`,
    version: settings.version,
    updatedAt: settings.updatedAt,
  };
}

const PRIVACY_NOTE =
  'A dashboard shows members by name with their balances and payments, so it is private until an admin makes it public; a private one answers 404, exactly like a community that does not exist.';

export const DASHBOARD_SETTINGS_ROUTES = [
  defineRoute({
    method: 'GET',
    path: '/v1/communities/:communityId/dashboard',
    operationId: 'getDashboardVisibility',
    tag: 'dashboard',
    scope: 'admin',
    summary: "Whether the community's public dashboard (/dashboard/<communityId>) is open to anyone.",
    description: PRIVACY_NOTE,
    params: communityParams(),
    response: DashboardVisibilitySchema,
    errors: KEYED_ERRORS,
    examples: { ok: {} },
    handle: async ({ params, commands }) =>
      visibilityOf(await commands.request(AccountsCommands.settingsGet, { communityId: params.communityId })),
  }),
  defineRoute({
    method: 'POST',
    path: '/v1/communities/:communityId/dashboard',
    operationId: 'setDashboardVisibility',
    tag: 'dashboard',
    scope: 'admin',
    summary: 'Make the community\'s public dashboard public (`{"public": true}`) or private again (`false`).',
    description: `${PRIVACY_NOTE} Setting the value it already has changes nothing. Making it private closes the open live feeds within seconds.`,
    params: communityParams(),
    body: z.strictObject({ public: z.boolean({ error: 'must be true or false' }) }),
    response: DashboardVisibilitySchema,
    errors: [...KEYED_ERRORS, 'VALIDATION_FAILED', 'PAYLOAD_TOO_LARGE'],
    examples: { ok: { body: { public: true } }, VALIDATION_FAILED: { body: { public: 'yes' } } },
    handle: async ({ params, body, commands }) =>
      visibilityOf(
        await commands.request(AccountsCommands.settingsSet, {
          communityId: params.communityId,
          dashboard: { public: body.public },
        }),
      ),
  }),
];
