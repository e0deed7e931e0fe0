// The only daemon file that knows simulators exist. It turns the configuration into concrete parts:
// the real gateway client or the bundled simulator, real serial transports, simulated scanners on
// real pseudo-terminals (or in-process where socat is missing), node-hid loaded lazily.

import { SerialPort } from 'serialport';
import { hex4 } from '../../drivers/src/discovery/fingerprints.ts';
import { KeyboardTransport } from '../../drivers/src/hid-keyboard/keyboard-transport.ts';
import { openNodeHid, type HidOpener } from '../../drivers/src/hid-pos/hid-device.ts';
import { HidPosTransport } from '../../drivers/src/hid-pos/hid-pos-transport.ts';
import { LAYOUTS, layoutForVendor } from '../../drivers/src/hid-pos/layouts.ts';
import { SerialTransport } from '../../drivers/src/serial/serial-transport.ts';
import type { ScannerTransport } from '../../drivers/src/transport.ts';
import { createGatewaySim, DEFAULT_ACCOUNT, DEFAULT_OFFICER, type GatewaySim } from '../../simulators/src/gateway/gateway-app.ts';
import { PtyPair, socatAvailable } from '../../simulators/src/pty/pty-pair.ts';
import { InProcessScanner } from '../../simulators/src/scanner/in-process-scanner.ts';
import { PtySerialScanner } from '../../simulators/src/scanner/pty-serial-scanner.ts';
import { SimulatedHidScanner } from '../../simulators/src/scanner/simulated-hid.ts';
import type { Config } from './config/schema.ts';
import type { DaemonDeps } from './daemon.ts';
import type { HidDeviceInfo, HidModule } from './devices/discovery.ts';
import { GatewayClient } from './eligibility/gateway-client.ts';
import { certificateInfo } from './checkin/certificate-info.ts';
import type { Xml0Signer } from './checkin/signer.ts';
import { ConfigError } from './config/load.ts';
import type { Logger } from './log.ts';
import { openStorage } from './storage/open-storage.ts';
import { readTls } from './http/tls.ts';
import { readFile } from 'node:fs/promises';
import type { ChipCardSimFault, SimulatedChipReader } from '../../simulators/src/chip/chip-sim.ts';
import type { CscaStore } from './chip/csca-store.ts';

interface SimScanner {
  readonly id: string;
  readonly desk: string;
  readonly transport: ScannerTransport;
  scan(payload: string, encoding?: 'utf8' | 'cp1252'): Promise<number>;
  unplug(): Promise<void>;
  replug(): Promise<void>;
  close(): Promise<void>;
}

export interface Wiring {
  readonly deps: DaemonDeps;
  /** The embedded gateway simulator, when no real gateway URL is configured. */
  readonly gatewaySim: GatewaySim | null;
  readonly simScanners: ReadonlyArray<SimScanner & { readonly pty: PtySerialScanner | null; readonly hid?: SimulatedHidScanner }>;
  close(): Promise<void>;
}

async function startGateway(config: Config, log: Logger): Promise<{ url: string; simulated: boolean; sim: GatewaySim | null; close(): Promise<void> }> {
  if (config.gateway.url) return { url: config.gateway.url, simulated: false, sim: null, close: async () => undefined };
  const sim = createGatewaySim({
    seed: config.simulators.gateway.seed,
    latencyMs: config.simulators.gateway.latencyMs,
    accounts: [DEFAULT_ACCOUNT],
    officers: [DEFAULT_OFFICER],
  });
  const url = await sim.app.listen({ host: '127.0.0.1', port: 0 });
  log.warn({ url }, 'SIMULATED BHXH gateway (cổng BHXH MÔ PHỎNG): eligibility answers are not real; set gateway.url for the real gateway');
  return { url, simulated: true, sim, close: () => sim.app.close() };
}

/** The check-in signer; the embedded gateway simulator registers its certificate, as a facility
 *  registers its own on the BHXH portal. A signer that cannot start stops the start, clearly. */
async function startSigner(config: Config, log: Logger, sim: GatewaySim | null): Promise<Xml0Signer | null> {
  const c = config.checkin;
  if (!c.enabled || !c.signing) return null;
  let signer: Xml0Signer;
  try {
    // Loaded only here: xml-crypto, node-forge (and pkcs11js) cost nothing where check-in is off.
    const { createSigner } = await import('./checkin/signers.ts');
    signer = await createSigner(c.signing);
  } catch (err) {
    throw new ConfigError(`check-in signing could not start (ký số check-in không khởi động được): ${(err as Error).message}`);
  }
  const pem = signer.certificatePem();
  if (pem) {
    const cert = certificateInfo(pem, new Date());
    log.info({ signer: signer.kind, subject: cert.subject, validTo: cert.validTo }, 'check-in signer ready');
    sim?.registerCertificate(pem);
  }
  return signer;
}

