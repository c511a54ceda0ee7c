import type { MessageEntity } from 'telegraf/types';
import { badRequest, type BotApiError } from './bot-api.errors';

/**
 * parse_mode as Telegram applies it: the markup becomes plain text plus entities, and malformed markup is a
 * 400 "can't parse entities" (the classic failure of a bot that puts a user's name into MarkdownV2 unescaped).
 * The parsers cover what bots send day to day, not every corner of Telegram's grammar.
 */
export interface FormattedText {
  text: string;
  entities: MessageEntity[];
}

export function applyParseMode(source: string, parseMode: string | undefined): FormattedText {
  switch (parseMode) {
    case undefined:
    case '':
      return { text: source, entities: [] };
    case 'HTML':
      return parseHtml(source);
    case 'MarkdownV2':
      return parseMarkdownV2(source);
    case 'Markdown':
      return parseLegacyMarkdown(source);
    default:
      throw badRequest(`unsupported parse_mode "${parseMode}"`);
  }
}

function cantParse(detail: string): BotApiError {
  return badRequest(`can't parse entities: ${detail}`);
}

function byteOffset(source: string, index: number): number {
  return Buffer.byteLength(source.slice(0, index), 'utf8');
}

function sortEntities(entities: MessageEntity[]): MessageEntity[] {
  return entities.sort((a, b) => a.offset - b.offset || b.length - a.length);
}

const HTML_ENTITY_TYPES: Record<string, MessageEntity['type']> = {
  b: 'bold',
  strong: 'bold',
  i: 'italic',
  em: 'italic',
  u: 'underline',
  ins: 'underline',
  s: 'strikethrough',
  strike: 'strikethrough',
  del: 'strikethrough',
  'tg-spoiler': 'spoiler',
  span: 'spoiler',
  a: 'text_link',
  code: 'code',
  pre: 'pre',
  blockquote: 'blockquote',
  'tg-emoji': 'custom_emoji',
};

const HTML_ESCAPES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"' };

interface OpenTag {
  name: string;
  type: MessageEntity['type'];
  offset: number;
  url?: string;
}

function parseHtml(source: string): FormattedText {
  let text = '';
  const entities: MessageEntity[] = [];
  const open: OpenTag[] = [];
  let index = 0;
  while (index < source.length) {
    const char = source[index];
    if (char === '<') {
      const tag = /^<(\/?)([a-zA-Z][a-zA-Z0-9-]*)([^<>]*)>/.exec(source.slice(index));
      if (tag === null) {
        const name = /^<\/?([^\s>]*)/.exec(source.slice(index))?.[1] ?? '';
        throw cantParse(`Unsupported start tag "${name}" at byte offset ${byteOffset(source, index)}`);
      }
      const [whole, slash, rawName, attributes] = tag;
      const name = (rawName ?? '').toLowerCase();
      if (slash === '') {
        const type = HTML_ENTITY_TYPES[name];
        if (type === undefined) {
          throw cantParse(`Unsupported start tag "${name}" at byte offset ${byteOffset(source, index)}`);
        }
        if (name === 'span' && !/class\s*=\s*"tg-spoiler"/.test(attributes ?? '')) {
          throw cantParse(
            `Tag "span" must have class "tg-spoiler" at byte offset ${byteOffset(source, index)}`,
          );
        }
        const url = /href\s*=\s*"([^"]*)"/.exec(attributes ?? '')?.[1];
        open.push({ name, type, offset: text.length, url });
      } else {
        const top = open.pop();
        if (top === undefined) {
          throw cantParse(`Unexpected end tag at byte offset ${byteOffset(source, index)}`);
        }
        if (top.name !== name) {
          throw cantParse(
            `Unmatched end tag at byte offset ${byteOffset(source, index)}, expected "</${top.name}>", found "</${name}>"`,
          );
        }
        const length = text.length - top.offset;
        // An <a> without href and an empty element leave no entity, as in Telegram.
        if (length > 0 && (top.type !== 'text_link' || top.url !== undefined)) {
          entities.push(
            top.type === 'text_link'
              ? { type: 'text_link', offset: top.offset, length, url: top.url ?? '' }
              : ({ type: top.type, offset: top.offset, length } as MessageEntity),
          );
        }
      }
      index += whole.length;
    } else if (char === '&') {
      const escape = /^&(lt|gt|amp|quot|#\d+|#x[0-9a-fA-F]+);/.exec(source.slice(index));
      if (escape === null) {
        // Telegram keeps a bare "&" as text.
        text += '&';
        index += 1;
      } else {
        const code = escape[1] ?? '';
        text += code.startsWith('#x')
          ? String.fromCodePoint(parseInt(code.slice(2), 16))
          : code.startsWith('#')
            ? String.fromCodePoint(parseInt(code.slice(1), 10))
            : (HTML_ESCAPES[code] ?? '');
        index += escape[0].length;
      }
    } else {
      text += char;
      index += 1;
    }
  }
  const unclosed = open.pop();
  if (unclosed !== undefined) {
    throw cantParse(`Can't find end tag corresponding to start tag "${unclosed.name}"`);
  }
  return { text, entities: sortEntities(entities) };
}

