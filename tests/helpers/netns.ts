// A small LAN for the tests that check the daemon as another PC would: a network namespace made for
// one test (the "other PCs"), joined to this one by a veth pair on a /24 of its own. The daemon binds
// to this side's address only, so nothing is reachable from any real network; clients run inside the
// namespace (`ip netns exec`), each from one of its addresses. Everything is removed after the test.
// Needs root and ip(8) (iproute2): CI runs as root and installs it; elsewhere the test is skipped.

import { execFile, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { requirement } from './requirement.ts';

const run = promisify(execFile);

function canMakeNamespaces(): boolean {
  if (process.getuid?.() !== 0) return false;
  try {
    execFileSync('ip', ['-V'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export function netnsRequirement(what: string): { skip: string | false } {
  return requirement(canMakeNamespaces(), 'the LAN tests need root and ip(8) (iproute2)', `${what} needs root and ip(8) to make a network namespace`);
}

export interface Lan {
  /** This side's address (bind the daemon here). */
  readonly server: string;
  /** The other PCs' addresses, all in the namespace. */
  readonly clients: readonly string[];
  /** Runs a program inside the namespace; resolves with its output (rejects on a non-zero exit). */
  exec(file: string, args: readonly string[], opts?: { timeoutMs?: number }): Promise<{ stdout: string; stderr: string }>;
}

/** A namespace with `clients` addresses, joined to this side; removed at the test's end. */
export async function makeLan(t: { teardown(fn: () => unknown): void }, clients = 2): Promise<Lan> {
  const id = randomBytes(3).toString('hex');
  const ns = `tn-${id}`;
  const [here, there] = [`tnh${id}`, `tnc${id}`];
  // A /24 in 10.231.0.0/16 picked at random: two tests at once do not collide.
  const net = `10.231.${1 + (parseInt(id.slice(0, 2), 16) % 250)}`;
  const ip = (...args: string[]): Promise<unknown> => run('ip', args);
  await ip('netns', 'add', ns);
  t.teardown(async () => {
    await ip('link', 'del', here).catch(() => undefined); // removes both ends
    await ip('netns', 'del', ns).catch(() => undefined);
  });
  await ip('link', 'add', here, 'type', 'veth', 'peer', 'name', there);
  await ip('link', 'set', there, 'netns', ns);
  await ip('addr', 'add', `${net}.1/24`, 'dev', here);
  await ip('link', 'set', here, 'up');
  const addresses = Array.from({ length: clients }, (_, i) => `${net}.${i + 2}`);
  for (const a of addresses) await ip('netns', 'exec', ns, 'ip', 'addr', 'add', `${a}/24`, 'dev', there);
  await ip('netns', 'exec', ns, 'ip', 'link', 'set', there, 'up');
  await ip('netns', 'exec', ns, 'ip', 'link', 'set', 'lo', 'up');
  return {
    server: `${net}.1`,
    clients: addresses,
    exec: (file, args, opts = {}) =>
      run('ip', ['netns', 'exec', ns, file, ...args], { timeout: opts.timeoutMs ?? 60_000, maxBuffer: 16 * 1024 * 1024, encoding: 'utf8' }),
  };
}
