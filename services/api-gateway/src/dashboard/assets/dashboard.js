/* global document, window, EventSource */
// The public dashboard's script: plain browser JavaScript, no build step and nothing from a CDN. It reads
// the community's public JSON, draws the volume chart as inline SVG, and follows the live feed (Server-
// Sent Events) to show transfers as they happen and refresh the figures they change. Every text from the
// server goes in through textContent, never as markup.
'use strict';

(function dashboard() {
  const COMMUNITY_ID = /^[A-Za-z0-9_-]{1,64}$/;
  /** Figures refresh at most this often while events stream in (each refresh is three small reads). */
  const FIGURES_REFRESH_MIN_MS = 2_500;
  const GALLERY_REFRESH_MIN_MS = 10_000;
  /** The server reuses a read for 1 s (per community): wait a little longer after an event. */
  const SETTLE_MS = 1_100;
  /** A full refresh in the background, for what the feed does not carry (and when it is down). */
  const POLL_MS = 30_000;
  const FEED_ITEMS_MAX = 30;
  const SVG = 'http://www.w3.org/2000/svg';

  const communityId = decodeURIComponent(window.location.pathname.split('/').filter(Boolean)[1] || '');
  const api = `/public/communities/${encodeURIComponent(communityId)}`;
  const numbers = new Intl.NumberFormat(undefined);
  const ratios = new Intl.NumberFormat(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const hours = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
  const axisHours = new Intl.DateTimeFormat(undefined, { hour: 'numeric' });
  let currency = { name: 'Ticket', symbol: '🎟' };
  const feedIds = new Set();

  const $ = (id) => document.getElementById(id);

  /** An element with attributes and children (strings become text nodes). */
  function el(tag, attributes, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (name === 'className') node.className = value;
      else node.setAttribute(name, String(value));
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      node.append(typeof child === 'string' || typeof child === 'number' ? String(child) : child);
    }
    return node;
  }

  function svg(tag, attributes, text) {
    const node = document.createElementNS(SVG, tag);
    for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
    if (text !== undefined) node.textContent = text;
    return node;
  }

  const formatNumber = (value) => (typeof value === 'number' ? numbers.format(value) : '—');
  const formatRatio = (value) => (typeof value === 'number' ? ratios.format(value) : '—');
  const tickets = (amount) => `${formatNumber(amount)} ${currency.symbol}`;

  function ago(iso) {
    const seconds = Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 1000));
    if (!Number.isFinite(seconds)) return '';
    if (seconds < 5) return 'just now';
    if (seconds < 60) return `${seconds} s ago`;
    if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
    if (seconds < 86400) return `${Math.floor(seconds / 3600)} h ago`;
    return new Date(iso).toLocaleDateString();
  }

  function setNotice(id, message) {
    const notice = $(id);
    notice.hidden = !message;
    notice.textContent = message || '';
  }

  /** The JSON of a public read; a failure is thrown with the server's polite message. */
  async function read(path) {
    let response;
    try {
      response = await window.fetch(`${api}/${path}`, { headers: { Accept: 'application/json' } });
    } catch {
      throw new Error('The dashboard server cannot be reached; retrying shortly.');
    }
    let body = null;
    try {
      body = await response.json();
    } catch {
      // not JSON: the message below says enough
    }
    if (!response.ok) {
      const message = body && body.error && body.error.message;
      throw new Error(
        message ? `${message[0].toUpperCase()}${message.slice(1)}.` : 'Not available right now.',
      );
    }
    return body;
  }

  // ---- figures -----------------------------------------------------------------------------------------

  function setStat(id, text, value) {
    const node = $(id);
    node.textContent = text;
    node.dataset.value = value === undefined || value === null ? '' : String(value);
  }

  async function loadOverview() {
    try {
      const overview = await read('overview');
      currency = overview.currency;
      const title = overview.title || overview.communityId;
      $('community-title').textContent = title;
      document.title = `${title} economy · Ticketonomics`;
      for (const node of document.querySelectorAll('[data-currency]')) node.textContent = currency.symbol;
      setStat('stat-supply', formatNumber(overview.supply), overview.supply);
      $('stat-supply-hint').textContent =
        `${formatNumber(overview.circulating)} circulating · ${formatNumber(overview.treasury)} in the treasury`;
      setStat('stat-volume', formatNumber(overview.volume24h), overview.volume24h);
      $('stat-volume-hint').textContent = `${formatNumber(overview.transfers24h)} transfers in the last day`;
      setStat('stat-active', formatNumber(overview.active24h), overview.active24h);
      $('stat-active-hint').textContent = `of ${formatNumber(overview.members)} members`;
      setStat('stat-velocity', `${formatRatio(overview.velocity24h)}×`, overview.velocity24h);
      setStat('stat-gini', formatRatio(overview.gini), overview.gini);
      const from =
        overview.sources.figures === 'analytics'
          ? 'Supply from the ledger; activity, velocity and Gini from the analytics service.'
          : 'Every figure computed from the ledger (the analytics service is not running).';
      $('sources').textContent = overview.partial
        ? `${from} Large community: figures cover the latest rows.`
        : from;
      setNotice('figures-notice', '');
    } catch (error) {
      setNotice('figures-notice', error.message);
    }
  }

  // ---- volume chart ------------------------------------------------------------------------------------

  function drawVolume(points) {
    const figure = $('volume-chart');
    const total = points.reduce((sum, point) => sum + point.value, 0);
    if (points.length === 0 || total === 0) {
      figure.replaceChildren(el('p', { className: 'empty' }, 'No transfers in the last 24 hours yet.'));
      return;
    }
    // Drawn at the figure's own width, so its labels stay readable on a phone.
    const width = Math.max(280, Math.round(figure.clientWidth || 600));
    const height = width < 480 ? 170 : 220;
    const pad = { top: 16, right: 8, bottom: 24, left: 8 };
    const max = Math.max(...points.map((point) => point.value));
    const peakIndex = points.findIndex((point) => point.value === max);
    const slot = (width - pad.left - pad.right) / points.length;
    const barWidth = Math.max(2, slot * 0.72);
    const chartHeight = height - pad.top - pad.bottom;
    const peakAt = hours.format(new Date(points[peakIndex].start));
    const summary = `Volume per hour over the last ${points.length} hours: ${tickets(total)} in all, the busiest hour ${peakAt} with ${tickets(max)}.`;
    const chart = svg('svg', {
      viewBox: `0 0 ${width} ${height}`,
      role: 'img',
      'aria-label': summary,
      preserveAspectRatio: 'xMidYMid meet',
    });
    chart.append(svg('title', {}, summary));
    chart.append(
      svg('line', {
        class: 'axis',
        x1: pad.left,
        x2: width - pad.right,
        y1: height - pad.bottom + 0.5,
        y2: height - pad.bottom + 0.5,
      }),
    );
    points.forEach((point, index) => {
      const barHeight = max === 0 ? 0 : Math.max(point.value > 0 ? 2 : 0, (point.value / max) * chartHeight);
      const x = pad.left + index * slot + (slot - barWidth) / 2;
      const bar = svg('rect', {
        class: index === peakIndex ? 'bar peak' : 'bar',
        x: x.toFixed(1),
        y: (height - pad.bottom - barHeight).toFixed(1),
        width: barWidth.toFixed(1),
        height: barHeight.toFixed(1),
        rx: 2,
      });
      bar.append(svg('title', {}, `${hours.format(new Date(point.start))}: ${tickets(point.value)}`));
      chart.append(bar);
      const last = index === points.length - 1;
      const every = width < 480 ? 8 : 6;
      if ((index % every === 0 && points.length - index > every / 2) || last) {
        // The first and last labels hug the edges instead of being cut off by them.
        const anchor = index === 0 ? 'start' : last ? 'end' : 'middle';
        const labelX = index === 0 ? pad.left : last ? width - pad.right : x + barWidth / 2;
        chart.append(
          svg(
            'text',
            { x: labelX.toFixed(1), y: height - 6, 'text-anchor': anchor },
            axisHours.format(new Date(point.start)),
          ),
        );
      }
    });
    chart.append(
      svg('text', { x: pad.left, y: 11 }, `peak ${tickets(max)}`),
      svg('text', { x: width - pad.right, y: 11, 'text-anchor': 'end' }, `${tickets(total)} in 24 h`),
    );
    figure.replaceChildren(chart, el('figcaption', {}, summary));
  }

  let volumePoints = null;

  async function loadVolume() {
    try {
      const volume = await read('volume');
      volumePoints = volume.points;
      drawVolume(volume.points);
      setNotice('volume-notice', '');
    } catch (error) {
      setNotice('volume-notice', error.message);
    }
  }

  // ---- leaderboard -------------------------------------------------------------------------------------

  async function loadLeaderboard() {
    try {
      const board = await read('leaderboard');
      const list = $('leaderboard');
      if (board.items.length === 0) {
        list.replaceChildren(el('li', { className: 'empty' }, 'Nobody holds tickets yet.'));
      } else {
        list.replaceChildren(
          ...board.items.map((entry) =>
            el(
              'li',
              { 'data-account': entry.party.accountId, 'data-balance': entry.balance },
              el('span', { className: 'rank', 'aria-label': `rank ${entry.rank}` }, entry.rank),
              el(
                'span',
                { className: 'who', title: entry.party.memberId || entry.party.accountId },
                entry.party.label,
              ),
              el('span', { className: 'amount' }, tickets(entry.balance)),
            ),
          ),
        );
      }
      setNotice('leaderboard-notice', '');
    } catch (error) {
      setNotice('leaderboard-notice', error.message);
    }
  }

  // ---- feed --------------------------------------------------------------------------------------------

  const CODE_WORDS = {
    payment: 'payment',
    reward: 'reward',
    bonus: 'bonus',
    mint: 'minted',
    burn: 'burned',
    fee: 'fee',
    tax: 'tax',
    fine: 'fine',
    purchase: 'purchase',
    sale: 'sale',
    royalty: 'royalty',
    refund: 'refund',
    trade: 'trade',
    adjustment: 'adjustment',
    reversal: 'reversal',
  };

  function transferItem(transfer, fresh) {
    return el(
      'li',
      { className: fresh ? 'fresh' : null, 'data-id': transfer.id, 'data-kind': 'transfer' },
      el(
        'span',
        { className: 'what' },
        el('span', { title: transfer.from.accountId }, transfer.from.label),
        ' → ',
        el('span', { title: transfer.to.accountId }, transfer.to.label),
      ),
      el('span', { className: 'amount' }, tickets(transfer.amount)),
      el(
        'span',
        { className: 'meta' },
        el('span', { className: 'code' }, CODE_WORDS[transfer.code] || transfer.code),
        ' ',
        el('time', { datetime: transfer.at }, ago(transfer.at)),
      ),
    );
  }

  function saleItem(sale) {
    const what = sale.typeLabel || 'an artifact';
    const sentence =
      sale.channel === 'shop'
        ? `${sale.buyer.label} bought ${what} in the shop`
        : sale.channel === 'market'
          ? `${sale.buyer.label} bought ${what} from ${sale.seller ? sale.seller.label : 'a member'}`
          : `${sale.buyer.label} traded with ${sale.seller ? sale.seller.label : 'a member'}`;
    return el(
      'li',
      { className: 'fresh', 'data-kind': 'sale' },
      el('span', { className: 'what' }, sentence),
      el('span', { className: 'amount' }, sale.price > 0 ? tickets(sale.price) : 'swap'),
      el(
        'span',
        { className: 'meta' },
        el('span', { className: 'code' }, sale.channel === 'trade' ? 'artifact trade' : 'artifact sale'),
        ' ',
        el('time', { datetime: sale.at }, ago(sale.at)),
      ),
    );
  }

  function trimFeed(list) {
    while (list.children.length > FEED_ITEMS_MAX) list.lastElementChild.remove();
  }

  async function loadFeed() {
    try {
      const page = await read('transactions');
      const list = $('feed');
      feedIds.clear();
      if (page.items.length === 0) {
        list.replaceChildren(
          el('li', { className: 'empty' }, 'No transfers yet. The first payment will show up here.'),
        );
      } else {
        for (const item of page.items) feedIds.add(item.id);
        list.replaceChildren(...page.items.map((item) => transferItem(item, false)));
      }
      setNotice('feed-notice', '');
    } catch (error) {
      setNotice('feed-notice', error.message);
    }
  }

  function prepend(node) {
    const list = $('feed');
    const empty = list.querySelector('.empty');
    if (empty) empty.remove();
    list.prepend(node);
    trimFeed(list);
  }

  function refreshTimes() {
    for (const node of document.querySelectorAll('time[datetime]'))
      node.textContent = ago(node.getAttribute('datetime'));
  }

  // ---- gallery -----------------------------------------------------------------------------------------

  function priceRow(label, value) {
    return [el('dt', {}, label), el('dd', {}, value === null ? '—' : tickets(value))];
  }

  async function loadGallery() {
    try {
      const gallery = await read('artifacts');
      const list = $('gallery');
      if (gallery.items.length === 0) {
        list.replaceChildren(el('li', { className: 'empty' }, 'No artifacts yet.'));
      } else {
        list.replaceChildren(
          ...gallery.items.map((artifact) => {
            const picture = artifact.imageUrl
              ? el('img', { src: artifact.imageUrl, alt: '', loading: 'lazy', referrerpolicy: 'no-referrer' })
              : el('span', { 'aria-hidden': 'true' }, artifact.emoji || '◆');
            const editions =
              artifact.supplyMax === null
                ? `${formatNumber(artifact.minted - artifact.burned)} in circulation`
                : `${formatNumber(artifact.minted)} of ${formatNumber(artifact.supplyMax)} minted`;
            return el(
              'li',
              { className: 'artifact', 'data-type-id': artifact.typeId },
              el('span', { className: 'picture' }, picture),
              el('h3', {}, artifact.name),
              el('span', { className: 'rarity', 'data-rarity': artifact.rarity }, artifact.rarity),
              el(
                'dl',
                {},
                priceRow('Shop', artifact.shopPrice),
                priceRow('Floor', artifact.floorPrice),
                priceRow('Last sale', artifact.lastPrice),
              ),
              el('span', { className: 'hint' }, editions),
            );
          }),
        );
      }
      setNotice('gallery-notice', '');
    } catch (error) {
      setNotice('gallery-notice', error.message);
    }
  }

  // ---- verify ------------------------------------------------------------------------------------------

  const shortHash = (hash) =>
    hash && hash.length > 16 ? `${hash.slice(0, 8)}…${hash.slice(-8)}` : hash || '—';

  async function verify() {
    const button = $('verify-button');
    const result = $('verify-result');
    button.disabled = true;
    button.textContent = 'Verifying…';
    try {
      const report = await read('verify');
      result.dataset.state = report.ok ? 'ok' : 'failed';
      const lines = [
        el(
          'span',
          { className: 'verdict', id: 'verify-verdict' },
          report.ok ? '✓ ok: the books add up' : '✗ problems found',
        ),
        el(
          'p',
          {},
          `${report.chainIntact ? 'The journal hash chain is intact' : 'The journal hash chain is broken'}; this community's ${formatNumber(report.entries)} journal entries give ${formatNumber(report.balanceMismatches)} balance mismatches, and its balances sum to ${formatNumber(report.communitySum)}.`,
        ),
      ];
      if (report.provenance) {
        lines.push(
          el(
            'p',
            {},
            report.provenance.ok
              ? `Artifact provenance ok: ${formatNumber(report.provenance.entries)} ownership records, ${formatNumber(report.provenance.editions)} editions. Chain head: `
              : 'Artifact provenance: problems found. Chain head: ',
            el(
              'span',
              { className: 'hash', title: report.provenance.headHash },
              shortHash(report.provenance.headHash),
            ),
          ),
        );
      }
      lines.push(el('p', {}, `Checked at ${new Date(report.checkedAt).toLocaleTimeString()}.`));
      result.replaceChildren(...lines);
    } catch (error) {
      result.dataset.state = 'error';
      result.replaceChildren(
        el('span', { className: 'verdict' }, 'Could not verify'),
        el('p', {}, error.message),
      );
    } finally {
      button.disabled = false;
      button.textContent = 'Verify again';
    }
  }

  // ---- live feed and refreshes -------------------------------------------------------------------------

  /**
   * Runs `task` soon after it is asked for, at most once per `minMs`. A run starts at least SETTLE_MS
   * after the last ask, and runs again when an ask came too late for what it read: the server reuses
   * each read for a second, so a read right after an event could miss it.
   */
  function throttled(task, minMs) {
    let lastRunAt = 0;
    let lastAskAt = 0;
    let timer = null;
    let running = false;
    const schedule = () => {
      if (running || timer !== null) return;
      const wait = Math.max(lastAskAt + SETTLE_MS - Date.now(), lastRunAt + minMs - Date.now(), 0);
      timer = window.setTimeout(run, wait);
    };
    const run = async () => {
      timer = null;
      running = true;
      const startedAt = Date.now();
      lastRunAt = startedAt;
      try {
        await task();
      } finally {
        running = false;
        if (lastAskAt + SETTLE_MS > startedAt) schedule();
      }
    };
    return () => {
      lastAskAt = Date.now();
      schedule();
    };
  }

  const refreshFigures = throttled(
    () => Promise.all([loadOverview(), loadLeaderboard(), loadVolume()]),
    FIGURES_REFRESH_MIN_MS,
  );
  const refreshGallery = throttled(loadGallery, GALLERY_REFRESH_MIN_MS);

  function setLive(state, text) {
    const status = $('live-status');
    status.dataset.state = state;
    status.textContent = text;
  }

  function parse(event) {
    try {
      return JSON.parse(event.data);
    } catch {
      return null;
    }
  }

  function follow() {
    if (typeof EventSource !== 'function') {
      setLive('polling', `Refreshing every ${POLL_MS / 1000} s`);
      return;
    }
    const source = new EventSource(`${api}/events`);
    let connectedBefore = false;
    source.addEventListener('hello', () => {
      setLive('live', 'Live');
      if (connectedBefore) {
        // Back after a drop: catch up on whatever happened meanwhile.
        void loadFeed();
        refreshFigures();
      }
      connectedBefore = true;
    });
    source.addEventListener('transfer', (event) => {
      const transfer = parse(event);
      if (!transfer || feedIds.has(transfer.id)) return;
      feedIds.add(transfer.id);
      prepend(transferItem(transfer, true));
      refreshFigures();
    });
    source.addEventListener('sale', (event) => {
      const sale = parse(event);
      if (!sale) return;
      prepend(saleItem(sale));
      refreshGallery();
    });
    source.addEventListener('error', () => setLive('reconnecting', 'Reconnecting…'));
  }

  function start() {
    if (!COMMUNITY_ID.test(communityId)) {
      $('community-title').textContent = 'Unknown community';
      setNotice(
        'figures-notice',
        'This address names no community: it should look like /dashboard/my-community.',
      );
      setLive('off', 'Offline');
      return;
    }
    $('community-title').textContent = communityId;
    $('verify-button').addEventListener('click', () => void verify());
    void Promise.all([loadOverview(), loadVolume(), loadLeaderboard(), loadFeed(), loadGallery()]);
    follow();
    window.setInterval(() => {
      refreshFigures();
      refreshGallery();
    }, POLL_MS);
    window.setInterval(refreshTimes, 15_000);
    let resizeTimer = null;
    window.addEventListener('resize', () => {
      window.clearTimeout(resizeTimer);
      resizeTimer = window.setTimeout(() => volumePoints && drawVolume(volumePoints), 200);
    });
  }

  start();
})();
