/**
 * Who may see a community's public dashboard, and what it shows: private until an admin makes it
 * public (a private one answers exactly as an unknown one), nothing of other communities or of the
 * whole platform, and per-address limits that count an IPv6 /64 as one address. Ledger and accounts run
 * as built processes; the gateway in-process, behind one trusted proxy so tests choose client addresses.
 */
import { AccountsCommands, LedgerCommands } from '@ticketonomics/contracts';
import { waitFor } from '@ticketonomics/testing';
import { startApiHarness, type ApiHarness, type Member } from './support/api.harness';
import { openFeed, type FeedReply } from './support/sse.client';

const OPEN = 'open-town';
const CLOSED = 'closed-town';
const OTHER = 'other-town';
const UNKNOWN = 'nowhere-town';

let h: ApiHarness;
let open: Record<string, Member>;
let other: Record<string, Member>;
let payments = 0;

/** Each test its own client addresses, so the per-address limits of one do not touch another. */
const from = (address: string) => ({ 'X-Forwarded-For': address });

const makePublic = (communityId: string, isPublic: boolean) =>
  h.client.request(AccountsCommands.settingsSet, { communityId, dashboard: { public: isPublic } });

async function pay(a: Member, b: Member, amount: number): Promise<void> {
  await h.client.request(LedgerCommands.transferCreate, {
    id: `dash-access-pay-${(payments += 1)}`,
    debitAccountId: a.accountId,
    creditAccountId: b.accountId,
    amount,
    code: 'payment',
  });
}

beforeAll(async () => {
  h = await startApiHarness({ env: { TRUST_PROXY_HOPS: '1' } });
  open = await h.community(OPEN, ['Ann', 'Ben']);
  await h.community(CLOSED, ['Cid']);
  other = await h.community(OTHER, ['Olga', 'Omar']);
  await h.mint(open.Ann!.accountId, 100);
  await h.mint(other.Olga!.accountId, 5_000);
  await makePublic(OPEN, true);
  await makePublic(OTHER, true);
}, 90_000);

afterAll(async () => {
  await h?.close();
});

const READS = ['overview', 'leaderboard', 'volume', 'transactions', 'economy', 'governance', 'verify'];

describe('a dashboard is private until an admin makes it public', () => {
  it("answers a private community's page, JSON and feed exactly as an unknown community's: 404, saying why", async () => {
    const headers = from('203.0.113.10');
    const answers = async (communityId: string) => {
      const page = await h.request('GET', `/dashboard/${communityId}`, { headers });
      const reads = [];
      for (const read of READS) {
        reads.push(await h.request('GET', `/public/communities/${communityId}/${read}`, { headers }));
      }
      const feed = await openFeed(h.baseUrl, `/public/communities/${communityId}/events`, headers);
      const shown = (body: unknown) => JSON.stringify(body).replaceAll(communityId, '<id>');
      return {
        statuses: [page.status, ...reads.map((reply) => reply.status), feed.status],
        bodies: [page.body, ...reads.map((reply) => reply.body), feed.body].map(shown),
      };
    };
    const closed = await answers(CLOSED);
    expect(closed.statuses).toEqual(Array(READS.length + 2).fill(404));
    expect(closed).toEqual(await answers(UNKNOWN));
    expect(closed.bodies[1]).toContain('NOT_FOUND');
    expect(closed.bodies[1]).toContain('have not made its dashboard public');
    expect(closed.bodies[0]).toContain('/settings dashboard on');
    // The public community next to it is served.
    expect((await h.request('GET', `/dashboard/${OPEN}`, { headers })).status).toBe(200);
    expect((await h.request('GET', `/public/communities/${OPEN}/overview`, { headers })).status).toBe(200);
  });

  it('lets an admin key turn it on and off over the HTTP API; turning it off ends the open feeds', async () => {
    const admin = (await h.createKey(CLOSED, ['admin'])).key;
    const reader = (await h.createKey(CLOSED, ['read'])).key;
    const headers = from('203.0.113.11');
    const path = `/v1/communities/${CLOSED}/dashboard`;
    expect((await h.request('GET', path, { key: admin })).body).toMatchObject({
      communityId: CLOSED,
      public: false,
      path: `/dashboard/${CLOSED}`,
    });
    expect((await h.request('POST', path, { key: reader, body: { public: true } })).status).toBe(403);
    const refused = await h.request('POST', path, { key: admin, body: { public: 'yes' } });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({ code: 'VALIDATION_FAILED' });

    const opened = await h.request('POST', path, { key: admin, body: { public: true } });
    expect(opened.status).toBe(200);
    expect(opened.body).toMatchObject({ communityId: CLOSED, public: true });
    // The settings.updated event reaches the gateway at once; no cache has to run out first.
    await waitFor(
      async () =>
        (await h.request('GET', `/public/communities/${CLOSED}/overview`, { headers })).status === 200,
      { timeoutMs: 3_000, description: 'the dashboard served once public' },
    );
    expect((await h.request('GET', `/dashboard/${CLOSED}`, { headers })).status).toBe(200);
    const feed = await openFeed(h.baseUrl, `/public/communities/${CLOSED}/events`, headers);
    try {
      expect(feed.status).toBe(200);
      await waitFor(() => feed.text().includes('event: hello'), { timeoutMs: 3_000 });

      const closed = await h.request('POST', path, { key: admin, body: { public: false } });
      expect(closed.body).toMatchObject({ public: false });
      await feed.ended;
      expect(feed.text()).toContain('event: closed');
      await waitFor(
        async () =>
          (await h.request('GET', `/public/communities/${CLOSED}/overview`, { headers })).status === 404,
        { timeoutMs: 3_000, description: 'the dashboard refused once private again' },
      );
    } finally {
      feed.close();
    }
  });
});

