// What the Windows package's tests need on this machine; the prefix itself is packaging/windows/wine.ts.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { WINE64 } from '../../packaging/windows/wine.ts';
import { requirement } from './requirement.ts';

export { WinePrefix } from '../../packaging/windows/wine.ts';

function has(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

export function wineRequirement(): { skip: string | false } {
  const missing = [existsSync(WINE64) ? null : 'wine64', has('makensis') ? null : 'nsis', has('zip') ? null : 'zip', has('unzip') ? null : 'unzip'].filter(
    (m): m is string => m !== null,
  );
  return requirement(
    missing.length === 0,
    `${missing.join(', ')} required under CI=true (apt-get install -y ${missing.join(' ')})`,
    `${missing.join(', ')} not installed, so the Windows package was not built or run (apt-get install -y ${missing.join(' ')})`,
  );
}
