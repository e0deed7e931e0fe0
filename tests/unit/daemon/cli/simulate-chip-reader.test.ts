// `tiepnhan simulate chip-reader`: a simulated chip reader service alone, driven by stdin lines
// `card [FAULT]`. Run in-process with a substituted stdin, and read through tiepnhan's own HN212
// transport: the URL it prints is dialable, a `card` line presents a signed card that verifies to
// "issuer" against the CSCA written by --csca-out, a fault line presents that fault, a line it does
// not know is refused on stderr, and the end of stdin (or a signal) stops the service with exit 0.

import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import t, { type Test } from 'tap';
import { Hn212SocketIoTransport } from '../../../../drivers/src/chip/hn212-socketio-transport.ts';
import { runChipReaderService } from '../../../../daemon/src/cli/simulate-chip-reader.ts';
import { loadCscaBundle } from '../../../../daemon/src/chip/csca-store.ts';
import { verifyChip } from '../../../../daemon/src/chip/passive-auth.ts';
import { captureOutput } from '../../../helpers/capture-output.ts';
import { nextEvent as next, openConnected, QUICK_RECONNECT } from '../../../helpers/chip.ts';
import { until } from '../../../helpers/wait.ts';

type Signal = 'SIGINT' | 'SIGTERM';

/** Runs the command with a stdin the test writes to; puts stdin, the output and the signal listeners back after. */
function run(t: Test, options: Parameters<typeof runChipReaderService>[0]) {
  const stdinDescriptor = Object.getOwnPropertyDescriptor(process, 'stdin')!;
  const stdin = new PassThrough();
  Object.defineProperty(process, 'stdin', { value: stdin, configurable: true });
  const signals: Record<Signal, NodeJS.SignalsListener[]> = { SIGINT: process.listeners('SIGINT'), SIGTERM: process.listeners('SIGTERM') };
  const out = captureOutput();
  const added = (signal: Signal) => process.listeners(signal).filter((l) => !signals[signal].includes(l));
  t.teardown(() => {
    out.restore();
    Object.defineProperty(process, 'stdin', stdinDescriptor);
    for (const signal of ['SIGINT', 'SIGTERM'] as const) for (const l of added(signal)) process.removeListener(signal, l);
  });
  const code = runChipReaderService(options);
  return { stdin, out, code, added };
}

t.test('a service on a free loopback port: cards from stdin lines, its CSCA written, exit 0 at the end of stdin', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'tiepnhan-chip-cli-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const cscaFile = join(dir, 'csca.pem');
  const r = run(t, { port: '0', portGiven: true, protocol: 'hn212-socketio', 'csca-out': cscaFile });
  await until(() => /at http:\/\/127\.0\.0\.1:\d+\n/.test(r.out.stdout), 10_000);
  const url = /at (http:\/\/127\.0\.0\.1:\d+)\n/.exec(r.out.stdout)![1]!;
  t.match(r.out.stdout, /MÔ PHỎNG/, 'says it is a simulation, in both languages');
  t.match(r.out.stdout, /type: card \[missingRaw\|failure\|dropMidCard\|alteredDg13\|rewrittenHashes\|otherCsca\|selfSigned\]/);
  const store = loadCscaBundle(await readFile(cscaFile, 'utf8'));
  t.equal(store.count, 1, '--csca-out wrote the test issuer’s CSCA');

  const reader = new Hn212SocketIoTransport({ url, ...QUICK_RECONNECT });
  t.teardown(() => reader.close());
  await openConnected(reader);

  let card = next(reader, 'card');
  r.stdin.write('card\n');
  const genuine = await card;
  t.equal(genuine.fields['idCode'], '001089012345');
  t.same(verifyChip(genuine.raw!, store), { level: 'issuer' }, 'signed by the CSCA it wrote');
  await until(() => r.out.stdout.includes('presented to 1 reader(s)\n'));

  card = next(reader, 'card');
  r.stdin.write('  card   alteredDg13  \n');
  t.same(verifyChip((await card).raw!, store), { level: 'failed', check: 'dgHash' }, 'a fault line presents that fault');
  await until(() => r.out.stdout.includes('presented (alteredDg13) to 1 reader(s)\n'));

  const failure = next(reader, 'failure');
  r.stdin.write('card failure\n');
  t.match(await failure, { kind: 'cardFailed' });

  r.stdin.write('card genuine\nhello\n');
  await until(() => r.out.stderr.includes('? hello'));
  t.match(r.out.stderr, /^\? card genuine \(card \[missingRaw\|/m, 'an unknown fault is refused, with the usage');

  const gone = next(reader, 'disconnect');
  r.stdin.end();
  t.equal(await r.code, 0);
  await gone;
  t.pass('the service stopped: the reader lost it');
});

t.test('a SIGTERM stops it the same way', async (t) => {
  const r = run(t, { port: '0', portGiven: true, protocol: 'ws-events' });
  await until(() => /at ws:\/\/127\.0\.0\.1:\d+\n/.test(r.out.stdout), 10_000);
  const [stop] = r.added('SIGTERM');
  t.type(stop, 'function', 'a SIGTERM listener while it runs');
  stop!('SIGTERM');
  t.equal(await r.code, 0);
});

t.test('an unknown protocol: exit 2 and why, in both languages', async (t) => {
  const out = captureOutput();
  t.teardown(() => out.restore());
  t.equal(await runChipReaderService({ port: '0', portGiven: true, protocol: 'serial' }), 2);
  t.match(out.stderr, /--protocol serial: hn212-socketio hoặc\/or ws-events/);
});
