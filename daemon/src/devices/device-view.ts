// A managed scanner as the device list shows it (/api/devices, the `devices` socket event, /tech):
// identity, state and power, counters and statistics, hours powered, and its health in words.
// Pure: the device manager hands in the device and the time.

import type { ScannerTransport } from '../../../drivers/src/transport.ts';
import type { DeviceCounters, DeskSource, DeviceStatistics, DeviceView } from '../api/contract.ts';
import { DEVICE_TEXT } from './device-messages.ts';
import type { ReaderStatus } from './reader-status.ts';

/** What the view needs of a managed device. */
export interface ViewedDevice {
  readonly id: string;
  readonly simulated: boolean;
  readonly desk: string;
  readonly deskSource: DeskSource;
  readonly transport: ScannerTransport;
  readonly status: ReaderStatus;
  readonly lastReadAt: string | null;
  readonly counters: DeviceCounters;
  readonly stats: DeviceStatistics;
  /** Time powered before the current session, and when the current one began (null: offline). */
  readonly onlineMs: number;
  readonly onlineSince: number | null;
  readonly flooding: boolean;
  readonly testMode: boolean;
  /** What keeps reads from being stored, or null. */
  readonly storage: StorageProblem | null;
}

/** A storage problem as the device list names it: its code and what it says. */
export interface StorageProblem {
  readonly code: string | null;
  readonly vi: string;
  readonly en: string;
}

export function deviceView(d: ViewedDevice, nowMs: number): DeviceView {
  const t = d.transport;
  const onlineMs = d.onlineMs + (d.onlineSince !== null ? nowMs - d.onlineSince : 0);
  const accesses = d.counters.scans + d.counters.searches;
  return {
    id: d.id,
    desk: d.desk,
    deskSource: d.deskSource,
    transport: t.kind,
    simulated: d.simulated,
    path: t.identity.path,
    vendorId: t.identity.vendorId ?? null,
    productId: t.identity.productId ?? null,
    manufacturer: t.identity.manufacturer ?? null,
    product: t.identity.product ?? null,
    serialNumber: t.identity.serialNumber ?? null,
    mode: t.kind,
    hoursPowered: Math.round((onlineMs / 3_600_000) * 1000) / 1000,
    state: d.status.state,
    power: d.status.power,
    lastReadAt: d.lastReadAt,
    lastError: d.status.lastError,
    counters: { ...d.counters },
    statistics: { ...d.stats },
    health: deviceHealth(d),
    errorRate: accesses === 0 ? 0 : d.counters.errors / accesses,
    testMode: d.testMode,
  };
}

/** The first that applies: unreadable (keyboard mode the OS keeps), offline, reads not stored,
 *  flooding, keyboard mode, not open, working. */
export function deviceHealth(d: Pick<ViewedDevice, 'transport' | 'status' | 'flooding'> & { readonly storage?: StorageProblem | null }): DeviceView['health'] {
  if (d.transport.unreadable) return { level: 'error', code: 'SCANNER_KEYBOARD_MODE', ...DEVICE_TEXT.keyboardMode };
  const chip = d.transport.kind === 'chip';
  if (d.status.power === 'offline')
    return chip ? { level: 'error', code: 'CHIP_SERVICE_UNREACHABLE', ...DEVICE_TEXT.chipServiceDown } : { level: 'error', ...DEVICE_TEXT.offline };
  if (d.storage) {
    const text = DEVICE_TEXT.readsNotStored(d.storage);
    return { level: 'error', code: d.storage.code === 'SQLITE_FULL' ? 'STORAGE_FULL' : 'STORAGE_ERROR', ...text };
  }
  if (d.flooding) return { level: 'error', code: 'SCANNER_FLOOD', ...DEVICE_TEXT.flood };
  if (d.transport.kind === 'hidKeyboard') return { level: 'warning', ...DEVICE_TEXT.keyboardMode };
  if (d.status.state === 'closed') return { level: 'warning', ...(chip ? DEVICE_TEXT.chipNotConnected : DEVICE_TEXT.notOpen) };
  return { level: 'ok', ...DEVICE_TEXT.working };
}
