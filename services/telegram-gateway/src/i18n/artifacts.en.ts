import type { ProvenanceKind, Rarity } from '@ticketonomics/contracts';
import type { ArtifactKind } from '../artifacts/artifact-refs';

/**
 * The artifact commands' part of the catalogue, in English; messages.en.ts spreads it into `en`, so it
 * is one catalogue with one Messages type (artifacts.ru.ts must match it key for key).
 */
export const artifactCommandsEn = {
  shop: 'Artifacts on sale now; /buy <number> buys one',
  buy: 'Buy from the shop (/buy 3) or the market (/buy m3)',
  inventory: 'Your artifacts and their value (/inv; /inventory @user)',
  artifact: 'One artifact and its history: /artifact e5',
  gift: 'Give an artifact: /gift e5 @user, or reply /gift e5',
  sell: 'Put your artifact on the market: /sell e5 40',
  market: 'Artifacts members sell, cheapest first (/market <type>)',
  unlist: 'Take your listing off the market: /unlist m3',
  trade: 'Offer a trade: /trade @user give e5 for 30 (or for e7)',
  trades: 'Your open trade offers',
  newartifact:
    'Create an artifact: /newartifact 🎫 Name [supply 100] [royalty 5%] [rare] [price 25 stock 10]',
  restock: 'Admins: add shop stock: /restock 3 10 (or unlimited)',
} as const;

const KIND_EN: Record<ArtifactKind, string> = {
  edition: 'edition',
  listing: 'listing',
  shopItem: 'shop item',
  trade: 'trade offer',
  type: 'artifact type',
};
const A_KIND_EN: Record<ArtifactKind, string> = {
  edition: 'an edition',
  listing: 'a listing',
  shopItem: 'a shop item',
  trade: 'a trade offer',
  type: 'an artifact type',
};
const WHERE_EN: Record<ArtifactKind, string> = {
  edition: 'see /inventory',
  listing: 'see /market',
  shopItem: 'see /shop',
  trade: 'see /trades',
  type: 'see /artifact',
};

