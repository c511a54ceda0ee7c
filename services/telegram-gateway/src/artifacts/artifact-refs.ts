/**
 * How members name artifacts in chat. Every kind has its own number sequence in the community, so the
 * text marks which one is meant: an edition is `e5`, a market listing `m3`, a trade offer `t2`; a shop
 * item and an artifact type are plain numbers (the only numbers /buy and /market take).
 */
export type ArtifactKind = 'edition' | 'listing' | 'shopItem' | 'trade' | 'type';

export const REF_PREFIX: Record<ArtifactKind, string> = {
  edition: 'e',
  listing: 'm',
  trade: 't',
  shopItem: '',
  type: '',
};

export function refText(kind: ArtifactKind, id: number): string {
  return `${REF_PREFIX[kind]}${id}`;
}

/**
 * The idempotency key of an artifacts request made by a chat message: the same chat and message give the
 * same key, so an update Telegram delivers twice changes nothing the second time (the artifacts service
 * answers the first result). At most 48 characters of [A-Za-z0-9_.:-], as the contract asks.
 */
export function artifactRequestId(kind: string, chatId: number, messageOrObjectId: number): string {
  const id = `tg-${kind}:${chatId}:${messageOrObjectId}`;
  if (!/^[A-Za-z0-9_.:-]{1,48}$/.test(id)) throw new Error(`request id ${id} does not fit the contract`);
  return id;
}
