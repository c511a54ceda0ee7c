/* global document, window, EventSource */
// The public dashboard's script: plain browser JavaScript, no build step and nothing from a CDN. The
// server sends the page with its first figures written in (by dashboard.view.js, which this script
// shares); the script draws the volume chart, follows the live feed (Server-Sent Events) to show
// transfers and purchases as they happen, and refreshes the figures they change, with the same view.
// Every text from the server goes in through text nodes, never as markup.
'use strict';

(function dashboard() {
  const View = window.DashboardView;
  /** Figures refresh at most this often while events stream in (each refresh is three small reads). */
  const FIGURES_REFRESH_MIN_MS = 2_500;
  const GALLERY_REFRESH_MIN_MS = 10_000;
  /** The day's sources and sinks move with every transfer; a glance every few seconds is enough. */
  const ECONOMY_REFRESH_MIN_MS = 5_000;
  /** The server reuses a read for 1 s (per community): wait a little longer after an event. */
  const SETTLE_MS = 1_100;
  /** A full refresh in the background, for what the feed does not carry (and when it is down). */
  const POLL_MS = 30_000;
  const SVG = 'http://www.w3.org/2000/svg';

  const $ = (id) => document.getElementById(id);
  /** What the server inlined for the script to start from (see PageStart in dashboard-page.service.ts). */
  const start = JSON.parse($('dashboard-data').textContent);
  const communityId = start.communityId;
  const api = `/public/communities/${encodeURIComponent(communityId)}`;
  const hours = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
  const axisHours = new Intl.DateTimeFormat(undefined, { hour: 'numeric' });
  let currency = start.currency;
  let formats = View.formats(undefined, currency);
  const tickets = (amount) => formats.tickets(amount);
  /** The keys of the feed's rows: a transfer's id, or a purchase's (shared by its payment and sale). */
  const feedKeys = new Set();

  /** The view's nodes as DOM nodes; text only ever as text nodes. */
  function toDom(node) {
    if (typeof node === 'string') return document.createTextNode(node);
    const element = document.createElement(node.tag);
    for (const [name, value] of Object.entries(node.attrs)) element.setAttribute(name, value);
    for (const child of node.children) element.append(toDom(child));
    return element;
  }

  const show = (id, nodes) => $(id).replaceChildren(...nodes.map(toDom));

  /** An element with attributes and children (DOM nodes, or strings, which become text nodes). */
  function el(tag, attributes, ...children) {
    const element = toDom(View.h(tag, attributes));
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      element.append(typeof child === 'object' ? child : String(child));
    }
    return element;
  }

  function svg(tag, attributes, text) {
    const node = document.createElementNS(SVG, tag);
    for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
    if (text !== undefined) node.textContent = text;
    return node;
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

  async function loadOverview() {
    try {
      const overview = await read('overview');
      currency = overview.currency;
      formats = View.formats(undefined, currency);
      const name = View.communityName(overview, communityId);
      // Written only when it changed: the server already wrote the same name and title.
      if ($('community-title').textContent !== name) $('community-title').textContent = name;
      if (document.title !== View.pageTitle(name)) document.title = View.pageTitle(name);
      show('stats', View.figures(overview, formats, currency));
      $('sources').textContent = View.sources(overview);
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
    const summary = `Tickets moved per hour over the last ${points.length} hours: ${tickets(total)} in all, the busiest hour ${peakAt} with ${tickets(max)}.`;
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
      show('leaderboard', View.holders(await read('leaderboard'), formats));
      setNotice('leaderboard-notice', '');
    } catch (error) {
      setNotice('leaderboard-notice', error.message);
    }
  }

  // ---- feed --------------------------------------------------------------------------------------------

  function rememberFeedKeys() {
    feedKeys.clear();
    for (const row of $('feed').children) if (row.dataset.id) feedKeys.add(row.dataset.id);
  }

  async function loadFeed() {
    try {
      show('feed', View.feed(await read('transactions'), formats, Date.now()));
      rememberFeedKeys();
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
    while (list.children.length > View.FEED_ITEMS_MAX) list.lastElementChild.remove();
  }

  function feedRow(key) {
    for (const row of $('feed').children) if (row.dataset.id === key) return row;
    return null;
  }

  /** A transfer heard live; a purchase's payment already shown by its sale is not shown twice. */
  function heardTransfer(transfer) {
    const key = View.transferKey(transfer);
    if (feedKeys.has(key)) return;
    feedKeys.add(key);
    prepend(toDom(View.transferRow(transfer, formats, Date.now(), true)));
  }

  /** A sale heard live: it tells more than its payment's row (the seller, the artifact), so it replaces it. */
  function heardSale(sale) {
    const node = toDom(View.saleRow(sale, formats, Date.now()));
    const key = sale.purchaseId;
    if (key && feedKeys.has(key)) {
      const shown = feedRow(key);
      if (shown) shown.replaceWith(node);
      return;
    }
    if (key) feedKeys.add(key);
    prepend(node);
  }

  function refreshTimes() {
    for (const node of document.querySelectorAll('time[datetime]'))
      node.textContent = formats.ago(node.getAttribute('datetime'), Date.now());
  }

  // ---- gallery -----------------------------------------------------------------------------------------

  async function loadGallery() {
    try {
      show('gallery', View.gallery(await read('artifacts'), formats));
      setNotice('gallery-notice', '');
    } catch (error) {
      setNotice('gallery-notice', error.message);
    }
  }

  // ---- economy panel -----------------------------------------------------------------------------------

  async function loadEconomy() {
    try {
      show('economy', View.economy(await read('economy'), formats));
      setNotice('economy-notice', '');
    } catch (error) {
      setNotice('economy-notice', error.message);
    }
  }

  async function loadGovernance() {
    try {
      show('governance', View.governance(await read('governance'), formats));
      setNotice('governance-notice', '');
    } catch (error) {
      setNotice('governance-notice', error.message);
    }
  }

  // ---- verify ------------------------------------------------------------------------------------------

  const count = (n, noun) => `${formats.number(n)} ${noun}${n === 1 ? '' : 's'}`;
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
          report.ok ? '✓ ok: the books add up' : '✗ Problems found',
        ),
        el(
          'p',
          {},
          `${report.chainIntact ? 'No journal entry was changed: every fingerprint matches' : 'A journal entry was changed: its fingerprint does not match'}. ${report.matchesReplicatedJournal ? 'The stored books match the replicated copy of every confirmed payment' : 'The stored books differ from the replicated copy of the confirmed payments'}. This community's ${formats.number(report.entries)} entries give ${formats.number(report.balanceMismatches)} balances that differ from the stored ones, and all its balances add up to ${formats.number(report.communitySum)} (every ticket paid is a ticket received).`,
        ),
      ];
      if (report.provenance) {
        lines.push(
          el(
            'p',
            {},
            report.provenance.ok
              ? `Artifact ownership checks out: ${count(report.provenance.entries, 'record')} of who owned what, ${count(report.provenance.editions, 'artifact')}. Latest fingerprint: `
              : 'Artifact ownership: problems found. Latest fingerprint: ',
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
  const refreshEconomy = throttled(loadEconomy, ECONOMY_REFRESH_MIN_MS);

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
    source.addEventListener('hello', () => {
      setLive('live', 'Live');
      // Catch up on what happened since the page was made (or while the connection was down).
      void loadFeed();
      refreshFigures();
    });
    source.addEventListener('transfer', (event) => {
      const transfer = parse(event);
      if (!transfer) return;
      heardTransfer(transfer);
      refreshFigures();
      refreshEconomy();
    });
    source.addEventListener('sale', (event) => {
      const sale = parse(event);
      if (!sale) return;
      heardSale(sale);
      refreshGallery();
    });
    source.addEventListener('closed', () => {
      source.close();
      setLive('off', 'No longer public');
    });
    source.addEventListener('error', () => setLive('reconnecting', 'Reconnecting…'));
  }

  const LOADERS = {
    overview: loadOverview,
    leaderboard: loadLeaderboard,
    transactions: loadFeed,
    artifacts: loadGallery,
    volume: loadVolume,
    economy: loadEconomy,
    governance: loadGovernance,
  };

  function begin() {
    $('verify-button').addEventListener('click', () => void verify());
    rememberFeedKeys();
    if (start.volume) {
      volumePoints = start.volume;
      drawVolume(volumePoints);
    }
    for (const card of start.missing) void LOADERS[card]();
    follow();
    window.setInterval(() => {
      refreshFigures();
      refreshGallery();
      refreshEconomy();
      void loadGovernance();
    }, POLL_MS);
    window.setInterval(refreshTimes, 15_000);
    let resizeTimer = null;
    window.addEventListener('resize', () => {
      window.clearTimeout(resizeTimer);
      resizeTimer = window.setTimeout(() => volumePoints && drawVolume(volumePoints), 200);
    });
  }

  begin();
})();
