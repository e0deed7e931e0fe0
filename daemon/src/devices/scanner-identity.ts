// Who a discovered scanner is, independent of where it is plugged: its USB serial number when it has
// one; otherwise its vendor/product and the USB port it sits in (the same scanner in the same port is
// the same device after a reboot); failing both, its device path. The identity keys the scanner
// registry, which keeps the device id (so counters continue across replugs and new paths) and the
// desk a technician gave it. Desk rules from the config match serial and HID scanners alike.

import { hex4 } from '../../../drivers/src/discovery/fingerprints.ts';
import type { DeskRule } from './devices-config.ts';

export interface FoundScanner {
  readonly kind: 'serial' | 'hidPos' | 'hidKeyboard';
  readonly path: string;
  readonly vendorId?: string | undefined;
  readonly productId?: string | undefined;
  readonly serialNumber?: string | undefined;
  /** The USB port (serialport's locationId, or the port part of a HID path), when the OS says. */
  readonly location?: string | undefined;
}

export type { DeskRule };

const norm = (v: string | undefined): string => (v ?? '').toLowerCase().replace(/^0x/, '');

/** A USB serial number worth trusting: some cheap scanners report "0", all zeros or nothing. On
 *  Windows, a device without one gets an instance id that Windows makes up per USB port
 *  ("5&2BA34F2C&0&3", which serialport reads out of the PnP id as if it were a serial number): an id
 *  with "&" is never a USB serial number, and the port (locationId) identifies the scanner instead. */
export function usableSerial(s: string | undefined): string | null {
  const v = (s ?? '').trim();
  return v.length >= 4 && !/^0+$/.test(v) && !v.includes('&') ? v : null;
}

export function identityKey(f: FoundScanner): string {
  const serial = usableSerial(f.serialNumber);
  const vp = `${norm(f.vendorId)}:${norm(f.productId)}`;
  if (serial) return `sn:${vp}:${serial}`;
  if (f.location) return `port:${vp}:${f.location}`;
  return `path:${f.path}`;
}

/** The id a scanner gets the first time it is seen (kept by the registry after that). */
export function firstDeviceId(f: FoundScanner): string {
  const serial = usableSerial(f.serialNumber);
  if (f.kind === 'serial') return `usb-${serial ?? f.vendorId ?? 'serial'}`;
  return serial ? `hid-${norm(f.vendorId)}-${norm(f.productId)}-${serial}` : `hid-${norm(f.vendorId)}-${norm(f.productId)}`;
}

/** The first rule whose every given field matches; null when none does. */
export function deskByRule(rules: readonly DeskRule[], f: FoundScanner): string | null {
  for (const r of rules) {
    if (r.serialNumber !== undefined && r.serialNumber !== (f.serialNumber ?? '').trim()) continue;
    if (r.vendorId !== undefined && norm(r.vendorId) !== norm(f.vendorId)) continue;
    if (r.productId !== undefined && norm(r.productId) !== norm(f.productId)) continue;
    if (r.path !== undefined && r.path !== f.path && r.path !== f.location) continue;
    return r.desk;
  }
  return null;
}

/** node-hid gives numbers; the registry and the rules speak the 4-digit hex the OS shows. */
export function hidIds(vendorId: number, productId: number): { vendorId: string; productId: string } {
  return { vendorId: hex4(vendorId), productId: hex4(productId) };
}
