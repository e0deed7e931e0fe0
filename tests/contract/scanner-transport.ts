// One contract, run against every ScannerTransport implementation (serialport's pattern: the same
// test function for the mock and the real binding). A real device joins with SCANNER_TEST_DEVICE.

import type { ScannerTransport, ScanRead } from '../../drivers/src/transport.ts';

export interface TransportUnderTest {
  readonly transport: ScannerTransport;
  /** Makes the device send one payload. */
  scan(payload: string): Promise<unknown>;
  unplug(): Promise<void>;
  replug(): Promise<void>;
  close(): Promise<void>;
}

import type { Test } from 'tap';
import { until } from '../helpers/wait.ts';

const PAYLOAD = '001089012345|013456789|Nguyễn Văn An|15031989|Nam|Số 12 phố Hoàng Hoa Thám, Phường Thụy Khuê, Quận Tây Hồ, Hà Nội|20042021';

export interface ContractOptions {
  /** false: the device cannot carry the payload's bytes (a keyboard wedge, or a real card other than the test card). */
  readonly exactBytes: boolean;
  /** How long to wait for each step (a person scanning and unplugging needs far longer than a simulator). */
  readonly waitMs?: number;
}

export function testScannerTransport(t: Test, name: string, make: () => Promise<TransportUnderTest>, opts: ContractOptions = { exactBytes: true }): void {
  const wait = opts.waitMs ?? 3000;
  t.test(`${name}: honours the ScannerTransport contract`, async (t) => {
    const u = await make();
    t.teardown(() => u.close());
    const reads: ScanRead[] = [];
    let disconnects = 0;
    u.transport.on('read', (r) => reads.push(r));
    u.transport.on('disconnect', () => disconnects++);

    await u.transport.open();
    await u.transport.open();
    t.ok(u.transport.isOpen, 'open is idempotent');

    await u.scan(PAYLOAD);
    await until(() => reads.length === 1, wait);
    if (opts.exactBytes) t.equal(reads[0]!.bytes.toString('utf8'), PAYLOAD, 'a scan arrives whole, byte-exact');
    t.ok(Math.abs(reads[0]!.at - Date.now()) < 60_000, 'a read carries the time of its last byte in epoch milliseconds (not a monotonic clock)');

    await u.unplug();
    await until(() => disconnects === 1, wait);
    t.ok(!u.transport.isOpen, 'unplug -> one disconnect, transport closed');

    await u.replug();
    await until(
      async () =>
        await u.transport.open().then(
          () => true,
          () => false,
        ),
      wait,
    );
    await u.scan(PAYLOAD);
    await until(() => reads.length === 2, wait);
    t.ok(true, 'no read lost after reconnect');

    await u.transport.close();
    await u.transport.close();
    t.equal(disconnects, 1, 'close() does not emit disconnect, and is idempotent');
  });
}
