import { Inject, Injectable } from '@nestjs/common';
import { ArtifactsCommands, PAGE_SIZE_MAX, type Edition } from '@ticketonomics/contracts';
import type { Message } from 'telegraf/types';
import { userError } from '../errors/user-facing.error';
import type { Messages } from '../i18n/messages.en';
import type { GroupChat, Member } from '../members/member';
import { commandArgs } from '../parsing/command-args.parser';
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
import { artifactRequestId, refText } from './artifact-refs';
import { ArtifactsClient } from './artifacts.client';
import {
  editionDetailText,
  editionRefTitle,
  inventoryText,
  LIST_LINES_MAX,
  marketText,
  PROVENANCE_LINES_MAX,
  shopText,
} from './artifacts.format';
import { repliedMessageOf } from '../members/sender';

/**
 * The members' artifact commands: the shop, buying, inventories, one artifact's story, gifts and the
 * market. Every change carries a request id derived from the chat and the command's message, so an
 * update Telegram delivers twice changes nothing the second time.
 */
@Injectable()
export class ArtifactsService {
  constructor(@Inject(ArtifactsClient) private readonly artifacts: ArtifactsClient) {}

  /** /shop: what is on sale now, with its number for /buy. */
  async shop(member: Member, t: Messages): Promise<string> {
    const page = await this.artifacts.call(ArtifactsCommands.shopBrowse, {
      communityId: member.communityId,
      limit: PAGE_SIZE_MAX,
    });
    return shopText(page.items, t);
  }

  /**
   * /buy 3 (shop item 3) or /buy m3 (market listing 3). Shop items and listings keep the price they were
   * made with (the contract has no command changing it), so the price /shop or /market showed is the
   * price paid; a member who wants a cap says it (/buy m3 40) and it goes as priceMax.
   */
  async buy(member: Member, chat: GroupChat, message: Message.TextMessage, t: Messages): Promise<string> {
    const args = parseBuyArgs(commandArgs(message.text));
    const common = {
      communityId: member.communityId,
      buyerId: member.userId,
      ...(args.priceMax !== undefined ? { priceMax: args.priceMax } : {}),
    };
    const result =
      args.kind === 'shopItem'
        ? await this.artifacts.call(
            ArtifactsCommands.shopBuy,
            {
              ...common,
              requestId: artifactRequestId('buy', chat.id, message.message_id),
              shopItemId: args.id,
            },
            { kind: 'shopItem', id: args.id },
            member.accountId,
          )
        : await this.artifacts.call(
            ArtifactsCommands.listingBuy,
            {
              ...common,
              requestId: artifactRequestId('mbuy', chat.id, message.message_id),
              listingId: args.id,
            },
            { kind: 'listing', id: args.id, forbidden: 'artErrOwnListing' },
            member.accountId,
          );
    const edition = result.editions[0];
    if (edition === undefined) throw new Error(`purchase ${result.requestId} returned no edition`);
    const detail = await this.artifacts.call(ArtifactsCommands.editionGet, {
      communityId: member.communityId,
      editionId: edition.id,
    });
    const title = editionRefTitle(detail.type, edition, t);
    if (args.kind === 'shopItem') {
      return t.artBought({ title, edition: refText('edition', edition.id), price: result.payment.price });
    }
    const sale = [...detail.provenance].reverse().find((entry) => entry.kind === 'sold');
    const label = await this.artifacts.labeler([sale?.fromId ?? null]);
    return t.artBoughtListing({ title, price: result.payment.price, seller: label(sale?.fromId ?? null) });
  }

  /** /inventory: the member's own editions; /inventory @user: someone else's. */
  async inventory(
    member: Member,
    chat: GroupChat,
    message: Message.TextMessage,
    botUsername: string,
    t: Messages,
  ): Promise<string> {
    const target = parseInventoryArgs(commandArgs(message.text));
    let memberId = member.userId;
    let who: string | null = null;
    if (target !== 'self') {
      const holder = await this.artifacts.holder(chat, message, target, botUsername);
      if (holder.userId !== member.userId) [memberId, who] = [holder.userId, holder.label];
    }
    const inventory = await this.artifacts.call(ArtifactsCommands.inventoryGet, {
      communityId: member.communityId,
      memberId,
      limit: LIST_LINES_MAX,
    });
    return inventoryText(inventory, who, t);
  }

