/**
 * The example community the OpenAPI document's examples speak of, named once: the routes' example
 * requests use these ids, and test/openapi-examples.e2e-spec.ts builds the community on a fresh system so
 * that every one of them names what it says (numbers are the order of creation on fresh stores; the ids
 * only a service can choose, such as a webhook's, are mapped to the ones it chose).
 */
export const EX = {
  community: 'demo-town',
  /** Another community, whose dashboard is private: its members are strangers to demo-town's keys. */
  otherCommunity: 'harbor',
  /** Ann Marsh: the richest member, creator of the Golden Ticket, seller of most editions. */
  ann: '01JQ3V8K2M4N6P8R0T2W4Y6Z8A',
  /** Bob Keller: buys, receives gifts and trades with Ann. */
  bob: '01JQ3V8K2M4N6P8R0T2W4Y6Z8B',
  /** Cy Novak: a member with no tickets. */
  cy: '01JQ3V8K2M4N6P8R0T2W4Y6Z8C',
  /** Flo Brandt: a member whose account the community froze. */
  flo: '01JQ3V8K2M4N6P8R0T2W4Y6Z8F',
  /** Dee Ortiz: a member of harbor only. */
  dee: '01JQ3V8K2M4N6P8R0T2W4Y6Z8D',
  /** A well-formed user id no community knows. */
  stranger: '01JQ3V8K2M4N6P8R0T2W4Y6Z9Z',
  /** The API key the examples send (its id; the test maps it to the key it created). */
  keyId: '01JR2A5C7E9G1J3K5M7N9P1R3T',
  /** A payment from Ann to Bob, made with this id. */
  transferId: 'demo-payment-0001',
  /** Link codes the bot gave Cy and Ann for steam (the test maps them to the codes accounts issued). */
  cyLinkCode: 'K7Q2-9XF3',
  annLinkCode: 'M4P8-2RXT',
  /** Webhooks: one to enable and read, one to delete (mapped to the ids accounts chose). */
  webhook: '01JR4D2Q6S8V0X2Z4B6D8F0H2K',
  webhookToDelete: '01JR4D2Q6S8V0X2Z4B6D8F0H3M',
  /** Artifact types: the Golden Ticket (100 at most) and the Lighthouse Badge (one, already granted). */
  goldenTicket: 1,
  lighthouseBadge: 2,
  /** Shop items: the Golden Ticket at 25 (50 in stock), sold out, one to restock, one to close. */
  shopItem: 1,
  shopItemSoldOut: 2,
  shopItemToRestock: 3,
  shopItemToClose: 4,
  /** Editions of the Golden Ticket, all Ann's but the one she sold to Bob. */
  editions: {
    toList: 1,
    listed: 2,
    listedToCancel: 3,
    toGift: 4,
    toBurn: 5,
    listedForGood: 6,
    soldToBob: 7,
    inTradeToAccept: 8,
    inTradeToDecline: 9,
    inAcceptedTrade: 10,
    toOffer: 11,
    /** The Lighthouse Badge, Bob's, listed by him (the wallet's listing to cancel). */
    badge: 12,
    /** A Golden Ticket Ann offers Bob in the wallet's trade. */
    inWalletTrade: 13,
  },
  /** Listings: of `listed` (to buy), `listedToCancel`, `listedForGood`, and `soldToBob` (sold). */
  listings: { toBuy: 1, toCancel: 2, standing: 3, sold: 4, bobsBadge: 5 },
  /** Trade offers from Ann to Bob: one to accept, one to decline, one accepted already. */
  trades: { toAccept: 1, toDecline: 2, accepted: 3, toAcceptInWallet: 4 },
  /** Flo's pool for a projector, open; Ann's proposal of a 3% tax, open, which Ann voted for. */
  pool: 1,
  proposal: 1,
  /** Bob's Telegram user id: the wallet's examples sign in as Bob. */
  bobTelegramId: 5012345679,
  /** A Telegram user id no member has. */
  strangerTelegramId: 5099999999,
  /**
   * The wallet's sign-in examples: initData and a Login Widget payload as Telegram signs them, shown with
   * this auth_date and these hashes (the test signs real ones with its bot token and maps them).
   */
  authDate: 1796380000,
  initData: `query_id=AAHdF6IQAAAAAN0XohDhrOrc&user=%7B%22id%22%3A5012345679%2C%22first_name%22%3A%22Bob%22%2C%22username%22%3A%22bobkeller%22%2C%22language_code%22%3A%22en%22%7D&auth_date=1796380000&start_param=demo-town&hash=${'5e'.repeat(32)}`,
  strangerInitData: `query_id=AAHdF6IQAAAAAN0XohDhrOrd&user=%7B%22id%22%3A5099999999%2C%22first_name%22%3A%22Zed%22%7D&auth_date=1796380000&hash=${'7a'.repeat(32)}`,
  loginHash: '3c'.repeat(32),
  strangerLoginHash: '9d'.repeat(32),
  /** A number that names nothing. */
  missing: 999,
} as const;
