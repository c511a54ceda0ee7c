/**
 * A community governs its economy over HTTP, against the real ledger, accounts and governance (built
 * processes): an admin sets the rules, members propose, vote, withdraw, an admin vetoes, and a passed tax
 * change applies through the ledger and shows in the history; members pool tickets for a prize, held until
 * the target is reached and then paid at once. Every refusal is shown, and a refused
 * request changes nothing: a key without the route's scope, a plain member named as the vetoing admin, bad
 * bodies, paths and queries naming the field, a stranger, a late member, a second vote, the cooldown.
 */
import { AccountsCommands, LedgerCommands } from '@ticketonomics/contracts';
import { waitFor } from '@ticketonomics/testing';
import { startApiHarness, type ApiHarness, type HttpReply, type Member } from './support/api.harness';

const COMMUNITY = 'agora';
const G = `/v1/communities/${COMMUNITY}/governance`;
const STRANGER = '01JQ3V8K2M4N6P8R0T2W4Y6Z9Z';

let h: ApiHarness;
let m: Record<string, Member>;
/** read, transfer, governance and admin. */
let full: string;
/** Each scope alone: every one lacks some routes' scope. */
let readOnly: string;
let governanceOnly: string;
let adminOnly: string;
let sequence = 0;
/** Ann's tax proposal: voted on and applied. */
let taxProposal: number;
/** Its vote: long enough for the refusals before the votes on a busy machine, short for the test. */
const VOTE_MS = 5_000;
const idem = () => ({ 'Idempotency-Key': `gov-${(sequence += 1)}` });

beforeAll(async () => {
  h = await startApiHarness({ extra: ['governance'] });
  m = await h.community(COMMUNITY, ['ann', 'bob', 'cy']);
  await h.client.request(AccountsCommands.membershipRole, {
    communityId: COMMUNITY,
    userId: m.ann!.userId,
    role: 'admin',
  });
  [full, readOnly, governanceOnly, adminOnly] = await Promise.all(
    [
      ['read', 'transfer', 'governance', 'admin'] as const,
      ['read'] as const,
      ['governance'] as const,
      ['admin'] as const,
    ].map(async (scopes) => (await h.createKey(COMMUNITY, [...scopes])).key),
  );
}, 60_000);

afterAll(async () => {
  await h?.close();
});

const call = (
  method: string,
  path: string,
  options: { body?: unknown; headers?: Record<string, string>; key?: string } = {},
) => h.request(method, path, { key: full, ...options });

function expectError(reply: HttpReply, status: number, code: string, details: Record<string, unknown> = {}) {
  expect({ status: reply.status, code: reply.body?.error?.code }).toEqual({ status, code });
  expect(reply.body.error.details).toMatchObject(details);
}

const proposalIds = async () =>
  ((await call('GET', `${G}/proposals`)).body.items as { id: number }[]).map((item) => item.id);

const proposal = async (id: number) => (await call('GET', `${G}/proposals/${id}`)).body;

/** Propose once governance has seen the proposer join (its members follow accounts' events). */
async function propose(member: Member, value: number, headers = idem()): Promise<HttpReply> {
  return waitFor(
    async () => {
      const reply = await call('POST', `${G}/proposals`, {
        body: { proposerId: member.userId, parameter: 'ledger.taxBps', value, title: `Tax to ${value} bps` },
        headers,
      });
      return reply.status === 403 ? undefined : reply;
    },
    { timeoutMs: 10_000, description: `governance to know ${member.name}` },
  );
}

