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
  },
  /** Listings: of `listed` (to buy), `listedToCancel`, `listedForGood`, and `soldToBob` (sold). */
  listings: { toBuy: 1, toCancel: 2, standing: 3, sold: 4 },
  /** Trade offers from Ann to Bob: one to accept, one to decline, one accepted already. */
  trades: { toAccept: 1, toDecline: 2, accepted: 3 },
  /**
   * Proposals, all Ann's (an admin of demo-town, so she can veto), voting for 3 days: one to vote on, one to
   * veto, one to withdraw, and one she withdrew already.
   */
  proposals: { toVote: 1, toVeto: 2, toCancel: 3, withdrawn: 4 },
  /**
   * Cooperation pools, Ann's, for the treasury: one open (target 500, Ann pledged 50), one she cancelled,
   * one to cancel, and one her pledge settled (target 20). Their deadline is a few days ahead of the run:
   * the test maps this one to it.
   */
  pools: { open: 1, cancelled: 2, toCancel: 3, settled: 4 },
  poolDeadline: '2026-12-08T12:00:00.000Z',
  /** A number that names nothing. */
  missing: 999,
} as const;
