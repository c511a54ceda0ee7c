import { ANALYTICS_EXAMPLE_ORDER, AnalyticsCommands, parseOrThrow } from '@ticketonomics/contracts';
import { startAnalyticsHarness, type AnalyticsHarness } from './support/analytics.harness';

/**
 * The examples published in libs/contracts (and so in docs/asyncapi.yaml) work as written against a fresh
 * analytics replica, in ANALYTICS_EXAMPLE_ORDER, and each reply matches the command's response schema.
 */
describe('documented analytics examples against a fresh service', () => {
  let h: AnalyticsHarness;

  beforeAll(async () => {
    h = await startAnalyticsHarness();
  });

  afterAll(async () => {
    await h?.close();
  });

  it('every command example succeeds in order and its reply matches the response schema', async () => {
    for (const name of ANALYTICS_EXAMPLE_ORDER) {
      const command = AnalyticsCommands[name];
      const reply = await h.call(command.subject, command.example);
      expect({ name, reply }).toMatchObject({ name, reply: { ok: true } });
      if (reply.ok) expect(() => parseOrThrow(command.response, reply.data)).not.toThrow();
    }
  });

  it('refuses a bad payload naming the field', async () => {
    const reply = await h.call(AnalyticsCommands.seriesGet.subject, {
      communityId: 'demo',
      metric: 'x',
      bucket: 'day',
    });
    expect(reply).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION_FAILED', details: { field: 'metric' } },
    });
  });
});