const MARKDOWN_V2_RESERVED = '_*[]()~`>#+-=|{}.!';

const MARKDOWN_V2_STYLES: Record<string, { type: MessageEntity['type']; name: string }> = {
  '*': { type: 'bold', name: 'Bold' },
  _: { type: 'italic', name: 'Italic' },
  __: { type: 'underline', name: 'Underline' },
  '~': { type: 'strikethrough', name: 'Strikethrough' },
  '||': { type: 'spoiler', name: 'Spoiler' },
  '[': { type: 'text_link', name: 'TextUrl' },
};

interface OpenMarker {
  marker: string;
  offset: number;
  sourceIndex: number;
}

function parseMarkdownV2(source: string): FormattedText {
  let text = '';
  const entities: MessageEntity[] = [];
  const open: OpenMarker[] = [];
  let index = 0;
  const reserved = (at: number): BotApiError =>
    cantParse(`Character '${source[at]}' is reserved and must be escaped with the preceding '\\'`);
  while (index < source.length) {
    const char = source[index] ?? '';
    if (char === '\\' && index + 1 < source.length) {
      text += source[index + 1];
      index += 2;
      continue;
    }
    if (char === '`') {
      const fence = source.startsWith('```', index) ? '```' : '`';
      const end = findUnescaped(source, fence, index + fence.length);
      if (end === -1) {
        const name = fence === '```' ? 'Pre' : 'Code';
        throw cantParse(`Can't find end of ${name} entity at byte offset ${byteOffset(source, index)}`);
      }
      let content = source.slice(index + fence.length, end);
      let language: string | undefined;
      if (fence === '```') {
        const firstLine = /^([^\s`]+)\n/.exec(content);
        if (firstLine !== null) {
          language = firstLine[1];
          content = content.slice(firstLine[0].length);
        }
      }
      content = content.replace(/\\([`\\])/g, '$1');
      if (content.length > 0) {
        entities.push(
          fence === '```'
            ? { type: 'pre', offset: text.length, length: content.length, ...(language ? { language } : {}) }
            : { type: 'code', offset: text.length, length: content.length },
        );
      }
      text += content;
      index = end + fence.length;
      continue;
    }
    const marker =
      char === '_' && source[index + 1] === '_'
        ? '__'
        : char === '|' && source[index + 1] === '|'
          ? '||'
          : char === '*' || char === '_' || char === '~'
            ? char
            : undefined;
    if (marker !== undefined) {
      const top = open[open.length - 1];
      if (top !== undefined && top.marker === marker) {
        open.pop();
        const style = MARKDOWN_V2_STYLES[marker];
        if (style !== undefined && text.length > top.offset) {
          entities.push({
            type: style.type,
            offset: top.offset,
            length: text.length - top.offset,
          } as MessageEntity);
        }
      } else {
        open.push({ marker, offset: text.length, sourceIndex: index });
      }
      index += marker.length;
      continue;
    }
    if (char === '[') {
      open.push({ marker: '[', offset: text.length, sourceIndex: index });
      index += 1;
      continue;
    }
    if (char === ']') {
      const top = open[open.length - 1];
      if (top?.marker !== '[' || source[index + 1] !== '(') throw reserved(index);
      const close = findUnescaped(source, ')', index + 2);
      if (close === -1)
        throw cantParse(`Can't find end of a URL at byte offset ${byteOffset(source, index + 2)}`);
      open.pop();
      const url = source.slice(index + 2, close).replace(/\\([)\\])/g, '$1');
      if (text.length > top.offset) {
        entities.push({ type: 'text_link', offset: top.offset, length: text.length - top.offset, url });
      }
      index = close + 1;
      continue;
    }
    // ">" opens a block quote at the start of a line; the quote itself is not turned into an entity here.
    if (char === '>' && (index === 0 || source[index - 1] === '\n')) {
      index += 1;
      continue;
    }
    if (MARKDOWN_V2_RESERVED.includes(char)) throw reserved(index);
    text += char;
    index += 1;
  }
  const unclosed = open.pop();
  if (unclosed !== undefined) {
    const name = MARKDOWN_V2_STYLES[unclosed.marker]?.name ?? 'the';
    throw cantParse(
      `Can't find end of ${name} entity at byte offset ${byteOffset(source, unclosed.sourceIndex)}`,
    );
  }
  return { text, entities: sortEntities(entities) };
}

