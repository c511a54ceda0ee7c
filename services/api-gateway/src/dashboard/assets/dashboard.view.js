// The dashboard's cards as data, defined once for both sides: the server renders the first paint with it
// (dashboard.page.ts writes the nodes as escaped HTML) and the page's script redraws with it (dashboard.js
// builds DOM nodes, text through textContent, never markup). So both paint the same words and markup,
// and the page does not change when its script takes over. Plain JavaScript: no DOM, no Node, no build.
'use strict';

(function define(root, factory) {
  if (typeof module === 'object' && module.exports) module.exports = factory();
  else root.DashboardView = factory();
})(typeof globalThis === 'object' ? globalThis : this, function factory() {
  /**
   * A node: a tag, its attributes (null, undefined and false left out; className is `class`) and its
   * children (text or nodes).
   */
  function h(tag, attributes, ...children) {
    const attrs = {};
    for (const [name, value] of Object.entries(attributes || {})) {
      if (value === null || value === undefined || value === false) continue;
      attrs[name === 'className' ? 'class' : name] = String(value);
    }
    const kids = [];
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      kids.push(typeof child === 'object' ? child : String(child));
    }
    return { tag, attrs, children: kids };
  }

  /** Numbers, amounts and times in the visitor's language (the server uses their Accept-Language). */
  function formats(locale, currency) {
    const numbers = new Intl.NumberFormat(locale);
    const ratios = new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    const number = (value) => (typeof value === 'number' ? numbers.format(value) : '—');
    return {
      number,
      ratio: (value) => (typeof value === 'number' ? ratios.format(value) : '—'),
      tickets: (amount) => `${number(amount)} ${currency.symbol}`,
      ago(iso, now) {
        const seconds = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
        if (!Number.isFinite(seconds)) return '';
        if (seconds < 5) return 'just now';
        if (seconds < 60) return `${seconds} s ago`;
        if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
        if (seconds < 86400) return `${Math.floor(seconds / 3600)} h ago`;
        return new Date(iso).toLocaleDateString(locale);
      },
    };
  }

  const communityName = (overview, communityId) => (overview && overview.title) || communityId;
  const pageTitle = (name) => `${name} economy · Ticketonomics`;

  // ---- figures -----------------------------------------------------------------------------------------

  // Labels keep "24 h" on one line (a no-break space): a lone "h" on a line of its own reads as noise.
  function stat(className, label, id, text, value, unit, hint, hintId) {
    const figure = h('span', { id, 'data-value': value === undefined || value === null ? '' : value }, text);
    return h(
      'div',
      { className },
      h('dt', {}, label),
      h('dd', {}, figure, unit === null ? null : [' ', h('span', { className: 'unit' }, unit)]),
      h('dd', { className: 'hint', id: hintId }, hint),
    );
  }

  /** The key figures; dashes until the overview is known. */
  function figures(overview, f, currency) {
    const o = overview || {};
    const known = overview !== null && overview !== undefined;
    return [
      stat(
        'stat stat-main',
        'Tickets in existence',
        'stat-supply',
        f.number(o.supply),
        o.supply,
        currency.symbol,
        known
          ? `${f.number(o.circulating)} with members · ${f.number(o.treasury)} in the treasury`
          : 'With members and in the treasury',
        'stat-supply-hint',
      ),
      stat(
        'stat',
        'Moved, 24\u00a0h',
        'stat-volume',
        f.number(o.volume24h),
        o.volume24h,
        currency.symbol,
        known ? `in ${f.number(o.transfers24h)} transfers` : 'In the last day',
        'stat-volume-hint',
      ),
      stat(
        'stat',
        'Active members, 24\u00a0h',
        'stat-active',
        f.number(o.active24h),
        o.active24h,
        null,
        known ? `of ${f.number(o.members)} members` : 'Sent or received',
        'stat-active-hint',
      ),
      stat(
        'stat',
        'Spending pace, 24\u00a0h',
        'stat-velocity',
        known ? `${f.ratio(o.velocity24h)}×` : '—',
        o.velocity24h,
        null,
        'Tickets spent per ticket held',
        null,
      ),
      stat(
        'stat',
        'Inequality',
        'stat-gini',
        f.ratio(o.gini),
        o.gini,
        null,
        '0 all hold the same · 1 one holds all',
        null,
      ),
    ];
  }

  function sources(overview) {
    if (!overview) return 'Figures from the ledger.';
    const from =
      overview.sources.figures === 'analytics'
        ? 'Tickets in existence from the ledger; activity, pace and inequality from the analytics service.'
        : 'Every figure computed from the ledger (the analytics service is not running).';
    return overview.partial ? `${from} Large community: figures cover the latest rows.` : from;
  }

  // ---- lists -------------------------------------------------------------------------------------------

  const empty = (text) => h('li', { className: 'empty' }, text);

  function holders(board, f) {
    if (board.items.length === 0) return [empty('Nobody holds tickets yet.')];
    return board.items.map((entry) =>
      h(
        'li',
        { 'data-account': entry.party.accountId, 'data-balance': entry.balance },
        h('span', { className: 'rank', 'aria-label': `rank ${entry.rank}` }, entry.rank),
        h('span', { className: 'who', title: entry.party.label }, entry.party.label),
        h('span', { className: 'amount' }, f.tickets(entry.balance)),
      ),
    );
  }

  const CODE_WORDS = {
    payment: 'payment',
    reward: 'reward',
    bonus: 'bonus',
    mint: 'new tickets',
    burn: 'removed',
    fee: 'fee',
    tax: 'tax',
    fine: 'fine',
    purchase: 'purchase',
    sale: 'sale',
    royalty: 'royalty',
    refund: 'refund',
    trade: 'trade',
    adjustment: 'correction',
    reversal: 'undone',
  };
  const CHANNEL_WORDS = {
    shop: 'shop',
    market: 'market',
    trade: 'trade',
    creation: 'new artifact',
  };

  function row(id, kind, fresh, what, amount, badge, at, f, now) {
    return h(
      'li',
      { className: fresh ? 'fresh' : null, 'data-id': id, 'data-kind': kind },
      h('span', { className: 'what' }, what),
      h('span', { className: 'amount' }, amount),
      h(
        'span',
        { className: 'meta' },
        h('span', { className: 'code' }, badge),
        ' ',
        h('time', { datetime: at }, f.ago(at, now)),
      ),
    );
  }

  /** A purchase as its buyer's payment row tells it (history, and the live feed's transfer). */
  function purchaseWords(buyer, purchase) {
    const item = purchase.itemName || 'an artifact';
    switch (purchase.channel) {
      case 'shop':
        return `${buyer} bought ${item} in the shop`;
      case 'market':
        return `${buyer} bought ${item} on the market`;
      case 'trade':
        return `${buyer} paid for a trade`;
      case 'creation':
        return `${buyer} created the artifact ${item}`;
      default:
        return `${buyer} bought an artifact`;
    }
  }

  /** The key a feed row is known by: a purchase's payment and its sale event share one. */
  const transferKey = (transfer) => (transfer.purchase ? transfer.purchase.id : transfer.id);

  function transferRow(transfer, f, now, fresh) {
    const { from, to, purchase } = transfer;
    let what;
    let badge = CODE_WORDS[transfer.code] || transfer.code;
    if (purchase) {
      what = purchaseWords(from.label, purchase);
      badge = CHANNEL_WORDS[purchase.channel] || 'purchase';
      return row(
        transferKey(transfer),
        'purchase',
        fresh,
        what,
        f.tickets(transfer.amount),
        badge,
        transfer.at,
        f,
        now,
      );
    }
    if (from.kind === 'issuance') what = `New tickets for ${to.label}`;
    else if (to.kind === 'issuance') what = `Tickets removed from ${from.label}`;
    else
      what = [h('span', { title: from.label }, from.label), ' → ', h('span', { title: to.label }, to.label)];
    return row(transfer.id, 'transfer', fresh, what, f.tickets(transfer.amount), badge, transfer.at, f, now);
  }

  /** A sale as the artifacts service tells it live (names the seller, which the payment row cannot). */
  function saleRow(sale, f, now) {
    const item = sale.typeLabel || 'an artifact';
    const seller = sale.seller ? sale.seller.label : 'a member';
    const what =
      sale.channel === 'shop'
        ? `${sale.buyer.label} bought ${item} in the shop`
        : sale.channel === 'market'
          ? `${sale.buyer.label} bought ${item} from ${seller}`
          : `${sale.buyer.label} traded with ${seller}`;
    const amount = sale.price > 0 ? f.tickets(sale.price) : 'swap';
    return row(sale.purchaseId, 'purchase', true, what, amount, CHANNEL_WORDS[sale.channel], sale.at, f, now);
  }

  function feed(page, f, now) {
    if (page.items.length === 0) return [empty('No transfers yet. The first payment will show up here.')];
    return page.items.map((transfer) => transferRow(transfer, f, now, false));
  }

  function priceRow(label, value, f) {
    return [h('dt', {}, label), h('dd', {}, value === null ? '—' : f.tickets(value))];
  }

  function gallery(list, f) {
    if (list.items.length === 0) return [empty('No artifacts yet.')];
    return list.items.map((artifact) => {
      const picture = artifact.imageUrl
        ? h('img', { src: artifact.imageUrl, alt: '', loading: 'lazy', referrerpolicy: 'no-referrer' })
        : h('span', { 'aria-hidden': 'true' }, artifact.emoji || '◆');
      const editions =
        artifact.supplyMax === null
          ? `${f.number(artifact.minted - artifact.burned)} in circulation`
          : `${f.number(artifact.minted)} of ${f.number(artifact.supplyMax)} made`;
      return h(
        'li',
        { className: 'artifact', 'data-type-id': artifact.typeId },
        h('span', { className: 'picture' }, picture),
        h('h3', {}, artifact.name),
        h('span', { className: 'rarity', 'data-rarity': artifact.rarity }, artifact.rarity),
        h(
          'dl',
          {},
          priceRow('Shop', artifact.shopPrice, f),
          priceRow('Market', artifact.floorPrice, f),
          priceRow('Last sale', artifact.lastPrice, f),
        ),
        h('span', { className: 'hint' }, editions),
      );
    });
  }

  return {
    h,
    formats,
    communityName,
    pageTitle,
    figures,
    sources,
    holders,
    feed,
    transferKey,
    transferRow,
    saleRow,
    gallery,
    FEED_ITEMS_MAX: 20,
  };
});
