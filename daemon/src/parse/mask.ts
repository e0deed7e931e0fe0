// The one place personal data is masked for logs and screens. Everything that prints an ID number,
// a name or an address goes through these functions (and pino's redact paths call them too).

/** `001089012345` -> `0010******45`; other lengths keep a similar share visible. */
export function maskId(id: string): string {
  const s = id.trim();
  if (s.length <= 4) return '*'.repeat(s.length);
  const head = s.length >= 12 ? 4 : 2;
  const tail = 2;
  return s.slice(0, head) + '*'.repeat(s.length - head - tail) + s.slice(-tail);
}

/** `Nguyễn Văn An` -> `N*** V** A*`: first letter of each word, then up to three stars (so the
 *  length of a long word is not given away either). */
export function maskName(name: string): string {
  return name
    .normalize('NFC')
    .trim()
    .split(/\s+/)
    .map((w) => {
      const letters = [...w];
      return letters.length === 0 ? '' : letters[0] + '*'.repeat(Math.min(3, letters.length - 1));
    })
    .join(' ');
}

/** Keeps only the last part (the province), which is what a technician may need: `***, Hà Nội`. */
export function maskAddress(address: string): string {
  const parts = address
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
  if (parts.length <= 1) return parts.length === 0 ? '' : '***';
  return `***, ${parts[parts.length - 1]}`;
}

const ID_KEYS = ['id', 'oldId', 'idNumber', 'maThe', 'cardCode', 'cccdCb', 'maSoBHXH', 'value'];
const NAME_KEYS = ['name', 'hoTen', 'hoTenCb'];
const ADDRESS_KEYS = ['address', 'diaChi'];
/** Keys that hold personal data wherever they appear in a logged object (pino redacts them again). */
export const PERSONAL_KEYS: readonly string[] = [...ID_KEYS, ...NAME_KEYS, ...ADDRESS_KEYS];

/** A personal field masked by what its key says it holds; anything but a string is dropped. */
export function maskField(value: unknown, key: string): unknown {
  if (typeof value !== 'string') return '[redacted]';
  if (NAME_KEYS.includes(key)) return maskName(value);
  if (ADDRESS_KEYS.includes(key)) return maskAddress(value);
  return maskId(value);
}

/** The masked view of an identity, for log lines and the technician's screens. */
export function maskIdentity(identity: { id?: string; cardCode?: string; name?: string; address?: string }): Record<string, string> {
  const out: Record<string, string> = {};
  if (identity.id) out['idMasked'] = maskId(identity.id);
  if (identity.cardCode) out['cardMasked'] = maskId(identity.cardCode);
  if (identity.name) out['nameMasked'] = maskName(identity.name);
  if (identity.address) out['addressMasked'] = maskAddress(identity.address);
  return out;
}
