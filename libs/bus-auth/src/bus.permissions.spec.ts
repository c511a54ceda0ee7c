import {
  ALL_COMMANDS,
  BUS_ROLES,
  READ_COMMANDS,
  SERVICE_ROLES,
  roleAnswering,
  toolUserName,
} from '@ticketonomics/contracts';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderAuthConfig } from './bus.auth-store';
import {
  CredentialsError,
  formatBusCredentials,
  newBusCredentials,
  parseBusCredentials,
} from './bus.credentials';
import { operatorPermissions, permissionsFor, toolPermissions, type BusUser } from './bus.permissions';
import { renderRolesMarkdown } from './bus.roles-table';

/** Where the roles table is shown; UPDATE_README_ROLES keeps its name from when the README held it. */
const ROLES_DOC = join(__dirname, '..', '..', '..', 'docs', 'security.md');
const START = '<!-- bus-roles:start (generated from libs/contracts/src/bus/bus.roles.ts) -->';
const END = '<!-- bus-roles:end -->';

/** Every service, the operator and one read-only tool, as a credentials directory holds them. */
const USERS: BusUser[] = [
  ...SERVICE_ROLES.map((role) => ({ user: role, role })),
  { user: 'operator', role: 'operator' },
  { user: toolUserName('reporting'), role: 'tools' },
];

/** Subjects that would let a user destroy or bypass the stream, the buckets or others' messages. */
const DANGEROUS = [
  /^>$/,
  /STREAM\.DELETE/,
  /STREAM\.PURGE/,
  /STREAM\.MSG\.DELETE/,
  /^_INBOX\.>$/,
  /^\$JS\.API\.>$/,
];

