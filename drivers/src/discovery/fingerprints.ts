// USB vendor ids of 2D-scanner makers (docs/research/scanner-protocols.md §5). Generic USB-serial
// bridges (CH340 0x1a86, FTDI…) are deliberately absent: discovery must never open a modem or a
// card reader by mistake; such scanners are attached by path.

export const SCANNER_VENDORS: ReadonlyMap<string, string> = new Map([
  ['0c2e', 'Honeywell (Metrologic)'],
  ['0536', 'Honeywell (Hand Held Products)'],
  ['23d0', 'Honeywell (Youjie)'],
  ['05e0', 'Zebra (Symbol)'],
  ['0a5f', 'Zebra'],
  ['05f9', 'Datalogic (PSC)'],
  ['080c', 'Datalogic'],
  ['1eab', 'Newland'],
  ['065a', 'Opticon'],
  ['0581', 'Tera (Racal)'],
  ['27dd', 'Mindeo'],
  ['da23', 'unregistered VID seen on Vietnamese CCCD readers'],
]);

/** A USB vendor or product id as four lower-case hex digits, the form usb.ids and udev use. */
export function hex4(id: number): string {
  return id.toString(16).padStart(4, '0');
}

/** Vendor ids arrive lower-case on Linux/macOS and upper-case on Windows, with or without 0x. */
export function scannerVendor(vendorId: string | number | undefined): string | null {
  if (vendorId === undefined) return null;
  const hex = typeof vendorId === 'number' ? hex4(vendorId) : vendorId.toLowerCase().replace(/^0x/, '').padStart(4, '0');
  return SCANNER_VENDORS.get(hex) ?? null;
}
