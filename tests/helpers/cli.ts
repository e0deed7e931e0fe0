import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { logFile } from './log-files.ts';

export const BIN = fileURLToPath(new URL('../../bin/tiepnhan.mjs', import.meta.url));

/** A port for a daemon a test starts as a process. Picked below Linux's ephemeral range (32768-60999,
 *  where every `listen(0)` and outgoing connection gets its port): a port taken from that range and
 *  released was given again to the daemon's own simulated gateway once (EADDRINUSE at start). */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    if (await bindable(port)) return port;
  }
}

function bindable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

/** Runs `tiepnhan ARGS` to completion, feeding `stdin` (on another Node.js binary with `node`). */
export function runCli(
  args: string[],
  stdin = '',
  env: NodeJS.ProcessEnv = {},
  node: string = process.execPath,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(node, [BIN, ...args], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    p.on('close', (code) => {
      // stdout is the command's output (parse prints the card by design); stderr is its log.
      if (stderr) logFile(`cli-${args[0] ?? ''}`)(stderr);
      resolve({ code, stdout, stderr });
    });
    p.stdin.end(stdin);
  });
}

/** Starts a long-running `tiepnhan ARGS` and waits until `url` answers. */
export async function startCli(
  args: string[],
  url: string,
  opts: { env?: NodeJS.ProcessEnv; ready?: () => Promise<boolean>; node?: string } = {},
): Promise<{ proc: ChildProcess; output: () => string; stop(): Promise<void> }> {
  const proc = spawn(opts.node ?? process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...opts.env } });
  let out = '';
  const toFile = logFile(`cli-${args[0] ?? ''}`);
  const take = (d: Buffer): void => {
    out += d.toString('utf8');
    toFile(d.toString('utf8'));
  };
  proc.stdout.on('data', take);
  proc.stderr.on('data', take);
  const deadline = Date.now() + 60_000; // generous: a loaded 2-core CI machine, coverage on
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`tiepnhan ${args[0]} exited early:\n${out}`);
    try {
      if (opts.ready ? await opts.ready() : (await fetch(url)).ok) break;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) throw new Error(`tiepnhan ${args[0]} did not answer at ${url}:\n${out}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    proc,
    output: () => out,
    stop: async () => {
      if (proc.exitCode !== null) return;
      const done = new Promise((r) => proc.once('exit', r));
      proc.kill('SIGTERM');
      await done;
    },
  };
}
