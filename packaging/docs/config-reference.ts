// Writes docs/reference/configuration.md from the one configuration schema (daemon/src/config/schema.ts):
// every key path with its type, default and allowed values, a table per top-level section.
//
//   node bin/run-ts.mjs packaging/docs/config-reference.ts > docs/reference/configuration.md
//
// tests/docs/config-reference.test.ts regenerates the page in memory and fails while the file differs.
// The hand-written notes on the keys that need more than a row are in docs/reference/configuration-notes.md.

import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { configSchema } from '../../daemon/src/config/schema.ts';

export const REGENERATE = 'node bin/run-ts.mjs packaging/docs/config-reference.ts > docs/reference/configuration.md';

/** The part of JSON Schema the configuration uses. */
export interface SchemaNode {
  readonly type?: string | readonly string[];
  readonly properties?: Readonly<Record<string, SchemaNode>>;
  readonly items?: SchemaNode;
  readonly oneOf?: readonly SchemaNode[];
  readonly required?: readonly string[];
  readonly default?: unknown;
  readonly enum?: readonly unknown[];
  readonly minimum?: number;
  readonly maximum?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly pattern?: string;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly minProperties?: number;
}

interface Row {
  readonly path: string;
  readonly node: SchemaNode;
  /** Where the key is required: '' (everywhere it appears), a variant's name, or null (optional). */
  readonly required: readonly string[] | null;
  /** The forms of a oneOf parent the key belongs to (e.g. `pfx`, `keyPem + certPem`). */
  readonly forms: readonly string[];
}

const code = (text: string): string => '`' + text + '`';
const json = (value: unknown): string => JSON.stringify(value);
const cell = (text: string): string => text.replace(/\|/g, '\\|');

/** A oneOf variant's name: its required keys, or its type. */
function formName(variant: SchemaNode): string {
  if (variant.required?.length) return variant.required.join(' + ');
  return typeName(variant);
}

function typeName(node: SchemaNode): string {
  if (node.oneOf) return [...new Set(node.oneOf.map(typeName))].join(' or ');
  const types = typeof node.type === 'string' ? [node.type] : [...(node.type ?? [])];
  return types.map((t) => (t === 'array' && node.items ? `${typeName(node.items)}[]` : t)).join(' or ');
}

function range(min: number | undefined, max: number | undefined, unit: string): string | null {
  if (min !== undefined && max !== undefined) return `${unit}${min}–${max}`;
  if (min !== undefined) return `${unit}≥ ${min}`;
  if (max !== undefined) return `${unit}≤ ${max}`;
  return null;
}

/** Allowed values and limits of one node, in words. */
function constraints(node: SchemaNode): string[] {
  const out: string[] = [];
  if (node.enum) out.push(node.enum.map((v) => code(json(v))).join(', '));
  const value = range(node.minimum, node.maximum, '');
  if (value) out.push(value);
  const length = range(node.minLength, node.maxLength, 'length ');
  if (length) out.push(length);
  if (node.pattern) out.push(`matches ${code(node.pattern)}`);
  if (node.minItems !== undefined) out.push(`at least ${node.minItems} item${node.minItems === 1 ? '' : 's'}`);
  if (node.maxItems !== undefined) out.push(`at most ${node.maxItems} items`);
  if (node.minProperties !== undefined) out.push(`at least ${node.minProperties} keys`);
  if (node.items && !node.items.properties) {
    const each = constraints(node.items);
    if (each.length) out.push(`each: ${each.join(', ')}`);
  }
  if (node.oneOf?.some((v) => v.properties)) out.push(`one of: ${node.oneOf.map((v) => code(formName(v))).join(', ')}`);
  return out;
}

