/**
 * The documentation's relative links resolve: every link and image in README.md and docs/*.md points to a
 * file that exists, and every #anchor to a heading of the page it names.
 */
import { findRepoRoot } from '@ticketonomics/testing';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const root = findRepoRoot();
const PAGES = [
  join(root, 'README.md'),
  ...readdirSync(join(root, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => join(root, 'docs', name)),
];

/** The text a reader sees as prose: fenced code blocks and inline code hold no links. */
function prose(markdown: string): string {
  return markdown.replace(/^```[^\n]*\n[\s\S]*?^```$/gm, '').replace(/`[^`\n]*`/g, '');
}

/** Relative link targets, `[text](target)` and `![alt](target)`, as written. */
function relativeLinks(markdown: string): string[] {
  const targets = [...prose(markdown).matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map((match) => match[1]!);
  return targets.filter((target) => !/^[a-z][a-z0-9+.-]*:/i.test(target));
}

/** GitHub's anchors for a page's headings: lowercased, punctuation dropped, spaces as dashes, repeats numbered. */
function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  const withoutCode = markdown.replace(/^```[^\n]*\n[\s\S]*?^```$/gm, '');
  for (const match of withoutCode.matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const slug = match[1]!
      .toLowerCase()
      .replace(/[^\p{L}\p{N} _-]/gu, '')
      .replace(/ /g, '-');
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
  }
  return anchors;
}

describe('the documentation links', () => {
  it.each(PAGES.map((page) => [relative(root, page), page]))('%s links only to what exists', (_, page) => {
    const markdown = readFileSync(page, 'utf8');
    const broken: string[] = [];
    for (const target of relativeLinks(markdown)) {
      const [path = '', anchor] = target.split('#');
      const file = path === '' ? page : resolve(dirname(page), decodeURIComponent(path));
      if (!existsSync(file)) {
        broken.push(`${target}: no file ${relative(root, file)}`);
        continue;
      }
      if (anchor !== undefined && !anchorsOf(readFileSync(file, 'utf8')).has(anchor)) {
        broken.push(`${target}: no heading #${anchor} in ${relative(root, file)}`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('finds the links it checks (the README links every page of docs/)', () => {
    const links = relativeLinks(readFileSync(join(root, 'README.md'), 'utf8'));
    for (const page of PAGES.slice(1)) expect(links).toContain(relative(root, page));
    expect(anchorsOf('## From Node.js\n## On one machine: `npm start`\n## A\n## A')).toEqual(
      new Set(['from-nodejs', 'on-one-machine-npm-start', 'a', 'a-1']),
    );
  });
});
