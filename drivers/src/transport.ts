// The one seam between hardware and the daemon. Serial, HID-POS and keyboard drivers implement it,
// and so do the simulators; nothing above this file knows which one it talks to.
//
// Contract (modelled on serialport's BindingInterface):
// - a `read` is one complete scan: raw bytes, never decoded here (a Vietnamese letter may straddle
//   two chunks or two HID reports), with the time the last byte arrived;
// - `close()` ends reading without emitting `disconnect`;
// - any other loss of the device emits `disconnect` once, with a TransportError whose code is
//   SCANNER_DISCONNECTED; the owner may call `open()` again to reconnect.

import type { TransportError } from './errors.ts';

export type TransportKind = 'serial' | 'hidPos' | 'hidKeyboard' | 'memory' | 'chip';

/** How a read was closed: by a terminator byte, by inter-byte silence, by the size cap, or by HID framing. */
export type ReadEnd = 'terminator' | 'idle' | 'overflow' | 'report' | 'lostReport';

export interface ScanRead {
  readonly bytes: Buffer;
  /** Epoch milliseconds (performance-based when available) of the last byte. */
  readonly at: number;
  readonly end: ReadEnd;
}

export interface DeviceIdentity {
  readonly path: string;
  readonly vendorId?: string;
  readonly productId?: string;
  readonly serialNumber?: string;
  readonly manufacturer?: string;
  readonly product?: string;
}

export interface TransportEvents {
  read: (read: ScanRead) => void;
  disconnect: (error: TransportError) => void;
  /** Recoverable trouble worth counting (e.g. a HID report with a bad length). */
  warning: (error: TransportError) => void;
}

export interface ScannerTransport {
  readonly kind: TransportKind;
  readonly identity: DeviceIdentity;
  readonly isOpen: boolean;
  /** A device the OS keeps to itself (a keyboard-mode scanner outside Linux): listed, never opened. */
  readonly unreadable?: boolean;
  open(): Promise<void>;
  close(): Promise<void>;
  on<E extends keyof TransportEvents>(event: E, listener: TransportEvents[E]): this;
  off<E extends keyof TransportEvents>(event: E, listener: TransportEvents[E]): this;
}
