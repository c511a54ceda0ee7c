import type { Language } from '../i18n/catalogue';

/** A Telegram user as a member of a chat's community, with the ledger account that holds their tickets. */
export interface Member {
  communityId: string;
  /** The accounts service's user id (a ULID). */
  userId: string;
  accountId: string;
  telegramUserId: number;
  /** "@username" when they have one, else their display name: how replies name them. */
  label: string;
  displayName: string;
  username: string | null;
  language: Language;
}

/** The group chat a command came from. */
export interface GroupChat {
  id: number;
  type: 'group' | 'supergroup';
  title: string;
}
