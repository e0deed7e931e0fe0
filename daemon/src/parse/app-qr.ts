// QR codes a patient shows on a phone instead of the card: the VNeID app (the national electronic
// identity) and the VssID app (social insurance). Their content is not published and could not be
// cited (docs/research/qr-formats.md §1.7 and open question 8), so they are recognised by
// form only, and the message says so: a link or deep link to the apps' own domains, and signed
// tokens (JWS, the form such apps use for a QR that a server must verify). A QR that merely copies
// the card's 7 fields is read as the card, because it carries the same data.

import type { ParseErrorCode } from './messages.ts';

const VNEID = /(^vneid:|\bvneid\b|\bvneid\.gov\.vn\b|\.bocongan\.gov\.vn\b)/i;
const VSSID = /(^vssid:|\bvssid\b|\bbaohiemxahoi\.gov\.vn\b)/i;
/** header.payload.signature, each base64url; the header of a JWS starts `{"` = `eyJ`. */
const JWS = /^eyJ[\w-]+\.[\w-]+\.[\w-]*$/;

export function appQrKind(text: string): Extract<ParseErrorCode, 'vneidApp' | 'vssidApp' | 'appToken'> | null {
  const t = text.trim();
  if (VSSID.test(t)) return 'vssidApp';
  if (VNEID.test(t)) return 'vneidApp';
  if (JWS.test(t)) return 'appToken';
  return null;
}