describe("a community's page shows nothing of other communities or of the platform", () => {
  it("verify and overview count the community's own journal rows only", async () => {
    const headers = from('203.0.113.12');
    await pay(other.Olga!, other.Omar!, 7);
    await pay(other.Omar!, other.Olga!, 3);
    await pay(open.Ann!, open.Ben!, 10);
    const ownRows = (await h.client.request(LedgerCommands.supplyGet, { communityId: OPEN })).transfers;
    const verify = await h.request('GET', `/public/communities/${OPEN}/verify`, { headers });
    expect(verify.status).toBe(200);
    expect(Object.keys(verify.body).sort()).toEqual(
      [
        'balanceMismatches',
        'chainIntact',
        'checkedAt',
        'communitySum',
        'entries',
        'matchesReplicatedJournal',
        'ok',
        'provenance',
      ].sort(),
    );
    expect(verify.body).toMatchObject({
      ok: true,
      chainIntact: true,
      matchesReplicatedJournal: true,
      entries: ownRows,
      balanceMismatches: 0,
      communitySum: 0,
    });
    // Reads are reused for a second per community: wait for one made after the payments.
    const overview = await waitFor(
      async () => {
        const reply = await h.request('GET', `/public/communities/${OPEN}/overview`, { headers });
        return reply.body.journalRows === ownRows ? reply : undefined;
      },
      { timeoutMs: 3_000, description: "the overview counting this community's rows" },
    );
    expect(overview.body).toMatchObject({ communityId: OPEN, journalRows: ownRows, supply: 100 });
  });

  it("sends a community's feed its own transfers only", async () => {
    const feed = await openFeed(h.baseUrl, `/public/communities/${OPEN}/events`, from('203.0.113.13'));
    try {
      await waitFor(() => feed.text().includes('event: hello'), { timeoutMs: 3_000 });
      await pay(other.Olga!, other.Omar!, 11);
      await pay(open.Ben!, open.Ann!, 1);
      await waitFor(() => feed.text().includes('event: transfer'), { timeoutMs: 5_000 });
      expect(feed.text()).not.toContain(OTHER);
      expect(feed.text()).not.toContain('Olga');
    } finally {
      feed.close();
    }
  });
});

describe('per-address limits count an IPv6 /64 as one address', () => {
  it('shares the verify budget (10 a minute) across a /64, not across neighbouring /64s', async () => {
    const verify = (address: string) =>
      h.request('GET', `/public/communities/${OPEN}/verify`, { headers: from(address) });
    for (let n = 1; n <= 10; n += 1)
      expect((await verify(`2001:db8:7:7::${n.toString(16)}`)).status).toBe(200);
    const limited = await verify('2001:db8:7:7:ffff:ffff:ffff:ffff');
    expect(limited.status).toBe(429);
    expect(limited.body.error).toMatchObject({ code: 'RATE_LIMITED' });
    expect((await verify('2001:db8:7:8::1')).status).toBe(200);
  });

  it('counts an IPv4-mapped IPv6 address as the IPv4 address, and IPv4 addresses one by one', async () => {
    const verify = (address: string) =>
      h.request('GET', `/public/communities/${OPEN}/verify`, { headers: from(address) });
    for (let n = 0; n < 5; n += 1) expect((await verify('::ffff:198.51.100.20')).status).toBe(200);
    for (let n = 0; n < 5; n += 1) expect((await verify('198.51.100.20')).status).toBe(200);
    expect((await verify('198.51.100.20')).status).toBe(429);
    expect((await verify('198.51.100.21')).status).toBe(200);
  });

  it('allows 8 open feeds per /64, whichever of its addresses they come from', async () => {
    const feeds: FeedReply[] = [];
    try {
      for (let n = 1; n <= 8; n += 1) {
        feeds.push(
          await openFeed(h.baseUrl, `/public/communities/${OPEN}/events`, from(`2001:db8:9:9::${n}`)),
        );
      }
      expect(feeds.map((feed) => feed.status)).toEqual(Array(8).fill(200));
      const ninth = await openFeed(h.baseUrl, `/public/communities/${OPEN}/events`, from('2001:db8:9:9::99'));
      feeds.push(ninth);
      expect(ninth.status).toBe(429);
      expect(ninth.body.error.message).toContain('from your address');
      const elsewhere = await openFeed(
        h.baseUrl,
        `/public/communities/${OPEN}/events`,
        from('2001:db8:9:a::1'),
      );
      feeds.push(elsewhere);
      expect(elsewhere.status).toBe(200);
    } finally {
      for (const feed of feeds) feed.close();
    }
  });
});
