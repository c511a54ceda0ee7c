/**
 * The HTTP edge attacked as an outsider would, against the system as `npm start` runs it: two communities
 * (north and south) whose game servers hold admin keys made with `npm run apikey`. North's key tries to
 * reach south's members and players, to link identities without their owner's proof, to grant to
 * strangers, and to read a private dashboard. Every attempt is refused with a typed error, no key crosses the
 * bus, nothing changes in south, and every service stays up.
 */
import { AccountsCommands, type Reply } from '@ticketonomics/contracts';
import { waitFor } from '@ticketonomics/testing';
import type { NatsConnection } from '@nats-io/transport-node';
import { startSystem, SYSTEM_SERVICES, type RunningSystem } from './support/system.harness';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

interface HttpReply {
  status: number;
  body: any;
}

describe('the HTTP edge against outsiders (as npm start runs it)', () => {
  let system: RunningSystem;
  let operator: NatsConnection;
  let base: string;
  const keys: Record<'north' | 'south', string> = { north: '', south: '' };
  const bus: string[] = [];
  let southPlayer: { id: string };

  let sequence = 0;
  const http = async (method: string, path: string, key?: string, body?: unknown): Promise<HttpReply> => {
    const headers: Record<string, string> = { 'Idempotency-Key': `security-${(sequence += 1)}` };
    if (key !== undefined) headers['Authorization'] = `Bearer ${key}`;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const response = await fetch(`${base}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // an HTML page
    }
    return { status: response.status, body: parsed };
  };

  const southMembers = async () => (await http('GET', '/v1/communities/south/members', keys.south)).body;

  beforeAll(async () => {
    system = await startSystem();
    base = `http://127.0.0.1:${system.httpPorts['api-gateway']}`;
    operator = await system.connect();
    // Everything on the bus from here on, to show no key ever crosses it.
    operator.subscribe('>', {
      callback: (_error, message) => {
        bus.push(`${message.subject} ${decoder.decode(message.data)}`);
      },
    });
    for (const community of ['north', 'south'] as const) {
      const reply = await operator.request(
        AccountsCommands.communityUpsert.subject,
        encoder.encode(JSON.stringify({ id: community, title: community })),
        { timeout: 5_000 },
      );
      expect((JSON.parse(decoder.decode(reply.data)) as Reply<unknown>).ok).toBe(true);
      const created = await system.runScript('apikey', [
        'create',
        '--community',
        community,
        '--name',
        'game-server',
        '--scopes',
        'read,transfer,reward,admin',
      ]);
      expect({ code: created.code, stderr: created.stderr }).toEqual({ code: 0, stderr: '' });
      keys[community] = /^(tk_\S+)$/m.exec(created.stdout)?.[1] ?? '';
      expect(keys[community]).not.toBe('');
    }
    // The keys crossed the bus once, in apikey.create's replies to the operator's own inbox; from here on
    // every use of them is watched.
    bus.length = 0;
    const registered = await http('POST', '/v1/communities/south/members', keys.south, {
      identity: { provider: 'minecraft', externalId: '069a79f4-44e9-4726-a5be-fca90e38aaf5' },
      displayName: 'Notch',
    });
    expect(registered.status).toBe(201);
    southPlayer = registered.body.user;
  }, 180_000);

  afterAll(async () => {
    await operator?.close().catch(() => undefined);
    await system?.stop();
  });

  it('refuses requests without a key, with a wrong key, and with a key of another community', async () => {
    expect(await http('GET', '/v1/communities/south/members')).toMatchObject({
      status: 401,
      body: { error: { code: 'UNAUTHENTICATED' } },
    });
    expect(
      await http('GET', '/v1/communities/south/members', `${keys.south.slice(0, -4)}AAAA`),
    ).toMatchObject({ status: 401 });
    expect(await http('GET', '/v1/communities/south/members', keys.north)).toMatchObject({
      status: 403,
      body: { error: { code: 'FORBIDDEN' } },
    });
  });

  it("never finds or shows south's player through north: lookups, registration and member reads", async () => {
    const uuid = '069a79f4-44e9-4726-a5be-fca90e38aaf5';
    expect(
      await http('GET', `/v1/communities/north/members/by-identity/minecraft/${uuid}`, keys.north),
    ).toMatchObject({ status: 404 });
    expect(await http('GET', `/v1/communities/north/members/${southPlayer.id}`, keys.north)).toMatchObject({
      status: 404,
    });
    const claimed = await http('POST', '/v1/communities/north/members', keys.north, {
      identity: { provider: 'minecraft', externalId: uuid },
      displayName: 'Mallory',
    });
    expect(claimed.status).toBe(201);
    expect(claimed.body.user.id).not.toBe(southPlayer.id);
    expect(JSON.stringify(claimed.body)).not.toContain('Notch');
    const south = await http(
      'GET',
      `/v1/communities/south/members/by-identity/minecraft/${uuid}`,
      keys.south,
    );
    expect(south.body.user).toMatchObject({ id: southPlayer.id, displayName: 'Notch' });
  });

  it("links no identity without its owner's one-time code", async () => {
    const redeem = await http('POST', '/v1/communities/north/members/identities/redeem', keys.north, {
      provider: 'minecraft',
      externalId: 'victim-uuid',
      code: 'AAAA-AAAA',
    });
    expect(redeem).toMatchObject({ status: 422, body: { error: { code: 'LINK_CODE_INVALID' } } });
    const direct = await http(
      'POST',
      `/v1/communities/north/members/${southPlayer.id}/identities`,
      keys.north,
      {
        provider: 'minecraft',
        externalId: 'victim-uuid',
      },
    );
    expect(direct.status).toBe(404);
  });

  it("grants no artifact to someone who is not the key's community's member", async () => {
    const steve = await http('POST', '/v1/communities/north/members', keys.north, {
      identity: { provider: 'minecraft', externalId: 'steve-uuid' },
      displayName: 'Steve',
    });
    const type = await http('POST', '/v1/communities/north/artifacts/types', keys.north, {
      creatorId: steve.body.user.id,
      name: 'Golden Pickaxe',
      emoji: '⛏',
      royaltyBps: 0,
    });
    expect(type.status).toBe(201);
    const grant = await http(
      'POST',
      `/v1/communities/north/artifacts/types/${type.body.id}/grant`,
      keys.north,
      {
        memberId: southPlayer.id,
      },
    );
    expect(grant).toMatchObject({ status: 404, body: { error: { code: 'NOT_FOUND' } } });
  });

  it('keeps a dashboard private until its admin makes it public, answering as for an unknown community', async () => {
    const privatePage = await http('GET', '/public/communities/south/overview');
    const unknown = await http('GET', '/public/communities/nowhere/overview');
    expect(privatePage.status).toBe(404);
    expect(unknown.status).toBe(404);
    expect(JSON.stringify(privatePage.body).replace(/south/g, 'X')).toBe(
      JSON.stringify(unknown.body).replace(/nowhere/g, 'X'),
    );
    expect(await http('POST', '/v1/communities/south/dashboard', keys.north, { public: true })).toMatchObject(
      { status: 403 },
    );
    expect(await http('POST', '/v1/communities/south/dashboard', keys.south, { public: true })).toMatchObject(
      { status: 200 },
    );
    await waitFor(async () => (await http('GET', '/public/communities/south/overview')).status === 200, {
      timeoutMs: 10_000,
      description: "south's dashboard to be public",
    });
  });

  it('put no API key on the bus, changed nothing in south, and every service is up', async () => {
    await operator.flush();
    const everything = bus.join('\n');
    expect(bus.some((line) => line.startsWith('tk.cmd.accounts.apikey.verify '))).toBe(true);
    for (const key of Object.values(keys)) {
      expect(everything).not.toContain(key);
      // tk_<26-character id>_<secret>: the secret may itself hold underscores.
      const secret = /^tk_[0-9A-Z]{26}_(.+)$/.exec(key)?.[1];
      expect(secret?.length).toBeGreaterThan(20);
      expect(everything).not.toContain(secret);
    }
    const members = await southMembers();
    expect(members.items.map((member: { userId: string }) => member.userId)).toEqual([southPlayer.id]);
    expect(Object.values(await system.readiness())).toEqual(SYSTEM_SERVICES.map(() => 200));
  });
});
