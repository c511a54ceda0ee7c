import { CommunityIdSchema, type Rarity } from '@ticketonomics/contracts';

/**
 * The pure part of the demo community: who lives there, what the shop sells, how often each kind of
 * action happens and how big it is. No I/O here, so it is tested with a seeded random source.
 */

export type Random = () => number;

/** A small seeded generator (mulberry32): the same seed plays the same demo. */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export function randomInt(random: Random, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

export function pickOne<T>(random: Random, items: readonly T[]): T {
  if (items.length === 0) throw new Error('pickOne needs at least one item');
  return items[Math.min(items.length - 1, Math.floor(random() * items.length))];
}

/** A key of `weights`, each with probability proportional to its weight (weights of 0 never). */
export function pickWeighted<K extends string>(random: Random, weights: Readonly<Record<K, number>>): K {
  const entries = (Object.entries(weights) as [K, number][]).filter(([, weight]) => weight > 0);
  const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
  if (total <= 0) throw new Error('pickWeighted needs a positive weight');
  let roll = random() * total;
  for (const [key, weight] of entries) {
    roll -= weight;
    if (roll < 0) return key;
  }
  return entries[entries.length - 1][0];
}

export const DEMO_ACTIONS = [
  'chat',
  'pay',
  'shopBuy',
  'list',
  'marketBuy',
  'trade',
  'prize',
  'grant',
] as const;
export type DemoAction = (typeof DEMO_ACTIONS)[number];

/** How often each action happens, relative to the others: mostly talk and payments, some shopping. */
export const DEMO_ACTION_WEIGHTS: Record<DemoAction, number> = {
  chat: 30,
  pay: 28,
  shopBuy: 10,
  list: 9,
  marketBuy: 10,
  trade: 5,
  prize: 5,
  grant: 3,
};

export interface DemoMember {
  /** Stable external id of the member's demo identity (provider `demo`). */
  key: string;
  displayName: string;
  username: string;
  /** Tickets minted to them once, when the demo first sets up. */
  welcome: number;
}

export const DEMO_MAYOR: DemoMember = {
  key: 'mayor',
  displayName: 'Mayor Quinn',
  username: 'mayor_quinn',
  welcome: 200,
};

export const DEMO_MEMBERS: readonly DemoMember[] = [
  { key: 'ada', displayName: 'Ada', username: 'ada_demo', welcome: 800 },
  { key: 'bruno', displayName: 'Bruno', username: 'bruno_demo', welcome: 650 },
  { key: 'chen', displayName: 'Chen', username: 'chen_demo', welcome: 500 },
  { key: 'dalia', displayName: 'Dalia', username: 'dalia_demo', welcome: 450 },
  { key: 'emeka', displayName: 'Emeka', username: 'emeka_demo', welcome: 400 },
  { key: 'freya', displayName: 'Freya', username: 'freya_demo', welcome: 350 },
  { key: 'goran', displayName: 'Goran', username: 'goran_demo', welcome: 300 },
  { key: 'hana', displayName: 'Hana', username: 'hana_demo', welcome: 260 },
  { key: 'ivo', displayName: 'Ivo', username: 'ivo_demo', welcome: 220 },
  { key: 'jun', displayName: 'Jun', username: 'jun_demo', welcome: 180 },
  { key: 'kemi', displayName: 'Kemi', username: 'kemi_demo', welcome: 150 },
  { key: 'lars', displayName: 'Lars', username: 'lars_demo', welcome: 120 },
];

export interface DemoArtifact {
  key: string;
  name: string;
  description: string;
  emoji: string;
  rarity: Rarity;
  supplyMax: number | null;
  royaltyBps: number;
  price: number;
}

export const DEMO_ARTIFACTS: readonly DemoArtifact[] = [
  {
    key: 'golden-ticket',
    name: 'Golden Ticket',
    description: 'One of the first tickets ever printed in Demo Town.',
    emoji: '🎫',
    rarity: 'legendary',
    supplyMax: 25,
    royaltyBps: 500,
    price: 150,
  },
  {
    key: 'town-crest',
    name: 'Town Crest',
    description: 'Proudly displayed by long-time residents.',
    emoji: '🛡️',
    rarity: 'epic',
    supplyMax: 60,
    royaltyBps: 300,
    price: 90,
  },
  {
    key: 'moon-cookie',
    name: 'Moon Cookie',
    description: 'Baked once a month, never eaten.',
    emoji: '🍪',
    rarity: 'rare',
    supplyMax: 200,
    royaltyBps: 200,
    price: 40,
  },
  {
    key: 'paper-crane',
    name: 'Paper Crane',
    description: 'Folded at the weekly meet-up.',
    emoji: '🕊️',
    rarity: 'uncommon',
    supplyMax: null,
    royaltyBps: 0,
    price: 15,
  },
  {
    key: 'lucky-clover',
    name: 'Lucky Clover',
    description: 'Four leaves, found by the river.',
    emoji: '🍀',
    rarity: 'common',
    supplyMax: null,
    royaltyBps: 0,
    price: 8,
  },
];

export const PAYMENT_MEMOS = [
  'for the pizza',
  'thanks for the help',
  'concert tickets',
  'split the taxi',
  'birthday gift',
  'for the book',
  'coffee',
  'won the bet',
] as const;

export const CHAT_LINES = [
  'Good morning everyone, who is coming to the meet-up?',
  'Here is the link to the photos from yesterday',
  'I can help with the spreadsheet if you like',
  'Has anyone seen the new Golden Ticket?',
  'Thanks all, that was a great evening!',
  'Reminder: the quiz starts at eight tonight',
] as const;

/** A payment: a few percent of what the payer holds, at least 1, never more than they have. */
export function paymentAmount(random: Random, available: number): number {
  if (available < 1) return 0;
  const share = 0.02 + random() * 0.13;
  return Math.max(1, Math.min(available, Math.round(available * share)));
}

/** An asking price for an edition on the market: its last price (or shop price) with a mark-up of 5-80%. */
export function listingPrice(random: Random, reference: number): number {
  return Math.max(1, Math.round(reference * (1.05 + random() * 0.75)));
}

export interface DemoOptions {
  communityId: string;
  title: string;
  actionsPerSecond: number;
  seed: number;
}

/** Bounds of the demo's pace: slow enough for two cores, fast enough to look alive. */
export const DEMO_ACTIONS_PER_SECOND_MIN = 0.2;
export const DEMO_ACTIONS_PER_SECOND_MAX = 20;
export const DEMO_ACTIONS_PER_SECOND_DEFAULT = 2;

/** The demo's settings from the environment; a bad value is an error naming the variable. */
export function demoOptionsFrom(env: Record<string, string | undefined>): DemoOptions {
  const communityId = env['DEMO_COMMUNITY'] || 'demo-town';
  if (!CommunityIdSchema.safeParse(communityId).success) {
    throw new Error(
      `DEMO_COMMUNITY must be 1-64 characters of A-Z, a-z, 0-9, _ or - (got ${JSON.stringify(communityId)})`,
    );
  }
  const rateText = env['DEMO_ACTIONS_PER_SECOND'];
  const actionsPerSecond =
    rateText === undefined || rateText === '' ? DEMO_ACTIONS_PER_SECOND_DEFAULT : Number(rateText);
  if (
    !Number.isFinite(actionsPerSecond) ||
    actionsPerSecond < DEMO_ACTIONS_PER_SECOND_MIN ||
    actionsPerSecond > DEMO_ACTIONS_PER_SECOND_MAX
  ) {
    throw new Error(
      `DEMO_ACTIONS_PER_SECOND must be a number from ${DEMO_ACTIONS_PER_SECOND_MIN} to ${DEMO_ACTIONS_PER_SECOND_MAX} (got ${JSON.stringify(rateText)})`,
    );
  }
  const seedText = env['DEMO_SEED'];
  const seed = seedText === undefined || seedText === '' ? Date.now() % 2 ** 31 : Number(seedText);
  if (!Number.isInteger(seed))
    throw new Error(`DEMO_SEED must be a whole number (got ${JSON.stringify(seedText)})`);
  return { communityId, title: env['DEMO_TITLE'] || 'Demo Town', actionsPerSecond, seed };
}
