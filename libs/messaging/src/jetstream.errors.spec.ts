import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { startNatsServer, type NatsServerHarness } from '@ticketonomics/testing';
import { isJetStreamError, jetStreamErrorCode, JS_ERROR_CODES } from './jetstream.errors';

/** The codes are the server's: each one is provoked here on a real nats-server. */
describe('JetStream error codes', () => {
  let nats: NatsServerHarness;
  let nc: NatsConnection;

  beforeAll(async () => {
    nats = await startNatsServer();
    nc = await nats.connect();
    const jsm = await jetstreamManager(nc);
    await jsm.streams.add({ name: 'CODES', subjects: ['codes.>'] });
  });

  afterAll(async () => {
    await nc?.close();
    await nats?.dispose();
  });

  const failure = (work: Promise<unknown>): Promise<unknown> =>
    work.then(
      () => {
        throw new Error('expected the JetStream API to refuse this');
      },
      (error: unknown) => error,
    );

  it('recognises a missing stream and a missing consumer', async () => {
    const jsm = await jetstreamManager(nc);
    const noStream = await failure(jsm.streams.info('MISSING'));
    expect(jetStreamErrorCode(noStream)).toBe(JS_ERROR_CODES.streamNotFound);
    const noConsumer = await failure(jsm.consumers.info('CODES', 'missing'));
    expect(isJetStreamError(noConsumer, JS_ERROR_CODES.consumerNotFound)).toBe(true);
    expect(isJetStreamError(noConsumer, JS_ERROR_CODES.streamNotFound)).toBe(false);
  });

  it('recognises a stream name taken with another configuration', async () => {
    const jsm = await jetstreamManager(nc);
    const taken = await failure(jsm.streams.add({ name: 'CODES', subjects: ['other.>'] }));
    expect(jetStreamErrorCode(taken)).toBe(JS_ERROR_CODES.streamNameInUse);
  });

  it('recognises a publish that expected another last sequence', async () => {
    const js = jetstream(nc);
    await js.publish('codes.a', 'first');
    const raced = await failure(js.publish('codes.a', 'second', { expect: { lastSubjectSequence: 0 } }));
    expect(isJetStreamError(raced, JS_ERROR_CODES.streamWrongLastSequence)).toBe(true);
  });

  it('says nothing of errors that are not from the JetStream API', () => {
    expect(jetStreamErrorCode(new Error('stream not found'))).toBeUndefined();
    expect(isJetStreamError('10059', JS_ERROR_CODES.streamNotFound)).toBe(false);
  });
});