export const artifactMessagesEn = {
  artHelpNote:
    'Artifacts: e5 is an edition (see /inventory), m3 a market listing (/market), t2 a trade offer (/trades); shop items are plain numbers (/shop).',
  artRarity: (p: { rarity: Rarity }) => p.rarity,
  artSerial: (p: { serial: number; supplyMax: number | null }) =>
    p.supplyMax === null ? `#${p.serial}` : `#${p.serial} of ${p.supplyMax}`,
  artTickets: (p: { amount: number }) => `${p.amount} tickets`,
  artAnd: ' and ',
  artMore: (p: { count: number }) => `…and ${p.count} more`,
  artOn: 'on',
  artShopEmpty: 'Nothing is on sale in the shop right now.',
  artShopHeader: 'On sale now (buy one with /buy <number>):',
  artShopLine: (p: { number: number; title: string; rarity: string; price: number; left: number | null }) =>
    `${p.number}. ${p.title} (${p.rarity}) — ${p.price} tickets, ${p.left === null ? 'unlimited' : `${p.left} left`}`,
  artBought: (p: { title: string; edition: string; price: number }) =>
    `You bought ${p.title} for ${p.price} tickets. It is ${p.edition} in your /inventory.`,
  artBoughtListing: (p: { title: string; price: number; seller: string }) =>
    `You bought ${p.title} from ${p.seller} for ${p.price} tickets.`,
  artInventoryEmpty: (p: { who: string | null }) =>
    p.who === null ? 'You have no artifacts yet: see /shop and /market.' : `${p.who} has no artifacts yet.`,
  artInventoryHeader: (p: { who: string | null; count: number; value: number }) =>
    `${p.who === null ? 'Your artifacts' : `Artifacts of ${p.who}`}: ${p.count}, worth ${p.value} tickets at their last prices.`,
  artInventoryLine: (p: {
    title: string;
    rarity: string;
    status: 'owned' | 'listed' | 'in_trade' | 'burned';
  }) =>
    `${p.title} (${p.rarity})${p.status === 'listed' ? ' · on the market' : p.status === 'in_trade' ? ' · offered in a trade' : ''}`,
  artDetailType: (p: { rarity: string; type: number; royalty: string; creator: string }) =>
    `${p.rarity} · artifact type ${p.type} by ${p.creator} · royalty ${p.royalty}`,
  artDetailOwner: (p: { owner: string; status: 'owned' | 'listed' | 'in_trade' | 'burned' }) =>
    `Owner: ${p.owner}${p.status === 'listed' ? ' (on the market)' : p.status === 'in_trade' ? ' (offered in a trade)' : ''}`,
  artDetailBurned: 'Burned: it no longer exists.',
  artDetailLastPrice: (p: { price: number }) => `Last price of its type: ${p.price} tickets`,
  artHistoryHeader: 'History, latest first:',
  artHistoryLine: (p: {
    at: string;
    kind: ProvenanceKind;
    from: string | null;
    to: string | null;
    price: number | null;
  }) => {
    const price = p.price === null ? '' : ` for ${p.price} tickets`;
    switch (p.kind) {
      case 'minted':
        return `${p.at} · granted to ${p.to}`;
      case 'bought':
        return `${p.at} · bought from the shop by ${p.to}${price}`;
      case 'sold':
        return `${p.at} · sold by ${p.from} to ${p.to}${price}`;
      case 'gifted':
        return `${p.at} · gifted by ${p.from} to ${p.to}`;
      case 'traded':
        return `${p.at} · traded by ${p.from} to ${p.to}${price}`;
      case 'burned':
        return `${p.at} · burned by ${p.from}`;
      case 'reverted':
        return `${p.at} · returned to ${p.to} (a payment failed)`;
    }
  },
  artHistoryMore: (p: { count: number }) => `…and ${p.count} earlier`,
  artGifted: (p: { title: string; to: string }) => `You gave ${p.title} to ${p.to}.`,
  artListedDone: (p: { title: string; listing: string; price: number; fee: string }) =>
    `${p.title} is on the market for ${p.price} tickets as ${p.listing}. Anyone can buy it with /buy ${p.listing}; the market fee is ${p.fee}. Take it back with /unlist ${p.listing}.`,
  artMarketEmpty: 'Nothing is on the market right now. Sell one of yours with /sell.',
  artMarketHeader: 'On the market, cheapest first (buy with /buy m<number>):',
  artMarketLine: (p: { listing: string; title: string; price: number; seller: string }) =>
    `${p.listing} · ${p.title} — ${p.price} tickets, from ${p.seller}`,
  artUnlisted: (p: { listing: string }) => `${p.listing} is off the market; the artifact is yours as before.`,
  artTradeOffer: (p: {
    to: string;
    from: string;
    give: string;
    want: string;
    trade: string;
    expires: string;
  }) => `${p.to}, ${p.from} offers you ${p.give} for ${p.want}.\nTrade ${p.trade}, open until ${p.expires}.`,
  artAcceptButton: 'Accept',
  artDeclineButton: 'Decline',
  artTradeAccepted: (p: {
    trade: string;
    from: string;
    to: string;
    give: string;
    want: string;
    fee: number;
  }) =>
    `Trade ${p.trade} done: ${p.to} got ${p.give}; ${p.from} got ${p.want}${p.fee > 0 ? `, less the market fee of ${p.fee} tickets` : ''}.`,
  artTradeDeclined: (p: { trade: string; by: string }) =>
    `Trade ${p.trade} declined by ${p.by}. Nothing moved.`,
  artTradeCancelled: (p: { trade: string; by: string }) =>
    `Trade ${p.trade} withdrawn by ${p.by}. Nothing moved.`,
  artTradeNotYours: 'Only the member this offer is for can accept it.',
  artTradeNotYoursDecline: 'Only the member this offer is for can decline it (or its author withdraw it).',
  artTradesEmpty: 'You have no open trade offers.',
  artTradesHeader: 'Your open trade offers:',
  artTradesLine: (p: {
    trade: string;
    from: string;
    to: string;
    give: string;
    want: string;
    expires: string;
  }) => `${p.trade} · ${p.from} → ${p.to}: ${p.give} for ${p.want} (until ${p.expires})`,
  artCreated: (p: {
    title: string;
    type: number;
    supply: number | null;
    royalty: string;
    rarity: string;
    fee: number;
  }) =>
    `Created ${p.title}: artifact type ${p.type}, ${p.rarity}, ${p.supply === null ? 'unlimited supply' : `supply ${p.supply}`}, royalty ${p.royalty}.${p.fee > 0 ? ` The creation fee of ${p.fee} tickets went to the treasury.` : ''}`,
  artCreatedInShop: (p: { number: number; price: number; left: number | null }) =>
    `In the shop as item ${p.number} for ${p.price} tickets (${p.left === null ? 'unlimited' : `${p.left} left`}): /buy ${p.number}.`,
  artRestocked: (p: { number: number; title: string; left: number | null }) =>
    `Shop item ${p.number} (${p.title}): ${p.left === null ? 'unlimited now' : `${p.left} left now`}.`,
  artSettingsUnavailable: 'artifact settings: temporarily unavailable',
  artSettingsNeedsOnOff: (p: { key: string }) => `That value does not fit ${p.key}: use on or off.`,
  artSettingsNeedsDuration: (p: { key: string; min: string; max: string }) =>
    `That value does not fit ${p.key}: use a time from ${p.min} to ${p.max}, such as 90m, 24h or 7d.`,
  artBadNumber: (p: { given: string; kind: ArtifactKind }) =>
    `"${p.given}" is not ${A_KIND_EN[p.kind]} number: use one such as ${
      { edition: 'e5', listing: 'm3', shopItem: '3', trade: 't2', type: '2' }[p.kind]
    } (${WHERE_EN[p.kind]}).`,
  artBot: 'Bots cannot hold artifacts.',
  artGiftYourself: 'You cannot give an artifact to yourself.',
  artTradeYourself: 'You cannot trade with yourself.',
  artTradeGiveMissing: (p: { usage: string }) => `Say which of your editions you give. Usage: ${p.usage}`,
  artTradeWantMissing: (p: { usage: string }) =>
    `Say what you want for them after "for": tickets, their editions, or both. Usage: ${p.usage}`,
  artTradeTwoAmounts: 'Ask for one amount of tickets; write their editions with an e, such as e7.',
  artTradeTooMany: (p: { max: number }) => `A trade takes at most ${p.max} editions on each side.`,
  artTradeRepeat: 'Name each edition once.',
  artEmojiMissing: (p: { usage: string }) => `Start with the artifact's emoji. Usage: ${p.usage}`,
  artNameMissing: (p: { usage: string }) => `Give the artifact a name. Usage: ${p.usage}`,
  artNameTooLong: (p: { max: number }) => `The name is too long: at most ${p.max} characters.`,
  artOptionTwice: (p: { option: string }) => `Say ${p.option} only once.`,
  artOptionValueMissing: (p: { option: string }) => `Say how much after ${p.option}, such as ${p.option} 10.`,
  artSupplyBad: (p: { max: number }) => `The supply must be a whole number from 1 to ${p.max}, or unlimited.`,
  artRoyaltyBad: (p: { max: string }) => `The royalty must be a percentage from 0 to ${p.max}, such as 5%.`,
  artStockBad: (p: { max: number }) => `The stock must be a whole number from 1 to ${p.max}, or unlimited.`,
  artStockNeedsPrice: 'A stock needs a price: add price <tickets>.',
  artShopAdminOnly: 'Only the group admins can put artifacts in the shop: leave out price and stock.',
  artifactsUnavailable: 'Artifacts are temporarily unavailable. Please try again in a minute.',
  artErrNotFound: (p: { kind: ArtifactKind | null; ref: string | null }) =>
    p.kind === null
      ? 'There is no such artifact here.'
      : `There is no ${KIND_EN[p.kind]}${p.ref === null ? '' : ` ${p.ref}`} here: ${WHERE_EN[p.kind]}.`,
  artErrUnknownMember: 'That member has no artifacts account here yet: they need to write here first.',
  artErrSoldOut: 'Sold out: none of these are left.',
  artErrListed: (p: { edition: string }) =>
    `${p.edition} is on the market: take it off with /unlist first (see /market).`,
  artErrAlreadyListed: (p: { edition: string }) => `${p.edition} is already on the market (see /market).`,
  artErrInTrade: (p: { edition: string }) =>
    `${p.edition} is offered in an open trade: it is locked until the offer is accepted, declined or expires.`,
  artErrNotOwner: (p: { edition: string }) => `${p.edition} is not yours: see /inventory.`,
  artErrTradeNotOwner: 'Every edition you give must be yours, and every edition you ask for must be theirs.',
  artErrClosed: (p: { kind: ArtifactKind | null; ref: string }) => {
    switch (p.kind) {
      case 'trade':
        return `Trade ${p.ref} is closed already. Nothing moved.`;
      case 'listing':
        return `${p.ref} is no longer on the market: see /market.`;
      case 'shopItem':
        return `Shop item ${p.ref} is no longer on sale: see /shop.`;
      default:
        return 'That is closed already. Nothing moved.';
    }
  },
  artErrBurned: (p: { edition: string }) => `${p.edition} was burned: it no longer exists.`,
  artErrSettling: 'A payment for that artifact is still being settled: try again in a moment.',
  artErrHoldExpired: 'The purchase took too long and was called off: nothing was charged. Please try again.',
  artErrOwnListing: 'That is your own listing: take it back with /unlist instead.',
  artErrStockLimit: (p: { left: number }) =>
    `Only ${p.left} editions of its supply are left: the stock can be at most that many.`,
  artErrExpired: 'This trade offer has expired. Nothing moved.',
  artErrNotStarted: 'That item is not on sale yet: see /shop.',
  artErrEnded: 'That sale has ended: see /shop.',
  artErrPriceChanged:
    'The price is not what you agreed to (it changed, or is above your cap): nothing was charged. Check it and try again.',
  artErrConflict: 'That cannot be done right now: the artifact changed meanwhile. Nothing moved.',
  artErrForbidden: 'You are not allowed to do that.',
  artErrCreationOff:
    'In this group only the admins create artifacts (an admin can allow members: /settings memberCreation on).',
  artErrNotSeller: 'Only its seller can take a listing off the market.',
} as const;

type Widen<T> = T extends string
  ? string
  : T extends (...args: infer A) => string
    ? (...args: A) => string
    : T;
/** The shape the Russian part must have: the same keys, the same parameters, any wording. */
export type ArtifactMessages = {
  [K in keyof typeof artifactMessagesEn]: Widen<(typeof artifactMessagesEn)[K]>;
};
export type ArtifactCommands = Record<keyof typeof artifactCommandsEn, string>;
