// API tokens: the Authorization header's bearer token is found in the configured table (each token
// gives its role and desk), an unknown, empty or malformed one finds nothing, and a token of any
// length is compared without error (the comparison is on SHA-256 digests, so lengths never differ).

import t from 'tap';
import { bearer, TokenTable } from '../../../../daemon/src/util/tokens.ts';

t.test('the bearer token of an Authorization header', async (t) => {
  const cases: Array<[string | undefined, string | null]> = [
    ['Bearer s3cret-desk-1', 's3cret-desk-1'],
    ['bearer s3cret-desk-1', 's3cret-desk-1'],
    ['BEARER s3cret-desk-1', 's3cret-desk-1'],
    ['Bearer   s3cret-desk-1', 's3cret-desk-1'],
    ['Bearer', null],
    ['Bearer ', null],
    ['Bearer two words', null],
    ['Basic dXNlcjpwYXNz', null],
    ['s3cret-desk-1', null],
    ['', null],
    [undefined, null],
  ];
  for (const [header, token] of cases) t.equal(bearer(header), token, JSON.stringify(header));
});

t.test('a configured token finds its entry; anything else finds nothing', async (t) => {
  const table = new TokenTable<{ role: string; desk?: string }>([
    ['token-for-desk-1-aaaaaaaa', { role: 'desk', desk: 'desk-1' }],
    ['token-for-desk-2-bbbbbbbb', { role: 'desk', desk: 'desk-2' }],
    ['admin-token-cccccccccccc', { role: 'admin' }],
  ]);
  t.same(table.lookup('token-for-desk-1-aaaaaaaa'), { role: 'desk', desk: 'desk-1' });
  t.same(table.lookup('token-for-desk-2-bbbbbbbb'), { role: 'desk', desk: 'desk-2' });
  t.same(table.lookup('admin-token-cccccccccccc'), { role: 'admin' });
  const misses: Array<[string, string | null]> = [
    ['one character off', 'token-for-desk-1-aaaaaaab'],
    ['a prefix of a real token', 'token-for-desk-1'],
    ['a real token with more after it', 'token-for-desk-1-aaaaaaaa-and-more'],
    ['another case', 'TOKEN-FOR-DESK-1-AAAAAAAA'],
    ['a very long token', 'x'.repeat(10_000)],
    ['an empty token', ''],
    ['no token', null],
  ];
  for (const [what, token] of misses) t.equal(table.lookup(token), undefined, what);
});

t.test('an empty token in the configuration never matches anything', async (t) => {
  const table = new TokenTable([
    ['', 'granted by an empty token'],
    ['real-token-dddddddddddd', 'desk'],
  ]);
  t.equal(table.lookup(''), undefined);
  t.equal(table.lookup(bearer('Bearer ')), undefined);
  t.equal(table.lookup('real-token-dddddddddddd'), 'desk');
});
