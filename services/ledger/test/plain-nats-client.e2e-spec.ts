import { AckPolicy, DeliverPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { natsAuthOptions } from '@ticketonomics/bus-auth';
import { startLedgerHarness, type LedgerHarness } from './support/ledger.harness';

/**
 * An internal tool with nothing but a NATS client (no NestJS, no code from this repository): it sends
 * plain JSON to a command subject and reads the resulting event from JetStream.
 */
describe('a plain NATS client', () => {
  let h: LedgerHarness;
  let tool: NatsConnection;

  beforeAll(async () => {
    h = await startLedgerHarness();
    tool = await connect({
      servers: h.nats.url,
      name: 'internal-tool',
      ...natsAuthOptions(h.nats.credentialsFile('operator')),
    });
  });

  afterAll(async () => {
    await tool?.close();
    await h?.close();
  });

  const request = async (subject: string, body: string) => {
    const msg = await tool.request(subject, body, { timeout: 5_000 });
    return JSON.parse(msg.string());
  };

  it('calls commands with plain JSON and reads the transfer event from the stream', async () => {
    const js = jetstream(tool);
    const jsm = await jetstreamManager(tool);
    await jsm.consumers.add('TICKETONOMICS', {
      durable_name: 'internal-tool',
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.New,
      filter_subject: 'tk.evt.ledger.transfer.posted',
    });

    const opened = await request(
      'tk.cmd.ledger.account.open',
      '{"communityId":"tool","kind":"user","ownerId":"player-7"}',
    );
    expect(opened).toEqual({
      ok: true,
      data: expect.objectContaining({ id: 'user:tool:player-7', balance: 0 }),
    });
    const minted = await request(
      'tk.cmd.ledger.supply.mint',
      '{"id":"tool-mint-1","accountId":"user:tool:player-7","amount":42,"memo":"quest reward"}',
    );
    expect(minted.ok).toBe(true);
    const bad = await request(
      'tk.cmd.ledger.supply.mint',
      '{"id":"tool-mint-2","accountId":"user:tool:player-7","amount":"lots"}',
    );
    expect(bad).toEqual({
      ok: false,
      error: {
        code: 'VALIDATION_FAILED',
        message: expect.stringContaining('amount'),
        details: expect.objectContaining({ field: 'amount' }),
      },
    });

    const consumer = await js.consumers.get('TICKETONOMICS', 'internal-tool');
    const message = await consumer.next({ expires: 5_000 });
    expect(message).not.toBeNull();
    const event = JSON.parse(message!.string());
    message!.ack();
    expect(message!.headers?.get('Nats-Msg-Id')).toBe(event.id);
    expect(event).toMatchObject({
      specversion: '1.0',
      type: 'tk.evt.ledger.transfer.posted',
      source: 'ticketonomics/ledger',
      subject: 'tool-mint-1',
      communityid: 'tool',
      datacontenttype: 'application/json',
      data: {
        transfer: {
          id: 'tool-mint-1',
          code: 'mint',
          amount: 42,
          memo: 'quest reward',
          creditBalanceAfter: 42,
        },
        credit: { id: 'user:tool:player-7', kind: 'user', ownerId: 'player-7', balance: 42 },
        debit: { id: 'issuance:tool', kind: 'issuance', balance: -42 },
      },
    });
    expect(Date.parse(event.time)).not.toBeNaN();
  });

  it('gets no answer shaped by NestJS: the reply is exactly the documented envelope', async () => {
    const reply = await request('tk.cmd.ledger.balance.get', '{"accountId":"user:tool:player-7"}');
    expect(Object.keys(reply).sort()).toEqual(['data', 'ok']);
    expect(reply.data).toEqual({
      accountId: 'user:tool:player-7',
      balance: 42,
      pendingDebits: 0,
      pendingCredits: 0,
      available: 42,
    });
  });
});
