import { badRequest } from './bot-api.errors';

/**
 * One call's parameters as they arrived. JSON bodies keep their types; query strings, urlencoded and multipart
 * bodies carry only strings (with objects as JSON text), so every reader below accepts both forms, as Telegram does.
 */
export type RawParams = Record<string, unknown>;

export function optionalString(params: RawParams, name: string): string | undefined {
  const value = params[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw badRequest(`field "${name}" must be of type String`);
}

export function requiredString(params: RawParams, name: string): string {
  const value = optionalString(params, name);
  if (value === undefined || value === '') throw badRequest(`${name} is empty`);
  return value;
}

export function optionalInteger(params: RawParams, name: string): number | undefined {
  const value = params[name];
  if (value === undefined || value === null || value === '') return undefined;
  const parsed = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN;
  if (!Number.isSafeInteger(parsed)) throw badRequest(`field "${name}" must be of type Integer`);
  return parsed;
}

export function requiredInteger(params: RawParams, name: string): number {
  const value = optionalInteger(params, name);
  if (value === undefined) throw badRequest(`${name} is empty`);
  return value;
}

export function optionalBoolean(params: RawParams, name: string): boolean | undefined {
  const value = params[name];
  if (value === undefined || value === null || value === '') return undefined;
  if (value === true || value === 'true' || value === '1' || value === 1) return true;
  if (value === false || value === 'false' || value === '0' || value === 0) return false;
  throw badRequest(`field "${name}" must be of type Boolean`);
}

/** An object or array parameter, sent either as JSON (already parsed) or as JSON text inside a form field. */
export function optionalJson<T>(params: RawParams, name: string): T | undefined {
  const value = params[name];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') return value as T;
  try {
    return JSON.parse(value) as T;
  } catch {
    throw badRequest(`can't parse ${name} JSON object`);
  }
}

/** chat_id is an integer or "@username" (public chats only); the caller resolves the username. */
export function requiredChatRef(params: RawParams, name = 'chat_id'): number | string {
  const value = params[name];
  if (value === undefined || value === null || value === '') throw badRequest('chat_id is empty');
  if (typeof value === 'number') return value;
  if (typeof value === 'string') {
    if (/^-?\d+$/.test(value)) return Number(value);
    return value;
  }
  throw badRequest('chat not found');
}
