import { ARTIFACT_LIMITS, type Rarity } from '@ticketonomics/contracts';
import { userError } from '../errors/user-facing.error';
import { parseAmount, parseTarget, type Target } from '../parsing/command-args.parser';
import { parseTaxPercent } from '../settings/setting-value.parser';
import { REF_PREFIX, type ArtifactKind } from './artifact-refs';
import { ARTIFACT_USAGE } from './artifacts.usage';

/** How much of a bad token is quoted back, so a pasted essay does not come back whole. */
const QUOTED_TOKEN_LENGTH_MAX = 32;

function quoted(token: string): string {
  return token.length > QUOTED_TOKEN_LENGTH_MAX ? `${token.slice(0, QUOTED_TOKEN_LENGTH_MAX)}…` : token;
}

/** Whitespace-separated words; commas separate too ("e5,e6" or "e5, e6"). */
export function words(args: string): string[] {
  return args.split(/[\s,]+/).filter((word) => word !== '');
}

/**
 * An artifact's number as members write it: `e5`, `#5`, `№5` or `5` for an edition; `m3` or `3` for a
 * listing; `t2` for a trade; a plain number for a shop item or a type. Zero, negative, fractional, huge or
 * wordy numbers are refused with an example of a good one.
 */
export function parseRef(token: string | undefined, kind: ArtifactKind, usage: string): number {
  if (token === undefined) throw userError('usage', { usage });
  let body = token.replace(/^[#№]/, '');
  const prefix = REF_PREFIX[kind];
  if (prefix !== '' && body.toLowerCase().startsWith(prefix)) body = body.slice(prefix.length);
  if (/^\d{1,16}$/.test(body)) {
    const value = Number(body);
    if (value >= 1 && value <= Number.MAX_SAFE_INTEGER) return value;
  }
  throw userError('artBadNumber', { given: quoted(token), kind });
}

/** A count ("10", "+10") from 1 to `max`, or null for "unlimited". */
function parseCount(token: string, max: number, onBad: () => Error): number | null {
  if (UNLIMITED.has(token.toLowerCase())) return null;
  if (!/^\+?\d{1,16}$/.test(token)) throw onBad();
  const value = Number(token.replace('+', ''));
  if (value < 1 || value > max) throw onBad();
  return value;
}

const UNLIMITED = new Set(['unlimited', 'infinite', 'inf', '∞', 'none', 'off', 'безлимит', 'бесконечно']);

export type BuyArgs = { kind: 'shopItem' | 'listing'; id: number; priceMax: number | undefined };

/** "/buy 3" (shop item 3), "/buy m3" or "/buy m 3" (market listing 3); then optionally the most to pay. */
export function parseBuyArgs(args: string): BuyArgs {
  const list = words(args);
  const usage = ARTIFACT_USAGE.buy;
  if (list.length === 0) throw userError('usage', { usage });
  const marketWord = /^(m|market|рынок)$/i.test(list[0]!);
  if (marketWord) list.shift();
  const token = list.shift();
  const kind = marketWord || /^m/i.test(token ?? '') ? 'listing' : 'shopItem';
  const id = parseRef(token, kind, usage);
  const priceToken = list.shift();
  if (list.length > 0) throw userError('usage', { usage });
  return { kind, id, priceMax: priceToken === undefined ? undefined : parseAmount(priceToken, usage) };
}

/** "/sell e5 40". */
export function parseSellArgs(args: string): { editionId: number; price: number } {
  const [editionToken, priceToken, ...rest] = words(args);
  const usage = ARTIFACT_USAGE.sell;
  if (editionToken === undefined || rest.length > 0) throw userError('usage', { usage });
  const editionId = parseRef(editionToken, 'edition', usage);
  return { editionId, price: parseAmount(priceToken, usage) };
}

/** "/gift e5 @bob", "/gift @bob e5", or replying to bob's message "/gift e5". */
export function parseGiftArgs(args: string, isReply: boolean): { target: Target; editionId: number } {
  const usage = ARTIFACT_USAGE.gift;
  const list = words(args);
  if (list.length === 0) throw userError('usage', { usage });
  const at = list.findIndex((word) => word.startsWith('@'));
  let target: Target;
  if (at >= 0) {
    [target] = parseTarget(list[at]!, false, usage);
    list.splice(at, 1);
  } else if (isReply) {
    target = { kind: 'reply' };
  } else {
    throw userError('recipientMissing', { usage });
  }
  if (list.length !== 1) throw userError('usage', { usage });
  return { target, editionId: parseRef(list[0], 'edition', usage) };
}

/** "/inventory" (your own) or "/inventory @bob". */
export function parseInventoryArgs(args: string): Target | 'self' {
  const list = words(args);
  if (list.length === 0) return 'self';
  if (list.length > 1) throw userError('usage', { usage: ARTIFACT_USAGE.inventory });
  const [target] = parseTarget(list[0]!, false, ARTIFACT_USAGE.inventory);
  return target;
}

/** "/artifact e5". */
export function parseArtifactArgs(args: string): number {
  const list = words(args);
  if (list.length !== 1) throw userError('usage', { usage: ARTIFACT_USAGE.artifact });
  return parseRef(list[0], 'edition', ARTIFACT_USAGE.artifact);
}

/** "/market" or "/market 2" (listings of artifact type 2 only). */
export function parseMarketArgs(args: string): number | undefined {
  const list = words(args);
  if (list.length === 0) return undefined;
  if (list.length > 1) throw userError('usage', { usage: ARTIFACT_USAGE.market });
  return parseRef(list[0], 'type', ARTIFACT_USAGE.market);
}

/** "/unlist m3" (or "/unlist 3"). */
export function parseUnlistArgs(args: string): number {
  const list = words(args);
  if (list.length !== 1) throw userError('usage', { usage: ARTIFACT_USAGE.unlist });
  return parseRef(list[0], 'listing', ARTIFACT_USAGE.unlist);
}

/** "/restock 3 10" (ten more) or "/restock 3 unlimited". */
export function parseRestockArgs(args: string): { shopItemId: number; add: number | null } {
  const usage = ARTIFACT_USAGE.restock;
  const [itemToken, addToken, ...rest] = words(args);
  if (itemToken === undefined || addToken === undefined || rest.length > 0)
    throw userError('usage', { usage });
  const shopItemId = parseRef(itemToken, 'shopItem', usage);
  const add = parseCount(addToken, ARTIFACT_LIMITS.shopStockMax, () =>
    userError('artStockBad', { max: ARTIFACT_LIMITS.shopStockMax }),
  );
  return { shopItemId, add };
}

export interface TradeArgs {
  target: Target;
  giveEditionIds: number[];
  wantEditionIds: number[];
  wantAmount: number;
}

const GIVE_WORDS = new Set(['give', 'giving', 'offer', 'даю', 'дам', 'отдам', 'отдаю']);
const FOR_WORDS = new Set(['for', 'за']);
const JOIN_WORDS = new Set(['and', 'plus', '+', '&', 'и', 'плюс']);
const TICKET_WORDS = new Set(['ticket', 'tickets', 'tix', 'билет', 'билета', 'билетов']);

/**
 * "/trade @bob give e5 e6 for 30", "... for e7", "... for 30 and e7"; or replying to bob's message
 * "/trade give e5 for 30". After "for" a plain number is tickets and an edition is written e7 (or #7).
 */
export function parseTradeArgs(args: string, isReply: boolean): TradeArgs {
  const usage = ARTIFACT_USAGE.trade;
  const list = words(args);
  if (list.length === 0) throw userError('usage', { usage });
  let target: Target;
  if (list[0]!.startsWith('@')) [target] = parseTarget(list.shift()!, false, usage);
  else if (isReply) target = { kind: 'reply' };
  else throw userError('recipientMissing', { usage });
  if (GIVE_WORDS.has(list[0]?.toLowerCase() ?? '')) list.shift();
  const forAt = list.findIndex((word) => FOR_WORDS.has(word.toLowerCase()));
  const giveWords = (forAt < 0 ? list : list.slice(0, forAt)).filter((word) => !isJoinWord(word));
  if (giveWords.length === 0) throw userError('artTradeGiveMissing', { usage });
  const giveEditionIds = giveWords.map((word) => parseRef(word, 'edition', usage));
  if (forAt < 0 || forAt === list.length - 1) throw userError('artTradeWantMissing', { usage });
  const wantEditionIds: number[] = [];
  let wantAmount = 0;
  for (const word of list.slice(forAt + 1)) {
    const lower = word.toLowerCase();
    if (isJoinWord(word)) continue;
    if (TICKET_WORDS.has(lower)) {
      if (wantAmount === 0) throw userError('usage', { usage });
      continue;
    }
    if (/^[e#№]/i.test(word)) {
      wantEditionIds.push(parseRef(word, 'edition', usage));
      continue;
    }
    if (wantAmount !== 0) throw userError('artTradeTwoAmounts');
    wantAmount = parseAmount(word, usage);
  }
  const max = ARTIFACT_LIMITS.tradeEditionsMax;
  if (giveEditionIds.length > max || wantEditionIds.length > max) throw userError('artTradeTooMany', { max });
  const all = [...giveEditionIds, ...wantEditionIds];
  if (new Set(all).size !== all.length) throw userError('artTradeRepeat');
  return { target, giveEditionIds, wantEditionIds, wantAmount };
}

function isJoinWord(word: string): boolean {
  return JOIN_WORDS.has(word.toLowerCase());
}

export interface NewArtifactArgs {
  emoji: string;
  name: string;
  rarity: Rarity | undefined;
  supplyMax: number | null;
  royaltyBps: number;
  /** Also put it on sale in the shop (admins only). */
  shop: { price: number; stock: number | null } | undefined;
}

type OptionKey = 'supply' | 'royalty' | 'price' | 'stock';
const OPTION_WORDS: Record<string, OptionKey> = {
  supply: 'supply',
  тираж: 'supply',
  royalty: 'royalty',
  роялти: 'royalty',
  price: 'price',
  цена: 'price',
  stock: 'stock',
  запас: 'stock',
};
const RARITY_WORDS: Record<string, Rarity> = {
  common: 'common',
  uncommon: 'uncommon',
  rare: 'rare',
  epic: 'epic',
  legendary: 'legendary',
  обычный: 'common',
  необычный: 'uncommon',
  редкий: 'rare',
  эпический: 'epic',
  легендарный: 'legendary',
};

/** One emoji (with its modifiers and joiners), or a flag: what a type shows before its name. */
export function isEmoji(token: string): boolean {
  return (
    token.length <= ARTIFACT_LIMITS.emojiLengthMax &&
    /\p{Extended_Pictographic}|\p{Regional_Indicator}|[0-9#*]\uFE0F?\u20E3/u.test(token) &&
    !/[\p{L}\p{N}]/u.test(token.replace(/[0-9#*]\uFE0F?\u20E3/gu, ''))
  );
}

/**
 * "/newartifact 🎫 Golden Ticket supply 100 royalty 5% legendary price 25 stock 10". The emoji comes
 * first and the name follows; the options come last, in any order, each once (`supply=100` works too):
 * supply (default unlimited), royalty (percent of every resale paid to the creator, default 0), a rarity
 * word (default common), and price with an optional stock to put it in the shop at once.
 */
export function parseNewArtifactArgs(args: string): NewArtifactArgs {
  const usage = ARTIFACT_USAGE.newArtifact;
  const list = args
    .split(/\s+/)
    .filter((word) => word !== '')
    .flatMap((word) => {
      const match = /^([^=:]+)[=:](.+)$/.exec(word);
      return match !== null && OPTION_WORDS[match[1]!.toLowerCase()] !== undefined
        ? [match[1]!, match[2]!]
        : [word];
    });
  const emoji = list.shift();
  if (emoji === undefined) throw userError('usage', { usage });
  if (!isEmoji(emoji)) throw userError('artEmojiMissing', { usage });
  const options = new Map<OptionKey, string>();
  let rarity: Rarity | undefined;
  for (;;) {
    const last = list[list.length - 1];
    if (last === undefined) break;
    const lastRarity = RARITY_WORDS[last.toLowerCase()];
    if (lastRarity !== undefined && rarity === undefined) {
      rarity = lastRarity;
      list.pop();
      continue;
    }
    const key = list.length >= 2 ? OPTION_WORDS[list[list.length - 2]!.toLowerCase()] : undefined;
    if (key === undefined) break;
    if (options.has(key)) throw userError('artOptionTwice', { option: key });
    options.set(key, last);
    list.splice(list.length - 2, 2);
  }
  const dangling = list[list.length - 1];
  if (dangling !== undefined && OPTION_WORDS[dangling.toLowerCase()] !== undefined) {
    throw userError('artOptionValueMissing', { option: dangling });
  }
  const name = list.join(' ');
  if (name === '') throw userError('artNameMissing', { usage });
  if (name.length > ARTIFACT_LIMITS.nameLengthMax) {
    throw userError('artNameTooLong', { max: ARTIFACT_LIMITS.nameLengthMax });
  }
  const supplyToken = options.get('supply');
  const supplyMax =
    supplyToken === undefined
      ? null
      : parseCount(supplyToken, ARTIFACT_LIMITS.supplyMax, () =>
          userError('artSupplyBad', { max: ARTIFACT_LIMITS.supplyMax }),
        );
  const royaltyToken = options.get('royalty');
  const royaltyBps = royaltyToken === undefined ? 0 : parseTaxPercent(royaltyToken);
  if (royaltyBps === undefined || royaltyBps > ARTIFACT_LIMITS.royaltyBpsMax) {
    throw userError('artRoyaltyBad', { max: `${ARTIFACT_LIMITS.royaltyBpsMax / 100}%` });
  }
  const priceToken = options.get('price');
  const stockToken = options.get('stock');
  if (priceToken === undefined && stockToken !== undefined) throw userError('artStockNeedsPrice');
  let shop: NewArtifactArgs['shop'];
  if (priceToken !== undefined) {
    const price = parseAmount(priceToken, usage);
    const stockMax = Math.min(ARTIFACT_LIMITS.shopStockMax, supplyMax ?? ARTIFACT_LIMITS.shopStockMax);
    const stock =
      stockToken === undefined
        ? null
        : parseCount(stockToken, stockMax, () => userError('artStockBad', { max: stockMax }));
    shop = { price, stock };
  }
  return { emoji, name, rarity, supplyMax, royaltyBps, shop };
}
