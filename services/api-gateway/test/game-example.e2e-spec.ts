/**
 * The game-server example (examples/game-server) run as its README says, as a process against the real
 * gateway and services: a player linked with a code from the bot, an achievement paid once however often
 * it is earned, the shop's item bought, and the live balance it prints the ledger's.
 */
import { AccountsCommands } from '@ticketonomics/contracts';
import { waitFor } from '@ticketonomics/testing';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { startApiHarness, type ApiHarness, type Member } from './support/api.harness';

const COMMUNITY = 'craft-town';
const EXAMPLE = join(__dirname, '../../../examples/game-server/main.mjs');

describe('examples/game-server against the gateway', () => {
  let harness: ApiHarness;
  let members: Record<string, Member>;
  let game: ChildProcessWithoutNullStreams;
  let output = '';

  let key: string;
  /** The first run's link code and shop line, which a restarted server meets again. */
  let code: string;
  let shopLine: string;

  /** Starts the example as its README does; what it prints goes to `output`. */
  function startGame(): void {
    output = '';
    game = spawn(
      process.execPath,
      [EXAMPLE, '--url', harness.baseUrl, '--community', COMMUNITY, '--key', key, '--item-price', '30'],
      { stdio: ['pipe', 'pipe', 'pipe'] },
    );
    game.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    game.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  }

  async function quitGame(): Promise<void> {
    game.stdin.end();
    await waitFor(() => game.exitCode !== null, { timeoutMs: 5_000, description: 'the game to exit' });
    expect(game.exitCode).toBe(0);
  }

  beforeAll(async () => {
    harness = await startApiHarness({ extra: ['artifacts'] });
    members = await harness.community(COMMUNITY, ['steve']);
    key = (await harness.createKey(COMMUNITY, ['read', 'transfer', 'reward', 'admin'])).key;
    startGame();
  });

  afterAll(async () => {
    if (game !== undefined && game.exitCode === null) game.kill();
    await harness?.close();
  });

  /** Waits for the game to print what it should, and shows what it printed when it does not. */
  async function printed(expected: RegExp | (() => boolean), what: string): Promise<void> {
    const done = () => (expected instanceof RegExp ? expected.test(output) : expected());
    await waitFor(done, { timeoutMs: 10_000, description: what }).catch((error: Error) => {
      throw new Error(`${error.message}; the game printed:\n${output}`);
    });
  }
  /** Types a chat line into the game and waits for what it should print. */
  async function type(line: string, expected: RegExp): Promise<void> {
    game.stdin.write(`${line}\n`);
    await printed(expected, String(expected));
  }
  const lastLive = () => Number([...output.matchAll(/\[live\] Steve: (\d+) tickets/g)].at(-1)?.[1]);

  it('links, rewards once, sells the item and shows the live balance of the ledger', async () => {
    const steve = members['steve']!;
    // What the bot does on /link minecraft: accounts makes a one-time code for the member.
    ({ code } = await harness.client.request(AccountsCommands.linkCodeCreate, {
      userId: steve.userId,
      provider: 'minecraft',
    }));
    await printed(/\[game\] the shop sells .*\n/, 'the shop item');
    shopLine = output.match(/\[game\] the shop sells .*\n/)![0];
    await type(`Steve link ${code}`, new RegExp(`Steve linked to member ${steve.userId}`));
    await type('Steve achievement first-diamond', /Steve earned first-diamond: \+50 tickets/);
    await printed(() => lastLive() === 50, 'the live balance 50');
    await type('Steve achievement first-diamond', /Steve already earned first-diamond: not paid again/);
    expect(await harness.balanceOf(steve.accountId)).toBe(50);

    await type('Steve buy', /Steve bought \S+ Diamond Sword #1 for 30/);
    await printed(() => lastLive() === 20, 'the live balance 20');
    expect(await harness.balanceOf(steve.accountId)).toBe(20);
    const inventory = await harness.request(
      'GET',
      `/v1/communities/${COMMUNITY}/members/${steve.userId}/inventory`,
      { key },
    );
    expect(inventory.body.items.map((entry: { type: { name: string } }) => entry.type.name)).toEqual([
      'Diamond Sword',
    ]);

    // The game answers a player's /balance from its cache, without a request.
    await type('Steve achievement second-diamond', /Steve earned second-diamond/);
    await printed(() => lastLive() === 70, 'the live balance 70');
    await type('Steve balance', /Steve has 70 tickets/);
    expect(output).not.toMatch(/\[error\]/);
    await quitGame();
    expect(lastLive()).toBe(await harness.balanceOf(steve.accountId));
  });

  it('started again, finds its shop item and pays an achievement already earned nothing more', async () => {
    const steve = members['steve']!;
    startGame();
    // The same code for the same player answers the same member.
    await type(`Steve link ${code}`, new RegExp(`Steve linked to member ${steve.userId}`));
    await printed(/\[live\] Steve: 70 tickets/, 'the balance read at link');
    expect(output).toContain(shopLine);
    await type('Steve achievement first-diamond', /Steve already earned first-diamond: not paid again/);
    await quitGame();
    expect(await harness.balanceOf(steve.accountId)).toBe(70);
    expect(output).not.toMatch(/\[error\]/);
  });
});
