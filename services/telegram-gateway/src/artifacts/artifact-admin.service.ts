import { Inject, Injectable } from '@nestjs/common';
import { ArtifactsCommands, type ArtifactType, type ShopItem } from '@ticketonomics/contracts';
import type { Message } from 'telegraf/types';
import { AdminCheckService } from '../admin/admin-check.service';
import { userError } from '../errors/user-facing.error';
import type { Messages } from '../i18n/messages.en';
import type { GroupChat, Member } from '../members/member';
import { commandArgs } from '../parsing/command-args.parser';
import { formatTaxPercent } from '../settings/setting-value.parser';
import { parseNewArtifactArgs, parseRestockArgs, type NewArtifactArgs } from './artifact-args.parser';
import { artifactRequestId } from './artifact-refs';
import { ArtifactsClient } from './artifacts.client';
import { shopItemLeft, typeTitle } from './artifacts.format';

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
  async create(member: Member, chat: GroupChat, message: Message.TextMessage, t: Messages): Promise<string> {
    const args = parseNewArtifactArgs(commandArgs(message.text));
    const admin = await this.admins.isAdmin(chat.id, member.telegramUserId);
    if (!admin && args.shop !== undefined) throw userError('artShopAdminOnly');
    const communityId = member.communityId;
    const fee = admin
      ? 0
      : (await this.artifacts.call(ArtifactsCommands.settingsGet, { communityId })).creationFee;
    const type = await this.artifacts.call(
      ArtifactsCommands.typeCreate,
      {
        requestId: artifactRequestId('art', chat.id, message.message_id),
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
    const created = t.artCreated({
      title: typeTitle(type),
      type: type.id,
      supply: type.supplyMax,
      royalty: formatTaxPercent(type.royaltyBps),
      rarity: t.artRarity({ rarity: type.rarity }),
      fee,
    });
    if (args.shop === undefined) return created;
    const item = await this.putOnSale(
      type,
      args.shop,
      artifactRequestId('shop', chat.id, message.message_id),
    );
    return `${created}\n${t.artCreatedInShop({ number: item.id, price: item.price, left: shopItemLeft(item, type) })}`;
  }

  /**
   * /restock 3 10 (ten more) or /restock 3 unlimited. The request id comes from the chat and message, so
   * an update Telegram delivers again (even to a restarted gateway or another replica) adds the stock once.
   */
  async restock(member: Member, chat: GroupChat, message: Message.TextMessage, t: Messages): Promise<string> {
    if (!(await this.admins.isAdmin(chat.id, member.telegramUserId))) throw userError('notAdmin');
    const args = parseRestockArgs(commandArgs(message.text));
    const communityId = member.communityId;
    const item = await this.artifacts.call(
      ArtifactsCommands.shopRestock,
      {
        requestId: artifactRequestId('restock', chat.id, message.message_id),
        communityId,
        shopItemId: args.shopItemId,
        add: args.add,
      },
      { kind: 'shopItem', id: args.shopItemId },
    );
    const type = await this.artifacts.call(ArtifactsCommands.typeGet, { communityId, typeId: item.typeId });
    return t.artRestocked({ number: item.id, title: typeTitle(type), left: shopItemLeft(item, type) });
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
