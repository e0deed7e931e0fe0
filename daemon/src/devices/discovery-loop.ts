// Hotplug by polling: enumerate serial ports and HID devices now and every `intervalMs`, attach what
// is new, and back off (up to a minute) while enumeration fails. Enumeration is the expensive part
// (node-hid warns it slows the USB bus), so it is polled slowly; a known device that drops out is
// re-opened by the DeviceManager on its own short timer.

import { hex4 } from '../../../drivers/src/discovery/fingerprints.ts';
import { KeyboardWedgeEntry } from '../../../drivers/src/hid-keyboard/keyboard-entry.ts';
import type { ScannerTransport } from '../../../drivers/src/transport.ts';
import type { DiscoveryConfig, SerialScannerConfig } from './devices-config.ts';
import type { Logger } from '../log.ts';
import { repeat, type Repeating } from '../util/repeat.ts';
import type { ScannerRegistry } from './scanner-registry.ts';
import type { DeskSource, DeviceManager } from './device-manager.ts';
import { deskByRule, firstDeviceId, hidIds, identityKey, type FoundScanner } from './scanner-identity.ts';
import { DEVICE_TEXT } from './device-messages.ts';
import { listSerialScanners, probeHid, type HidDeviceInfo, type HidLoader, type ProbeStatus, type SerialLister } from './discovery.ts';

export interface DiscoveryDeps {
  readonly config: { readonly discovery: DiscoveryConfig };
  readonly devices: DeviceManager;
  readonly log: Logger;
  readonly serialLister: SerialLister;
  readonly hidLoader: HidLoader;
  readonly openSerial: (spec: Omit<SerialScannerConfig, 'id' | 'desk'>, identity?: Record<string, string | undefined>) => ScannerTransport;
  /** A transport for a HID device, or a reason it cannot be read (unknown HID-POS layout). */
  readonly openHid: (info: HidDeviceInfo, mode: 'hidPos' | 'hidKeyboard') => ScannerTransport | string;
  readonly registry: ScannerRegistry;
  /** Only Linux (hidraw) lets a service read a keyboard-mode scanner. */
  readonly platform?: NodeJS.Platform;
}

export interface DiscoveryStatus {
  hid: ProbeStatus;
  serial: ProbeStatus;
}

export class DiscoveryLoop {
  readonly status: DiscoveryStatus = {
    hid: { available: false, ...DEVICE_TEXT.hidNotProbed },
    serial: { available: false, ...DEVICE_TEXT.serialNotProbed },
  };
  #loop: Repeating | null = null;
  #delay: number;
  #probed = false;
  /** Paths whose device was refused (no known layout), by the kind found there; forgotten once the
   *  path is gone, since Linux gives a hidraw or tty number to the next device plugged in. */
  readonly #refused = new Map<string, FoundScanner['kind']>();

  constructor(private readonly deps: DiscoveryDeps) {
    this.#delay = deps.config.discovery.intervalMs;
  }

