import { defineCommand } from '../bot/command';
import { formatTaxPercent } from '../settings/setting-value.parser';
import { parseNewArtifactArgs, parseRestockArgs } from './artifact-args.parser';
import { messageRef } from './artifacts.commands';
import { shopItemLeft, typeTitle } from './artifacts.format';

/**
 * /newartifact 🎫 Golden Ticket supply 100 royalty 5% legendary price 25 stock 10. Members may run it
 * where the group allows them to (the service decides, admin or not), so its scope is `member`.
 */
export const newArtifactCommand = defineCommand({
  name: 'newartifact',
  scope: 'member',
  parse: ({ args }) => parseNewArtifactArgs(args),
  run: (request, { artifactAdmin }) =>
    artifactAdmin.create(request.member, messageRef(request), request.args),
  render: ({ type, fee, item }, t) => {
    const created = t.artCreated({
      title: typeTitle(type),
      type: type.id,
      supply: type.supplyMax,
      royalty: formatTaxPercent(type.royaltyBps),
      rarity: t.artRarity({ rarity: type.rarity }),
      fee,
    });
    if (item === null) return created;
    return `${created}\n${t.artCreatedInShop({ number: item.id, price: item.price, left: shopItemLeft(item, type) })}`;
  },
});

/** /restock 3 10 (ten more) or /restock 3 unlimited. */
export const restockCommand = defineCommand({
  name: 'restock',
  scope: 'admin',
  parse: ({ args }) => parseRestockArgs(args),
  run: (request, { artifactAdmin }) =>
    artifactAdmin.restock(request.member, messageRef(request), request.args),
  render: ({ item, type }, t) =>
    t.artRestocked({ number: item.id, title: typeTitle(type), left: shopItemLeft(item, type) }),
});
