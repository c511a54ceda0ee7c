import type { Rarity } from '@ticketonomics/contracts';
import type { ArtifactKind } from '../artifacts/artifact-refs';
import type { ArtifactCommands, ArtifactMessages } from './artifacts.en';

/** The artifact commands' part of the catalogue, in Russian; messages.ru.ts spreads it into `ru`. */
export const artifactCommandsRu: ArtifactCommands = {
  shop: 'Артефакты в продаже; /buy <номер> — купить',
  buy: 'Купить в магазине (/buy 3) или на рынке (/buy m3)',
  inventory: 'Ваши артефакты и их стоимость (/inv; /inventory @user)',
  artifact: 'Артефакт и его история: /artifact e5',
  gift: 'Подарить артефакт: /gift e5 @user или ответом /gift e5',
  sell: 'Выставить свой артефакт на рынок: /sell e5 40',
  market: 'Артефакты от участников, сначала дешёвые (/market <тип>)',
  unlist: 'Снять свой лот с рынка: /unlist m3',
  trade: 'Предложить обмен: /trade @user give e5 for 30 (или for e7)',
  trades: 'Ваши открытые предложения обмена',
  newartifact:
    'Создать артефакт: /newartifact 🎫 Название [supply 100] [royalty 5%] [rare] [price 25 stock 10]',
  restock: 'Админам: пополнить магазин: /restock 3 10 (или unlimited)',
};

const RARITY_RU: Record<Rarity, string> = {
  common: 'обычный',
  uncommon: 'необычный',
  rare: 'редкий',
  epic: 'эпический',
  legendary: 'легендарный',
};
const KIND_RU: Record<ArtifactKind, string> = {
  edition: 'экземпляра',
  listing: 'лота',
  shopItem: 'товара',
  trade: 'обмена',
  type: 'типа артефакта',
};
const WHERE_RU: Record<ArtifactKind, string> = {
  edition: 'см. /inventory',
  listing: 'см. /market',
  shopItem: 'см. /shop',
  trade: 'см. /trades',
  type: 'см. /artifact',
};
const EXAMPLE: Record<ArtifactKind, string> = {
  edition: 'e5',
  listing: 'm3',
  shopItem: '3',
  trade: 't2',
  type: '2',
};

