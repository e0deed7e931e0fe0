// A scanner in keyboard mode on an OS that keeps keyboards to itself (Windows, macOS): no service can
// read it, so the daemon lists it, never opens it, and /tech tells the technician to switch it to
// USB-COM (CDC) or HID-POS. (On Linux the hidraw node can be read: KeyboardTransport does that.)

import { TransportError } from '../errors.ts';
import type { DeviceIdentity, ScannerTransport, TransportEvents } from '../transport.ts';
import { TypedEmitter } from '../typed-emitter.ts';

export class KeyboardWedgeEntry extends TypedEmitter<TransportEvents> implements ScannerTransport {
  readonly kind = 'hidKeyboard' as const;
  readonly unreadable = true;
  readonly isOpen = false;

  constructor(readonly identity: DeviceIdentity) {
    super();
  }

  async open(): Promise<void> {
    throw new TransportError('SCANNER_OPEN_FAILED', `${this.identity.path}: a keyboard-mode scanner is owned by the operating system`);
  }

  async close(): Promise<void> {}
}
