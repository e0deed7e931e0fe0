// Windows programs on this Linux machine: Debian's wine64 with a private prefix set to Windows 10, for
// the Windows package's tests and its footprint bench. Wine writes a program's stdout to a file more reliably than to a pipe,
// so output goes to files. Node's coverage and loader variables are not passed on: node.exe under
// Wine would try to write Linux paths or load the tests' loader. The test runner adds NODE_OPTIONS to
// every process a test spawns, so Wine is started through `env -u`, which takes it away again.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, openSync, closeSync, readFileSync, symlinkSync, rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const WINE64 = '/usr/lib/wine/wine64';
const CLEAN = ['-u', 'NODE_OPTIONS', '-u', 'NODE_V8_COVERAGE'];

export class WinePrefix {
  private constructor(readonly dir: string) {}

  static async create(): Promise<WinePrefix> {
    const prefix = new WinePrefix(await mkdtemp(join(tmpdir(), 'tiepnhan-wine-')));
    // The first start of a prefix (wineboot) has been seen to exit 53 once on a loaded machine: retried.
    let r = spawnSync('env', [...CLEAN, WINE64, 'winecfg', '-v', 'win10'], { env: prefix.env(), stdio: 'ignore', timeout: 180_000 });
    if (r.status !== 0) r = spawnSync('env', [...CLEAN, WINE64, 'winecfg', '-v', 'win10'], { env: prefix.env(), stdio: 'ignore', timeout: 180_000 });
    if (r.status !== 0) throw new Error(`wine64 winecfg -v win10 failed (${r.error?.message ?? `exit ${r.status}`})`);
    prefix.keepSession();
    return prefix;
  }

  /** A persistent wineserver: Windows keeps its session while no program runs (a service restarting
   *  its program after a crash), but Wine ends the session, services included, when the last
   *  ordinary program exits. */
  keepSession(): void {
    spawnSync('wineserver', ['-p'], { env: this.env(), stdio: 'ignore', timeout: 30_000 });
  }

  env(): NodeJS.ProcessEnv {
    const { NODE_V8_COVERAGE: _c, NODE_OPTIONS: _o, DISPLAY: _d, ...rest } = process.env;
    return { ...rest, WINEPREFIX: this.dir, WINEDEBUG: '-all' };
  }

  /** The Linux path of a Windows path on drive C: ("C:\\x\\y" -> PREFIX/drive_c/x/y). */
  unix(winPath: string): string {
    return join(this.dir, 'drive_c', ...winPath.replace(/^[Cc]:\\/, '').split('\\'));
  }

  /** COMn as a link to a Linux serial device (a pseudo-terminal here). */
  linkCom(n: number, target: string): void {
    const link = join(this.dir, 'dosdevices', `com${n}`);
    rmSync(link, { force: true });
    symlinkSync(target, link);
  }

  /** Starts a Windows program; stdout and stderr go to `logFile`, stdin comes from `stdinFile`. */
  start(args: readonly string[], logFile: string, stdinFile?: string): ChildProcess {
    const fd = openSync(logFile, 'a');
    const input = stdinFile ? openSync(stdinFile, 'r') : 'ignore';
    const proc = spawn('env', [...CLEAN, WINE64, ...args], { env: this.env(), stdio: [input, fd, fd] });
    closeSync(fd);
    if (typeof input === 'number') closeSync(input);
    return proc;
  }

  /** Runs a Windows program to its end; its output (from the file) and exit code. */
  async run(args: readonly string[], logFile: string, opts: { timeoutMs?: number; stdinFile?: string } = {}): Promise<{ code: number | null; output: string }> {
    const timeoutMs = opts.timeoutMs ?? 300_000;
    const before = existsSync(logFile) ? readFileSync(logFile).length : 0;
    const proc = this.start(args, logFile, opts.stdinFile);
    const timer = setTimeout(() => proc.kill('SIGKILL'), timeoutMs);
    const code = await new Promise<number | null>((resolve) => proc.once('exit', resolve));
    clearTimeout(timer);
    return { code, output: readFileSync(logFile).subarray(before).toString('utf8').replace(/\0/g, '') };
  }

  /** Ends every Windows process of the prefix (services included), as a power cut would. */
  killAll(opts: { thenKeepSession: boolean } = { thenKeepSession: true }): void {
    spawnSync('wineserver', ['-k'], { env: this.env(), stdio: 'ignore', timeout: 30_000 });
    spawnSync('wineserver', ['-w'], { env: this.env(), stdio: 'ignore', timeout: 30_000 });
    if (opts.thenKeepSession) this.keepSession();
  }

  async remove(): Promise<void> {
    this.killAll({ thenKeepSession: false });
    await rm(this.dir, { recursive: true, force: true });
  }
}
