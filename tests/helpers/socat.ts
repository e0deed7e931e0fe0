// Tests that need real pseudo-terminals: skip loudly where socat is missing, fail under CI=true.
import { socatAvailable } from '../../simulators/src/pty/pty-pair.ts';

export function ptyRequirement(): { skip: string | false } {
  if (socatAvailable()) return { skip: false };
  if (process.env['CI'] === 'true') throw new Error('socat is required under CI=true (apt-get install -y socat)');
  const msg = '!!! SKIPPED: socat is not installed, so no pseudo-terminal tests ran (apt-get install -y socat) !!!';
  process.stderr.write(`\n${msg}\n\n`);
  return { skip: msg };
}
