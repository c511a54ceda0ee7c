import { botIdOf, loadWalletAssets, WALLET_ASSET_TYPES, walletPageHtml } from './wallet-page.assets';

describe("the wallet page's files", () => {
  it('are all there, and the page loads only files that are served', () => {
    const assets = loadWalletAssets();
    expect([...assets.keys()].sort()).toEqual(Object.keys(WALLET_ASSET_TYPES).sort());
    const html = assets.get('wallet.html')?.body.toString('utf8') ?? '';
    const loaded = [...html.matchAll(/(?:src|href)="\/app\/assets\/([^"]+)"/g)].map((match) => match[1]);
    expect(loaded.length).toBeGreaterThanOrEqual(4);
    for (const file of loaded) expect(WALLET_ASSET_TYPES).toHaveProperty([file as string]);
    expect(html).not.toMatch(/<script>|style="|https?:\/\//);
  });

  it("gets the bot's id, never its secret, and only digits", () => {
    expect(botIdOf('123456:AAH-secret_part')).toBe('123456');
    expect(botIdOf(undefined)).toBe('');
    const page = walletPageHtml(Buffer.from('<body data-bot-id="{{botId}}">'), '123456');
    expect(page.toString()).toBe('<body data-bot-id="123456">');
    expect(() => walletPageHtml(Buffer.from('{{botId}}'), '"><script>')).toThrow(/digits only/);
  });
});
