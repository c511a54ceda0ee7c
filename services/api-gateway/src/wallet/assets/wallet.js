/* global document, window, location, history, navigator, localStorage, sessionStorage, crypto, atob, Node */
/* The wallet Mini App. No framework and nothing from a CDN (the gateway's CSP allows only this origin).
 *
 * Sign-in: inside Telegram the page gets the signed initData in its URL fragment (#tgWebAppData=...), which
 * Telegram puts there for every Mini App, so Telegram's telegram-web-app.js is not needed (it is used when a
 * host page loaded it). In a plain browser the Telegram Login Widget's redirect comes back with
 * #tgAuthResult=<base64 JSON>. Either goes to the gateway once, which checks Telegram's signature and answers a
 * short-lived session token (kept in this tab's sessionStorage, so a reload stays signed in, and refreshed before
 * it expires). The fragment is wiped at once, so a shared link carries no sign-in. */
(function () {
  'use strict';
  const T = window.WalletTexts;
  const API = '/v1/app';
  const REFRESH_EARLY_MS = 60_000;
  const REFRESH_RETRY_MS = 10_000;
  const PAGE_LIMIT = 20;
  const COMMUNITY_KEY = 'ticketonomics.wallet.community';
  /** This tab's session (and Telegram's theme), so a reload stays signed in; closing the tab forgets both. */
  const SESSION_KEY = 'ticketonomics.wallet.session';
  const TABS = [
    ['wallet', '👛'],
    ['artifacts', '🃏'],
    ['market', '🛒'],
    ['pay', '💸'],
    ['votes', '🗳'],
    ['pools', '🤝'],
  ];
  const CODES = Object.keys(T.en.codes);

  const state = {
    t: T.en,
    session: null,
    communityId: null,
    accountId: null,
    tab: 'wallet',
    refreshTimer: 0,
  };
  const $ = (id) => document.getElementById(id);

  /** A DOM element from a tag, attributes (on* as listeners) and children (strings become text, never markup). */
  function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (name.startsWith('on')) el.addEventListener(name.slice(2), value);
      else if (name === 'dataset') Object.assign(el.dataset, value);
      else el.setAttribute(name, value === true ? '' : String(value));
    }
    for (const child of children.flat()) {
      if (child === undefined || child === null || child === false) continue;
      el.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return el;
  }

  // ---- Where the sign-in comes from -------------------------------------------------------------------

  /** What Telegram (or the Login Widget) put in the URL, read once and wiped from the address bar. */
  function readLaunch() {
    const fragment = new URLSearchParams(location.hash.slice(1));
    const query = new URLSearchParams(location.search);
    const launch = {
      initData: window.Telegram?.WebApp?.initData || fragment.get('tgWebAppData') || '',
      theme: fragment.get('tgWebAppThemeParams'),
      widget: widgetPayload(fragment, query),
      communityId: query.get('community') || undefined,
    };
    if (location.hash !== '' || query.has('hash')) {
      const keep =
        launch.communityId === undefined ? '' : `?community=${encodeURIComponent(launch.communityId)}`;
      history.replaceState(null, '', location.pathname + keep);
    }
    return launch;
  }

  /** The Login Widget's payload: #tgAuthResult=<base64 JSON> (redirect) or its fields as query parameters. */
  function widgetPayload(fragment, query) {
    const encoded = fragment.get('tgAuthResult');
    if (encoded !== null) {
      try {
        // Base64 (URL-safe or not; a '+' read from the fragment comes back as a space) of UTF-8 JSON.
        const binary = atob(encoded.replace(/ /g, '+').replace(/-/g, '+').replace(/_/g, '/'));
        return JSON.parse(new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0))));
      } catch {
        return { invalid: true };
      }
    }
    if (!query.has('hash') || !query.has('id')) return null;
    const payload = {};
    for (const name of ['id', 'first_name', 'last_name', 'username', 'photo_url', 'auth_date', 'hash']) {
      if (query.has(name)) payload[name] = query.get(name);
    }
    payload.id = Number(payload.id);
    payload.auth_date = Number(payload.auth_date);
    return payload;
  }

  /** The member's language before the server answers: initData's user.language_code, else the browser's. */
  function launchLanguage(initData) {
    try {
      const user = JSON.parse(new URLSearchParams(initData).get('user') || 'null');
      if (user && user.language_code) return T.languageOf(user.language_code);
    } catch {
      /* unreadable user: the server refuses it anyway */
    }
    return T.languageOf(navigator.language);
  }

  /** Telegram's theme colours (tgWebAppThemeParams) as CSS variables the stylesheet falls back from. */
  function applyTheme(themeJson) {
    if (!themeJson) return;
    try {
      const theme = JSON.parse(themeJson);
      const names = ['bg', 'secondary_bg', 'text', 'hint', 'button', 'button_text'];
      for (const name of names) {
        const value = theme[`${name}_color`];
        if (/^#[0-9a-f]{6}$/i.test(value || '')) {
          document.documentElement.style.setProperty(`--tg-${name.replace('_', '-')}`, value);
        }
      }
    } catch {
      /* a theme we cannot read leaves the page's own colours */
    }
  }

  // ---- The gateway ------------------------------------------------------------------------------------

  class ApiError extends Error {
    constructor(status, body) {
      super(body?.error?.message || `HTTP ${status}`);
      this.status = status;
      this.code = body?.error?.code || 'UNAVAILABLE';
      this.details = body?.error?.details || {};
    }
  }

  async function call(method, path, body, idempotencyKey) {
    const headers = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (state.session) headers.authorization = `Bearer ${state.session.token}`;
    if (idempotencyKey) headers['idempotency-key'] = idempotencyKey;
    let response;
    try {
      response = await fetch(path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch {
      throw new ApiError(0, null);
    }
    const text = await response.text();
    const parsed = text === '' ? null : JSON.parse(text);
    if (!response.ok) throw new ApiError(response.status, parsed);
    return parsed;
  }

  const community = (path = '') => `${API}/communities/${encodeURIComponent(state.communityId)}${path}`;
  const newKey = () =>
    window.crypto?.randomUUID ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(16).slice(2)}`;

  /** Refreshes the token a minute before it expires; a failed refresh is tried again while the token lives. */
  function keepFresh(delayMs) {
    clearTimeout(state.refreshTimer);
    const dueMs = Date.parse(state.session.expiresAt) - Date.now() - REFRESH_EARLY_MS;
    if (Date.parse(state.session.sessionExpiresAt) - Date.now() < REFRESH_EARLY_MS) return;
    state.refreshTimer = setTimeout(
      async () => {
        try {
          state.session = await call('POST', `${API}/sessions/refresh`, { communityId: state.communityId });
          remember();
          keepFresh();
        } catch (error) {
          if (error.status === 401) showScreen('refused');
          else if (Date.parse(state.session.expiresAt) > Date.now()) keepFresh(REFRESH_RETRY_MS);
        }
      },
      delayMs ?? Math.max(dueMs, 1_000),
    );
  }

  // ---- Screens ----------------------------------------------------------------------------------------

  function showScreen(kind, action) {
    const t = state.t;
    if (kind === 'refused') sessionStorage.removeItem(SESSION_KEY);
    const texts = {
      loading: [t.loading, ''],
      refused: [t.refusedTitle, t.refusedBody],
      unknown: [t.unknownTitle, t.unknownBody],
      off: [t.offTitle, t.offBody],
      error: [t.failedTitle, t.failedBody],
      signIn: [t.signInTitle, t.signInBody],
      noCommunity: [t.noCommunityTitle, t.noCommunityBody],
      pickCommunity: [t.pickCommunityTitle, t.pickCommunityBody],
    }[kind];
    $('app').hidden = true;
    $('screen').hidden = false;
    $('screen').dataset.kind = kind;
    $('screen-title').textContent = texts[0];
    $('screen-body').textContent = texts[1];
    $('screen-action').replaceChildren(action || '');
    document.title = `${texts[0]} · ${t.title}`;
  }

  function screenForError(error) {
    if (error.status === 401 || error.status === 400) return 'refused';
    if (error.status === 404) return 'unknown';
    if (error.status === 503 && error.details.state === 'not_configured') return 'off';
    return 'error';
  }

  /** The Login Widget without its script: Telegram's own page signs in and sends the member back here. */
  function signInLink() {
    const botId = document.body.dataset.botId;
    if (!/^[0-9]+$/.test(botId || '')) return h('p', { class: 'hint' }, state.t.signInUnavailable);
    const back = new URL(location.href);
    const url = new URL('https://oauth.telegram.org/auth');
    url.searchParams.set('bot_id', botId);
    url.searchParams.set('origin', location.origin);
    url.searchParams.set('return_to', back.toString());
    url.searchParams.set('request_access', 'write');
    return h(
      'a',
      { href: url.toString() },
      h('button', { type: 'button', tabindex: '-1' }, state.t.signInButton),
    );
  }

  async function signIn(launch) {
    const communityId = launch.communityId || localStorage.getItem(COMMUNITY_KEY) || undefined;
    showScreen('loading');
    try {
      if (launch.initData) {
        return await call('POST', `${API}/sessions/telegram-webapp`, {
          initData: launch.initData,
          communityId,
        });
      }
      if (launch.widget) {
        if (launch.widget.invalid) throw new ApiError(401, null);
        return await call('POST', `${API}/sessions/telegram-login`, { ...launch.widget, communityId });
      }
    } catch (error) {
      const kind = screenForError(error);
      showScreen(
        kind,
        kind === 'error'
          ? h('button', { type: 'button', onclick: () => location.reload() }, state.t.retry)
          : undefined,
      );
      return null;
    }
    showScreen('signIn', signInLink());
    return null;
  }

  // ---- The app ----------------------------------------------------------------------------------------

  async function openApp() {
    const { session } = state;
    state.t = T[T.languageOf(session.user.language)] || T.en;
    document.documentElement.lang = T.languageOf(session.user.language);
    // A reload keeps the group the member last chose in this browser, if they are still a member there.
    const last = localStorage.getItem(COMMUNITY_KEY);
    const chosen =
      session.communityId || session.communities.find((c) => c.communityId === last)?.communityId;
    if (chosen) return openCommunity(chosen);
    if (session.communities.length === 0) {
      showScreen('noCommunity');
      return;
    }
    pickCommunity();
  }

  /** The member's communities as buttons: opened without a group named, or to switch groups. */
  function pickCommunity() {
    const list = h(
      'div',
      { class: 'pick-list' },
      ...state.session.communities.map(({ communityId, title }) =>
        h(
          'button',
          {
            type: 'button',
            class: communityId === state.communityId ? 'secondary' : '',
            onclick: () => void openCommunity(communityId).catch(failed),
          },
          title || communityId,
        ),
      ),
    );
    showScreen('pickCommunity', list);
  }

  async function openCommunity(communityId) {
    const { session } = state;
    state.communityId = communityId;
    showScreen('loading');
    localStorage.setItem(COMMUNITY_KEY, state.communityId);
    const home = await call('GET', community());
    state.accountId = home.accountId;
    $('community-title').textContent = home.community.title || state.communityId;
    $('switch-community').hidden = session.communities.length < 2;
    $('switch-community').title = state.t.switchCommunity;
    $('switch-community').setAttribute('aria-label', state.t.switchCommunity);
    $('member-name').textContent = session.user.username
      ? `@${session.user.username}`
      : session.user.displayName;
    document.title = `${state.t.title} · ${home.community.title || state.communityId}`;
    $('tabs').replaceChildren(
      ...TABS.map(([id, icon]) =>
        h(
          'button',
          {
            type: 'button',
            role: 'tab',
            id: `tab-${id}`,
            'aria-selected': String(id === state.tab),
            onclick: () => show(id),
          },
          h('span', { class: 'icon', 'aria-hidden': 'true' }, icon),
          h('span', {}, state.t.tabs[id]),
        ),
      ),
    );
    $('tabs').setAttribute('role', 'tablist');
    $('screen').hidden = true;
    $('app').hidden = false;
    await show(state.tab);
  }

  async function show(tab) {
    state.tab = tab;
    for (const [id] of TABS) $(`tab-${id}`).setAttribute('aria-selected', String(id === tab));
    const panel = h('section', { class: 'panel', id: `panel-${tab}`, role: 'tabpanel', 'aria-busy': 'true' });
    $('main').replaceChildren(panel);
    try {
      await PANELS[tab](panel);
    } catch (error) {
      if (error.status === 401) return showScreen('refused');
      panel.append(h('p', { class: 'card hint' }, errorText(error)));
    }
    panel.setAttribute('aria-busy', 'false');
  }

  const typeLabel = (type) => `${type.emoji ? `${type.emoji} ` : ''}${type.name}`;

  function errorText(error) {
    const t = state.t;
    if (error.status === 0) return t.errorPrefix + t.failedBody;
    const details = error.details || {};
    const own =
      t.errors[`${error.code}:${details.reason}`] ||
      t.errors[`${error.code}:${details.field}`] ||
      t.errors[error.code];
    return t.errorPrefix + (own || error.message);
  }

  /**
   * Telegram's own messages to its client, as telegram-web-app.js sends them (the script is not loaded): the
   * app is ready (the client drops its placeholder) and may take the whole screen.
   */
  function postToTelegram(eventType) {
    const message = JSON.stringify({ eventType, eventData: {} });
    if (window.TelegramWebviewProxy) window.TelegramWebviewProxy.postEvent(eventType, '{}');
    else if (window.external && 'notify' in window.external) window.external.notify(message);
    else if (window.parent !== window) window.parent.postMessage(message, 'https://web.telegram.org');
  }

  function toast(text, kind) {
    const el = $('toast');
    el.textContent = text;
    el.dataset.kind = kind || 'ok';
    el.hidden = false;
    clearTimeout(toast.timer);
    toast.timer = setTimeout(() => (el.hidden = true), 4_000);
  }

  /**
   * The confirmation step of every act that moves tickets or artifacts: the member reads what will happen
   * and confirms. The Idempotency-Key is made when the sheet opens, so pressing Confirm twice or retrying
   * after a lost answer does the act once.
   */
  function confirmSheet({ text, fields = [], act }) {
    const key = newKey();
    $('toast').hidden = true;
    $('sheet-text').textContent = typeof text === 'function' ? text() : text;
    $('sheet-fields').replaceChildren(...fields);
    $('sheet-cancel').textContent = state.t.cancel;
    $('sheet-confirm').textContent = state.t.confirm;
    $('sheet').hidden = false;
    const close = () => {
      $('sheet').hidden = true;
      $('sheet-confirm').onclick = null;
    };
    $('sheet-cancel').onclick = close;
    $('sheet-confirm').disabled = false;
    $('sheet-confirm').onclick = async () => {
      $('sheet-confirm').disabled = true;
      try {
        const done = await act(key);
        close();
        toast(done);
        await show(state.tab);
      } catch (error) {
        close();
        toast(errorText(error), 'error');
      }
    };
    (fields.find((f) => f.querySelector?.('input'))?.querySelector('input') || $('sheet-confirm')).focus();
  }

  const PANELS = {
    async wallet(panel) {
      const t = state.t;
      const balance = await call('GET', community('/balance'));
      panel.append(
        h(
          'div',
          { class: 'card' },
          h('p', { class: 'hint' }, t.balance),
          h('p', { class: 'balance-figure', id: 'balance' }, t.tickets(balance.balance)),
          h('p', { class: 'hint' }, t.available(balance.available)),
          balance.pendingDebits > 0 ? h('p', { class: 'hint' }, t.held(balance.pendingDebits)) : null,
        ),
      );
      const filter = h(
        'select',
        { id: 'history-kind', 'aria-label': t.allKinds },
        h('option', { value: '' }, t.allKinds),
        ...CODES.map((code) => h('option', { value: code }, t.codes[code])),
      );
      filter.value = state.historyCode || '';
      const list = h('ul', { class: 'list', id: 'history' });
      const card = h(
        'div',
        { class: 'card' },
        h('div', { class: 'row' }, h('h2', {}, t.history)),
        h('div', { class: 'filters' }, filter),
        list,
      );
      panel.append(card);
      const load = async (cursor) => {
        const query = new URLSearchParams({ limit: String(PAGE_LIMIT) });
        if (state.historyCode) query.set('code', state.historyCode);
        if (cursor) query.set('cursor', cursor);
        const page = await call('GET', community(`/transfers?${query}`));
        if (!cursor) list.replaceChildren();
        for (const row of page.items.filter(shownInHistory)) list.append(historyRow(row));
        if (list.childElementCount === 0) list.append(h('li', { class: 'hint' }, t.noHistory));
        card.querySelector('.more')?.remove();
        if (page.nextCursor) {
          card.append(
            h(
              'button',
              { type: 'button', class: 'secondary small more', onclick: () => load(page.nextCursor) },
              t.more,
            ),
          );
        }
      };
      filter.addEventListener('change', () => {
        state.historyCode = filter.value;
        load().catch((error) => toast(errorText(error), 'error'));
      });
      await load();
    },

    async artifacts(panel) {
      const t = state.t;
      const [inventory, trades] = await Promise.all([
        call('GET', community(`/inventory?limit=${PAGE_LIMIT}`)),
        call('GET', community(`/trades?status=open&limit=${PAGE_LIMIT}`)),
      ]);
      panel.append(
        h('h2', {}, t.artifactsTitle),
        h('p', { class: 'hint' }, t.collection(inventory.editionCount, inventory.collectionValue)),
      );
      const grid = h('div', { class: 'grid', id: 'artifacts' });
      for (const { edition, type } of inventory.items) {
        grid.append(
          artCard(type, [
            h(
              'p',
              { class: 'hint' },
              `${t.serial(edition.serial, type.supplyMax)} · ${t.status[edition.status] || edition.status}`,
            ),
            edition.status === 'owned'
              ? h(
                  'div',
                  { class: 'actions' },
                  h('button', { type: 'button', class: 'small', onclick: () => sell(edition, type) }, t.sell),
                )
              : null,
          ]),
        );
      }
      panel.append(inventory.items.length === 0 ? h('p', { class: 'card hint' }, t.noArtifacts) : grid);
      const list = h('ul', { class: 'list' });
      for (const trade of trades.items) list.append(tradeRow(trade));
      if (trades.items.length === 0) list.append(h('li', { class: 'hint' }, t.noTrades));
      panel.append(h('div', { class: 'card' }, h('h2', {}, t.trades), list));
    },

    async market(panel) {
      const t = state.t;
      const [shop, listings] = await Promise.all([
        call('GET', community(`/shop?limit=${PAGE_LIMIT}`)),
        call('GET', community(`/listings?limit=${PAGE_LIMIT}`)),
      ]);
      panel.append(h('h2', {}, t.shop));
      const shopGrid = h('div', { class: 'grid', id: 'shop' });
      for (const { item, type } of shop.items) {
        shopGrid.append(
          artCard(type, [
            h('p', { class: 'hint' }, `${t.tickets(item.price)} · ${t.stockLeft(unitsLeft(item, type))}`),
            h(
              'div',
              { class: 'actions' },
              h(
                'button',
                {
                  type: 'button',
                  class: 'small',
                  onclick: () =>
                    confirmSheet({
                      text: t.confirmBuy(typeLabel(type), item.price),
                      act: async (key) => {
                        await call('POST', community(`/shop/${item.id}/buy`), { priceMax: item.price }, key);
                        return t.bought(typeLabel(type));
                      },
                    }),
                },
                t.buy,
              ),
            ),
          ]),
        );
      }
      panel.append(shop.items.length === 0 ? h('p', { class: 'card hint' }, t.noShop) : shopGrid);
      panel.append(h('h2', {}, t.market));
      const marketGrid = h('div', { class: 'grid', id: 'market' });
      for (const { listing, type } of listings.items) {
        const mine = listing.sellerId === state.session.user.id;
        const action = mine
          ? h(
              'button',
              {
                type: 'button',
                class: 'small secondary',
                onclick: async () => {
                  try {
                    await call('DELETE', community(`/listings/${listing.id}`));
                    toast(t.cancelled);
                    await show('market');
                  } catch (error) {
                    toast(errorText(error), 'error');
                  }
                },
              },
              t.cancelListing,
            )
          : h(
              'button',
              {
                type: 'button',
                class: 'small',
                onclick: () =>
                  confirmSheet({
                    text: t.confirmBuy(typeLabel(type), listing.price),
                    act: async (key) => {
                      await call(
                        'POST',
                        community(`/listings/${listing.id}/buy`),
                        { priceMax: listing.price },
                        key,
                      );
                      return t.bought(typeLabel(type));
                    },
                  }),
              },
              t.buy,
            );
        marketGrid.append(
          artCard(type, [
            h('p', { class: 'hint' }, `${t.tickets(listing.price)}${mine ? ` · ${t.yourListing}` : ''}`),
            h('div', { class: 'actions' }, action),
          ]),
        );
      }
      panel.append(listings.items.length === 0 ? h('p', { class: 'card hint' }, t.noMarket) : marketGrid);
    },

    async pay(panel) {
      const t = state.t;
      const to = h('input', {
        id: 'pay-to',
        name: 'to',
        autocomplete: 'off',
        autocapitalize: 'off',
        placeholder: '@username',
        required: true,
      });
      const amount = h('input', {
        id: 'pay-amount',
        name: 'amount',
        type: 'number',
        inputmode: 'numeric',
        min: '1',
        step: '1',
        required: true,
      });
      const memo = h('input', { id: 'pay-memo', name: 'memo', maxlength: '256' });
      const form = h(
        'form',
        { class: 'card', id: 'pay-form' },
        h('h2', {}, t.payTitle),
        h('label', { for: 'pay-to' }, t.payTo),
        to,
        h('label', { for: 'pay-amount' }, t.amount),
        amount,
        h('label', { for: 'pay-memo' }, t.memo),
        memo,
        h('p', {}, h('button', { type: 'submit' }, t.payButton)),
      );
      form.addEventListener('submit', (event) => {
        event.preventDefault();
        if (!form.reportValidity()) return;
        const payee = to.value.trim().startsWith('@') ? to.value.trim() : `@${to.value.trim()}`;
        const sum = Number(amount.value);
        confirmSheet({
          text: t.confirmPay(sum, payee),
          act: async (key) => {
            const result = await call(
              'POST',
              community('/payments'),
              { to: payee, amount: sum, memo: memo.value.trim() },
              key,
            );
            form.reset();
            return t.paid(sum, payee, result.tax ? result.tax.amount : 0);
          },
        });
      });
      panel.append(form);
    },

    async votes(panel) {
      const t = state.t;
      const page = await call('GET', community(`/proposals?status=voting&limit=${PAGE_LIMIT}`));
      panel.append(h('h2', {}, t.votesTitle));
      const list = h('ul', { class: 'list card', id: 'proposals' });
      for (const proposal of page.items) {
        const vote = (choice) => async () => {
          try {
            await call('POST', community(`/proposals/${proposal.id}/vote`), { choice });
            toast(t.voted(choice));
            await show('votes');
          } catch (error) {
            toast(errorText(error), 'error');
          }
        };
        list.append(
          h(
            'li',
            {},
            h('h3', {}, proposal.title),
            h('p', { class: 'hint' }, t.proposalLine(proposal)),
            h('p', { class: 'hint' }, t.tally(proposal)),
            h(
              'div',
              { class: 'row' },
              h('button', { type: 'button', class: 'small', onclick: vote('yes') }, t.yes),
              h('button', { type: 'button', class: 'small secondary', onclick: vote('no') }, t.no),
            ),
          ),
        );
      }
      if (page.items.length === 0) list.append(h('li', { class: 'hint' }, t.noVotes));
      panel.append(list);
    },

    async pools(panel) {
      const t = state.t;
      const page = await call('GET', community(`/pools?status=open&limit=${PAGE_LIMIT}`));
      panel.append(h('h2', {}, t.poolsTitle));
      const list = h('ul', { class: 'list card', id: 'pools' });
      for (const pool of page.items) {
        const bar = h('span', {});
        bar.style.width = `${Math.min(100, Math.round((pool.pledgedAmount / pool.targetAmount) * 100))}%`;
        const amount = h('input', {
          type: 'number',
          inputmode: 'numeric',
          min: '1',
          step: '1',
          'aria-label': t.amount,
          placeholder: t.amount,
        });
        list.append(
          h(
            'li',
            {},
            h('h3', {}, pool.title),
            h('div', { class: 'bar' }, bar),
            h('p', { class: 'hint' }, t.poolProgress(pool)),
            h(
              'div',
              { class: 'row' },
              amount,
              h(
                'button',
                {
                  type: 'button',
                  class: 'small',
                  onclick: () => {
                    const sum = Number(amount.value);
                    if (!Number.isInteger(sum) || sum < 1) return amount.focus();
                    confirmSheet({
                      text: t.confirmPledge(sum, pool.title),
                      act: async (key) => {
                        await call('POST', community(`/pools/${pool.id}/pledges`), { amount: sum }, key);
                        return t.pledged(sum);
                      },
                    });
                  },
                },
                t.pledge,
              ),
            ),
          ),
        );
      }
      if (page.items.length === 0) list.append(h('li', { class: 'hint' }, t.noPools));
      panel.append(list);
    },
  };

  /**
   * The rows that changed the balance, and holds still open (a pledge): a hold that was posted shows as its
   * posting row, and one released changed nothing, so neither is listed twice or at all.
   */
  function shownInHistory(row) {
    return (
      row.kind === 'posted' ||
      row.kind === 'post_pending' ||
      (row.kind === 'pending' && row.pendingState === 'open')
    );
  }

  function historyRow(row) {
    const t = state.t;
    const outgoing = row.debitAccountId === state.accountId;
    return h(
      'li',
      { class: 'row', dataset: { code: row.code } },
      h(
        'div',
        {},
        h('div', {}, t.codes[row.code] || row.code),
        h(
          'div',
          { class: 'hint' },
          [row.memo, row.createdAt.slice(0, 16).replace('T', ' ')].filter(Boolean).join(' · '),
        ),
      ),
      h(
        'span',
        { class: outgoing ? 'amount-out' : 'amount-in' },
        `${outgoing ? '−' : '+'}${row.amount}${row.kind === 'pending' ? ` (${t.heldMark})` : ''}`,
      ),
    );
  }

  /** A shop item's stock is what is left to sell; without one, what the type's supply still allows. */
  function unitsLeft(item, type) {
    if (item.stock !== null) return item.stock;
    return type.supplyMax === null ? null : type.supplyMax - type.minted;
  }

  function artCard(type, extra) {
    const picture =
      type.imageUrl && /^https:\/\//.test(type.imageUrl)
        ? h('img', { src: type.imageUrl, alt: '', loading: 'lazy', referrerpolicy: 'no-referrer' })
        : type.emoji || '🎴';
    return h(
      'article',
      { class: 'art', dataset: { rarity: type.rarity } },
      h('div', { class: 'pic', 'aria-hidden': 'true' }, picture),
      h('h3', {}, type.name),
      h('p', { class: 'hint' }, state.t.rarity[type.rarity] || type.rarity),
      ...extra,
    );
  }

  function sell(edition, type) {
    const t = state.t;
    const price = h('input', {
      id: 'sell-price',
      type: 'number',
      inputmode: 'numeric',
      min: '1',
      step: '1',
      value: type.lastPrice || '',
    });
    const field = h('div', {}, h('label', { for: 'sell-price' }, t.price), price);
    const name = `${typeLabel(type)} ${t.serial(edition.serial, type.supplyMax)}`;
    confirmSheet({
      text: t.sellTitle(name),
      fields: [field],
      act: async (key) => {
        const sum = Number(price.value);
        if (!Number.isInteger(sum) || sum < 1) throw new Error(t.price);
        await call('POST', community('/listings'), { editionId: edition.id, price: sum }, key);
        return t.listed(name, sum);
      },
    });
  }

  function tradeRow(trade) {
    const t = state.t;
    const mine = trade.fromId === state.session.user.id;
    const act = (path, confirmText) => () => {
      const run = async (key) => {
        await call('POST', community(`/trades/${trade.id}/${path}`), undefined, key);
        if (path === 'accept') return t.accepted;
        return mine ? t.withdrawn : t.declined;
      };
      if (confirmText) return confirmSheet({ text: confirmText, act: run });
      run(newKey()).then(
        (done) => {
          toast(done);
          return show('artifacts');
        },
        (error) => toast(errorText(error), 'error'),
      );
    };
    return h(
      'li',
      {},
      h('p', {}, t.tradeLine(trade, mine)),
      h(
        'div',
        { class: 'row' },
        mine
          ? null
          : h(
              'button',
              { type: 'button', class: 'small', onclick: act('accept', t.confirmAccept(trade)) },
              t.accept,
            ),
        h(
          'button',
          { type: 'button', class: 'small secondary', onclick: act('decline') },
          mine ? t.withdraw : t.decline,
        ),
      ),
    );
  }

  function remember() {
    sessionStorage.setItem(SESSION_KEY, JSON.stringify({ session: state.session, theme: state.theme }));
  }

  /** The session this tab kept, while it has more than a few seconds left. */
  function remembered() {
    try {
      const saved = JSON.parse(sessionStorage.getItem(SESSION_KEY) || 'null');
      if (saved && Date.parse(saved.session.expiresAt) - Date.now() > REFRESH_EARLY_MS / 4) return saved;
    } catch {
      /* unreadable: signed out */
    }
    sessionStorage.removeItem(SESSION_KEY);
    return null;
  }

  async function main() {
    const launch = readLaunch();
    // A new Telegram sign-in always wins over the kept session: it may be another member's.
    const saved = launch.initData || launch.widget ? null : remembered();
    state.theme = launch.theme || saved?.theme || null;
    applyTheme(state.theme);
    state.t = T[launchLanguage(launch.initData)];
    document.documentElement.lang = launchLanguage(launch.initData);
    if (window.Telegram?.WebApp) window.Telegram.WebApp.ready();
    else if (launch.initData) ['web_app_ready', 'web_app_expand'].forEach(postToTelegram);
    const session = saved ? saved.session : await signIn(launch);
    if (session === null) return;
    state.session = session;
    remember();
    keepFresh();
    $('switch-community').onclick = pickCommunity;
    await openApp().catch(failed);
  }

  function failed(error) {
    showScreen(screenForError(error) === 'refused' ? 'refused' : 'error');
  }

  main();
})();
