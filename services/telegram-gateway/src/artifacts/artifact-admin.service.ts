import { Inject, Injectable } from '@nestjs/common';
import { ArtifactsCommands, type ArtifactType, type ShopItem } from '@ticketonomics/contracts';
import { AdminCheckService } from '../admin/admin-check.service';
import { userError } from '../errors/user-facing.error';
import type { Member } from '../members/member';
import type { NewArtifactArgs } from './artifact-args.parser';
import { artifactRequestId } from './artifact-refs';
import { ArtifactsClient } from './artifacts.client';
import type { MessageRef } from './artifacts.service';

/** A created artifact type, the fee its creator paid, and its shop item when it went on sale at once. */
export interface NewArtifact {
  type: ArtifactType;
  fee: number;
  item: ShopItem | null;
}

/** Creating artifact types (admins, and members where the group allows it) and stocking the shop. */
@Injectable()
export class ArtifactAdminService {
  constructor(
    @Inject(ArtifactsClient) private readonly artifacts: ArtifactsClient,
    @Inject(AdminCheckService) private readonly admins: AdminCheckService,
  ) {}

  /**
   * /newartifact 🎫 Golden Ticket supply 100 royalty 5% legendary price 25 stock 10. An admin creates it
   * for free and may put it in the shop at once; a member creates it only where the group allows members
   * to, paying the creation fee (the artifacts service charges it or refuses).
   */
  async create(member: Member, from: MessageRef, args: NewArtifactArgs): Promise<NewArtifact> {
    const admin = await this.admins.isAdmin(from.chatId, member.telegramUserId);
    if (!admin && args.shop !== undefined) throw userError('artShopAdminOnly');
    const communityId = member.communityId;
    const fee = admin
      ? 0
      : (await this.artifacts.call(ArtifactsCommands.settingsGet, { communityId })).creationFee;
    const type = await this.artifacts.call(
      ArtifactsCommands.typeCreate,
      {
        requestId: artifactRequestId('art', from.chatId, from.messageId),
        communityId,
        creatorId: member.userId,
        asAdmin: admin,
        name: args.name,
        emoji: args.emoji,
        ...(args.rarity !== undefined ? { rarity: args.rarity } : {}),
        supplyMax: args.supplyMax,
        royaltyBps: args.royaltyBps,
      },
      { forbidden: 'artErrCreationOff' },
      member.accountId,
    );
    if (args.shop === undefined) return { type, fee, item: null };
    const requestId = artifactRequestId('shop', from.chatId, from.messageId);
    return { type, fee, item: await this.putOnSale(type, args.shop, requestId) };
  }

  /**
   * /restock 3 10 (ten more) or /restock 3 unlimited (admins: the command's scope). The request id comes from the chat and message, so
   * an update Telegram delivers again (even to a restarted gateway or another replica) adds the stock once.
   */
  async restock(
    member: Member,
    from: MessageRef,
    args: { shopItemId: number; add: number | null },
  ): Promise<{ item: ShopItem; type: ArtifactType }> {
    const communityId = member.communityId;
    const item = await this.artifacts.call(
      ArtifactsCommands.shopRestock,
      {
        requestId: artifactRequestId('restock', from.chatId, from.messageId),
        communityId,
        shopItemId: args.shopItemId,
        add: args.add,
      },
      { kind: 'shopItem', id: args.shopItemId },
    );
    const type = await this.artifacts.call(ArtifactsCommands.typeGet, { communityId, typeId: item.typeId });
    return { item, type };
  }

  /**
   * A redelivered /newartifact finds its type already made and repeats this shop.add with the same request
   * id (from the chat and message), which answers the item the first delivery added: it is never added twice.
   */
  private putOnSale(
    type: ArtifactType,
    shop: NonNullable<NewArtifactArgs['shop']>,
    requestId: string,
  ): Promise<ShopItem> {
    return this.artifacts.call(
      ArtifactsCommands.shopAdd,
      { requestId, communityId: type.communityId, typeId: type.id, price: shop.price, stock: shop.stock },
      { kind: 'type', id: type.id },
    );
  }
}
