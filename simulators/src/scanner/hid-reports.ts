// The exact report bytes real scanners send (docs/research/scanner-protocols.md §1.8, §2.1).

import { charToUsage } from '../../../drivers/src/hid-keyboard/usage-to-char.ts';
import { LAYOUTS, type HidPosFamily } from '../../../drivers/src/hid-pos/layouts.ts';

/** HID-POS input reports for one payload: 56 data bytes per 64-byte report, byte 63 bit 0 = more. */
export function hidPosReports(payload: Uint8Array, family: HidPosFamily): Buffer[] {
  const layout = LAYOUTS[family];
  const reports: Buffer[] = [];
  for (let off = 0; off < payload.length || off === 0; off += layout.maxData) {
    const chunk = payload.subarray(off, off + layout.maxData);
    const r = Buffer.alloc(layout.reportSize);
    r[0] = layout.reportId;
    r[1] = chunk.length;
    if (family === 'honeywell') {
      r.write(']Q1', 2, 'latin1'); // AIM id, repeated in every report (real Voyager dumps)
      r[61] = 0x73; // Honeywell code id 's' = QR
    } else {
      r[62] = 0x51; // Newland symbology id
    }
    Buffer.from(chunk).copy(r, layout.dataOffset);
    r[63] = off + layout.maxData < payload.length ? 0x01 : 0x00;
    reports.push(r);
    if (payload.length === 0) break;
  }
  return reports;
}

/** Boot-keyboard reports a wedge scanner sends for `text` then Enter: key-down, then all-zero key-up.
 *  Characters a US keyboard has no key for are dropped, as scanners in keyboard mode do. */
export function keyboardReports(text: string): Buffer[] {
  const reports: Buffer[] = [];
  const up = Buffer.alloc(8);
  for (const ch of `${text}\r`) {
    const key = ch === '\r' ? { usage: 0x28, shift: false } : charToUsage(ch);
    if (!key) continue;
    const down = Buffer.alloc(8);
    down[0] = key.shift ? 0x02 : 0x00;
    down[2] = key.usage;
    reports.push(down, up);
  }
  return reports;
}
