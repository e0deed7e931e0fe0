// Chip read → desk: from the simulated vendor service emitting a card's last event (HN212 `id` 4) to
// the `scan` message for it reaching a socket.io client of the daemon, with the chip's files (passive
// authentication up to `issuer`: the test CSCA is installed as chip.cscaFile) and without them (the
// same person's text fields only, verification `none`). The daemon runs in this process, configured
// as a facility configures a real reader (`chipReaders: [{ url, protocol: 'hn212-socketio' }]`),
// pointed at a SimulatedChipService on loopback. Then the signature check alone (verifyChip) per
// Document Signer key type.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io as ioClient, type Socket } from 'socket.io-client';
import type { ScanMessage } from '../daemon/src/api/contract.ts';
import type { ChipCard, ChipReaderTransport } from '../drivers/src/chip/chip-transport.ts';
import { loadCscaBundle } from '../daemon/src/chip/csca-store.ts';
import { verifyChip } from '../daemon/src/chip/passive-auth.ts';
import { resolveConfig } from '../daemon/src/config/load.ts';
import { createDaemon } from '../daemon/src/daemon.ts';
import { createLogger } from '../daemon/src/log.ts';
import { wire } from '../daemon/src/wiring.ts';
import { makeChipCard, type ChipIdentity } from '../simulators/src/chip/chip-card.ts';
import type { SimulatedCard } from '../simulators/src/chip/chip-reader-service.ts';
import { DEMO_CHIP_PERSON, SimulatedChipReader } from '../simulators/src/chip/chip-sim.ts';
import { makeCsca, makeDocumentSigner, type TestKeyType } from '../simulators/src/chip/test-pki.ts';
import { ms, pause } from './latency/rig.ts';
import { pct, printTable } from './table.ts';

const READS = Number(process.env['BENCH_CHIP_READS'] ?? 200);
/** Reads before the measured ones (not counted): the JIT, the first rows, the socket.io upgrade. */
const WARM_UP = 10;
const PAUSE_MS = Number(process.env['BENCH_PAUSE_MS'] ?? 5);
/** A read not shown by then is counted lost and the bench goes on (as latency.bench.ts does). */
const LOST_AFTER_MS = 2000;
const VERIFY_CALLS = 200;

/** Person `i`: the demo person with a distinct 12-digit CCCD number (001089000000 + i). */
const person = (i: number): ChipIdentity => ({ ...DEMO_CHIP_PERSON, id: String(1_089_000_000 + i).padStart(12, '0') });

/** The next `scan` message for this CCCD number, or null after `msec` (a late one is then ignored). */
function scanFor(socket: Socket, id: string, msec: number): Promise<{ at: number; message: ScanMessage } | null> {
  return new Promise((resolve) => {
    const on = (message: ScanMessage): void => {
      if (message.identity?.id !== id) return;
      const at = performance.now();
      clearTimeout(timer);
      socket.off('scan', on);
      resolve({ at, message });
    };
    const timer = setTimeout(() => {
      socket.off('scan', on);
      resolve(null);
    }, msec);
    socket.on('scan', on);
  });
}

interface ChipRig {
  readonly sim: SimulatedChipReader;
  readonly socket: Socket;
  /** The daemon's own transport for the reader (its `card` events carry the driver's stamp). */
  readonly reader: ChipReaderTransport;
  stop(): Promise<void>;
}

