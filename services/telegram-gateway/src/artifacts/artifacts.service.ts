import { Inject, Injectable } from '@nestjs/common';
import {
  ArtifactsCommands,
  PAGE_SIZE_MAX,
  type ArtifactType,
  type CommandResponse,
  type Edition,
  type Listing,
} from '@ticketonomics/contracts';
import { userError } from '../errors/user-facing.error';
import type { Member } from '../members/member';
import type { Recipient } from '../members/target.resolver';
import type { BuyArgs } from './artifact-args.parser';
import { artifactRequestId } from './artifact-refs';
import { ArtifactsClient } from './artifacts.client';
import { LIST_LINES_MAX, PROVENANCE_LINES_MAX, type Labeler } from './artifacts.format';

/** The chat message a change comes from: it names the change's request id. */
export interface MessageRef {
  chatId: number;
  messageId: number;
}

/** An edition with its type, as replies name it ("e5 🎫 Golden Ticket #1 of 100"). */
export interface TypedEdition {
  type: ArtifactType;
  edition: Edition;
}

export type Purchase = TypedEdition & { price: number } & (
    { kind: 'shopItem' } | { kind: 'listing'; seller: string }
  );

/**
 * The members' artifact commands: the shop, buying, inventories, one artifact's story, gifts and the
 * market. Every change carries a request id derived from the chat and the command's message, so an
 * update Telegram delivers twice changes nothing the second time.
 */
@Injectable()
export class ArtifactsService {
  constructor(@Inject(ArtifactsClient) private readonly artifacts: ArtifactsClient) {}

  /** What is on sale now, with its number for /buy. */
  async shop(member: Member): Promise<CommandResponse<typeof ArtifactsCommands.shopBrowse>['items']> {
    const page = await this.artifacts.call(ArtifactsCommands.shopBrowse, {
      communityId: member.communityId,
      limit: PAGE_SIZE_MAX,
    });
    return page.items;
  }

  /**
   * A shop item or a market listing. Shop items and listings keep the price they were made with (the
   * contract has no command changing it), so the price /shop or /market showed is the price paid; a
   * member who wants a cap says it (/buy m3 40) and it goes as priceMax.
   */
  async buy(member: Member, from: MessageRef, args: BuyArgs): Promise<Purchase> {
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
              requestId: artifactRequestId('buy', from.chatId, from.messageId),
              shopItemId: args.id,
            },
            { kind: 'shopItem', id: args.id },
            member.accountId,
          )
        : await this.artifacts.call(
            ArtifactsCommands.listingBuy,
            {
              ...common,
              requestId: artifactRequestId('mbuy', from.chatId, from.messageId),
              listingId: args.id,
            },
            { kind: 'listing', id: args.id, forbidden: 'artErrOwnListing' },
            member.accountId,
          );
    const bought = result.editions[0];
    if (bought === undefined) throw new Error(`purchase ${result.requestId} returned no edition`);
    const detail = await this.artifacts.call(ArtifactsCommands.editionGet, {
      communityId: member.communityId,
      editionId: bought.id,
    });
    const price = result.payment.price;
    // The edition as bought: its detail may already show a later owner's changes.
    const edition = { type: detail.type, edition: bought, price };
    if (args.kind === 'shopItem') return { ...edition, kind: 'shopItem' };
    const sale = [...detail.provenance].reverse().find((entry) => entry.kind === 'sold');
    const label = await this.artifacts.labeler([sale?.fromId ?? null]);
    return { ...edition, kind: 'listing', seller: label(sale?.fromId ?? null) };
  }

  /** The editions of `holder`, or the member's own (`holder` undefined or themselves: `who` null). */
  async inventory(member: Member, holder: Recipient | undefined) {
    const other = holder !== undefined && holder.userId !== member.userId ? holder : undefined;
    const inventory = await this.artifacts.call(ArtifactsCommands.inventoryGet, {
      communityId: member.communityId,
      memberId: other?.userId ?? member.userId,
      limit: LIST_LINES_MAX,
    });
    return { inventory, who: other?.label ?? null };
  }

  /** The edition, its type, its owner and its latest provenance, with the names of everyone in them. */
  async artifact(member: Member, editionId: number) {
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
    return { detail, label };
  }

  async gift(
    member: Member,
    from: MessageRef,
    editionId: number,
    recipient: Recipient,
  ): Promise<TypedEdition> {
    if (recipient.userId === member.userId) throw userError('artGiftYourself');
    const edition = await this.artifacts.call(
      ArtifactsCommands.editionGift,
      {
        requestId: artifactRequestId('gift', from.chatId, from.messageId),
        communityId: member.communityId,
        editionId,
        fromId: member.userId,
        toId: recipient.userId,
      },
      { kind: 'edition', id: editionId },
    );
    const type = await this.artifacts.call(ArtifactsCommands.typeGet, {
      communityId: member.communityId,
      typeId: edition.typeId,
    });
    return { type, edition };
  }

  /** Lists the edition on the market; the market's fee is what the replies quote. */
  async sell(
    member: Member,
    from: MessageRef,
    args: { editionId: number; price: number },
  ): Promise<TypedEdition & { listing: Listing; marketFeeBps: number }> {
    const listing = await this.artifacts.call(
      ArtifactsCommands.listingCreate,
      {
        requestId: artifactRequestId('sell', from.chatId, from.messageId),
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
    return { type: detail.type, edition: detail.edition, listing, marketFeeBps: settings.marketFeeBps };
  }

  /** The listings, cheapest first (of artifact type `typeId` when given), with their sellers' names. */
  async market(member: Member, typeId: number | undefined) {
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
    const label: Labeler = await this.artifacts.labeler(shown.map((entry) => entry.listing.sellerId));
    return { entries: page.items, label };
  }

  /** The seller takes their listing off the market. */
  async unlist(member: Member, listingId: number): Promise<void> {
    await this.artifacts.call(
      ArtifactsCommands.listingCancel,
      { communityId: member.communityId, listingId, sellerId: member.userId },
      { kind: 'listing', id: listingId, forbidden: 'artErrNotSeller', notOwner: 'artErrNotSeller' },
    );
  }
}