async function startSimScanners(config: Config, log: Logger, openSerial: DaemonDeps['openSerial']): Promise<Wiring['simScanners']> {
  if (!config.simulators.enabled) return [];
  const windows = process.platform === 'win32';
  const usePty = config.simulators.pty && !windows && socatAvailable();
  // Windows has no pseudo-terminals: in-process is how simulated scanners run there, not a fault.
  if (!usePty && !windows && config.simulators.pty && config.simulators.scanners.length > 0)
    log.warn('socat not found: simulated scanners run in-process instead of on a pseudo-terminal');
  const out: Array<SimScanner & { pty: PtySerialScanner | null; hid?: SimulatedHidScanner }> = [];
  for (const s of config.simulators.scanners) {
    if (usePty) {
      const pair = await PtyPair.create();
      const pty = new PtySerialScanner(pair, { baudRate: s.baudRate, terminator: s.terminator, chunkBytes: s.chunkBytes });
      const transport = openSerial(
        { path: pair.hostPath, baudRate: s.baudRate, terminator: 'any', idleMs: 100, maxBytes: 4096 },
        { manufacturer: 'tiepnhan', product: 'simulated serial scanner' },
      );
      out.push({
        id: s.id,
        desk: s.desk,
        transport,
        pty,
        scan: (p, encoding) => pty.scan(p, { encoding }),
        unplug: () => pty.unplug(),
        replug: () => pty.plug(),
        close: () => pty.close(),
      });
    } else {
      const mem = new InProcessScanner(s.id, s.terminator);
      out.push({
        id: s.id,
        desk: s.desk,
        transport: mem,
        pty: null,
        scan: (p, encoding) => mem.scan(p, encoding),
        unplug: async () => mem.unplug(),
        replug: async () => mem.replug(),
        close: () => mem.close(),
      });
    }
    log.warn({ device: s.id, path: out[out.length - 1]!.transport.identity.path }, 'SIMULATED scanner (máy quét MÔ PHỎNG) attached');
  }
  return out;
}

function startSimHidScanners(config: Config, log: Logger): Wiring['simScanners'] {
  return config.simulators.hidScanners.map((s) => {
    const sim = new SimulatedHidScanner(s.family === 'keyboard' ? { kind: 'keyboard' } : { kind: 'hidPos', family: s.family }, `sim-hid:${s.id}`);
    const identity = { path: sim.path, manufacturer: 'tiepnhan', product: `simulated ${s.family} scanner` };
    const transport =
      s.family === 'keyboard'
        ? new KeyboardTransport({ identity, open: sim.opener })
        : new HidPosTransport({ identity, layout: LAYOUTS[s.family], open: sim.opener });
    log.warn({ device: s.id, family: s.family }, 'SIMULATED HID scanner (máy quét HID MÔ PHỎNG) attached');
    return {
      id: s.id,
      desk: s.desk,
      transport,
      pty: null,
      hid: sim,
      scan: (p: string) => sim.scan(p),
      unplug: async () => sim.unplug(),
      replug: async () => sim.replug(),
      close: async () => sim.unplug(),
    };
  });
}

/** A HID transport for a discovered device; a refusal (string) for HID-POS layouts we do not know. */
export function hidTransportFactory(open: HidOpener) {
  return (info: HidDeviceInfo, mode: 'hidPos' | 'hidKeyboard'): ScannerTransport | string => {
    const identity = { path: info.path ?? '', vendorId: hex4(info.vendorId), productId: hex4(info.productId), product: info.product };
    if (mode === 'hidKeyboard') return new KeyboardTransport({ identity, open });
    const layout = layoutForVendor(info.vendorId);
    if (!layout) return 'unknown HID-POS report layout for this vendor: not read (configure the scanner as USB-COM instead)';
    return new HidPosTransport({ identity, layout, open });
  };
}

type ChipReaders = NonNullable<DaemonDeps['chipReaders']>;

