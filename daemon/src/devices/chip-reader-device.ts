// A chip reader as the device manager keeps it. A chip reader's vendor service pushes whole cards
// and reconnects by itself (drivers/src/chip/chip-transport.ts), so the manager neither reads bytes
// from it nor reopens it; it shows it in the device list beside the scanners (same counters, state,
// power and health) through a scanner-shaped face that never emits a read.

import { shownUrl, type ChipReaderTransport } from '../../../drivers/src/chip/chip-transport.ts';
import type { DeviceIdentity, ScannerTransport } from '../../../drivers/src/transport.ts';

export { shownUrl };

/** The scanner-shaped face of a chip reader: identity, kind `chip`, open/close passed through. */
export function chipReaderFace(reader: ChipReaderTransport): ScannerTransport {
  const identity: DeviceIdentity = { path: shownUrl(reader.url), product: reader.protocol };
  const face: ScannerTransport = {
    kind: 'chip',
    identity,
    get isOpen() {
      return reader.isOpen;
    },
    open: () => reader.open(),
    close: () => reader.close(),
    // Cards, failures and the connection are the reader's own events, which the manager listens to.
    on: () => face,
    off: () => face,
  };
  return face;
}

/** One repeat key per card: the same card pushed twice by the service within the window is one access. */
export function chipRepeatKey(fields: Readonly<Record<string, string>>): Buffer {
  return Buffer.from(JSON.stringify(Object.entries(fields).sort(([a], [b]) => a.localeCompare(b))));
}