/** The old Markdown mode: *bold*, _italic_, `code`, ```pre```, [text](url); no escaping of other characters. */
function parseLegacyMarkdown(source: string): FormattedText {
  let text = '';
  const entities: MessageEntity[] = [];
  let index = 0;
  while (index < source.length) {
    const char = source[index] ?? '';
    if (char === '\\' && '*_`['.includes(source[index + 1] ?? ' ')) {
      text += source[index + 1];
      index += 2;
      continue;
    }
    const fence = source.startsWith('```', index)
      ? '```'
      : char === '*' || char === '_' || char === '`'
        ? char
        : '';
    if (fence !== '' || char === '[') {
      const closer = char === '[' ? ']' : fence;
      const end = source.indexOf(closer, index + (fence === '' ? 1 : fence.length));
      if (end === -1) {
        throw cantParse(`Can't find end of the entity starting at byte offset ${byteOffset(source, index)}`);
      }
      const content = source.slice(index + (fence === '' ? 1 : fence.length), end);
      if (char === '[') {
        const url = /^\(([^)]*)\)/.exec(source.slice(end + 1));
        if (url !== null && content.length > 0) {
          entities.push({
            type: 'text_link',
            offset: text.length,
            length: content.length,
            url: url[1] ?? '',
          });
        }
        text += content;
        index = end + 1 + (url?.[0].length ?? 0);
        continue;
      }
      const type: MessageEntity['type'] =
        fence === '```' ? 'pre' : fence === '`' ? 'code' : fence === '*' ? 'bold' : 'italic';
      if (content.length > 0)
        entities.push({ type, offset: text.length, length: content.length } as MessageEntity);
      text += content;
      index = end + fence.length;
      continue;
    }
    text += char;
    index += 1;
  }
  return { text, entities: sortEntities(entities) };
}

function findUnescaped(source: string, needle: string, from: number): number {
  for (let index = from; index < source.length; index += 1) {
    if (source[index] === '\\') {
      index += 1;
      continue;
    }
    if (source.startsWith(needle, index)) return index;
  }
  return -1;
}
