// SignerError, the one error a check-in signer throws when it cannot start or sign: an Error that
// names itself, so the start log and the refused start ("check-in signing could not start") show
// which part failed, and whose message is the signer's own words, never a key, passphrase or PIN.

import t from 'tap';
import { SignerError } from '../../../../daemon/src/checkin/signer.ts';
import { createSigner } from '../../../../daemon/src/checkin/signers.ts';

t.test('an Error named SignerError, with its message as given', async (t) => {
  const err = new SignerError('the .pfx file holds no private key and certificate');
  t.ok(err instanceof Error, 'caught and logged like any error');
  t.ok(err instanceof SignerError, 'and told apart from others');
  t.equal(err.name, 'SignerError');
  t.equal(err.message, 'the .pfx file holds no private key and certificate');
  t.equal(String(err), 'SignerError: the .pfx file holds no private key and certificate', 'what a log line or a console shows');
  t.match(err.stack, /^SignerError: the \.pfx file holds no private key/, 'the stack starts with its name');
});

t.test('a signer that cannot start throws it, saying what to do', async (t) => {
  const start = createSigner({ pkcs11: { module: '/usr/lib/softhsm/libsofthsm2.so', tokenLabel: 'bv', keyLabel: 'xml0', pinEnv: 'TIEPNHAN_TOKEN_PIN' } }, {});
  const err = await start.catch((e: unknown) => e);
  t.ok(err instanceof SignerError, 'a token without its PIN in the environment');
  t.equal((err as Error).message, 'the token PIN is not set: export TIEPNHAN_TOKEN_PIN');
});
