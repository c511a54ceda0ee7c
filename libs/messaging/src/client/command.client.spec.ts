import { LedgerCommands } from '@ticketonomics/contracts';
import { startNatsServer, type NatsServerHarness } from '@ticketonomics/testing';
import type { NatsConnection } from '@nats-io/transport-node';
import { encodeJson } from '../codec';
import { CommandClient } from './command.client';

describe('CommandClient', () => {
  let nats: NatsServerHarness;
  let nc: NatsConnection;

  beforeAll(async () => {
    nats = await startNatsServer({ jetstream: false });
    nc = await nats.connect();
  });

  afterAll(async () => {
    await nc.close();
    await nats.dispose();
  });

  it('returns the data of an ok reply and throws the code of an error reply', async () => {
    const sub = nc.subscribe(LedgerCommands.balanceGet.subject, {
      callback: (_err, msg) => {
        const { accountId } = JSON.parse(new TextDecoder().decode(msg.data));
        msg.respond(
          encodeJson(
            accountId === 'user:c:a'
              ? {
                  ok: true,
                  data: { accountId, balance: 1, pendingDebits: 0, pendingCredits: 0, available: 1 },
                }
              : {
                  ok: false,
                  error: { code: 'NOT_FOUND', message: 'no account', details: { field: 'accountId' } },
                },
          ),
        );
      },
    });
    const client = new CommandClient(nc);
    await expect(client.request(LedgerCommands.balanceGet, { accountId: 'user:c:a' })).resolves.toMatchObject(
      { balance: 1 },
    );
    await expect(client.request(LedgerCommands.balanceGet, { accountId: 'user:c:b' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      details: { field: 'accountId' },
    });
    sub.unsubscribe();
  });

  it('turns "nobody answers" and "no answer in time" into UNAVAILABLE', async () => {
    const client = new CommandClient(nc, { timeoutMs: 200 });
    await expect(client.request(LedgerCommands.supplyGet, { communityId: 'c' })).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      message: expect.stringContaining('no service answers'),
    });
    const sub = nc.subscribe(LedgerCommands.supplyGet.subject, { callback: () => undefined });
    await expect(client.request(LedgerCommands.supplyGet, { communityId: 'c' })).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      details: { timeoutMs: 200 },
    });
    sub.unsubscribe();
  });
});
