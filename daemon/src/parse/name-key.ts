// A name as search compares it: Unicode NFC, Vietnamese lower case, single spaces. SQLite's NOCASE
// folds ASCII only ("Ễ" is not "ễ" to it), so the key is computed here, once, for the patient index
// and for the keyed name hash that name + date-of-birth search looks up.

export const nameKey = (name: string): string => name.normalize('NFC').toLocaleLowerCase('vi').replace(/\s+/g, ' ').trim();
