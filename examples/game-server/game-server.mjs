import { isTicketonomicsError } from './sdk.mjs';

/** A game server's side of the economy: players linked to members, rewards, the shop, live balances. */
export class GameServer {
  /**
   * @param {object} options
   * @param {import('@ticketonomics/sdk').TicketonomicsClient} options.client a client with a key of scopes read, transfer, reward, admin
   * @param {string} [options.provider] the game's identity provider (its players' ids are its own)
   * @param {{ name: string, emoji: string, price: number }} options.item the in-game item the shop sells
   * @param {(line: string) => void} [options.print]
   */
  constructor({ client, provider = 'minecraft', item, print = console.log }) {
    this.client = client;
    this.provider = provider;
    this.item = item;
    this.print = print;
    /** player name -> member id */
    this.players = new Map();
    /** member id -> balance, fed by the event stream (REST only to start or after a reset). */
    this.balances = new Map();
    /** member ids an event updated while a REST read of their balance was on its way. */
    this.touched = new Set();
    this.shopItemId = null;
    this.stream = null;
  }

  /** Follows the ledger's transfers: every snapshot of a player's account is their new balance. */
  follow() {
    this.stream = this.client.events({
      types: ['tk.evt.ledger.transfer.*'],
      onEvent: (event) => {
        for (const account of [event.data?.debit, event.data?.credit]) {
          if (account?.kind !== 'user' || ![...this.players.values()].includes(account.ownerId)) continue;
          this.touched.add(account.ownerId);
          this.setBalance(account.ownerId, account.balance);
        }
      },
      // The missed events are gone: what the ledger says now replaces the cache.
      onReset: () => {
        for (const memberId of this.balances.keys())
          this.reload(memberId).catch((error) =>
            this.print(`[stream] reload failed, kept the cache: ${error.message}`),
          );
      },
      onDisconnect: ({ code, retryInMs }) =>
        this.print(`[stream] dropped (${code}), resuming in ${retryInMs} ms`),
    });
    return this.stream;
  }

  close() {
    this.stream?.close();
  }

  /** The player typed `/link <code>` in the game: the code the member got from the bot's `/link`. */
  async link(player, code) {
    const member = await this.client.call('redeemLinkCode', {
      body: { provider: this.provider, externalId: player, code },
    });
    return this.joined(player, member.data, 'linked to');
  }

  /** A player who is not on Telegram: the game registers them as a member of its own. */
  async register(player) {
    const member = await this.client.call('registerMember', {
      body: { identity: { provider: this.provider, externalId: player }, displayName: player },
    });
    return this.joined(player, member.data, 'registered as');
  }

  /**
   * Pays an achievement once per player: the Idempotency-Key names the player and the achievement, so
   * earning it again (or a retry after a lost answer, or a restart) answers the first payment.
   */
  async achievement(player, achievement, amount) {
    const memberId = this.memberOf(player);
    const paid = await this.client.reward(
      { memberId, amount, memo: `achievement ${achievement}` },
      { idempotencyKey: `achievement:${this.provider}:${player}:${encodeURIComponent(achievement)}` },
    );
    this.print(
      paid.replayed
        ? `[game] ${player} already earned ${achievement}: not paid again`
        : `[game] ${player} earned ${achievement}: +${amount} tickets`,
    );
    return paid;
  }

  /** Buys the item for the player; orderId identifies this purchase, so a retry of it buys once. */
  async buy(player, orderId) {
    const memberId = this.memberOf(player);
    const shopItemId = await this.ensureShopItem();
    try {
      const bought = await this.client.call(
        'buyFromShop',
        { params: { shopItemId }, body: { buyerId: memberId, priceMax: this.item.price } },
        { idempotencyKey: `buy:${this.provider}:${player}:${orderId}` },
      );
      const numbers = bought.data.editions.map((edition) => `#${edition.serial}`).join(', ');
      this.print(
        `[game] ${player} bought ${this.item.emoji} ${this.item.name} ${numbers} for ${this.item.price}`,
      );
      return bought.data;
    } catch (error) {
      if (isTicketonomicsError(error, 'INSUFFICIENT_FUNDS', 'SOLD_OUT')) {
        this.print(`[game] ${player} cannot buy ${this.item.name}: ${error.message}`);
        return null;
      }
      throw error;
    }
  }

  /** The item's artifact type and its shop item, made when the community has none yet. */
  async ensureShopItem() {
    if (this.shopItemId !== null) return this.shopItemId;
    const type = (await this.findType()) ?? (await this.createType());
    const onSale = await this.findShopItem(type.id);
    const item =
      onSale ??
      (
        await this.client.call(
          'addShopItem',
          { body: { typeId: type.id, price: this.item.price, stock: null } },
          { idempotencyKey: `shop-item:${type.id}:${this.item.price}` },
        )
      ).data;
    this.shopItemId = item.id;
    return item.id;
  }

  async findType() {
    for (let cursor; ;) {
      const page = (await this.client.call('listArtifactTypes', { query: { cursor, limit: 100 } })).data;
      const found = page.items.find((type) => type.name === this.item.name);
      if (found !== undefined || page.nextCursor === null) return found ?? null;
      cursor = page.nextCursor;
    }
  }

  async createType() {
    // The server's own member is the type's creator (royalties of resales go to it), not a player.
    const server = await this.client.call('registerMember', {
      body: {
        identity: { provider: `${this.provider}-server`, externalId: 'shop' },
        displayName: 'Server shop',
      },
    });
    const created = await this.client.call(
      'createArtifactType',
      {
        body: {
          creatorId: server.data.user.id,
          name: this.item.name,
          emoji: this.item.emoji,
          description: `Sold by the ${this.provider} server`,
        },
      },
      { idempotencyKey: `item-type:${encodeURIComponent(this.item.name)}` },
    );
    return created.data;
  }

  async findShopItem(typeId) {
    for (let cursor; ;) {
      const page = (await this.client.call('browseShop', { query: { cursor, limit: 100 } })).data;
      const found = page.items.find(({ item }) => item.typeId === typeId && item.price === this.item.price);
      if (found !== undefined || page.nextCursor === null) return found?.item ?? null;
      cursor = page.nextCursor;
    }
  }

  balanceOf(player) {
    return this.balances.get(this.memberOf(player)) ?? null;
  }

  memberOf(player) {
    const memberId = this.players.get(player);
    if (memberId === undefined) throw new Error(`${player} is not linked: /link <code> first`);
    return memberId;
  }

  async joined(player, member, how) {
    this.players.set(player, member.user.id);
    this.print(`[game] ${player} ${how} member ${member.user.id} (${member.user.displayName})`);
    await this.reload(member.user.id);
    return member;
  }

  /** The balance over REST, kept only when no event updated it meanwhile (an event is never older). */
  async reload(memberId) {
    this.touched.delete(memberId);
    const { balance } = await this.client.getMemberBalance(memberId);
    if (!this.touched.has(memberId)) this.setBalance(memberId, balance);
  }

  /** Other members' accounts are not this server's business: only its players are cached. */
  setBalance(memberId, balance) {
    const player = [...this.players].find(([, id]) => id === memberId)?.[0];
    if (player === undefined || this.balances.get(memberId) === balance) return;
    this.balances.set(memberId, balance);
    this.print(`[live] ${player}: ${balance} tickets`);
  }
}
