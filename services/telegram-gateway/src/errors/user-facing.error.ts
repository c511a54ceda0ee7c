import type { MessageKey, MessageParams } from '../i18n/catalogue';

/**
 * An expected failure of a member's request (a bad amount, an unknown user): the bot answers with the
 * catalogue entry it names, in the member's language. Never logged as an error.
 */
export class UserFacingError<K extends MessageKey = MessageKey> extends Error {
  constructor(
    readonly key: K,
    readonly params: MessageParams<K>,
  ) {
    super(`user-facing: ${key}`);
    this.name = 'UserFacingError';
  }
}

export function userError<K extends MessageKey>(
  key: K,
  ...params: MessageParams<K> extends undefined ? [] : [MessageParams<K>]
): UserFacingError<K> {
  return new UserFacingError(key, params[0] as MessageParams<K>);
}
