// What the operating system of the daemon's PC tells about its printers, shown on /tech next to the
// counts a technician set (desk equipment, #29 item 3): CUPS `lpstat -p` on Linux and macOS, the
// Windows spooler through `Get-Printer`. Detection is a hint, never a count: it runs at most every
// `everyMs`, in the background, with a time-out; reading it never waits, and a missing tool, an
// error or an answer it cannot read is null ("unknown"), never a crash.

import { execFile } from 'node:child_process';
import type { DetectedPrinters } from '../api/report.ts';

/** Runs a command; resolves with its output, or null when it could not run or failed. */
export type RunCommand = (file: string, args: readonly string[], timeoutMs: number) => Promise<string | null>;

/** Printers that are no paper: PDF and XPS writers, OneNote, fax. */
const VIRTUAL = /\b(pdf|xps|onenote|fax)\b|print to/i;

/** Get-Printer's PrinterStatus values that mean the printer cannot print now. */
const WINDOWS_NOT_WORKING = new Set([
  'error',
  'offline',
  'paused',
  'paperjam',
  'paperout',
  'paperproblem',
  'notavailable',
  'notoner',
  'outofmemory',
  'dooropen',
  'serverunknown',
  'userintervention',
  'pendingdeletion',
]);

type Found = Pick<DetectedPrinters, 'working' | 'notWorking' | 'names'>;

function tally(printers: readonly { name: string; working: boolean }[]): Found {
  const real = printers.filter((p) => !VIRTUAL.test(p.name));
  return { working: real.filter((p) => p.working).length, notWorking: real.filter((p) => !p.working).length, names: real.map((p) => p.name) };
}

/** `LC_ALL=C lpstat -p`: one "printer NAME is idle. enabled since …" / "printer NAME disabled since …"
 *  line per queue (continuation lines indented); "No destinations added" is none. null: unreadable. */
export function parseLpstat(text: string): Found | null {
  const printers: { name: string; working: boolean }[] = [];
  for (const line of text.split(/\r?\n/)) {
    const m = /^printer (\S+) (.*)$/.exec(line);
    if (m) printers.push({ name: m[1]!, working: !/\bdisabled\b/.test(m[2]!) });
  }
  if (printers.length === 0 && !/no destinations/i.test(text)) return null;
  return tally(printers);
}

/** `Get-Printer | Select-Object Name,PrinterStatus | ConvertTo-Csv -NoTypeInformation`: a header
 *  line "Name","PrinterStatus", then one quoted line per printer. null: unreadable. */
export function parseGetPrinterCsv(text: string): Found | null {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  if (lines.length === 0 || !/^"?Name"?,"?PrinterStatus"?$/i.test(lines[0]!.trim())) return null;
  const printers = lines.slice(1).flatMap((l) => {
    const m = /^"((?:[^"]|"")*)","?([^"]*)"?$/.exec(l.trim());
    return m ? [{ name: m[1]!.replace(/""/g, '"'), working: !WINDOWS_NOT_WORKING.has(m[2]!.toLowerCase()) }] : [];
  });
  return tally(printers);
}

const defaultRun: RunCommand = (file, args, timeoutMs) =>
  new Promise((resolve) => {
    try {
      execFile(
        file,
        [...args],
        { timeout: timeoutMs, maxBuffer: 256 * 1024, windowsHide: true, env: { ...process.env, LC_ALL: 'C', LANG: 'C' } },
        // A tool that ran and exited non-zero still said something ("No destinations added",
        // "Scheduler is not running": the parsers tell); one that could not run or timed out did not.
        (err, stdout, stderr) => resolve(err && (typeof err.code !== 'number' || err.killed) ? null : `${String(stdout)}\n${String(stderr)}`),
      ).on('error', () => resolve(null));
    } catch {
      resolve(null);
    }
  });

export interface PrinterDetectorDeps {
  readonly platform: NodeJS.Platform;
  readonly now: () => Date;
  /** How long an answer is kept before the spooler is asked again. */
  readonly everyMs: number;
  readonly run?: RunCommand;
  readonly timeoutMs?: number;
}

/** How often the spooler is asked (printers change rarely; the hub push reads the inventory). */
export const PRINTER_DETECT_EVERY_MS = 15 * 60_000;

export class PrinterDetector {
  #last: DetectedPrinters | null = null;
  #askedAt = Number.NEGATIVE_INFINITY;
  #running: Promise<void> | null = null;

  constructor(private readonly deps: PrinterDetectorDeps) {}

  /** The last answer (null: none or unknown); starts a new question in the background when stale. */
  current(): DetectedPrinters | null {
    if (!this.#running && this.deps.now().getTime() - this.#askedAt >= this.deps.everyMs) void this.refresh();
    return this.#last;
  }

  /** Asks the spooler now (once at a time); resolves when it answered. */
  refresh(): Promise<void> {
    this.#running ??= this.#ask()
      .then((found) => void (this.#last = found))
      .catch(() => void (this.#last = null))
      .finally(() => (this.#running = null));
    return this.#running;
  }

  async #ask(): Promise<DetectedPrinters | null> {
    this.#askedAt = this.deps.now().getTime();
    const run = this.deps.run ?? defaultRun;
    const timeout = this.deps.timeoutMs ?? 5_000;
    const at = this.deps.now().toISOString();
    if (this.deps.platform === 'win32') {
      const script = 'Get-Printer | Select-Object Name,PrinterStatus | ConvertTo-Csv -NoTypeInformation';
      const out = await run('powershell.exe', ['-NoProfile', '-NonInteractive', '-Command', script], timeout);
      const found = out === null ? null : parseGetPrinterCsv(out);
      return found && { source: 'windows', ...found, at };
    }
    const out = await run('lpstat', ['-p'], timeout);
    const found = out === null ? null : parseLpstat(out);
    return found && { source: 'cups', ...found, at };
  }
}
