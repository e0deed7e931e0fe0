// A configuration the daemon or the hub refuses to start with is a ConfigError: hospital IT reads
// "ConfigError: <every problem>" in the log or the console, told apart from a crash, and callers can
// catch it as any Error.

import t from 'tap';
import { ConfigError } from '../../../../daemon/src/vocabulary/config-error.ts';

t.test('a ConfigError says what it is and carries the message', async (t) => {
  const err = new ConfigError('invalid configuration: /port must be integer');
  t.ok(err instanceof Error);
  t.ok(err instanceof ConfigError);
  t.equal(err.name, 'ConfigError');
  t.equal(err.message, 'invalid configuration: /port must be integer');
  t.equal(String(err), 'ConfigError: invalid configuration: /port must be integer', 'as a log line shows it');
  t.equal(err.stack?.split('\n')[0], 'ConfigError: invalid configuration: /port must be integer', 'as a stack trace starts');
});

t.test('a thrown ConfigError is caught by its class, with its message', async (t) => {
  await t.rejects(Promise.reject(new ConfigError('site "x" is listed twice')), { name: 'ConfigError', message: 'site "x" is listed twice' });
  await t.rejects(Promise.reject(new ConfigError('x')), ConfigError);
});
