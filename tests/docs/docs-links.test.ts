// Every relative link in the Markdown (README.md, CONTRIBUTING.md, docs/**/*.md) points to a file or
// folder that exists, and a `#anchor` to a heading of its target, slugged as GitHub does (lowercase,
// spaces to '-', punctuation dropped except '-' and '_', Vietnamese letters kept as they are).
// Links with a scheme (https:, mailto:, …) are not followed.

import { existsSync, mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The Markdown files whose links are checked, relative to root. */
function markdownFiles(root: string): string[] {
  const files = ['README.md', 'CONTRIBUTING.md'].filter((f) => existsSync(join(root, f)));
  const walk = (dir: string): void => {
    for (const entry of readdirSync(join(root, dir), { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.md')) files.push(path);
    }
  };
  if (existsSync(join(root, 'docs'))) walk('docs');
  return files;
}

/** The text without fenced code blocks (a link or heading inside one is not one). */
function withoutFences(markdown: string): string {
  const out: string[] = [];
  let fence: string | null = null;
  for (const line of markdown.split('\n')) {
    const marker = /^\s{0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence === null && marker) fence = marker;
    else if (fence !== null && marker && marker[0] === fence[0] && marker.length >= fence.length && line.trim() === marker) fence = null;
    else if (fence === null) {
      out.push(line);
      continue;
    }
    out.push('');
  }
  return out.join('\n');
}

/** GitHub's heading anchor: the heading's text (code spans and links as their text), lowercased,
 *  every character but letters, marks, digits, '_', '-' and space dropped, spaces turned into '-'. */
export function slug(heading: string): string {
  const text = heading
    .replace(/`([^`]*)`/g, '$1')
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]+>/g, '');
  return text
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');
}

/** The anchors a Markdown file offers: its headings' slugs (a repeated one gets -1, -2, …), and ids
 *  or names of HTML elements. */
function anchors(markdown: string): Set<string> {
  const found = new Set<string>();
  const seen = new Map<string, number>();
  for (const line of withoutFences(markdown).split('\n')) {
    const heading = /^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(line)?.[1];
    if (heading !== undefined) {
      const base = slug(heading);
      const n = seen.get(base) ?? 0;
      seen.set(base, n + 1);
      found.add(n === 0 ? base : `${base}-${n}`);
    }
    for (const m of line.matchAll(/<[a-z]+\s[^>]*\b(?:id|name)="([^"]+)"/gi)) found.add(m[1]!);
  }
  return found;
}

interface Link {
  readonly line: number;
  readonly target: string;
}

/** Inline links and images `[text](target "title")` and reference definitions `[id]: target`. */
function links(markdown: string): Link[] {
  // Code spans become a placeholder without brackets, so `[--port 7300]` is never taken for a link.
  const text = withoutFences(markdown).replace(/(`+)(?!`)[\s\S]*?[^`]\1(?!`)|(`+)[^`]\2/g, (m) => m.replace(/[^\n]/g, 'c'));
  const out: Link[] = [];
  const lineOf = (index: number): number => text.slice(0, index).split('\n').length;
  for (const m of text.matchAll(/\[[^\]]*\]\(\s*<?([^\s)>]+)>?(?:\s+"[^"]*")?\s*\)/g)) out.push({ line: lineOf(m.index), target: m[1]! });
  for (const m of text.matchAll(/^\s{0,3}\[[^\]]+\]:\s*<?([^\s>]+)>?/gm)) out.push({ line: lineOf(m.index), target: m[1]! });
  return out;
}

/** Every broken relative link of the given files, as "file:line: target (why)". */
export function brokenLinks(root: string, files: readonly string[]): string[] {
  const problems: string[] = [];
  const anchorCache = new Map<string, Set<string>>();
  const anchorsOf = (file: string): Set<string> => {
    if (!anchorCache.has(file)) anchorCache.set(file, anchors(readFileSync(file, 'utf8')));
    return anchorCache.get(file)!;
  };
  for (const file of files) {
    const from = join(root, file);
    for (const { line, target } of links(readFileSync(from, 'utf8'))) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto:, …
      const hash = target.indexOf('#');
      const pathPart = decodeURI(hash < 0 ? target : target.slice(0, hash));
      const anchor = hash < 0 ? null : decodeURIComponent(target.slice(hash + 1));
      const resolved = pathPart === '' ? from : pathPart.startsWith('/') ? join(root, pathPart) : resolve(dirname(from), pathPart);
      const where = `${file}:${line}: ${target}`;
      const outside = relative(root, resolved);
      if (outside.startsWith('..')) {
        // A folder beside the checkout (the project's shared research notes): checked where it exists.
        const beside = join(root, '..', outside.split(sep)[1] ?? '');
        if (!existsSync(beside)) continue;
      }
      if (!existsSync(resolved)) {
        problems.push(`${where} (no such file or folder)`);
        continue;
      }
      if (anchor && statSync(resolved).isFile() && resolved.endsWith('.md') && !anchorsOf(resolved).has(anchor)) {
        problems.push(`${where} (no heading with the anchor #${anchor} in ${relative(root, resolved) || file})`);
      }
    }
  }
  return problems;
}

t.test('GitHub heading slugs, Vietnamese letters kept', async (t) => {
  t.equal(slug('Counters and the district report (Phụ lục 03)'), 'counters-and-the-district-report-phụ-lục-03');
  t.equal(slug("Registration, the self-service kiosk and the hospital's HIS"), 'registration-the-self-service-kiosk-and-the-hospitals-his');
  t.equal(slug('`facility.stations[].desks`'), 'facilitystationsdesks');
  t.equal(slug('Design choices, and why'), 'design-choices-and-why');
  t.equal(slug('A [linked](x.md) `code` heading'), 'a-linked-code-heading');
});

t.test('the checker finds a missing file, a missing anchor, and ignores code and URLs', async (t) => {
  const root = mkdtempSync(join(tmpdir(), 'tiepnhan-docs-'));
  t.teardown(() => rmSync(root, { recursive: true, force: true }));
  mkdirSync(join(root, 'docs', 'guides'), { recursive: true });
  writeFileSync(
    join(root, 'README.md'),
    [
      '# Tiếp nhận',
      '',
      '[ok](docs/guides/a.md#phụ-lục-03) [ok](#tiếp-nhận) [folder](docs/) [web](https://example.com/x.md) [mail](mailto:a@b.c)',
      '`[not a link](nowhere.md)`',
      '```',
      '[not a link either](nowhere.md)',
      '```',
      '[broken](docs/guides/missing.md) [bad anchor](docs/guides/a.md#nope) [bad self](#nope)',
    ].join('\n'),
  );
  writeFileSync(join(root, 'docs', 'guides', 'a.md'), '# A\n\n## Phụ lục 03\n\n[up](../../README.md#tiếp-nhận)\n');
  const problems = brokenLinks(root, markdownFiles(root));
  t.same(
    problems.map((p) => p.replace(/ \(.*$/, '')),
    ['README.md:8: docs/guides/missing.md', 'README.md:8: docs/guides/a.md#nope', 'README.md:8: #nope'],
    problems.join('\n'),
  );
});

t.test('no broken relative link in README.md and docs/', async (t) => {
  const files = markdownFiles(ROOT);
  t.ok(files.includes('README.md'), 'README.md is checked');
  t.ok(files.filter((f) => f.startsWith('docs')).length >= 4, `at least 4 pages under docs/ (${files.length - 1} files)`);
  const problems = brokenLinks(ROOT, files);
  t.same(problems, [], 'every relative link points to an existing file or folder, and every anchor to a heading (see the diff)');
});
