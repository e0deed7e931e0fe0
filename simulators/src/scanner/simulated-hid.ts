// Simulated HID scanners behind the same object shape node-hid's HIDAsync gives the driver:
// `data` events carrying report buffers, `error` with node-hid's own string on removal, close().

import { EventEmitter } from 'node:events';
import type { HidDevice, HidOpener } from '../../../drivers/src/hid-pos/hid-device.ts';
import type { HidPosFamily } from '../../../drivers/src/hid-pos/layouts.ts';
import { hidPosReports, keyboardReports } from './hid-reports.ts';

class SimulatedHidDevice extends EventEmitter implements HidDevice {
  closed = false;

  close(): void {
    this.closed = true;
    this.removeAllListeners();
  }
}

export interface HidSendOptions {
  /** Milliseconds between reports (USB interrupt interval 1–10 ms; 8 ms per key for wedges). */
  readonly intervalMs?: number;
  /** Lose the last report (a real fault: the read must come out as truncated). */
  readonly dropLast?: boolean;
}

/** One simulated HID scanner that can be unplugged and replugged; `opener` is what the driver gets. */
export class SimulatedHidScanner {
  #device: SimulatedHidDevice | null = null;
  #plugged = true;
  opens = 0;

  constructor(
    readonly mode: { kind: 'hidPos'; family: HidPosFamily } | { kind: 'keyboard' },
    readonly path = `sim-hid:${Math.random().toString(16).slice(2, 10)}`,
  ) {}

  readonly opener: HidOpener = async (path) => {
    if (!this.#plugged || path !== this.path) throw new Error('cannot open device with path ' + path);
    this.opens++;
    this.#device = new SimulatedHidDevice();
    return this.#device;
  };

  reportsFor(payload: string | Uint8Array): Buffer[] {
    if (this.mode.kind === 'keyboard') return keyboardReports(typeof payload === 'string' ? payload : Buffer.from(payload).toString('utf8'));
    return hidPosReports(typeof payload === 'string' ? Buffer.from(payload, 'utf8') : payload, this.mode.family);
  }

  /** Sends a payload as reports; resolves with the time the last report was delivered. */
  async scan(payload: string | Uint8Array, opts: HidSendOptions = {}): Promise<number> {
    const reports = this.reportsFor(payload);
    return this.sendReports(opts.dropLast ? reports.slice(0, -1) : reports, opts.intervalMs ?? (this.mode.kind === 'keyboard' ? 8 : 1));
  }

  async sendReports(reports: Buffer[], intervalMs: number): Promise<number> {
    let last = performance.now();
    for (const [i, r] of reports.entries()) {
      if (i > 0 && intervalMs > 0) await new Promise((res) => setTimeout(res, intervalMs));
      const d = this.#device;
      if (!d || d.closed) throw new Error('the simulated HID scanner is not open');
      const report = Buffer.from(r);
      last = performance.now(); // the moment the report is handed over, as a USB transfer completes
      d.emit('data', report);
    }
    return last;
  }

  unplug(): void {
    this.#plugged = false;
    const d = this.#device;
    this.#device = null;
    if (d && !d.closed) d.emit('error', 'could not read from HID device'); // node-hid emits a string
  }

  replug(): void {
    this.#plugged = true;
  }
}