describe('bus permissions', () => {
  it('has every command answered by exactly one service, on its own subject prefix', () => {
    for (const spec of ALL_COMMANDS) {
      const owners = SERVICE_ROLES.filter((role) => BUS_ROLES[role].serves.includes(spec));
      expect({ subject: spec.subject, owners }).toEqual({
        subject: spec.subject,
        owners: [roleAnswering(spec.subject)],
      });
      expect(spec.subject.startsWith(`tk.cmd.${owners[0]}.`)).toBe(true);
    }
  });

  it('lets each service publish only its own events, and nothing that destroys or reads what is not its own', () => {
    for (const role of SERVICE_ROLES) {
      const permissions = permissionsFor(role, role, USERS);
      const events = permissions.publish.allow.filter((subject) => subject.startsWith('tk.evt.'));
      for (const subject of events) expect(subject).toBe(`tk.evt.${role}.>`);
      for (const subject of [...permissions.publish.allow, ...permissions.subscribe.allow]) {
        for (const pattern of DANGEROUS)
          expect({ role, subject, ok: !pattern.test(subject) }).toMatchObject({ ok: true });
      }
      expect(permissions.subscribe.allow).toContain(`_INBOX.${role}.>`);
      expect(permissions.subscribe.allow.filter((s) => s.startsWith('_INBOX.'))).toEqual([
        `_INBOX.${role}.>`,
      ]);
      expect(permissions.publish.allow).not.toContain('$JS.API.STREAM.UPDATE.TICKETONOMICS');
    }
  });

  it('gives a tool read commands, its own consumer and live events, and no way to create consumers', () => {
    const user = toolUserName('reporting');
    const permissions = toolPermissions(user);
    const commands = permissions.publish.allow.filter((subject) => subject.startsWith('tk.cmd.'));
    expect(commands.sort()).toEqual(READ_COMMANDS.map((spec) => spec.subject).sort());
    expect(permissions.publish.allow.some((subject) => subject.includes('CONSUMER.CREATE'))).toBe(false);
    expect(permissions.publish.allow).toContain(`$JS.API.CONSUMER.MSG.NEXT.TICKETONOMICS.${user}`);
    expect(permissions.subscribe.allow.sort()).toEqual([`_INBOX.${user}.>`, 'tk.evt.>'].sort());
    expect(permissions.publish.allow.some((subject) => subject.startsWith('_INBOX.'))).toBe(false);
  });

  it('lets a service answer only the users that may send it a command, on their own inboxes', () => {
    const inboxesOf = (role: (typeof SERVICE_ROLES)[number]) =>
      permissionsFor(role, role, USERS)
        .publish.allow.filter((subject) => subject.startsWith('_INBOX.'))
        .sort();
    // analytics answers the gateways' reads, the operator's rebuild and the tools' reads; never the ledger.
    expect(inboxesOf('analytics')).toEqual(
      [
        '_INBOX.analytics.>',
        '_INBOX.api-gateway.>',
        '_INBOX.operator.>',
        '_INBOX.telegram-gateway.>',
        '_INBOX.tools-reporting.>',
      ].sort(),
    );
    // The gateways answer no commands, so they may publish to no inbox at all.
    expect(inboxesOf('api-gateway')).toEqual([]);
    expect(inboxesOf('telegram-gateway')).toEqual([]);
    for (const role of SERVICE_ROLES) {
      const served = new Set(BUS_ROLES[role].serves.map((spec) => spec.subject));
      if (served.size === 0) continue;
      const callers = SERVICE_ROLES.filter(
        (other) => other !== role && BUS_ROLES[other].requests.some((spec) => served.has(spec.subject)),
      );
      const toolReads = READ_COMMANDS.some((spec) => served.has(spec.subject)) ? ['tools-reporting'] : [];
      expect({ role, inboxes: inboxesOf(role) }).toEqual({
        role,
        inboxes: [role, ...callers, 'operator', ...toolReads].map((user) => `_INBOX.${user}.>`).sort(),
      });
    }
  });

  it('gives no user allow_responses (nats-server would track every stream message delivered to it)', () => {
    const config = renderAuthConfig(USERS.map((user) => newBusCredentials(user.user, user.role)));
    expect(config).not.toContain('allow_responses');
  });

  it('lets the operator do everything', () => {
    expect(operatorPermissions()).toEqual({ publish: { allow: ['>'] }, subscribe: { allow: ['>'] } });
  });

  it('is shown in docs/security.md as generated (UPDATE_README_ROLES=1 rewrites it)', () => {
    const doc = readFileSync(ROLES_DOC, 'utf8');
    const start = doc.indexOf(START);
    const end = doc.indexOf(END);
    expect(start).toBeGreaterThan(0);
    expect(end).toBeGreaterThan(start);
    const table = `${START}\n${renderRolesMarkdown()}\n${END}`;
    if (process.env['UPDATE_README_ROLES'] === '1') {
      writeFileSync(ROLES_DOC, doc.slice(0, start) + table + doc.slice(end + END.length));
      return;
    }
    // prettier aligns the table's columns: compare the cells, not the padding.
    const cells = (text: string) =>
      text
        .split('\n')
        .map((line) => line.trim().replace(/ {2,}/g, ' ').replace(/-{3,}/g, '---'))
        .filter((line) => line !== '');
    expect(cells(doc.slice(start, end + END.length))).toEqual(cells(table));
  });
});

describe('bus credentials', () => {
  it('round-trips a credentials file, and the server configuration holds public keys only', () => {
    const credentials = newBusCredentials('ledger', 'ledger');
    expect(parseBusCredentials(formatBusCredentials(credentials), 'ledger.creds')).toEqual(credentials);
    const config = renderAuthConfig([credentials]);
    expect(config).not.toContain(credentials.seed);
    expect(config).toMatch(/"nkey":"U[A-Z0-9]{55}"/);
  });

  it('explains a broken file without printing the seed', () => {
    const credentials = newBusCredentials('ledger', 'ledger');
    const broken = formatBusCredentials(credentials).replace('role: ledger', 'role: root');
    expect(() => parseBusCredentials(broken, 'ledger.creds')).toThrow(CredentialsError);
    expect(() => parseBusCredentials(broken, 'ledger.creds')).toThrow(/ledger.creds: role must be one of/);
    const badSeed = formatBusCredentials(credentials).replace(
      credentials.seed,
      `${credentials.seed.slice(0, -3)}AAA`,
    );
    let message = '';
    try {
      parseBusCredentials(badSeed, 'ledger.creds');
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('is not a NATS user nkey seed');
    expect(message).not.toContain(credentials.seed.slice(0, 20));
  });
});
