/**
 * Writing the dashboard's pages on the server: the shared view's nodes as HTML, and templates filled
 * with it. Every text and attribute is escaped here, once: names, titles and artifact names are what
 * members and admins typed.
 */

/** A node of the shared view (assets/dashboard.view.js). */
export interface ViewNode {
  tag: string;
  attrs: Record<string, string>;
  children: (ViewNode | string)[];
}

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
/** Elements that have no closing tag. */
const VOID_TAGS = new Set(['img', 'br', 'hr', 'input', 'meta', 'link']);
const TAG_NAME = /^[a-z][a-z0-9]*$/;
const ATTRIBUTE_NAME = /^[a-z][a-z0-9-]*$/;
/** Accept-Language entries looked at, at most (the header is the visitor's to make as long as they like). */
const LANGUAGES_TRIED_MAX = 5;
const FALLBACK_LOCALE = 'en';

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ENTITIES[char] as string);
}

export function toHtml(node: ViewNode | string): string {
  if (typeof node === 'string') return escapeHtml(node);
  // Names come from the view's code, never from data; checked so that a slip cannot open a hole.
  if (!TAG_NAME.test(node.tag)) throw new Error(`the dashboard's view made a bad tag name: ${node.tag}`);
  let attributes = '';
  for (const [name, value] of Object.entries(node.attrs)) {
    if (!ATTRIBUTE_NAME.test(name))
      throw new Error(`the dashboard's view made a bad attribute name: ${name}`);
    attributes += ` ${name}="${escapeHtml(value)}"`;
  }
  if (VOID_TAGS.has(node.tag)) return `<${node.tag}${attributes}>`;
  return `<${node.tag}${attributes}>${node.children.map(toHtml).join('')}</${node.tag}>`;
}

/**
 * JSON to put inside a `<script type="application/json">` block: `<` written as \u003c so that no
 * value can close the block (JSON.parse reads it back as `<`).
 */
export function inlineJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

/** A template with every `{{slot}}` replaced by its (already escaped) HTML; a slot left unfilled is a bug. */
export function fillTemplate(template: string, slots: Record<string, string>): string {
  return template.replace(/\{\{([a-z]+)\}\}/g, (_match, name: string) => {
    const html = slots[name];
    if (html === undefined) throw new Error(`the dashboard's template has a slot nobody fills: ${name}`);
    return html;
  });
}

/**
 * The visitor's locale from Accept-Language, for numbers as their browser will write them (the page's
 * script redraws with the browser's own, so both must agree); English when none is known.
 */
export function localeOf(acceptLanguage: string | undefined): string {
  const entries = (acceptLanguage ?? '').split(',').slice(0, LANGUAGES_TRIED_MAX);
  for (const entry of entries) {
    const tag = entry.split(';')[0]?.trim() ?? '';
    if (tag === '' || tag === '*') continue;
    try {
      const [supported] = Intl.NumberFormat.supportedLocalesOf([tag]);
      if (supported !== undefined) return supported;
    } catch {
      // Not a language tag: the next entry, or the fallback.
    }
  }
  return FALLBACK_LOCALE;
}
