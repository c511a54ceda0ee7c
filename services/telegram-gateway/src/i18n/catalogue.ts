import { en, type Messages } from './messages.en';
import { ru } from './messages.ru';

export type Language = 'en' | 'ru';
export const LANGUAGES: Record<Language, Messages> = { en, ru };

/** Telegram's language_code is the member's app language (e.g. "ru", "en-US"); anything but Russian gets English. */
export function languageOf(languageCode: string | undefined): Language {
  return languageCode?.toLowerCase().startsWith('ru') === true ? 'ru' : 'en';
}

export function messagesFor(languageCode: string | undefined): Messages {
  return LANGUAGES[languageOf(languageCode)];
}

/** Keys of the catalogue whose entry needs no parameters, or the parameters of the one that does. */
export type MessageKey = Exclude<keyof Messages, 'commands'>;
export type MessageParams<K extends MessageKey> = Messages[K] extends (p: infer P) => string ? P : undefined;

export function render<K extends MessageKey>(messages: Messages, key: K, params: MessageParams<K>): string {
  const entry = messages[key] as string | ((p: unknown) => string);
  return typeof entry === 'function' ? entry(params) : entry;
}