/** The children of a node: its properties, its items' properties, the union of its oneOf variants' properties. */
function children(node: SchemaNode, path: string, forms: readonly string[]): Row[] {
  const rows: Row[] = [];
  const add = (owner: SchemaNode, prefix: string, form: string | null): void => {
    for (const [key, child] of Object.entries(owner.properties ?? {})) {
      const childPath = `${prefix}.${key}`;
      const required = owner.required?.includes(key) ? [form ?? ''] : [];
      const seen = rows.findIndex((r) => r.path === childPath);
      if (seen >= 0) {
        const r = rows[seen]!;
        rows[seen] = { ...r, forms: form ? [...r.forms, form] : r.forms, required: [...(r.required ?? []), ...required] };
      } else rows.push({ path: childPath, node: child, required, forms: form ? [form] : forms.length ? forms : [] });
    }
  };
  add(node, path, null);
  if (node.items) add(node.items, `${path}[]`, null);
  for (const variant of node.oneOf ?? []) add(variant, path, formName(variant));
  return rows.flatMap((r) => [r, ...children(r.node, r.path, [])]);
}

function defaultCell(row: Row): string {
  if (row.node.default !== undefined) return code(json(row.node.default));
  if (row.required?.includes('')) return 'required';
  return '—';
}

function allowedCell(row: Row): string {
  const parts = constraints(row.node);
  if (row.forms.length) {
    const requiredIn = (row.required ?? []).filter((f) => f !== '');
    const forms = row.forms.map((f) => code(f) + (requiredIn.includes(f) ? ' (required)' : '')).join(', ');
    parts.push(`in the form${row.forms.length > 1 ? 's' : ''} ${forms}`);
  }
  return parts.join('; ');
}

function table(rows: readonly Row[]): string[] {
  return [
    '| key | type | default | allowed values |',
    '|---|---|---|---|',
    ...rows.map((r) => `| ${code(r.path)} | ${cell(typeName(r.node))} | ${cell(defaultCell(r))} | ${cell(allowedCell(r))} |`),
  ];
}

const INTRO = [
  '# Configuration reference',
  '',
  '> Generated from `daemon/src/config/schema.ts`: do not edit by hand. After a change to the schema, run',
  `> \`${REGENERATE}\``,
  '> (`tests/docs/config-reference.test.ts` fails while this page and the schema disagree).',
  '',
  '`--config FILE` takes a JSON file; every key is optional and validated against one JSON Schema',
  '(`daemon/src/config/schema.ts`) — a wrong key or value stops the start with a message naming it.',
  'Below, every key: its type, its default (JSON: what runs when the key is left out) and its allowed',
  'values. `[]` in a key path stands for every element of an array. The keys inside an object or an',
  "array's elements take their own defaults, inside a default value too: `facility` defaults to `{}`",
  'and so gets `facility.id` `"00000"`; the default station `{"id":"main",…}` gets `name` `""`.',
  'Notes on the keys that need more than a row (the real gateway, the simulators, a scanner entry,',
  'the log file, the storage driver) are in [configuration-notes.md](configuration-notes.md).',
];

/** Breaks a long line of prose at spaces, for a page read as text too. */
function wrap(text: string, width = 100): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  return [...lines, line];
}

/** Every key path of the schema, in schema order (`facility.stations[].desks`, `log.file`, …). */
export function keyPaths(schema: SchemaNode = configSchema): string[] {
  return children(schema, '', []).map((r) => r.path.slice(1));
}

/** The whole page, as the command above writes it. */
export function renderConfigReference(schema: SchemaNode = configSchema): string {
  const rows = children(schema, '', []).map((r) => ({ ...r, path: r.path.slice(1) }));
  const sections = new Map<string, Row[]>();
  for (const row of rows) {
    const top = row.path.split(/[.[]/)[0]!;
    const isSection = Boolean(schema.properties?.[top]?.properties || schema.properties?.[top]?.items);
    const name = isSection ? top : '';
    sections.set(name, [...(sections.get(name) ?? []), row]);
  }
  const titled = [...sections.keys()].sort((a, b) => (a === '' ? -1 : b === '' ? 1 : 0));
  const heading = (name: string): string => (name === '' ? 'Top level' : code(name));
  const anchor = (name: string): string => (name === '' ? 'top-level' : name.toLowerCase());
  const out = [...INTRO, '', ...wrap('Sections: ' + titled.map((s) => `[${heading(s)}](#${anchor(s)})`).join(' · ') + '.')];
  for (const name of titled) out.push('', `## ${heading(name)}`, '', ...table(sections.get(name)!));
  return out.join('\n') + '\n';
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.stdout.write(renderConfigReference());
