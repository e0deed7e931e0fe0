// A private PostgreSQL server for one test file, from Debian's package: a throw-away cluster in a temp
// folder on a free loopback port, stopped and deleted at teardown. Runs as the `postgres` user when
// the tests run as root (CI), since PostgreSQL refuses to run as root.

import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { freePort } from './cli.ts';
import { requirement } from './requirement.ts';

function binDir(): string | null {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(root, versions[0], 'bin') : null;
}

export function postgresRequirement(): { skip: string | false } {
  return requirement(
    binDir() !== null,
    'PostgreSQL is required under CI=true (apt-get install -y postgresql)',
    'PostgreSQL server binaries are not installed, so the hub ran on SQLite only (apt-get install -y postgresql)',
  );
}

export async function startPostgres(t: { teardown(fn: () => unknown): void }): Promise<string> {
  const bin = binDir();
  if (!bin) throw new Error('no PostgreSQL binaries');
  const dir = mkdtempSync('/tmp/tiepnhan-pg-');
  const asRoot = userInfo().uid === 0;
  if (asRoot) {
    const pgUser = execFileSync('id', ['-u', 'postgres']).toString().trim();
    const pgGroup = execFileSync('id', ['-g', 'postgres']).toString().trim();
    chownSync(dir, Number(pgUser), Number(pgGroup));
  }
  chmodSync(dir, 0o700);
  const run = (cmd: string, args: string[]): void => {
    const full = asRoot ? (['runuser', ['-u', 'postgres', '--', join(bin, cmd), ...args]] as const) : ([join(bin, cmd), args] as const);
    const r = spawnSync(full[0], [...full[1]], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr || r.stdout}`);
  };
  const data = join(dir, 'data');
  const port = await freePort();
  run('initdb', ['-D', data, '-U', 'tiepnhan', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8']);
  run('pg_ctl', ['-D', data, '-l', join(dir, 'log'), '-w', '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`, 'start']);
  t.teardown(() => {
    try {
      run('pg_ctl', ['-D', data, '-m', 'immediate', 'stop']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  return `postgres://tiepnhan@127.0.0.1:${port}/postgres`;
}
