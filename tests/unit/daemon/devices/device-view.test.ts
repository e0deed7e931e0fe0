// A scanner as the technician's device list shows it (/tech, /api/devices): its health in Vietnamese
// and English with the first problem that applies (a technician acts on the worst one), hours powered
// that count the current session, an error rate that is 0 before the first read, and nothing in the
// view beyond the listed fields (no read content, so no patient data can reach the page this way).

import t from 'tap';
import type { DeviceView } from '../../../../daemon/src/api/contract.ts';
import { DEVICE_TEXT } from '../../../../daemon/src/devices/device-messages.ts';
import { deviceHealth, deviceView, type ViewedDevice } from '../../../../daemon/src/devices/device-view.ts';
import type { ReaderStatus } from '../../../../daemon/src/devices/reader-status.ts';
import type { DeviceIdentity, ScannerTransport, TransportKind } from '../../../../drivers/src/transport.ts';
import { FakeScanner } from '../../../helpers/fake-scanner.ts';

const HOUR = 3_600_000;
const IDLE: ReaderStatus = { state: 'idle', power: 'online', lastError: null };

/** A transport of the given kind; `unreadable` as a keyboard-mode scanner outside Linux reports it. */
function transport(kind: TransportKind, unreadable = false, identity: DeviceIdentity = { path: '/dev/ttyACM0' }): ScannerTransport {
  const s = new FakeScanner(kind, identity);
  return unreadable ? Object.assign(s, { unreadable: true }) : s;
}

function device(over: Partial<ViewedDevice> = {}): ViewedDevice {
  return {
    id: 'usb-21187B0042',
    simulated: false,
    desk: 'desk-1',
    deskSource: 'rule',
    transport: transport('serial'),
    status: IDLE,
    lastReadAt: null,
    counters: { scans: 0, searches: 0, successes: 0, errors: 0, lostReads: 0 },
    stats: { goodReads: 0, failedReads: 0, garbledReads: 0, truncatedReads: 0, communicationErrors: 0, reconnects: 0, throttledReads: 0, repeats: 0 },
    onlineMs: 0,
    onlineSince: null,
    flooding: false,
    testMode: false,
    storage: null,
    ...over,
  };
}

const OFFLINE: ReaderStatus = { state: 'error', power: 'offline', lastError: 'cable pulled' };
const CLOSED: ReaderStatus = { state: 'closed', power: 'off', lastError: null };

t.test('health: the first problem that applies, in both languages', async (t) => {
  const cases: Array<[string, Partial<ViewedDevice>, DeviceView['health']]> = [
    ['a working serial scanner', {}, { level: 'ok', ...DEVICE_TEXT.working }],
    ['a working HID-POS scanner', { transport: transport('hidPos') }, { level: 'ok', ...DEVICE_TEXT.working }],
    ['an unplugged scanner', { status: OFFLINE }, { level: 'error', ...DEVICE_TEXT.offline }],
    ['a flooding scanner', { flooding: true }, { level: 'error', code: 'SCANNER_FLOOD', ...DEVICE_TEXT.flood }],
    ['a keyboard-mode scanner Linux can read', { transport: transport('hidKeyboard') }, { level: 'warning', ...DEVICE_TEXT.keyboardMode }],
    [
      'a keyboard-mode scanner the OS keeps to itself',
      { transport: transport('hidKeyboard', true), status: CLOSED },
      { level: 'error', code: 'SCANNER_KEYBOARD_MODE', ...DEVICE_TEXT.keyboardMode },
    ],
    ['a scanner closed at shutdown', { status: CLOSED }, { level: 'warning', ...DEVICE_TEXT.notOpen }],
    // Precedence: what the technician must fix first.
    [
      'unreadable beats offline',
      { transport: transport('hidKeyboard', true), status: OFFLINE },
      { level: 'error', code: 'SCANNER_KEYBOARD_MODE', ...DEVICE_TEXT.keyboardMode },
    ],
    ['offline beats flooding', { status: OFFLINE, flooding: true }, { level: 'error', ...DEVICE_TEXT.offline }],
    ['flooding beats keyboard mode', { transport: transport('hidKeyboard'), flooding: true }, { level: 'error', code: 'SCANNER_FLOOD', ...DEVICE_TEXT.flood }],
    ['keyboard mode beats not open', { transport: transport('hidKeyboard'), status: CLOSED }, { level: 'warning', ...DEVICE_TEXT.keyboardMode }],
  ];
  for (const [what, over, health] of cases) t.same(deviceHealth(device(over)), health, what);
});

