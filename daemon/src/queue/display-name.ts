// The name a public display may show with queue.showNames: the family and middle names as initials
// and the given name in full ("Nguyễn Văn An" -> "N. V. An"), enough for a patient to recognise a
// call and little for anyone else to learn.

/** The short form of a Vietnamese full name (family name first, given name last). */
export function shortName(full: string): string {
  const words = full.trim().split(/\s+/).filter(Boolean);
  if (words.length <= 1) return words[0] ?? '';
  const given = words[words.length - 1]!;
  const initials = words.slice(0, -1).map((w) => `${[...w][0]!.toLocaleUpperCase('vi')}.`);
  return [...initials, given].join(' ');
}
