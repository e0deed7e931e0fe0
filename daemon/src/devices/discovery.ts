// Finds scanners the machine has: serial ports whose USB vendor is a scanner maker, and HID-POS
// devices. Every probe is allowed to fail (no udevadm, no libusb): it then reports why, in words a
// technician can act on, and the daemon carries on with the scanners configured by path.

import { scannerVendor } from '../../../drivers/src/discovery/fingerprints.ts';
import type { Message } from '../parse/messages.ts';
import { DEVICE_TEXT } from './device-messages.ts';

export interface SerialCandidate {
  readonly path: string;
  readonly vendorId?: string;
  readonly productId?: string;
  readonly serialNumber?: string;
  readonly manufacturer?: string;
  /** The USB port the device sits in (serialport's locationId, where the OS gives it). */
  readonly locationId?: string;
}

export type SerialLister = () => Promise<ReadonlyArray<SerialCandidate>>;

export interface HidDeviceInfo {
  readonly vendorId: number;
  readonly productId: number;
  readonly path?: string;
  readonly usagePage?: number;
  readonly usage?: number;
  readonly product?: string;
  readonly serialNumber?: string;
}

export interface HidModule {
  devicesAsync(): Promise<HidDeviceInfo[]>;
}

export type HidLoader = () => Promise<HidModule>;

export interface ProbeStatus extends Message {
  available: boolean;
  detail?: string;
}

/** Why listing serial ports fails, by OS: udev's database on Linux, the device setup API on Windows. */
const LIST_FAILED: Readonly<Partial<Record<NodeJS.Platform, Message>>> = {
  linux: DEVICE_TEXT.serialListFailedLinux,
  win32: DEVICE_TEXT.serialListFailedWindows,
};

export async function listSerialScanners(
  list: SerialLister,
  platform: NodeJS.Platform = process.platform,
): Promise<{ status: ProbeStatus; found: SerialCandidate[] }> {
  try {
    const ports = await list();
    return {
      status: { available: true, ...DEVICE_TEXT.serialWorks },
      found: ports.filter((p) => scannerVendor(p.vendorId) !== null),
    };
  } catch (err) {
    return {
      status: { available: false, ...(LIST_FAILED[platform] ?? LIST_FAILED.linux!), detail: (err as Error).message },
      found: [],
    };
  }
}

export async function probeHid(load: HidLoader): Promise<{ status: ProbeStatus; hidPos: HidDeviceInfo[]; keyboardMode: HidDeviceInfo[] }> {
  let hid: HidModule;
  try {
    hid = await load();
  } catch (err) {
    return {
      status: {
        available: false,
        ...DEVICE_TEXT.hidUnavailable,
        detail: (err as Error).message,
      },
      hidPos: [],
      keyboardMode: [],
    };
  }
  try {
    const all = await hid.devicesAsync();
    const hidPos = all.filter((d) => d.usagePage === 0x8c);
    const keyboardMode = all.filter((d) => d.usagePage === 0x01 && d.usage === 0x06 && scannerVendor(d.vendorId) !== null);
    return { status: { available: true, ...DEVICE_TEXT.hidWorks }, hidPos, keyboardMode };
  } catch (err) {
    return {
      status: { available: false, ...DEVICE_TEXT.hidListFailed, detail: (err as Error).message },
      hidPos: [],
      keyboardMode: [],
    };
  }
}
