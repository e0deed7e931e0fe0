// A configuration the daemon or the hub refuses to start with is a ConfigError: hospital IT reads
// "ConfigError: <every problem>" in the log or the console, told apart from a crash, and callers can
// catch it as any Error. Each schema problem names its key as written in the file (auth.tokens[1]),
// never the value found there.

import t from 'tap';
import type { ErrorObject } from 'ajv';
import { ConfigError, configKey, configProblems } from '../../../../daemon/src/vocabulary/config-error.ts';

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

t.test('a key as the file writes it', async (t) => {
  t.equal(configKey('/auth/tokens/1'), 'auth.tokens[1]');
  t.equal(configKey('/port'), 'port');
  t.equal(configKey(''), '(top level)');
  t.equal(configKey('/repeats/byDevice/quay-1'), 'repeats.byDevice["quay-1"]', 'a key that is no identifier, quoted');
  t.equal(configKey('/a~1b/c~0d'), '["a/b"]["c~d"]', 'JSON pointer escapes undone');
});

t.test('every schema problem: the key, what is wrong, never the value', async (t) => {
  const e = (instancePath: string, keyword: string, params: Record<string, unknown>, message?: string): ErrorObject =>
    ({ instancePath, keyword, params, schemaPath: '#', ...(message ? { message } : {}) }) as ErrorObject;
  t.same(
    configProblems([
      e('/auth/tokens/1', 'additionalProperties', { additionalProperty: 'rol' }, 'must NOT have additional properties'),
      e('/auth/tokens/1', 'required', { missingProperty: 'role' }, "must have required property 'role'"),
      e('/auth/tokens/1', 'additionalProperties', { additionalProperty: 'rol' }, 'must NOT have additional properties'),
      e('/log/level', 'enum', { allowedValues: ['info', 'debug'] }, 'must be equal to one of the allowed values'),
      e('/ids', 'enum', { allowedValues: Array.from({ length: 20 }, (_, i) => i) }),
      e('/port', 'type', { type: 'integer' }, 'must be integer'),
    ]),
    [
      'auth.tokens[1]: unknown key "rol"',
      'auth.tokens[1]: missing key "role"',
      'log.level: must be one of "info", "debug"',
      'ids: must be one of 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, …',
      'port: must be integer',
    ],
    'one line each, repeats once',
  );
});
