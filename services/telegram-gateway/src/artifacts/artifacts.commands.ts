import { defineCommand, noArgs, type MemberRequest } from '../bot/command';
import { formatTaxPercent } from '../settings/setting-value.parser';
import {
  parseArtifactArgs,
  parseBuyArgs,
  parseGiftArgs,
  parseInventoryArgs,
  parseMarketArgs,
  parseSellArgs,
  parseUnlistArgs,
} from './artifact-args.parser';
import { refText } from './artifact-refs';
import { editionDetailText, editionRefTitle, inventoryText, marketText, shopText } from './artifacts.format';
import type { MessageRef } from './artifacts.service';

/** The chat message a command's changes are named after (their request ids). */
export function messageRef({ chat, messageId }: MemberRequest<unknown>): MessageRef {
  return { chatId: chat.id, messageId };
}

/** /shop: what is on sale now, with its number for /buy. */
export const shopCommand = defineCommand({
  name: 'shop',
  scope: 'member',
  parse: noArgs,
  run: ({ member }, { artifacts }) => artifacts.shop(member),
  render: shopText,
});

/** /buy 3 (shop item 3) or /buy m3 (market listing 3), optionally with the most the member pays. */
export const buyCommand = defineCommand({
  name: 'buy',
  scope: 'member',
  parse: ({ args }) => parseBuyArgs(args),
  run: (request, { artifacts }) => artifacts.buy(request.member, messageRef(request), request.args),
  render: (purchase, t) => {
    const title = editionRefTitle(purchase.type, purchase.edition, t);
    const { price } = purchase;
    return purchase.kind === 'shopItem'
      ? t.artBought({ title, edition: refText('edition', purchase.edition.id), price })
      : t.artBoughtListing({ title, price, seller: purchase.seller });
  },
});

/** /inventory: the member's own editions; /inventory @user: someone else's. */
export const inventoryCommand = defineCommand({
  name: 'inventory',
  aliases: ['inv'],
  scope: 'member',
  parse: ({ args }) => parseInventoryArgs(args),
  run: async ({ args, member, target }, { artifacts, artifactsClient }) =>
    artifacts.inventory(member, args === 'self' ? undefined : await artifactsClient.holder(target(args))),
  render: ({ inventory, who }, t) => inventoryText(inventory, who, t),
});

/** /artifact e5: the edition, its type, its owner and its latest provenance. */
export const artifactCommand = defineCommand({
  name: 'artifact',
  scope: 'member',
  parse: ({ args }) => parseArtifactArgs(args),
  run: ({ args, member }, { artifacts }) => artifacts.artifact(member, args),
  render: ({ detail, label }, t) => editionDetailText(detail, label, t),
});

/** /gift e5 @user, or replying to them /gift e5. */
export const giftCommand = defineCommand({
  name: 'gift',
  scope: 'member',
  parse: ({ args, isReply }) => parseGiftArgs(args, isReply),
  run: async (request, { artifacts, artifactsClient }) => {
    const recipient = await artifactsClient.holder(request.target(request.args.target));
    const gifted = await artifacts.gift(
      request.member,
      messageRef(request),
      request.args.editionId,
      recipient,
    );
    return { ...gifted, to: recipient.label };
  },
  render: ({ type, edition, to }, t) => t.artGifted({ title: editionRefTitle(type, edition, t), to }),
});

/** /sell e5 40: lists the edition on the market. */
export const sellCommand = defineCommand({
  name: 'sell',
  scope: 'member',
  parse: ({ args }) => parseSellArgs(args),
  run: (request, { artifacts }) => artifacts.sell(request.member, messageRef(request), request.args),
  render: ({ type, edition, listing, marketFeeBps }, t) =>
    t.artListedDone({
      title: editionRefTitle(type, edition, t),
      listing: refText('listing', listing.id),
      price: listing.price,
      fee: formatTaxPercent(marketFeeBps),
    }),
});

/** /market, or /market 2 for the listings of artifact type 2: cheapest first. */
export const marketCommand = defineCommand({
  name: 'market',
  scope: 'member',
  parse: ({ args }) => parseMarketArgs(args),
  run: ({ args, member }, { artifacts }) => artifacts.market(member, args),
  render: ({ entries, label }, t) => marketText(entries, label, t),
});

/** /unlist m3: the seller takes their listing off the market. */
export const unlistCommand = defineCommand({
  name: 'unlist',
  scope: 'member',
  parse: ({ args }) => parseUnlistArgs(args),
  run: async ({ args: listingId, member }, { artifacts }) => {
    await artifacts.unlist(member, listingId);
    return listingId;
  },
  render: (listingId, t) => t.artUnlisted({ listing: refText('listing', listingId) }),
});