/** The configured chip readers, and the simulated ones with their services (on loopback). */
async function startChipReaders(
  config: Config,
  log: Logger,
): Promise<{ readers: ChipReaders; sims: Map<string, SimulatedChipReader>; faults: readonly string[] }> {
  const sims = new Map<string, SimulatedChipReader>();
  const simulated = config.simulators.enabled ? config.simulators.chipReaders : [];
  // Loaded only where a chip reader is configured or simulated: socket.io-client, ws and the test PKI
  // cost a site without one nothing.
  if (config.chipReaders.length === 0 && simulated.length === 0) return { readers: [], sims, faults: [] };
  const { openChipTransport } = await import('../../drivers/src/chip/chip-transports.ts');
  const cardTimeoutMs = config.chip.cardTimeoutMs;
  const readers: Array<ChipReaders[number]> = config.chipReaders.map((r) => ({
    id: r.id,
    desk: r.desk,
    simulated: false,
    reader: openChipTransport({ url: r.url, protocol: r.protocol, cardTimeoutMs }),
  }));
  if (simulated.length === 0) return { readers, sims, faults: [] };
  const { CHIP_CARD_SIM_FAULTS, SimulatedChipReader } = await import('../../simulators/src/chip/chip-sim.ts');
  for (const s of simulated) {
    const sim = new SimulatedChipReader({ protocol: s.protocol });
    const url = await sim.start();
    sims.set(s.id, sim);
    readers.push({ id: s.id, desk: s.desk, simulated: true, reader: openChipTransport({ url, protocol: s.protocol, cardTimeoutMs }) });
    log.warn({ device: s.id, url }, 'SIMULATED chip reader (đầu đọc chip MÔ PHỎNG) attached: its cards are signed by a test issuer');
  }
  return { readers, sims, faults: CHIP_CARD_SIM_FAULTS };
}

/** The facility's CSCA bundle: a file that does not read or holds no certificate stops the start. */
async function readCscas(file: string | null): Promise<CscaStore | null> {
  if (!file) return null;
  try {
    const { loadCscaBundle } = await import('./chip/csca-store.ts');
    return loadCscaBundle(await readFile(file, 'utf8'));
  } catch (err) {
    throw new ConfigError(`chip.cscaFile ${file}: ${(err as Error).message} (không đọc được chứng thư CSCA / the CSCA bundle cannot be read)`);
  }
}

/** The configured certificate cannot be read: the start stops, saying which file and why. */
function tlsUnreadable(err: unknown): Error {
  const e = err as NodeJS.ErrnoException;
  const file = e.path ?? 'tls';
  return new Error(`không đọc được chứng chỉ TLS / the TLS certificate cannot be read: ${file}: ${e.code ?? e.message}`, { cause: err });
}

export async function wire(config: Config, log: Logger): Promise<Wiring> {
  // The certificate and the CSCA bundle first, then storage: a refused start (a file that does not
  // read, a missing key beside a database) must leave nothing running.
  const https = config.tls ? await readTls(config.tls).catch((err: unknown) => Promise.reject(tlsUnreadable(err))) : null;
  const cscas = await readCscas(config.chip.cscaFile);
  const storage = await openStorage(config, log);
  const openSerial: DaemonDeps['openSerial'] = (spec, identity) =>
    new SerialTransport({ ...spec, identity: identity ?? {}, logger: log.child({ module: 'driver/serial', path: spec.path }) });
  const gateway = await startGateway(config, log);
  const chips = await startChipReaders(config, log);
  const simScanners = [...(await startSimScanners(config, log, openSerial)), ...startSimHidScanners(config, log)];
  const client = new GatewayClient({ baseUrl: gateway.url, ...config.gateway });
  const checkinSigner = await startSigner(config, log, gateway.sim).catch(async (err: unknown) => {
    await gateway.close(); // a refused start leaves nothing listening
    for (const s of chips.sims.values()) await s.stop().catch(() => undefined);
    throw err;
  });
  const deps: DaemonDeps = {
    https,
    checkinSigner,
    config,
    log,
    storage,
    gateway: { client, url: gateway.url, simulated: gateway.simulated },
    simulatedScanners: simScanners,
    chipReaders: chips.readers,
    cscas,
    simulators:
      simScanners.length === 0 && chips.sims.size === 0
        ? null
        : {
            chipIds: () => [...chips.sims.keys()],
            chipFaults: chips.faults,
            async chip(id, fault) {
              const sim = chips.sims.get(id);
              if (!sim) return false;
              await sim.present(fault as ChipCardSimFault | undefined);
              return true;
            },
            ids: () => simScanners.map((s) => s.id),
            async scan(id, payload, { encoding }) {
              const s = simScanners.find((x) => x.id === id);
              if (!s) return false;
              await s.scan(payload, encoding);
              return true;
            },
            async plug(id, plugged) {
              const s = simScanners.find((x) => x.id === id);
              if (!s) return false;
              await (plugged ? s.replug() : s.unplug());
              return true;
            },
          },
    serialLister: () => SerialPort.list(),
    hidLoader: async (): Promise<HidModule> => {
      const hid = await import('node-hid');
      return { devicesAsync: () => hid.devicesAsync() };
    },
    openSerial,
    openHid: hidTransportFactory(openNodeHid),
  };
  return {
    deps,
    gatewaySim: gateway.sim,
    simScanners,
    async close() {
      for (const s of simScanners) await s.close().catch(() => undefined);
      for (const s of chips.sims.values()) await s.stop().catch(() => undefined);
      await checkinSigner?.close();
      await gateway.close();
    },
  };
}
