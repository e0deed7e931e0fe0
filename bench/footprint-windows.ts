// The Windows package's footprint under Wine, for `npm run bench -- footprint`: the zip built here
// (`npm run package:win`'s code, without the installer), unpacked into a private Wine prefix, its
// node.exe started as tiepnhan.cmd would start it, on the embedded defaults and as deployed. RSS is
// the Linux process running node.exe: Wine's own DLLs and heaps are in it, so it is a figure beside
// the Linux daemon's, not a Windows measurement.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PACKAGE_NODE } from '../packaging/runtimes.ts';
import { buildWindowsPackage } from '../packaging/windows/build.ts';
import { WINE64, WinePrefix } from '../packaging/windows/wine.ts';
import { freePort } from './daemon-process.ts';
import { pause } from './latency/rig.ts';

export interface Run {
  readonly rssMb: number;
  readonly readyMs: number;
}

/** The pid of the Linux process whose command line runs this Windows program. */
function pidOf(exe: string): number | null {
  for (const p of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      if (readFileSync(`/proc/${p}/cmdline`, 'latin1').startsWith(exe)) return Number(p);
    } catch {
      /* gone */
    }
  }
  return null;
}

const rssMb = (pid: number): number => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN) / 1024;

async function answers(url: string): Promise<boolean> {
  try {
    return (await fetch(url, { signal: AbortSignal.timeout(2000) })).ok;
  } catch {
    return false;
  }
}

export function wineAvailable(): boolean {
  return existsSync(WINE64) && spawnSync('sh', ['-c', 'command -v zip && command -v unzip'], { stdio: 'ignore' }).status === 0;
}

/** RUNS starts of each configuration; null when Wine or zip is missing (the bench says so). */
export async function windowsFootprint(runs: number, idleS: number, deployed: object): Promise<{ defaults: Run[]; deployed: Run[] } | null> {
  if (!wineAvailable()) return null;
  const out = mkdtempSync(join(tmpdir(), 'tiepnhan-fp-win-'));
  const wine = await WinePrefix.create();
  try {
    const built = buildWindowsPackage({ out, nodeVersion: PACKAGE_NODE, installer: false });
    spawnSync('unzip', ['-q', built.zip, '-d', wine.unix('C:\\')]);
    const app = `C:\\tiepnhan-${built.version}-win-x64`;
    writeFileSync(wine.unix(`${app}\\deployed.json`), JSON.stringify(deployed));
    const one = async (i: number, config: string[]): Promise<Run> => {
      const port = await freePort();
      const exe = `${app}\\node.exe`;
      const t0 = performance.now();
      const args = [
        exe,
        '--disable-warning=ExperimentalWarning',
        '--v8-pool-size=1',
        `${app}\\bin\\tiepnhan.mjs`,
        'start',
        '--port',
        String(port),
        '--data-dir',
        `C:\\fp-${i}`,
      ];
      const proc = wine.start([...args, ...config], join(out, `run-${i}.log`));
      try {
        while (!(await answers(`http://127.0.0.1:${port}/api/health`))) {
          if (proc.exitCode !== null || performance.now() - t0 > 120_000)
            throw new Error(`node.exe under Wine did not start: ${readFileSync(join(out, `run-${i}.log`), 'utf8')}`);
          await pause(20);
        }
        const readyMs = performance.now() - t0;
        await pause(idleS * 1000);
        const pid = pidOf(exe);
        return { rssMb: pid ? rssMb(pid) : NaN, readyMs };
      } finally {
        proc.kill('SIGTERM');
        await new Promise((r) => (proc.exitCode !== null ? r(null) : proc.once('exit', r)));
        wine.killAll();
      }
    };
    const result = { defaults: [] as Run[], deployed: [] as Run[] };
    for (let i = 0; i < runs; i++) {
      result.defaults.push(await one(2 * i, []));
      result.deployed.push(await one(2 * i + 1, ['--config', `${app}\\deployed.json`]));
    }
    return result;
  } finally {
    await wine.remove();
    rmSync(out, { recursive: true, force: true });
  }
}
