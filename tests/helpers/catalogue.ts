// Checks a message catalogue ({ key: { vi, en } | (...args) => { vi, en } }): both languages present,
// the Vietnamese actually Vietnamese (not the English copied), and every figure or name a text is
// built from shown in both languages, so a reader of either sees the same facts.

interface Bilingual {
  readonly vi: string;
  readonly en: string;
}

const isBilingual = (v: unknown): v is Bilingual =>
  typeof v === 'object' && v !== null && typeof (v as Bilingual).vi === 'string' && typeof (v as Bilingual).en === 'string';

/** Problems with one text; `shown` are the values it was built from, which must appear in both languages. */
export function textProblems(name: string, text: unknown, shown: readonly string[] = []): string[] {
  if (!isBilingual(text)) return [`${name}: not a { vi, en } pair`];
  const out: string[] = [];
  if (text.vi.trim() === '' || text.en.trim() === '') out.push(`${name}: an empty language`);
  if (text.vi === text.en) out.push(`${name}: the Vietnamese is the English`);
  if (!/[à-ỹđĐ]/i.test(text.vi)) out.push(`${name}: the Vietnamese has no Vietnamese letter`);
  for (const s of shown) {
    if (!text.vi.includes(s)) out.push(`${name}: "${s}" missing in Vietnamese`);
    if (!text.en.includes(s)) out.push(`${name}: "${s}" missing in English`);
  }
  return out;
}

/** Problems with every fixed text of a catalogue (functions are checked by the caller, with arguments). */
export function fixedTextProblems(catalogue: Readonly<Record<string, unknown>>): string[] {
  return Object.entries(catalogue).flatMap(([name, v]) => (typeof v === 'function' ? [] : textProblems(name, v)));
}
