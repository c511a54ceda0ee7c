import { Inject, Injectable } from '@nestjs/common';
import { loadDashboardAssets, loadDashboardView, type DashboardView } from './dashboard.assets';
import { escapeHtml, fillTemplate, inlineJson, toHtml, type ViewNode } from './dashboard.html';
import type { DashboardLimits } from './dashboard.limits';
import { DASHBOARD_LIMITS } from './dashboard.tokens';
import { EconomyPanelService } from './economy-panel.service';
import { PublicDataService } from './public-data.service';

/** What the page shows until its script has read a card the server could not fill in time. */
const LOADING = '<li class="empty">Loading…</li>';
const LOADING_PANEL = '<p class="empty">Loading…</p>';
const DEFAULT_CURRENCY = { name: 'Ticket', symbol: '🎟' };

/** A page to send: its status and its HTML. */
export interface RenderedPage {
  status: number;
  html: string;
}

/** The data the page's script starts from (inlined in the page as JSON, read, never run). */
export interface PageStart {
  communityId: string;
  currency: { name: string; symbol: string };
  /** The volume chart's points (drawn by the script, in the visitor's time zone); null: to be read. */
  volume: { start: string; value: number }[] | null;
  /** Cards the server could not fill within its budget: the script reads them at once. */
  missing: (
    'overview' | 'leaderboard' | 'transactions' | 'artifacts' | 'volume' | 'economy' | 'governance'
  )[];
}

/** Each read, or null when it failed or was not done within `budgetMs` (it goes on, cached, for the script). */
async function withinBudget<T extends readonly Promise<unknown>[]>(
  reads: T,
  budgetMs: number,
): Promise<{ -readonly [K in keyof T]: Awaited<T[K]> | null }> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), budgetMs);
  });
  try {
    return (await Promise.all(reads.map((read) => Promise.race([read.catch(() => null), late])))) as {
      -readonly [K in keyof T]: Awaited<T[K]> | null;
    };
  } finally {
    clearTimeout(timer);
  }
}

const html = (nodes: ViewNode[]): string => nodes.map(toHtml).join('');

/**
 * The dashboard's pages as the server sends them: the community's page with its first figures already
 * in (so its first paint is the community's name and numbers, not dashes), and the pages that say why
 * there is no dashboard to show. The page's script then takes over with the same view.
 */
@Injectable()
export class DashboardPages {
  private readonly view: DashboardView = loadDashboardView();
  private readonly templates: { dashboard: string; message: string };

  constructor(
    private readonly data: PublicDataService,
    private readonly economyPanel: EconomyPanelService,
    @Inject(DASHBOARD_LIMITS) private readonly limits: DashboardLimits,
  ) {
    const assets = loadDashboardAssets();
    const text = (name: string) => (assets.get(name)?.body ?? Buffer.alloc(0)).toString('utf8');
    this.templates = { dashboard: text('dashboard.html'), message: text('message.html') };
  }

  /** A public community's page; `locale` is the visitor's, for numbers as their browser writes them. */
  async dashboard(communityId: string, locale: string): Promise<RenderedPage> {
    const [title, overview, leaderboard, transactions, artifacts, volume, economy, governance] =
      await withinBudget(
        [
          this.data.communityTitle(communityId),
          this.data.overview(communityId),
          this.data.leaderboard(communityId),
          this.data.transactions(communityId, this.limits.transactionsDefault),
          this.data.artifacts(communityId),
          this.data.volume(communityId),
          this.economyPanel.economy(communityId),
          this.economyPanel.governance(communityId),
        ] as const,
        this.limits.firstPaintBudgetMs,
      );
    const currency = overview?.currency ?? DEFAULT_CURRENCY;
    const formats = this.view.formats(locale, currency);
    const now = Date.now();
    const name = title ?? overview?.title ?? communityId;
    const start: PageStart = {
      communityId,
      currency,
      volume: volume?.points ?? null,
      missing: (
        [
          ['overview', overview],
          ['leaderboard', leaderboard],
          ['transactions', transactions],
          ['artifacts', artifacts],
          ['volume', volume],
          ['economy', economy],
          ['governance', governance],
        ] as const
      ).flatMap(([card, value]) => (value === null ? [card] : [])),
    };
    return {
      status: 200,
      html: fillTemplate(this.templates.dashboard, {
        title: escapeHtml(this.view.pageTitle(name)),
        name: escapeHtml(name),
        figures: html(this.view.figures(overview, formats, currency)),
        holders: leaderboard === null ? LOADING : html(this.view.holders(leaderboard, formats)),
        feed: transactions === null ? LOADING : html(this.view.feed(transactions, formats, now)),
        gallery: artifacts === null ? LOADING : html(this.view.gallery(artifacts, formats)),
        economy: economy === null ? LOADING_PANEL : html(this.view.economy(economy, formats)),
        governance: governance === null ? LOADING_PANEL : html(this.view.governance(governance, formats)),
        sources: escapeHtml(this.view.sources(overview)),
        data: inlineJson(start),
      }),
    };
  }

  /** A private community's page and an unknown one's: the same words, so neither tells which exists. */
  notPublic(communityId: string): RenderedPage {
    return this.message(
      404,
      'No public dashboard here',
      `There is no public dashboard for “${communityId}”.`,
      'Either no community has that name, or its admins have not made its dashboard public yet: an admin opens it with /settings dashboard on in the group.',
    );
  }

  badAddress(): RenderedPage {
    return this.message(
      400,
      'This address names no community',
      'A dashboard’s address ends with its community’s id: 1 to 64 letters, digits, _ or -.',
      'For example /dashboard/demo-town.',
    );
  }

  /** The services the page needs did not answer: `reason` is the polite message saying which. */
  unavailable(status: number, reason: string): RenderedPage {
    return this.message(
      status,
      'The dashboard cannot be shown right now',
      `${reason[0]?.toUpperCase() ?? ''}${reason.slice(1)}.`,
      'Reload the page in a moment.',
    );
  }

  private message(status: number, heading: string, message: string, hint: string): RenderedPage {
    return {
      status,
      html: fillTemplate(this.templates.message, {
        title: escapeHtml(`${heading} · Ticketonomics`),
        heading: escapeHtml(heading),
        status: String(status),
        message: escapeHtml(message),
        hint: escapeHtml(hint),
      }),
    };
  }
}