/** A simulated HN212 service, and a daemon configured with it as a real reader and its CSCA installed. */
async function startChipRig(): Promise<ChipRig> {
  const dataDir = await mkdtemp(join(tmpdir(), 'tiepnhan-bench-chip-'));
  const sim = new SimulatedChipReader({ protocol: 'hn212-socketio' });
  const url = await sim.start();
  const cscaFile = join(dataDir, 'csca.pem');
  await writeFile(cscaFile, sim.csca.pem);
  const config = resolveConfig({
    port: 0,
    dataDir,
    discovery: { serial: false, hid: false },
    repeats: { windowMs: 0 },
    simulators: { enabled: true, pty: false, scanners: [], chipReaders: [], gateway: { latencyMs: 0 } },
    chipReaders: [{ id: 'chip-1', url, protocol: 'hn212-socketio' }],
    chip: { cscaFile },
    log: { level: 'silent' },
    // Reads back to back (each as soon as the last was shown) go faster than the flood guard's 20 a
    // second, which would drop reads the bench then waits for (the latency rig does the same).
    limits: { readsPerSecondPerDevice: 1000 },
  });
  const wiring = await wire(config, createLogger('silent'));
  const daemon = await createDaemon(wiring.deps);
  const daemonUrl = await daemon.start();
  const socket = ioClient(daemonUrl, { transports: ['websocket'], reconnection: false, auth: { view: 'all' } });
  await new Promise<void>((r) => socket.once('connect', () => r()));
  // The daemon's reader dials the service by itself (socket.io: polling first, then the upgrade to a
  // WebSocket); the warm-up reads run after it is connected, the measured ones after those.
  const deadline = performance.now() + 10_000;
  while (sim.service.clients === 0) {
    if (performance.now() > deadline) throw new Error('the daemon never connected to the simulated chip service');
    await pause(10);
  }
  await pause(500);
  return {
    sim,
    socket,
    reader: wiring.deps.chipReaders![0]!.reader,
    async stop() {
      socket.close();
      await daemon.stop();
      await wiring.close();
      await sim.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** When the driver assembled the card for this CCCD number: its own stamp, taken as the last event came
 *  in and before any listener ran (the daemon's handling starts synchronously in the listener ahead of ours). */
function cardIn(reader: ChipReaderTransport, id: string, msec: number): Promise<number | null> {
  return new Promise((resolve) => {
    const on = (card: ChipCard): void => {
      if (card.fields['idCode'] !== id) return;
      clearTimeout(timer);
      reader.off('card', on);
      resolve(card.at - performance.timeOrigin);
    };
    const timer = setTimeout(() => {
      reader.off('card', on);
      resolve(null);
    }, msec);
    reader.on('card', on);
  });
}

/** Reads `cards` one at a time; the first measured one must verify to `level`. */
async function timeReads(rig: ChipRig, label: string, cards: ReadonlyArray<{ id: string; card: SimulatedCard }>, level: string): Promise<string[]> {
  const toDesk: number[] = [];
  const toDriver: number[] = [];
  const emit: number[] = [];
  let lost = 0;
  for (const [i, { id, card }] of cards.entries()) {
    const shown = scanFor(rig.socket, id, LOST_AFTER_MS);
    const assembled = cardIn(rig.reader, id, LOST_AFTER_MS);
    // The stamp: right after present() resolves. With gapMs 0 its loop never awaits, so the three
    // events (id 1, 2, 4) are handed to socket.io synchronously, and the continuation of this await is
    // a microtask: it runs before the event loop can deliver a byte to the daemon's reader in this
    // same process. So `last` is the moment the `id` 4 emit returned, not an upper bound, and nothing
    // of the daemon's work falls before it. (Stamping before the call would add the simulator's own
    // JSON/base64 encoding of all three events; that difference is printed as "emit" and is not in
    // the latency.) Engine.io sends the packets that follow the first one once its write drains:
    // that socket.io hop is in the figure, as a real vendor service's would be.
    const before = performance.now();
    await rig.sim.service.present(card, { gapMs: 0 });
    const last = performance.now();
    const [got, driver] = await Promise.all([shown, assembled]);
    if (i < WARM_UP) {
      if (got === null) throw new Error(`chip bench (${label}): warm-up read ${i} never reached the desk`);
    } else if (got === null || driver === null) lost++;
    else {
      if (toDesk.length === 0 && got.message.chip?.verification !== level)
        throw new Error(`chip bench (${label}): the read verified to "${got.message.chip?.verification ?? 'no chip view'}", not "${level}"`);
      toDesk.push(got.at - last);
      toDriver.push(driver - last);
      emit.push(last - before);
    }
    await pause(PAUSE_MS);
  }
  const measured = cards.length - WARM_UP;
  return [
    label,
    level,
    ms(pct(emit, 0.5)),
    ms(pct(toDriver, 0.5)),
    ms(pct(toDriver, 0.95)),
    ms(pct(toDesk, 0.5)),
    ms(pct(toDesk, 0.95)),
    `${measured - lost}/${measured}`,
  ];
}

async function measureReads(withRaw: boolean): Promise<string[]> {
  const rig = await startChipRig();
  try {
    // Cards made before the clock runs (signing one is milliseconds of brainpool arithmetic);
    // warm-up people from 001089900000, measured ones from 001089000000.
    const ids = [...Array.from({ length: WARM_UP }, (_, i) => 900_000 + i), ...Array.from({ length: READS }, (_, i) => i)];
    const cards = ids.map((n) => {
      const p = person(n);
      return { id: p.id, card: makeChipCard(p, rig.sim.signer, withRaw ? {} : { fault: 'noRaw' }) };
    });
    return await timeReads(rig, withRaw ? 'with signature check (DG2, DG13, SOD)' : 'without (text fields only, noRaw)', cards, withRaw ? 'issuer' : 'none');
  } finally {
    await rig.stop();
  }
}

/** verifyChip on one card of a signer of `keyType`, its CSCA installed (`issuer`) and not (`integrity`). */
function verifyCost(keyType: TestKeyType): string[] {
  const csca = makeCsca({ keyType, name: `BENCH CSCA ${keyType}` });
  const files = makeChipCard(person(0), makeDocumentSigner(csca, { keyType, name: `BENCH DS ${keyType}` })).raw!;
  const store = loadCscaBundle(csca.pem);
  const timed = (cscas: typeof store | null, level: string): number[] => {
    const got = verifyChip(files, cscas).level; // also the warm-up call
    if (got !== level) throw new Error(`chip bench: a ${keyType} card verified to "${got}", not "${level}"`);
    const xs: number[] = [];
    for (let i = 0; i < VERIFY_CALLS; i++) {
      const t0 = performance.now();
      verifyChip(files, cscas);
      xs.push(performance.now() - t0);
    }
    return xs;
  };
  const issuer = timed(store, 'issuer');
  const integrity = timed(null, 'integrity');
  return [keyType, String(files.sod?.length ?? 0), ms(pct(issuer, 0.5)), ms(pct(issuer, 0.95)), ms(pct(integrity, 0.5))];
}

export async function benchChip(): Promise<void> {
  const started = performance.now();
  const rows: string[][] = [];
  for (const withRaw of [true, false]) {
    const row = await measureReads(withRaw);
    rows.push(row);
    process.stdout.write(`  measured: ${row.join(' · ')}\n`);
  }
  printTable(
    `Chip read → desk, ms: the service's last event (HN212 id 4) → the socket.io \`scan\` message; one read at a time, ${WARM_UP} warm-up reads not counted; emit = the simulator's own synchronous emit of the card's events (not in the latency); driver = to the reader transport's stamp of the card; desk = to the \`scan\` message; reads = shown/sent`,
    ['reads', 'verification', 'emit p50', 'driver p50', 'driver p95', 'desk p50', 'desk p95', 'reads'],
    rows,
  );
  printTable(
    `The signature check alone: verifyChip on one card, ms over ${VERIFY_CALLS} calls (CSCA installed: issuer; none: integrity)`,
    ['DS key type', 'SOD bytes', 'issuer p50', 'issuer p95', 'integrity p50'],
    (['brainpoolP384r1', 'p256', 'rsa'] as const).map(verifyCost),
  );
  process.stdout.write(`chip bench: ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
}
