// A keyboard-wedge scanner read through HID (possible on Linux hidraw; Windows and macOS reserve
// keyboards). Decodes 8-byte boot reports (modifiers, reserved, 6 key slots) into bytes and closes a
// read at Enter or after silence. Its mere presence is a health warning: Vietnamese cannot be typed.

import type { HidOpener } from '../hid-pos/hid-device.ts';
import { SilenceTimer } from '../silence-timer.ts';
import { HidTransportBase } from '../hid-pos/hid-transport-base.ts';
import type { DeviceIdentity } from '../transport.ts';
import { SHIFT_MASK, usageToChar } from './usage-to-char.ts';

export interface KeyboardTransportOptions {
  readonly identity: DeviceIdentity;
  readonly open: HidOpener;
  readonly idleMs?: number;
  readonly maxBytes?: number;
  /** Reports carry a leading report id byte (9 bytes instead of 8). */
  readonly reportId?: boolean;
}

export const KEYBOARD_MODE_WARNING = {
  vi: 'Máy quét đang ở chế độ bàn phím: tiếng Việt sẽ bị lỗi. Chuyển máy quét sang USB-COM hoặc HID-POS.',
  en: 'This scanner is in keyboard mode; Vietnamese will be garbled. Switch it to USB-COM or HID-POS.',
} as const;

export class KeyboardTransport extends HidTransportBase {
  readonly kind = 'hidKeyboard' as const;
  readonly #opts: KeyboardTransportOptions;
  #chars: string[] = [];
  #held = new Set<number>();
  #lastKeyAt = 0;
  readonly #silence = new SilenceTimer(() => this.#flush());

  constructor(opts: KeyboardTransportOptions) {
    super(opts.identity, opts.open);
    this.#opts = opts;
  }

  protected onReport(raw: Buffer, at: number): void {
    this.#lastKeyAt = at;
    const r = this.#opts.reportId ? raw.subarray(1) : raw;
    if (r.length < 8) return;
    const shift = (r[0]! & SHIFT_MASK) !== 0;
    const down = new Set<number>();
    for (let i = 2; i < 8; i++) if (r[i]! > 0x03) down.add(r[i]!);
    for (const usage of down) {
      if (this.#held.has(usage)) continue; // still held from the previous report
      if (usage === 0x28 || usage === 0x58) {
        this.#flush();
        continue;
      }
      const ch = usageToChar(usage, shift);
      if (ch !== null && this.#chars.length < (this.#opts.maxBytes ?? 4096)) this.#chars.push(ch);
    }
    this.#held = down;
    if (this.#chars.length > 0) this.#silence.arm(this.#opts.idleMs ?? 200);
    else this.#silence.cancel();
  }

  protected resetState(): void {
    this.#silence.cancel();
    this.#chars = [];
    this.#held.clear();
  }

  #flush(): void {
    this.#silence.cancel();
    if (this.#chars.length === 0) return;
    const bytes = Buffer.from(this.#chars.join(''), 'latin1');
    this.#chars = [];
    this.emit('read', { bytes, at: this.#lastKeyAt, end: 'terminator' });
  }
}
