// Tests that need real pseudo-terminals (socat).
import { socatAvailable } from '../../simulators/src/pty/pty-pair.ts';
import { requirement } from './requirement.ts';

export function ptyRequirement(): { skip: string | false } {
  return requirement(
    socatAvailable(),
    'socat is required under CI=true (apt-get install -y socat)',
    'socat is not installed, so no pseudo-terminal tests ran (apt-get install -y socat)',
  );
}