  async runOnce(): Promise<void> {
    const { config, devices, log } = this.deps;
    let failed = false;
    if (config.discovery.hid) {
      const hid = await probeHid(this.deps.hidLoader);
      if (!this.#probed || hid.status.available !== this.status.hid.available)
        (hid.status.available ? log.info : log.warn).call(log, { detail: hid.status.detail }, hid.status.en);
      this.status.hid = hid.status;
      failed ||= !hid.status.available;
      const present = new Set([...hid.hidPos, ...hid.keyboardMode].flatMap((d) => (d.path ? [d.path] : [])));
      this.#forgetRefused(present, (kind) => kind !== 'serial');
      for (const info of hid.hidPos) await this.#attachHid(info, 'hidPos', present);
      for (const info of hid.keyboardMode) {
        // Said once per plug-in, not every round: a scanner left in keyboard mode would otherwise
        // write this line every few seconds all day.
        if (info.path && (devices.hasPath(info.path) || this.#refused.has(info.path))) continue;
        log.warn(
          { vendorId: hex4(info.vendorId), productId: hex4(info.productId) },
          'scanner in keyboard mode: Vietnamese will be garbled; switch it to USB-COM or HID-POS',
        );
        await this.#attachHid(info, 'hidKeyboard', present);
      }
    }
    if (config.discovery.serial) {
      const serial = await listSerialScanners(this.deps.serialLister, this.deps.platform);
      if ((!this.#probed || serial.status.available !== this.status.serial.available) && !serial.status.available)
        log.warn({ detail: serial.status.detail }, serial.status.en);
      this.status.serial = serial.status;
      failed ||= !serial.status.available;
      const present = new Set(serial.found.map((p) => p.path));
      this.#forgetRefused(present, (kind) => kind === 'serial');
      for (const p of serial.found) {
        if (devices.hasPath(p.path)) continue;
        const found: FoundScanner = {
          kind: 'serial',
          path: p.path,
          vendorId: p.vendorId,
          productId: p.productId,
          serialNumber: p.serialNumber,
          location: p.locationId,
        };
        await this.#attach(found, present, () =>
          this.deps.openSerial(
            { path: p.path, baudRate: 9600, terminator: 'any', idleMs: 100, maxBytes: 4096 },
            { vendorId: p.vendorId, productId: p.productId, serialNumber: p.serialNumber, manufacturer: p.manufacturer },
          ),
        );
      }
    }
    this.#probed = true;
    this.#delay = failed ? Math.min(60_000, this.#delay * 2) : config.discovery.intervalMs;
  }

  start(): void {
    this.#loop = repeat(
      () => this.runOnce(),
      () => this.#delay,
      (err) => this.deps.log.error({ err: err.message }, 'discovery failed'),
    );
  }

  /** No further rounds; resolves once a round in progress has finished (it may still attach a device). */
  stop(): Promise<void> {
    return this.#loop?.stop() ?? Promise.resolve();
  }

  #forgetRefused(present: ReadonlySet<string>, ofThisProbe: (kind: FoundScanner['kind']) => boolean): void {
    for (const [path, kind] of this.#refused) if (ofThisProbe(kind) && !present.has(path)) this.#refused.delete(path);
  }

  async #attachHid(info: HidDeviceInfo, mode: 'hidPos' | 'hidKeyboard', present: ReadonlySet<string>): Promise<void> {
    if (!info.path || this.deps.devices.hasPath(info.path) || this.#refused.has(info.path)) return;
    const found: FoundScanner = { kind: mode, path: info.path, ...hidIds(info.vendorId, info.productId), serialNumber: info.serialNumber };
    const readable = mode === 'hidPos' || (this.deps.platform ?? process.platform) === 'linux';
    const open = (): ScannerTransport | string =>
      readable ? this.deps.openHid(info, mode) : new KeyboardWedgeEntry({ path: info.path!, ...hidIds(info.vendorId, info.productId), product: info.product });
    await this.#attach(found, present, open);
  }

  /**
   * One scanner found: its registered id (or a new one), its desk (the technician's, else a rule's,
   * else the default), and then added, or moved to the new path when it is a known scanner
   * replugged elsewhere.
   */
  /** `present`: the paths this enumeration found; a device still at its own path is not "replugged". */
  async #attach(found: FoundScanner, present: ReadonlySet<string>, open: () => ScannerTransport | string): Promise<void> {
    const { devices, registry, config, log } = this.deps;
    let key = identityKey(found);
    let known = await registry.lookup(key);
    const holder = known && devices.has(known.deviceId) ? devices.pathOf(known.deviceId) : null;
    if (holder !== null && holder !== found.path && present.has(holder)) {
      // Two scanners plugged in at once with one serial number (cheap scanners often share one):
      // not a replug. This one is known by its path instead.
      key = identityKey({ ...found, serialNumber: undefined, location: undefined });
      known = await registry.lookup(key);
    }
    const id = known?.deviceId ?? (await this.#newId(firstDeviceId(found)));
    const transport = open();
    if (typeof transport === 'string') {
      this.#refused.set(found.path, found.kind);
      log.error({ vendorId: found.vendorId, productId: found.productId }, transport);
      return;
    }
    await registry.seen(key, id, found.path);
    if (devices.has(id)) {
      if (devices.pathOf(id) !== found.path) await devices.retarget(id, transport);
      return;
    }
    const rule = deskByRule(config.discovery.deskRules, found);
    const [desk, deskSource]: [string, DeskSource] = known?.desk
      ? [known.desk, 'technician']
      : rule
        ? [rule, 'rule']
        : [config.discovery.defaultDesk, 'default'];
    await devices.add({ id, desk, deskSource, simulated: false, transport });
  }

  /** A first id not used by a running device nor by a scanner met before (whose counters it would take). */
  async #newId(base: string): Promise<string> {
    const free = async (id: string): Promise<boolean> => !this.deps.devices.has(id) && !(await this.deps.registry.deviceIdTaken(id));
    if (await free(base)) return base;
    for (let i = 2; ; i++) if (await free(`${base}-${i}`)) return `${base}-${i}`;
  }
}
