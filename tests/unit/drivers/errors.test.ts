// Transport failures carry a stable code: the daemon decides from the code alone whether a scanner
// is gone (SCANNER_DISCONNECTED: the technician's page shows it offline and the daemon reopens it)
// or could not be opened, and logs the message and its cause for the technician.

import t from 'tap';
import { isTransportError, TransportError, type TransportErrorCode } from '../../../drivers/src/errors.ts';

const CODES: TransportErrorCode[] = ['SCANNER_OPEN_FAILED', 'SCANNER_DISCONNECTED', 'SCANNER_READ_OVERFLOW', 'SCANNER_BAD_REPORT', 'SCANNER_LOST_REPORT'];

t.test('a transport error keeps its code, message and underlying cause', async (t) => {
  for (const code of CODES) {
    const cause = new Error('ENOENT: no such file or directory');
    const e = new TransportError(code, '/dev/ttyACM0: cannot open', cause);
    t.equal(e.code, code);
    t.equal(e.message, '/dev/ttyACM0: cannot open');
    t.equal(e.cause, cause, `${code}: the cause is kept for the log`);
    t.equal(e.name, 'TransportError', 'named in logs and stack traces');
    t.ok(e instanceof Error, 'an Error, so it can be thrown and rejected');
    t.match(String(e.stack), /^TransportError: \/dev\/ttyACM0: cannot open/);
  }
});

t.test('a cause may be a plain string (node-hid reports removal as a string)', async (t) => {
  const e = new TransportError('SCANNER_DISCONNECTED', 'sim-hid:1: gone', 'could not read from HID device');
  t.equal(e.cause, 'could not read from HID device');
  t.equal(new TransportError('SCANNER_OPEN_FAILED', 'no cause').cause, undefined);
});

t.test('only transport errors are recognised as such', async (t) => {
  const cases: Array<[string, unknown, boolean]> = [
    ['a TransportError', new TransportError('SCANNER_OPEN_FAILED', 'x'), true],
    ['a plain Error', new Error('x'), false],
    ['an Error that merely has a code', Object.assign(new Error('x'), { code: 'SCANNER_DISCONNECTED' }), false],
    ['an object shaped like one', { name: 'TransportError', code: 'SCANNER_DISCONNECTED', message: 'x' }, false],
    ['a string', 'SCANNER_DISCONNECTED', false],
    ['undefined', undefined, false],
    ['null', null, false],
  ];
  for (const [what, value, expected] of cases) t.equal(isTransportError(value), expected, what);
});
