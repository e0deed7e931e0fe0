// The drivers' logging seam: a driver logs through four levels of (fields, message) and never depends
// on pino. Without a logger it gets silentLogger, which accepts every call and prints nothing (a
// driver used by a tool or a test must not write to its console); with the daemon's pino child a
// driver's warning arrives as one JSON line with its fields, where the technician's log reader finds it.

import { Writable } from 'node:stream';
import t from 'tap';
import { createLogger } from '../../../daemon/src/log.ts';
import { silentLogger, type Logger } from '../../../drivers/src/logger.ts';
import { captureOutput } from '../../helpers/capture-output.ts';

t.test('silentLogger: every level takes fields with or without a message, and prints nothing', async (t) => {
  const written = captureOutput({ from: /./ });
  let results: unknown[];
  try {
    const log: Logger = silentLogger;
    results = [
      log.debug({ path: '/dev/ttyACM0' }),
      log.info({ path: '/dev/ttyACM0' }, 'port open'),
      log.warn({ code: 'SCANNER_BAD_REPORT' }, 'bad report'),
      log.error({ err: 'EIO' }, 'read failed'),
    ];
  } finally {
    written.restore();
  }
  t.same(results, [undefined, undefined, undefined, undefined]);
  t.same([written.stdout, written.stderr], ['', ''], 'nothing on stdout or stderr');
});

t.test("the daemon's pino logger is a drivers Logger: a driver's line carries its fields and message", async (t) => {
  const lines: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(JSON.parse(chunk.toString('utf8')) as Record<string, unknown>);
      done();
    },
  });
  const log: Logger = createLogger('debug', sink).child({ module: 'driver/serial', path: '/dev/ttyACM0' });
  log.warn({ code: 'SCANNER_DISCONNECTED' }, 'port closed unexpectedly');
  log.debug({ bytes: 12 });
  await new Promise((r) => setImmediate(r));
  t.match(lines, [
    { level: 40, module: 'driver/serial', path: '/dev/ttyACM0', code: 'SCANNER_DISCONNECTED', msg: 'port closed unexpectedly' },
    { level: 20, bytes: 12 },
  ]);
  t.notOk('msg' in lines[1]!, 'a call without a message has none');
});
