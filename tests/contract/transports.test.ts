import t from 'tap';
import { KeyboardTransport } from '../../drivers/src/hid-keyboard/keyboard-transport.ts';
import { HidPosTransport } from '../../drivers/src/hid-pos/hid-pos-transport.ts';
import { LAYOUTS } from '../../drivers/src/hid-pos/layouts.ts';
import { SerialTransport } from '../../drivers/src/serial/serial-transport.ts';
import { KernelPty, kernelPtyAvailable } from '../../simulators/src/pty/kernel-pty.ts';
import { PtyPair } from '../../simulators/src/pty/pty-pair.ts';
import { PtySerialScanner } from '../../simulators/src/scanner/pty-serial-scanner.ts';
import { SimulatedHidScanner } from '../../simulators/src/scanner/simulated-hid.ts';
import { requirement } from '../helpers/requirement.ts';
import { ptyRequirement } from '../helpers/socat.ts';
import { testScannerTransport } from './scanner-transport.ts';

if (ptyRequirement().skip === false) {
  testScannerTransport(t, 'serial over a real PTY', async () => {
    const pair = await PtyPair.create();
    const scanner = new PtySerialScanner(pair, { baudRate: 115200, terminator: 'CRLF', chunkBytes: 7 });
    const transport = new SerialTransport({ path: pair.hostPath, baudRate: 115200, terminator: 'any', idleMs: 100, maxBytes: 4096 });
    return {
      transport,
      scan: (p) => scanner.scan(p),
      unplug: () => scanner.unplug(),
      replug: () => scanner.plug(),
      close: async () => {
        await transport.close();
        await scanner.close();
      },
    };
  });
}

// The benchmarks' PTY: no relay process between the simulator and the driver, as with a USB-CDC
// scanner. It must pass the same contract, or its figures would describe something else.
if (
  requirement(
    kernelPtyAvailable(),
    'a kernel PTY needs Linux and python3 under CI=true',
    'python3 or /dev/ptmx is missing, so the kernel-PTY contract did not run',
  ).skip === false
) {
  testScannerTransport(t, 'serial over a kernel PTY (no relay)', async () => {
    const pty = await KernelPty.create();
    const scanner = new PtySerialScanner(pty, { baudRate: 115200, terminator: 'CR', chunkBytes: 16 });
    const transport = new SerialTransport({ path: pty.hostPath, baudRate: 115200, terminator: 'any', idleMs: 100, maxBytes: 4096 });
    return {
      transport,
      scan: (p) => scanner.scan(p),
      unplug: () => scanner.unplug(),
      replug: () => scanner.plug(),
      close: async () => {
        await transport.close();
        await scanner.close();
      },
    };
  });
}

for (const family of ['honeywell', 'newland'] as const) {
  testScannerTransport(t, `HID-POS ${family} (simulated reports)`, async () => {
    const sim = new SimulatedHidScanner({ kind: 'hidPos', family });
    const transport = new HidPosTransport({ identity: { path: sim.path }, layout: LAYOUTS[family], open: sim.opener });
    return { transport, scan: (p) => sim.scan(p), unplug: async () => sim.unplug(), replug: async () => sim.replug(), close: () => transport.close() };
  });
}

// A wedge cannot carry Vietnamese letters, so its bytes differ from the payload by design.
testScannerTransport(
  t,
  'HID keyboard wedge (simulated reports)',
  async () => {
    const sim = new SimulatedHidScanner({ kind: 'keyboard' });
    const transport = new KeyboardTransport({ identity: { path: sim.path }, open: sim.opener });
    return {
      transport,
      scan: (p) => sim.scan(p, { intervalMs: 0 }),
      unplug: async () => sim.unplug(),
      replug: async () => sim.replug(),
      close: () => transport.close(),
    };
  },
  { exactBytes: false },
);

// A real USB-CDC / RS-232 scanner runs the same contract, with a person at the desk: scan the test
// card, unplug the cable, plug it back, scan again, each when the prompt on stderr asks. The test
// card is any CCCD (its bytes are not compared); SCANNER_TEST_BAUD sets the baud rate (9600).
const device = process.env['SCANNER_TEST_DEVICE'];
if (device) {
  const ask = (what: string) => async (): Promise<void> => void process.stderr.write(`\n>>> ${what}\n`);
  testScannerTransport(
    t,
    `a real scanner at ${device}`,
    async () => {
      const transport = new SerialTransport({
        path: device,
        baudRate: Number(process.env['SCANNER_TEST_BAUD'] ?? 9600),
        terminator: 'any',
        idleMs: 100,
        maxBytes: 4096,
      });
      return {
        transport,
        scan: ask('Scan the test card now.'),
        unplug: ask('Unplug the scanner’s cable now.'),
        replug: ask('Plug the scanner back in now.'),
        close: () => transport.close(),
      };
    },
    { exactBytes: false, waitMs: 60_000 },
  );
} else {
  t.test(
    'a real scanner (SCANNER_TEST_DEVICE=/dev/ttyACM0, scan the test card when asked)',
    { skip: 'needs a real USB-CDC scanner: set SCANNER_TEST_DEVICE to its port; none is attached to this machine' },
    async () => undefined,
  );
}