  /** /artifact e5: the edition, its type, its owner and its latest provenance. */
  async artifact(member: Member, message: Message.TextMessage, t: Messages): Promise<string> {
    const editionId = parseArtifactArgs(commandArgs(message.text));
    const detail = await this.artifacts.call(
      ArtifactsCommands.editionGet,
      { communityId: member.communityId, editionId },
      { kind: 'edition', id: editionId },
    );
    const shown = [...detail.provenance].sort((a, b) => b.seq - a.seq).slice(0, PROVENANCE_LINES_MAX);
    const label = await this.artifacts.labeler([
      detail.type.creatorId,
      detail.edition.ownerId,
      ...shown.flatMap((entry) => [entry.fromId, entry.toId]),
    ]);
    return editionDetailText(detail, label, t);
  }

  /** /gift e5 @user, or replying to them /gift e5. */
  async gift(
    member: Member,
    chat: GroupChat,
    message: Message.TextMessage,
    botUsername: string,
    t: Messages,
  ): Promise<string> {
    const args = parseGiftArgs(commandArgs(message.text), repliedMessageOf(message) !== undefined);
    const recipient = await this.artifacts.holder(chat, message, args.target, botUsername);
    if (recipient.userId === member.userId) throw userError('artGiftYourself');
    const edition = await this.artifacts.call(
      ArtifactsCommands.editionGift,
      {
        requestId: artifactRequestId('gift', chat.id, message.message_id),
        communityId: member.communityId,
        editionId: args.editionId,
        fromId: member.userId,
        toId: recipient.userId,
      },
      { kind: 'edition', id: args.editionId },
    );
    return t.artGifted({ title: await this.titleOf(member.communityId, edition, t), to: recipient.label });
  }

  /** /sell e5 40: lists the edition on the market. */
  async sell(member: Member, chat: GroupChat, message: Message.TextMessage, t: Messages): Promise<string> {
    const args = parseSellArgs(commandArgs(message.text));
    const listing = await this.artifacts.call(
      ArtifactsCommands.listingCreate,
      {
        requestId: artifactRequestId('sell', chat.id, message.message_id),
        communityId: member.communityId,
        sellerId: member.userId,
        editionId: args.editionId,
        price: args.price,
      },
      { kind: 'edition', id: args.editionId },
    );
    const [detail, settings] = await Promise.all([
      this.artifacts.call(ArtifactsCommands.editionGet, {
        communityId: member.communityId,
        editionId: listing.editionId,
      }),
      this.artifacts.call(ArtifactsCommands.settingsGet, { communityId: member.communityId }),
    ]);
    return t.artListedDone({
      title: editionRefTitle(detail.type, detail.edition, t),
      listing: refText('listing', listing.id),
      price: listing.price,
      fee: formatTaxPercent(settings.marketFeeBps),
    });
  }

  /** /market, or /market 2 for the listings of artifact type 2: cheapest first. */
  async market(member: Member, message: Message.TextMessage, t: Messages): Promise<string> {
    const typeId = parseMarketArgs(commandArgs(message.text));
    const page = await this.artifacts.call(
      ArtifactsCommands.listingBrowse,
      {
        communityId: member.communityId,
        ...(typeId !== undefined ? { typeId } : {}),
        limit: PAGE_SIZE_MAX,
      },
      typeId === undefined ? {} : { kind: 'type', id: typeId },
    );
    const shown = page.items.slice(0, LIST_LINES_MAX);
    const label = await this.artifacts.labeler(shown.map((entry) => entry.listing.sellerId));
    return marketText(page.items, label, t);
  }

  /** /unlist m3: the seller takes their listing off the market. */
  async unlist(member: Member, message: Message.TextMessage, t: Messages): Promise<string> {
    const listingId = parseUnlistArgs(commandArgs(message.text));
    await this.artifacts.call(
      ArtifactsCommands.listingCancel,
      { communityId: member.communityId, listingId, sellerId: member.userId },
      { kind: 'listing', id: listingId, forbidden: 'artErrNotSeller', notOwner: 'artErrNotSeller' },
    );
    return t.artUnlisted({ listing: refText('listing', listingId) });
  }

  private async titleOf(communityId: string, edition: Edition, t: Messages): Promise<string> {
    const type = await this.artifacts.call(ArtifactsCommands.typeGet, {
      communityId,
      typeId: edition.typeId,
    });
    return editionRefTitle(type, edition, t);
  }
}
