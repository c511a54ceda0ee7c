import { request } from 'node:http';
import pino from 'pino';
import type { Update } from 'telegraf/types';
import { WebhookServer } from './webhook.server';

const SECRET = 'the-secret';
const PATH = '/hook?bot=1';

/** agent: false, so no pooled socket keeps the server from closing. */
function post(
  port: number,
  body: string,
  headers: Record<string, string> = {},
  path = PATH,
): Promise<number> {
  return new Promise((resolvePost, rejectPost) => {
    const call = request(
      { host: '127.0.0.1', port, path, method: 'POST', agent: false, headers },
      (response) => {
        response.resume();
        response.on('end', () => resolvePost(response.statusCode ?? 0));
      },
    );
    call.on('error', rejectPost);
    call.end(body);
  });
}

describe('WebhookServer', () => {
  let handled: Update[];
  let handle: (update: Update) => Promise<void>;
  let server: WebhookServer;
  let port: number;
  const withSecret = { 'x-telegram-bot-api-secret-token': SECRET };

  beforeEach(async () => {
    handled = [];
    handle = async (update) => {
      handled.push(update);
    };
    server = new WebhookServer({
      path: PATH,
      secretToken: SECRET,
      host: '127.0.0.1',
      port: 0,
      handleUpdate: (update) => handle(update),
      logger: pino({ level: 'silent' }),
    });
    port = await server.listen();
  });

  afterEach(async () => {
    await server.close();
  });

  it('handles an update that carries the secret, and nothing that does not', async () => {
    const update = JSON.stringify({ update_id: 7, message: { text: 'hi' } });
    expect(await post(port, update)).toBe(403);
    expect(await post(port, update, { 'x-telegram-bot-api-secret-token': 'the-secreT' })).toBe(403);
    expect(await post(port, update, withSecret, '/hook')).toBe(404);
    expect(await post(port, '{"message":{}}', withSecret)).toBe(400);
    expect(await post(port, 'not json', withSecret)).toBe(400);
    expect(
      await post(port, JSON.stringify({ update_id: 8, padding: 'x'.repeat(2 * 1024 * 1024) }), withSecret),
    ).toBe(413);
    expect(handled).toEqual([]);
    expect(await post(port, update, withSecret)).toBe(200);
    expect(handled).toEqual([{ update_id: 7, message: { text: 'hi' } }]);
  });

  it('answers 500 when handling fails, so Telegram delivers the update again', async () => {
    handle = () => Promise.reject(new Error('backend down'));
    expect(await post(port, '{"update_id":1}', withSecret)).toBe(500);
  });

  it('on close, finishes the update being handled, then stops listening', async () => {
    let finish = (): void => undefined;
    handle = (update) =>
      new Promise((resolveHandle) => {
        handled.push(update);
        finish = resolveHandle;
      });
    const inFlight = post(port, '{"update_id":1}', withSecret);
    await new Promise((resolveTick) => setTimeout(resolveTick, 50));
    const closed = server.close();
    let closedYet = false;
    void closed.then(() => (closedYet = true));
    await new Promise((resolveTick) => setTimeout(resolveTick, 50));
    expect(closedYet).toBe(false);
    finish();
    expect(await inFlight).toBe(200);
    await closed;
    await expect(post(port, '{"update_id":2}', withSecret)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    expect(handled.map((update) => update.update_id)).toEqual([1]);
  });
});