describe('community governance over HTTP', () => {
  it('refuses a key without the scope of each route, before anything is asked of a service', async () => {
    const routes: [string, string, string, string][] = [
      ['GET', `${G}/proposals`, 'read', governanceOnly],
      ['GET', `${G}/proposals/1`, 'read', adminOnly],
      ['GET', `${G}/settings`, 'read', governanceOnly],
      ['GET', `${G}/history`, 'read', adminOnly],
      ['POST', `${G}/proposals`, 'governance', readOnly],
      ['POST', `${G}/proposals/1/votes`, 'governance', adminOnly],
      ['POST', `${G}/proposals/1/cancel`, 'governance', readOnly],
      ['POST', `${G}/proposals/1/veto`, 'admin', governanceOnly],
      ['POST', `${G}/settings`, 'admin', governanceOnly],
      ['GET', `${G}/pools`, 'read', governanceOnly],
      ['GET', `${G}/pools/1`, 'read', adminOnly],
      ['POST', `${G}/pools`, 'governance', readOnly],
      ['POST', `${G}/pools/1/pledges`, 'transfer', governanceOnly],
      ['POST', `${G}/pools/1/cancel`, 'governance', readOnly],
    ];
    for (const [method, path, scope, key] of routes) {
      const reply = await call(method, path, {
        key,
        ...(method === 'POST' ? { body: {}, headers: idem() } : {}),
      });
      expect({ path, method, status: reply.status }).toEqual({ path, method, status: 403 });
      expectError(reply, 403, 'FORBIDDEN', { reason: 'scope', requiredScope: scope });
    }
    await h.community('elsewhere', []);
    const other = (await h.createKey('elsewhere', ['read'])).key;
    expectError(await call('GET', `${G}/settings`, { key: other }), 403, 'FORBIDDEN', {
      reason: 'community',
    });
  });

  it('lets an admin key set the rules, refusing bad ones without changing any', async () => {
    const before = await call('GET', `${G}/settings`);
    expect(before.body).toMatchObject({ version: 0, membershipDaysMin: 7 });
    for (const [body, field] of [
      [{}, 'votingPeriodMs'],
      [{ quorumBps: 10_001 }, 'quorumBps'],
      [{ thresholdBps: 7_000, raiseThresholdBps: 6_000 }, 'raiseThresholdBps'],
      [{ votingPeriodMs: 3_000, turnout: 1 }, 'turnout'],
    ] as const) {
      expectError(await call('POST', `${G}/settings`, { body }), 400, 'VALIDATION_FAILED', {
        field,
        in: 'body',
      });
    }
    expect((await call('GET', `${G}/settings`)).body).toEqual(before.body);
    const set = await call('POST', `${G}/settings`, {
      body: {
        votingPeriodMs: VOTE_MS,
        timelockMs: 0,
        membershipDaysMin: 0,
        activityDays: null,
        proposalCooldownMs: 3_600_000,
      },
    });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({
      version: 1,
      votingPeriodMs: VOTE_MS,
      activityDays: null,
      quorumBps: 2_000,
    });
  });

  it('proposes once per Idempotency-Key for an active member, refusing bad input, strangers and the cooldown', async () => {
    const headers = idem();
    const first = await propose(m.ann!, 200, headers);
    expect(first.status).toBe(201);
    expect(first.headers.get('Idempotent-Replayed')).toBe('false');
    expect(first.body).toMatchObject({
      proposerId: m.ann!.userId,
      status: 'voting',
      currentValue: 0,
      eligibleCount: 3,
    });
    const again = await propose(m.ann!, 200, headers);
    expect({ status: again.status, id: again.body.id }).toEqual({ status: 201, id: first.body.id });
    expect(again.headers.get('Idempotent-Replayed')).toBe('true');
    expectError(
      await call('POST', `${G}/proposals`, {
        body: { proposerId: m.ann!.userId, parameter: 'ledger.taxBps', value: 250, title: 'Tax to 250 bps' },
        headers,
      }),
      409,
      'IDEMPOTENCY_CONFLICT',
      { field: 'Idempotency-Key' },
    );

    const good = { proposerId: m.bob!.userId, parameter: 'ledger.taxBps', value: 100, title: 'A 1% tax' };
    const refusals: [
      Record<string, unknown>,
      Record<string, string>,
      number,
      string,
      Record<string, unknown>,
    ][] = [
      [good, {}, 400, 'VALIDATION_FAILED', { field: 'Idempotency-Key', in: 'header' }],
      [
        { ...good, parameter: 'ledger.tax' },
        idem(),
        400,
        'VALIDATION_FAILED',
        { field: 'parameter', in: 'body' },
      ],
      [{ ...good, value: 1.5 }, idem(), 400, 'VALIDATION_FAILED', { field: 'value', in: 'body' }],
      [{ ...good, title: ' ' }, idem(), 400, 'VALIDATION_FAILED', { field: 'title', in: 'body' }],
      [{ ...good, value: 0 }, idem(), 400, 'VALIDATION_FAILED', { field: 'value', in: 'body' }],
      [{ ...good, proposerId: STRANGER }, idem(), 404, 'NOT_FOUND', { field: 'proposerId', in: 'body' }],
      [{ ...good, recipientId: m.cy!.userId }, idem(), 400, 'VALIDATION_FAILED', { field: 'recipientId' }],
      [{ ...good, parameter: 'treasury.grant' }, idem(), 400, 'VALIDATION_FAILED', { field: 'recipientId' }],
      [
        { ...good, parameter: 'treasury.grant', recipientId: STRANGER },
        idem(),
        404,
        'NOT_FOUND',
        { field: 'recipientId', in: 'body' },
      ],
      [{ ...good, value: 900 }, idem(), 422, 'LIMIT_EXCEEDED', { field: 'value', min: 0, max: 500 }],
    ];
    for (const [body, headers, status, code, details] of refusals) {
      expectError(await call('POST', `${G}/proposals`, { body, headers }), status, code, details);
    }
    const cooldown = await call('POST', `${G}/proposals`, {
      body: { ...good, proposerId: m.ann!.userId },
      headers: idem(),
    });
    expectError(cooldown, 429, 'RATE_LIMITED', { reason: 'proposal_cooldown' });
    expect(Number(cooldown.headers.get('Retry-After'))).toBeGreaterThan(3_500);
    expect(await proposalIds()).toEqual([first.body.id]);
    taxProposal = first.body.id as number;
  });

  it('counts each eligible member once, refusing a late member, a second vote and bad input', async () => {
    const id = taxProposal;
    const path = `${G}/proposals/${id}/votes`;
    const late = (await h.community(COMMUNITY, ['dee'])).dee!;
    for (const [target, body, status, code, details] of [
      [path, { voterId: m.bob!.userId, choice: 'maybe' }, 400, 'VALIDATION_FAILED', { field: 'choice' }],
      [path, { voterId: m.bob!.userId }, 400, 'VALIDATION_FAILED', { field: 'choice' }],
      [
        `${G}/proposals/first/votes`,
        { voterId: m.bob!.userId, choice: 'yes' },
        400,
        'VALIDATION_FAILED',
        { field: 'proposalId', in: 'path' },
      ],
      [
        `${G}/proposals/999/votes`,
        { voterId: m.bob!.userId, choice: 'yes' },
        404,
        'NOT_FOUND',
        { field: 'proposalId' },
      ],
      [path, { voterId: STRANGER, choice: 'yes' }, 404, 'NOT_FOUND', { field: 'voterId', in: 'body' }],
      [
        path,
        { voterId: late.userId, choice: 'yes' },
        403,
        'FORBIDDEN',
        { reason: 'not_eligible', field: 'voterId' },
      ],
    ] as const) {
      expectError(await call('POST', target, { body }), status, code, details);
    }
    expect(await proposal(id)).toMatchObject({ yes: 0, no: 0 });
    const vote = await call('POST', path, {
      body: { voterId: m.bob!.userId, choice: 'yes' },
      key: governanceOnly,
    });
    expect(vote.status).toBe(201);
    expect(vote.body).toMatchObject({
      vote: { voterId: m.bob!.userId, choice: 'yes' },
      proposal: { yes: 1 },
    });
    expectError(
      await call('POST', path, { body: { voterId: m.bob!.userId, choice: 'no' } }),
      409,
      'CONFLICT',
      { reason: 'already_voted' },
    );
    expect((await call('POST', path, { body: { voterId: m.ann!.userId, choice: 'yes' } })).status).toBe(201);
    expect(await proposal(id)).toMatchObject({ yes: 2, no: 0 });
  });

  it('vetoes only in an admin member’s name, and withdraws only for the proposer', async () => {
    // Longer votes from now on: these proposals must stay open while they are vetoed and withdrawn.
    expect((await call('POST', `${G}/settings`, { body: { votingPeriodMs: 600_000 } })).status).toBe(200);
    const byBob = (await propose(m.bob!, 100)).body.id as number;
    const byCy = (await propose(m.cy!, 50)).body.id as number;
    const veto = `${G}/proposals/${byBob}/veto`;
    expectError(
      await call('POST', veto, { body: { adminId: m.bob!.userId, reason: 'mine' } }),
      403,
      'FORBIDDEN',
      { reason: 'not_admin', field: 'adminId', in: 'body' },
    );
    expectError(await call('POST', veto, { body: { adminId: STRANGER, reason: 'no' } }), 404, 'NOT_FOUND', {
      field: 'adminId',
    });
    expectError(
      await call('POST', veto, { body: { adminId: m.ann!.userId, reason: 'x'.repeat(501) } }),
      400,
      'VALIDATION_FAILED',
      { field: 'reason' },
    );
    expect((await proposal(byBob)).status).toBe('voting');
    const vetoed = await call('POST', veto, {
      key: adminOnly,
      body: { adminId: m.ann!.userId, reason: 'Not before the harvest.' },
    });
    expect(vetoed.status).toBe(200);
    expect(vetoed.body).toMatchObject({
      status: 'vetoed',
      veto: { by: m.ann!.userId, reason: 'Not before the harvest.' },
    });
    expectError(
      await call('POST', veto, { body: { adminId: m.ann!.userId, reason: 'again' } }),
      409,
      'CONFLICT',
      { reason: 'not_open' },
    );

    const cancel = `${G}/proposals/${byCy}/cancel`;
    expectError(await call('POST', cancel, { body: { proposerId: m.bob!.userId } }), 403, 'FORBIDDEN', {
      reason: 'not_proposer',
    });
    expectError(await call('POST', cancel, { body: { proposer: m.cy!.userId } }), 400, 'VALIDATION_FAILED', {
      field: 'proposerId',
    });
    expect((await proposal(byCy)).status).toBe('voting');
    const withdrawn = await call('POST', cancel, { body: { proposerId: m.cy!.userId }, key: governanceOnly });
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body.status).toBe('cancelled');
    expectError(await call('POST', cancel, { body: { proposerId: m.cy!.userId } }), 409, 'CONFLICT', {
      reason: 'not_open',
    });
    const listed = await call('GET', `${G}/proposals?status=vetoed`);
    expect(listed.body.items.map((item: { id: number }) => item.id)).toEqual([byBob]);
    expectError(await call('GET', `${G}/proposals?status=open`), 400, 'VALIDATION_FAILED', {
      field: 'status',
      in: 'query',
    });
  });

  it('applies the passed tax through the ledger, and the history says it was a vote', async () => {
    await waitFor(async () => ((await proposal(taxProposal)).status === 'applied' ? true : undefined), {
      timeoutMs: 15_000,
      description: 'the tax proposal to apply',
    });
    expect((await h.client.request(LedgerCommands.policyGet, { communityId: COMMUNITY })).taxBps).toBe(200);
    const history = await waitFor(
      async () => {
        const reply = await call('GET', `${G}/history?parameter=ledger.taxBps`);
        return reply.body.items.length > 0 ? reply.body : undefined;
      },
      { timeoutMs: 10_000, description: 'the history of the tax' },
    );
    expect(history.items[0]).toMatchObject({
      oldValue: 0,
      newValue: 200,
      source: 'proposal',
      proposalId: taxProposal,
    });
    expectError(await call('GET', `${G}/history?parameter=ledger.tax`), 400, 'VALIDATION_FAILED', {
      field: 'parameter',
    });
    expectError(await call('GET', `${G}/history?limit=0`), 400, 'VALIDATION_FAILED', { field: 'limit' });
  });

  it('pools pledges for a prize: held until the target, then paid at once; refusals hold nothing', async () => {
    await h.mint(m.bob!.accountId, 300);
    await h.mint(m.cy!.accountId, 300);
    const available = async (member: Member) =>
      (await h.client.request(LedgerCommands.balanceGet, { accountId: member.accountId })).available;
    const annBefore = await h.balanceOf(m.ann!.accountId);
    const inAnHour = new Date(Date.now() + 3_600_000).toISOString();
    const terms = {
      openerId: m.bob!.userId,
      title: 'A trophy for Ann',
      purpose: 'prize',
      recipientId: m.ann!.userId,
      targetAmount: 400,
      deadline: inAnHour,
    };
    const headers = idem();
    const opened = await call('POST', `${G}/pools`, { body: terms, headers, key: governanceOnly });
    expect(opened.status).toBe(201);
    expect(opened.body).toMatchObject({ status: 'open', recipientId: m.ann!.userId, pledgedAmount: 0 });
    const poolId = opened.body.id as number;
    const again = await call('POST', `${G}/pools`, { body: terms, headers, key: governanceOnly });
    expect({ status: again.status, id: again.body.id }).toEqual({ status: 201, id: poolId });
    const lastWeek = new Date(Date.now() - 7 * 86_400_000).toISOString();
    const inEightDays = new Date(Date.now() + 8 * 86_400_000).toISOString();
    for (const [body, headers, status, code, field] of [
      [terms, {}, 400, 'VALIDATION_FAILED', 'Idempotency-Key'],
      [{ ...terms, recipientId: undefined }, idem(), 400, 'VALIDATION_FAILED', 'recipientId'],
      [{ ...terms, purpose: 'treasury' }, idem(), 400, 'VALIDATION_FAILED', 'recipientId'],
      [{ ...terms, targetAmount: 0 }, idem(), 400, 'VALIDATION_FAILED', 'targetAmount'],
      [{ ...terms, deadline: lastWeek }, idem(), 400, 'VALIDATION_FAILED', 'deadline'],
      [{ ...terms, deadline: inEightDays }, idem(), 400, 'VALIDATION_FAILED', 'deadline'],
      [{ ...terms, recipientId: STRANGER }, idem(), 404, 'NOT_FOUND', 'recipientId'],
    ] as const) {
      expectError(await call('POST', `${G}/pools`, { body, headers }), status, code, { field });
    }
    const pools = await call('GET', `${G}/pools`);
    expect(pools.body.items.map((pool: { id: number }) => pool.id)).toEqual([poolId]);

    const pledges = `${G}/pools/${poolId}/pledges`;
    for (const [path, body, status, code, details] of [
      [pledges, { memberId: m.cy!.userId, amount: 1_000 }, 422, 'INSUFFICIENT_FUNDS', {}],
      [pledges, { memberId: m.cy!.userId, amount: -5 }, 400, 'VALIDATION_FAILED', { field: 'amount' }],
      [pledges, { memberId: STRANGER, amount: 50 }, 404, 'NOT_FOUND', { field: 'memberId' }],
      [
        `${G}/pools/999/pledges`,
        { memberId: m.cy!.userId, amount: 50 },
        404,
        'NOT_FOUND',
        { field: 'poolId' },
      ],
    ] as const) {
      expectError(await call('POST', path, { body, headers: idem() }), status, code, details);
    }
    expect(await available(m.cy!)).toBe(300);
    expect((await call('GET', `${G}/pools/${poolId}`)).body).toMatchObject({
      pool: { pledgedAmount: 0, pledgeCount: 0 },
      pledges: [],
    });

    const first = await call('POST', pledges, {
      body: { memberId: m.bob!.userId, amount: 250 },
      headers: idem(),
    });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      pledge: { status: 'held' },
      pool: { status: 'open', pledgedAmount: 250 },
    });
    expect(await available(m.bob!)).toBe(50);
    const last = await call('POST', pledges, {
      body: { memberId: m.cy!.userId, amount: 150 },
      headers: idem(),
    });
    expect(last.status).toBe(201);
    await waitFor(
      async () =>
        (await call('GET', `${G}/pools/${poolId}`)).body.pool.status === 'settled' ? true : undefined,
      { timeoutMs: 10_000, description: 'the pool to settle' },
    );
    expect(await h.balanceOf(m.ann!.accountId)).toBe(annBefore + 400);
    expect([await h.balanceOf(m.bob!.accountId), await h.balanceOf(m.cy!.accountId)]).toEqual([50, 150]);
    expectError(
      await call('POST', pledges, { body: { memberId: m.cy!.userId, amount: 10 }, headers: idem() }),
      409,
      'CONFLICT',
      { reason: 'not_open' },
    );
    const settled = await call('GET', `${G}/pools?status=settled`);
    expect(settled.body.items.map((pool: { id: number }) => pool.id)).toEqual([poolId]);
    expectError(
      await call('POST', `${G}/pools/${poolId}/cancel`, { body: { openerId: m.bob!.userId } }),
      409,
      'CONFLICT',
      { reason: 'not_open' },
    );
  });

  it('cancels a pool for its opener only, releasing every hold', async () => {
    const opened = await call('POST', `${G}/pools`, {
      body: {
        openerId: m.cy!.userId,
        title: 'A bench by the pond',
        purpose: 'treasury',
        targetAmount: 1_000,
        deadline: new Date(Date.now() + 3_600_000).toISOString(),
      },
      headers: idem(),
    });
    expect(opened.status).toBe(201);
    const poolId = opened.body.id as number;
    const pledge = await call('POST', `${G}/pools/${poolId}/pledges`, {
      body: { memberId: m.bob!.userId, amount: 40 },
      headers: idem(),
    });
    expect(pledge.status).toBe(201);
    const bobAvailable = async () =>
      (await h.client.request(LedgerCommands.balanceGet, { accountId: m.bob!.accountId })).available;
    expect(await bobAvailable()).toBe(10);
    const cancel = `${G}/pools/${poolId}/cancel`;
    expectError(await call('POST', cancel, { body: { openerId: m.bob!.userId } }), 403, 'FORBIDDEN', {
      reason: 'not_opener',
      field: 'openerId',
      in: 'body',
    });
    expectError(await call('POST', cancel, { body: { openerId: STRANGER } }), 404, 'NOT_FOUND', {
      field: 'openerId',
    });
    expect((await call('GET', `${G}/pools/${poolId}`)).body.pool.status).toBe('open');
    const cancelled = await call('POST', cancel, { body: { openerId: m.cy!.userId }, key: governanceOnly });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ releaseReason: 'cancelled', cancelledBy: m.cy!.userId });
    await waitFor(
      async () =>
        (await call('GET', `${G}/pools/${poolId}`)).body.pool.status === 'released' ? true : undefined,
      { timeoutMs: 10_000, description: 'the cancelled pool released' },
    );
    expect(await bobAvailable()).toBe(50);
    expect((await call('POST', cancel, { body: { openerId: m.cy!.userId } })).body.status).toBe('released');
  });
});