export const artifactMessagesRu: ArtifactMessages = {
  artHelpNote:
    'Артефакты: e5 — экземпляр (см. /inventory), m3 — лот на рынке (/market), t2 — предложение обмена (/trades); товары магазина — просто номера (/shop).',
  artRarity: (p) => RARITY_RU[p.rarity],
  artSerial: (p) => (p.supplyMax === null ? `#${p.serial}` : `#${p.serial} из ${p.supplyMax}`),
  artTickets: (p) => `${p.amount} билетов`,
  artAnd: ' и ',
  artMore: (p) => `…и ещё ${p.count}`,
  artOn: 'да',
  artShopEmpty: 'Сейчас в магазине ничего не продаётся.',
  artShopHeader: 'Сейчас в продаже (купить: /buy <номер>):',
  artShopLine: (p) =>
    `${p.number}. ${p.title} (${p.rarity}) — ${p.price} билетов, ${p.left === null ? 'без ограничений' : `осталось ${p.left}`}`,
  artBought: (p) => `Вы купили ${p.title} за ${p.price} билетов. В вашем /inventory это ${p.edition}.`,
  artBoughtListing: (p) => `Вы купили ${p.title} у ${p.seller} за ${p.price} билетов.`,
  artInventoryEmpty: (p) =>
    p.who === null
      ? 'У вас пока нет артефактов: загляните в /shop и /market.'
      : `У ${p.who} пока нет артефактов.`,
  artInventoryHeader: (p) =>
    `${p.who === null ? 'Ваши артефакты' : `Артефакты ${p.who}`}: ${p.count}, стоимость ${p.value} билетов по последним ценам.`,
  artInventoryLine: (p) =>
    `${p.title} (${p.rarity})${p.status === 'listed' ? ' · на рынке' : p.status === 'in_trade' ? ' · в предложении обмена' : ''}`,
  artDetailType: (p) => `${p.rarity} · тип артефакта ${p.type}, автор ${p.creator} · роялти ${p.royalty}`,
  artDetailOwner: (p) =>
    `Владелец: ${p.owner}${p.status === 'listed' ? ' (на рынке)' : p.status === 'in_trade' ? ' (в предложении обмена)' : ''}`,
  artDetailBurned: 'Сожжён: его больше нет.',
  artDetailLastPrice: (p) => `Последняя цена этого типа: ${p.price} билетов`,
  artHistoryHeader: 'История, сначала новое:',
  artHistoryLine: (p) => {
    const price = p.price === null ? '' : ` за ${p.price} билетов`;
    switch (p.kind) {
      case 'minted':
        return `${p.at} · выдан ${p.to}`;
      case 'bought':
        return `${p.at} · куплен в магазине: ${p.to}${price}`;
      case 'sold':
        return `${p.at} · продан: ${p.from} → ${p.to}${price}`;
      case 'gifted':
        return `${p.at} · подарен: ${p.from} → ${p.to}`;
      case 'traded':
        return `${p.at} · обменян: ${p.from} → ${p.to}${price}`;
      case 'burned':
        return `${p.at} · сожжён: ${p.from}`;
      case 'reverted':
        return `${p.at} · возвращён ${p.to} (оплата не прошла)`;
    }
  },
  artHistoryMore: (p) => `…и ещё ${p.count} раньше`,
  artGifted: (p) => `Вы подарили ${p.title}: ${p.to}.`,
  artListedDone: (p) =>
    `${p.title} на рынке за ${p.price} билетов, лот ${p.listing}. Купить: /buy ${p.listing}; комиссия рынка ${p.fee}. Снять: /unlist ${p.listing}.`,
  artMarketEmpty: 'Сейчас на рынке ничего нет. Выставьте свой артефакт: /sell.',
  artMarketHeader: 'На рынке, сначала дешёвые (купить: /buy m<номер>):',
  artMarketLine: (p) => `${p.listing} · ${p.title} — ${p.price} билетов, продаёт ${p.seller}`,
  artUnlisted: (p) => `Лот ${p.listing} снят с рынка; артефакт по-прежнему ваш.`,
  artTradeOffer: (p) =>
    `${p.to}, ${p.from} предлагает вам ${p.give} за ${p.want}.\nОбмен ${p.trade}, открыт до ${p.expires}.`,
  artAcceptButton: 'Принять',
  artDeclineButton: 'Отклонить',
  artTradeAccepted: (p) =>
    `Обмен ${p.trade} состоялся: ${p.to} получает ${p.give}; ${p.from} получает ${p.want}${p.fee > 0 ? ` за вычетом комиссии рынка ${p.fee} билетов` : ''}.`,
  artTradeDeclined: (p) => `Обмен ${p.trade} отклонён: ${p.by}. Ничего не перемещено.`,
  artTradeCancelled: (p) => `Обмен ${p.trade} отозван: ${p.by}. Ничего не перемещено.`,
  artTradeNotYours: 'Принять это предложение может только тот, кому оно адресовано.',
  artTradeNotYoursDecline:
    'Отклонить предложение может только тот, кому оно адресовано (или отозвать его автор).',
  artTradesEmpty: 'У вас нет открытых предложений обмена.',
  artTradesHeader: 'Ваши открытые предложения обмена:',
  artTradesLine: (p) => `${p.trade} · ${p.from} → ${p.to}: ${p.give} за ${p.want} (до ${p.expires})`,
  artCreated: (p) =>
    `Создан ${p.title}: тип артефакта ${p.type}, ${p.rarity}, ${p.supply === null ? 'тираж без ограничений' : `тираж ${p.supply}`}, роялти ${p.royalty}.${p.fee > 0 ? ` Плата за создание, ${p.fee} билетов, ушла в казну.` : ''}`,
  artCreatedInShop: (p) =>
    `В магазине как товар ${p.number} за ${p.price} билетов (${p.left === null ? 'без ограничений' : `осталось ${p.left}`}): /buy ${p.number}.`,
  artRestocked: (p) =>
    `Товар ${p.number} (${p.title}): ${p.left === null ? 'теперь без ограничений' : `теперь осталось ${p.left}`}.`,
  artSettingsUnavailable: 'настройки артефактов: временно недоступны',
  artSettingsNeedsOnOff: (p) => `Значение не подходит для ${p.key}: укажите on или off.`,
  artSettingsNeedsDuration: (p) =>
    `Значение не подходит для ${p.key}: укажите время от ${p.min} до ${p.max}, например 90m, 24h или 7d.`,
  artBadNumber: (p) =>
    `«${p.given}» — не номер ${KIND_RU[p.kind]}: укажите номер вроде ${EXAMPLE[p.kind]} (${WHERE_RU[p.kind]}).`,
  artBot: 'У ботов не бывает артефактов.',
  artGiftYourself: 'Нельзя подарить артефакт самому себе.',
  artTradeYourself: 'Нельзя меняться с самим собой.',
  artTradeGiveMissing: (p) => `Укажите, какие свои экземпляры вы отдаёте. Формат: ${p.usage}`,
  artTradeWantMissing: (p) =>
    `Укажите после «for», что хотите взамен: билеты, их экземпляры или и то и другое. Формат: ${p.usage}`,
  artTradeTwoAmounts: 'Укажите одно количество билетов; их экземпляры пишите с буквой e, например e7.',
  artTradeTooMany: (p) => `В обмене не больше ${p.max} экземпляров с каждой стороны.`,
  artTradeRepeat: 'Каждый экземпляр укажите один раз.',
  artEmojiMissing: (p) => `Начните с эмодзи артефакта. Формат: ${p.usage}`,
  artNameMissing: (p) => `Дайте артефакту название. Формат: ${p.usage}`,
  artNameTooLong: (p) => `Название слишком длинное: не больше ${p.max} символов.`,
  artOptionTwice: (p) => `Укажите ${p.option} только один раз.`,
  artOptionValueMissing: (p) => `Укажите значение после ${p.option}, например ${p.option} 10.`,
  artSupplyBad: (p) => `Тираж — целое число от 1 до ${p.max} или unlimited.`,
  artRoyaltyBad: (p) => `Роялти — процент от 0 до ${p.max}, например 5%.`,
  artStockBad: (p) => `Запас — целое число от 1 до ${p.max} или unlimited.`,
  artStockNeedsPrice: 'Для запаса нужна цена: добавьте price <билеты>.',
  artShopAdminOnly: 'Выставлять артефакты в магазин могут только админы группы: уберите price и stock.',
  artifactsUnavailable: 'Артефакты временно недоступны. Попробуйте через минуту.',
  artErrNotFound: (p) =>
    p.kind === null
      ? 'Такого артефакта здесь нет.'
      : `Здесь нет ${KIND_RU[p.kind]}${p.ref === null ? '' : ` ${p.ref}`}: ${WHERE_RU[p.kind]}.`,
  artErrUnknownMember: 'У этого участника здесь ещё нет счёта артефактов: пусть сначала напишет в группе.',
  artErrSoldOut: 'Распродано: больше не осталось.',
  artErrListed: (p) => `${p.edition} выставлен на рынок: сначала снимите его через /unlist (см. /market).`,
  artErrAlreadyListed: (p) => `${p.edition} уже на рынке (см. /market).`,
  artErrInTrade: (p) =>
    `${p.edition} участвует в открытом обмене: он заблокирован, пока предложение не примут, не отклонят или оно не истечёт.`,
  artErrNotOwner: (p) => `${p.edition} не ваш: см. /inventory.`,
  artErrTradeNotOwner: 'Все экземпляры, которые вы отдаёте, должны быть вашими, а которые просите — их.',
  artErrClosed: (p) => {
    switch (p.kind) {
      case 'trade':
        return `Обмен ${p.ref} уже закрыт. Ничего не перемещено.`;
      case 'listing':
        return `Лота ${p.ref} больше нет на рынке: см. /market.`;
      case 'shopItem':
        return `Товар ${p.ref} больше не продаётся: см. /shop.`;
      default:
        return 'Это уже закрыто. Ничего не перемещено.';
    }
  },
  artErrBurned: (p) => `${p.edition} сожжён: его больше нет.`,
  artErrSettling: 'Оплата за этот артефакт ещё проводится: попробуйте через минуту.',
  artErrHoldExpired:
    'Покупка заняла слишком много времени и отменена: ничего не списано. Попробуйте ещё раз.',
  artErrOwnListing: 'Это ваш собственный лот: снимите его через /unlist.',
  artErrStockLimit: (p) => `От тиража осталось только ${p.left}: запас не может быть больше.`,
  artErrExpired: 'Срок этого предложения обмена истёк. Ничего не перемещено.',
  artErrNotStarted: 'Этот товар ещё не в продаже: см. /shop.',
  artErrEnded: 'Продажа этого товара закончилась: см. /shop.',
  artErrPriceChanged:
    'Цена не та, на которую вы согласились (изменилась или выше вашего предела): ничего не списано. Проверьте и попробуйте снова.',
  artErrConflict: 'Сейчас это сделать нельзя: артефакт тем временем изменился. Ничего не перемещено.',
  artErrForbidden: 'Вам это делать нельзя.',
  artErrCreationOff:
    'В этой группе артефакты создают только админы (админ может разрешить участникам: /settings memberCreation on).',
  artErrNotSeller: 'Снять лот с рынка может только его продавец.',
};