t.test('hours powered: earlier sessions plus the current one, to the thousandth of an hour', async (t) => {
  const now = 1_800_000_000_000;
  const cases: Array<[string, number, number | null, number]> = [
    ['never online', 0, null, 0],
    ['offline after 2 h online', 2 * HOUR, null, 2],
    ['online for 30 min now, never before', 0, now - 30 * 60_000, 0.5],
    ['1 h before, and 15 min in the current session', HOUR, now - 15 * 60_000, 1.25],
    ['rounded: 10 s online', 0, now - 10_000, 0.003],
  ];
  for (const [what, onlineMs, onlineSince, hours] of cases) t.equal(deviceView(device({ onlineMs, onlineSince }), now).hoursPowered, hours, what);
});

t.test('error rate: errors over scans and searches together, 0 before the first read', async (t) => {
  const rate = (scans: number, searches: number, errors: number): number =>
    deviceView(device({ counters: { scans, searches, successes: scans + searches - errors, errors, lostReads: 0 } }), 0).errorRate;
  t.equal(rate(0, 0, 0), 0, 'a new scanner: no reads, no division by zero');
  t.equal(rate(8, 2, 1), 0.1, 'one error in ten accesses');
  t.equal(rate(3, 0, 3), 1, 'every read failed');
});

t.test('the view carries the identity the OS gave, null where it gave none', async (t) => {
  const identity = { path: '/dev/ttyACM0', vendorId: '0c2e', productId: '0b61', manufacturer: 'Honeywell', product: 'Xenon 1900', serialNumber: '21187B0042' };
  const full = deviceView(device({ transport: transport('serial', false, identity) }), 0);
  t.match(full, { path: '/dev/ttyACM0', vendorId: '0c2e', productId: '0b61', manufacturer: 'Honeywell', product: 'Xenon 1900', serialNumber: '21187B0042' });
  t.equal(full.transport, 'serial');
  t.equal(full.mode, 'serial', 'the mode a technician sees is the transport kind');
  const bare = deviceView(device({ transport: transport('hidPos', false, { path: '/dev/hidraw3' }) }), 0);
  t.match(bare, { path: '/dev/hidraw3', vendorId: null, productId: null, manufacturer: null, product: null, serialNumber: null, mode: 'hidPos' });
});

t.test('state, desk, test mode and counters as the manager holds them; the view is a copy', async (t) => {
  const d = device({
    status: OFFLINE,
    desk: 'quay-3',
    deskSource: 'technician',
    testMode: true,
    lastReadAt: '2026-12-01T02:05:00.000Z',
    counters: { scans: 4, searches: 1, successes: 4, errors: 1, lostReads: 0 },
  });
  const view = deviceView(d, 0);
  t.match(view, {
    id: 'usb-21187B0042',
    desk: 'quay-3',
    deskSource: 'technician',
    simulated: false,
    state: 'error',
    power: 'offline',
    lastError: 'cable pulled',
    lastReadAt: '2026-12-01T02:05:00.000Z',
    testMode: true,
    counters: { scans: 4, searches: 1, successes: 4, errors: 1, lostReads: 0 },
  });
  view.counters.scans = 99;
  view.statistics.goodReads = 99;
  t.equal(d.counters.scans, 4, 'changing a view does not change the counters the manager keeps');
  t.equal(d.stats.goodReads, 0, 'nor its statistics');
});

t.test('the view holds exactly the device-list fields: nothing of a read', async (t) => {
  const view = deviceView(device({ lastReadAt: '2026-12-01T02:05:00.000Z' }), 0);
  t.same(Object.keys(view).sort(), [
    'counters',
    'desk',
    'deskSource',
    'errorRate',
    'health',
    'hoursPowered',
    'id',
    'lastError',
    'lastReadAt',
    'manufacturer',
    'mode',
    'path',
    'power',
    'product',
    'productId',
    'serialNumber',
    'simulated',
    'state',
    'statistics',
    'testMode',
    'transport',
    'vendorId',
  ]);
});

t.test('reads that cannot be stored: the scanner says so, and not to scan again', async (t) => {
  const full = { code: 'SQLITE_FULL', vi: 'Ổ đĩa đầy.', en: 'Disk full.' };
  t.match(deviceView(device({ storage: full }), 0).health, {
    level: 'error',
    code: 'STORAGE_FULL',
    vi: 'Máy quét đọc được thẻ nhưng lượt đọc chưa lưu được: Ổ đĩa đầy. Không cần quét lại.',
    en: 'The scanner reads cards but its reads are not stored yet: Disk full. No need to scan again.',
  });
  t.match(deviceView(device({ storage: { code: 'SQLITE_BUSY', vi: 'Khóa.', en: 'Locked.' } }), 0).health, { code: 'STORAGE_ERROR' });
  t.match(
    deviceView(device({ storage: full, status: { ...IDLE, power: 'offline' } }), 0).health,
    { vi: /Mất kết nối/ },
    'an unplugged scanner says that first',
  );
  t.match(deviceView(device(), 0).health, { level: 'ok' }, 'storage fine: working');
});
