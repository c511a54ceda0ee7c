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
      locale,
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

  // ---- economy panel -----------------------------------------------------------------------------------

  const PERIOD_WORDS = {
    hour: { every: 'every hour', one: 'hour', many: 'hours' },
    day: { every: 'every day', one: 'day', many: 'days' },
    week: { every: 'every week', one: 'week', many: 'weeks' },
  };

  /** Basis points as a percentage (150 → 1.5%). */
  function percent(bps, locale) {
    return `${new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(bps / 100)}%`;
  }

  /** A UTC day or time the same on the server and in every browser: the schedule runs in UTC. */
  function utcDay(day, locale) {
    return new Date(`${day}T00:00:00Z`).toLocaleDateString(locale, {
      timeZone: 'UTC',
      month: 'short',
      day: 'numeric',
    });
  }

  function utcTime(iso, locale) {
    const text = new Date(iso).toLocaleString(locale, {
      timeZone: 'UTC',
      month: 'short',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    return `${text} UTC`;
  }

  /** The schedule in a member's words: what it adds, the holding fee and the tax, where they go. */
  function scheduleWords(schedule, f, locale) {
    const { emission, demurrage } = schedule;
    const period = PERIOD_WORDS[emission.period] || PERIOD_WORDS.day;
    const lines = [];
    if (emission.mode === 'fixed') lines.push(`${f.tickets(emission.amount)} new ${period.every}`);
    else if (emission.mode === 'rate')
      lines.push(`${percent(emission.rateBps, locale)} more tickets ${period.every}`);
    else lines.push('No new tickets on a schedule');
    if (emission.mode !== 'none' && emission.supplyCap !== null)
      lines[0] += `, up to ${f.tickets(emission.supplyCap)} in all`;
    if (schedule.nextDueAt) lines[0] += ` · next ${utcTime(schedule.nextDueAt, locale)}`;
    if (demurrage) {
      const to = demurrage.destination === 'burn' ? 'removed' : 'to the treasury';
      lines.push(
        `Holding fee: ${percent(demurrage.rateBps, locale)} ${period.every} of what a member holds above ${f.tickets(demurrage.thresholdAmount)}, ${to}`,
      );
    }
    if (schedule.taxBps > 0) {
      const to = schedule.taxDestination === 'burn' ? 'removed' : 'to the treasury';
      lines.push(`Tax on payments: ${percent(schedule.taxBps, locale)}, ${to}`);
    }
    return lines;
  }

  const FLOW_WORDS = [
    ['emitted', 'New on schedule', '+'],
    ['rewarded', 'Rewards', '+'],
    ['minted', 'Made by admins', '+'],
    ['taxed', 'Tax and fees', ''],
    ['burned', 'Removed', '−'],
  ];
  /** Days of flows listed (newest first); the JSON has more. */
  const FLOW_DAYS_SHOWN = 7;
  /** Projected periods shown, of those the JSON has. */
  const PROJECTION_SHOWN = [1, 3, 6, 12];

  function projection(economy, f) {
    const { projection: plan, schedule } = economy;
    const period = PERIOD_WORDS[plan.period] || PERIOD_WORDS.day;
    if (schedule.emission.mode === 'none') return [];
    const points = plan.points.filter((point) => PROJECTION_SHOWN.includes(point.period));
    const item = (label, supply, id) =>
      h('div', { 'data-supply': supply, id }, h('dt', {}, label), h('dd', {}, f.tickets(supply)));
    const hint =
      plan.capReachedAt === null
        ? 'If nothing but the schedule adds or removes tickets.'
        : `Stops at its cap after ${f.number(plan.capReachedAt)} ${plan.capReachedAt === 1 ? period.one : period.many}.`;
    return [
      h('h3', {}, 'Tickets in existence ahead'),
      h(
        'dl',
        { className: 'projection', id: 'economy-projection' },
        item('Now', economy.supply, 'projection-now'),
        points.map((point) =>
          item(
            `In ${f.number(point.period)} ${point.period === 1 ? period.one : period.many}`,
            point.supply,
            `projection-${point.period}`,
          ),
        ),
      ),
      h('p', { className: 'hint' }, hint),
    ];
  }

  function flowDay(day, f, locale) {
    const attributes = { 'data-day': day.day, 'data-treasury': day.treasury, 'data-supply': day.supply };
    for (const [field] of FLOW_WORDS) attributes[`data-${field}`] = day[field];
    const items = FLOW_WORDS.filter(([field]) => day[field] > 0).map(([field, label, sign]) =>
      h(
        'div',
        { className: `flow flow-${field}` },
        h('dt', {}, label),
        h('dd', {}, `${sign}${f.tickets(day[field])}`),
      ),
    );
    return h(
      'li',
      attributes,
      h('span', { className: 'day' }, utcDay(day.day, locale)),
      h(
        'dl',
        { className: 'flow-items' },
        items.length === 0
          ? h('div', { className: 'flow quiet' }, h('dt', {}, 'Nothing came or went'))
          : items,
        h(
          'div',
          { className: 'flow flow-treasury' },
          h('dt', {}, 'Treasury'),
          h('dd', {}, f.tickets(day.treasury)),
        ),
      ),
    );
  }

  /** The economy card: the schedule, the supply ahead, and each day's sources and sinks (newest first). */
  function economy(view, f) {
    const { locale } = f;
    const flows =
      view.flows === null
        ? [h('p', { className: 'empty' }, 'Daily figures show once the analytics service runs.')]
        : [
            h(
              'ol',
              { className: 'flows', id: 'economy-flows' },
              view.flows
                .slice(-FLOW_DAYS_SHOWN)
                .reverse()
                .map((day) => flowDay(day, f, locale)),
            ),
          ];
    return [
      h(
        'ul',
        { className: 'schedule', id: 'economy-schedule' },
        scheduleWords(view.schedule, f, locale).map((line) => h('li', {}, line)),
      ),
      projection(view, f),
      h('h3', {}, 'Where tickets came from and went, per day (UTC)'),
      flows,
    ].flat();
  }

  const PARAMETERS = {
    'ledger.taxBps': ['Tax on payments', 'bps'],
    'ledger.transferMin': ['Smallest payment', 'tickets'],
    'ledger.transferMax': ['Largest payment', 'tickets'],
    'ledger.dailySendMax': ['Most sent a day', 'tickets'],
    'ledger.dailyReceiveMax': ['Most received a day', 'tickets'],
    'rewards.messageReward': ['Reward per message', 'tickets'],
    'rewards.messageCooldownMs': ['Wait between rewarded messages', 'ms'],
    'rewards.dailyMessageRewardsMax': ['Rewarded messages a day', 'count'],
    'rewards.dailyBonus': ['Daily bonus', 'tickets'],
    'rewards.dailyStreakBonus': ['Daily streak bonus', 'tickets'],
  };

  function parameterValue(parameter, value, f, locale) {
    if (value === null || value === undefined) return 'none';
    const unit = (PARAMETERS[parameter] || [])[1];
    if (unit === 'bps') return percent(value, locale);
    if (unit === 'tickets') return f.tickets(value);
    if (unit === 'ms')
      return value % 60_000 === 0 ? `${f.number(value / 60_000)} min` : `${f.number(value / 1000)} s`;
    return f.number(value);
  }

  function change(parameter, from, to, f, locale) {
    const label = (PARAMETERS[parameter] || [parameter])[0];
    const after = parameterValue(parameter, to, f, locale);
    if (from === null || from === undefined) return `${label}: ${after}`;
    return `${label}: ${parameterValue(parameter, from, f, locale)} → ${after}`;
  }

  const votes = (proposal, f) =>
    `Yes ${f.number(proposal.yes)} · No ${f.number(proposal.no)} · ${f.number(proposal.eligibleCount)} may vote`;

  function openState(proposal, locale) {
    if (proposal.status === 'voting') return `Voting until ${utcTime(proposal.votingEndsAt, locale)}`;
    if (proposal.status === 'passed' && proposal.appliesAt)
      return `Passed · takes effect ${utcTime(proposal.appliesAt, locale)}`;
    return 'Passed · taking effect';
  }

  const REJECTED_FOR = { quorum: 'too few voted', threshold: 'not enough yes votes' };

  function verdict(proposal, locale) {
    switch (proposal.status) {
      case 'applied':
        return `Passed and applied${proposal.appliedAt ? ` ${utcTime(proposal.appliedAt, locale)}` : ''}`;
      case 'rejected':
        return `Rejected: ${REJECTED_FOR[proposal.rejectedFor] || 'not passed'}`;
      case 'vetoed':
        return proposal.veto ? `Vetoed by ${proposal.veto.by}: ${proposal.veto.reason}` : 'Vetoed';
      case 'cancelled':
        return 'Withdrawn by its proposer';
      case 'failed':
        return `Passed, but could not be applied${proposal.failure ? `: ${proposal.failure}` : ''}`;
      case 'expired':
        return 'Expired';
      default:
        return proposal.status;
    }
  }

  function proposalRow(proposal, state, f, locale) {
    return h(
      'li',
      {
        'data-proposal': proposal.id,
        'data-status': proposal.status,
        'data-yes': proposal.yes,
        'data-no': proposal.no,
      },
      h('span', { className: 'title' }, proposal.title),
      h(
        'span',
        { className: 'change' },
        change(proposal.parameter, proposal.currentValue, proposal.proposedValue, f, locale),
      ),
      h('span', { className: 'meta' }, `${votes(proposal, f)} · by ${proposal.proposer}`),
      h('span', { className: `verdict verdict-${proposal.status}` }, state),
    );
  }

  /** The governance card: open votes, the latest results (vetoes too), and every change of the rules. */
  function governance(view, f) {
    const { locale } = f;
    const list = (id, items, none) =>
      h('ul', { className: 'proposals', id }, items.length === 0 ? empty(none) : items);
    return [
      h('h3', {}, 'Open votes'),
      list(
        'proposals-open',
        view.open.map((proposal) => proposalRow(proposal, openState(proposal, locale), f, locale)),
        'No open votes.',
      ),
      h('h3', {}, 'Latest results'),
      list(
        'proposals-results',
        view.results.map((proposal) => proposalRow(proposal, verdict(proposal, locale), f, locale)),
        'No vote decided yet.',
      ),
      h('h3', {}, 'Changes to the rules'),
      h(
        'ol',
        { className: 'history', id: 'parameter-history' },
        view.history.length === 0
          ? empty('No rule changed yet.')
          : view.history.map((entry) =>
              h(
                'li',
                { 'data-seq': entry.seq, 'data-parameter': entry.parameter },
                h(
                  'span',
                  { className: 'change' },
                  change(entry.parameter, entry.oldValue, entry.newValue, f, locale),
                ),
                h(
                  'span',
                  { className: 'meta' },
                  `${entry.source === 'proposal' ? `by a vote (#${entry.proposalId})` : 'by an admin'} · ${utcTime(entry.at, locale)}`,
                ),
              ),
            ),
      ),
    ];
  }

  return {
    h,
    formats,
    economy,
    governance,
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
