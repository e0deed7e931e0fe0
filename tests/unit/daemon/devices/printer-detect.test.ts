// The printers the OS of the daemon's PC tells about (#29 item 3), parsed from captured spooler
// output; a missing tool, an error or an unreadable answer is null, and asking is rare and cached.

import t from 'tap';
import { parseGetPrinterCsv, parseLpstat, PrinterDetector, type RunCommand } from '../../../../daemon/src/devices/printer-detect.ts';

// Captured from CUPS 2.4 (`LC_ALL=C lpstat -p`), one queue printing, one disabled with its reason.
const LPSTAT = `printer HP_LaserJet_M404 is idle.  enabled since Mon Dec  7 08:12:03 2026
printer Canon_LBP2900 disabled since Mon Dec  7 07:55:41 2026 -
\tPaused
printer Quay_2 now printing Quay_2-41.  enabled since Mon Dec  7 09:01:10 2026
printer PDF is idle.  enabled since Mon Dec  7 08:00:00 2026
`;

// Captured from Windows 10 PowerShell 5.1 (`Get-Printer | Select-Object Name,PrinterStatus | ConvertTo-Csv -NoTypeInformation`).
const GET_PRINTER = `"Name","PrinterStatus"\r
"OneNote for Windows 10","Normal"\r
"Microsoft XPS Document Writer","Normal"\r
"Microsoft Print to PDF","Normal"\r
"Fax","Normal"\r
"HP LaserJet Pro M404 ""Quầy 1""","Normal"\r
"Canon LBP2900","Offline"\r
"Brother HL-L2321D","PaperJam"\r
`;

t.test('lpstat: enabled queues work, disabled ones do not, PDF writers are no printers', async (t) => {
  t.same(parseLpstat(LPSTAT), { working: 2, notWorking: 1, names: ['HP_LaserJet_M404', 'Canon_LBP2900', 'Quay_2'] });
  t.same(parseLpstat('lpstat: No destinations added.\n'), { working: 0, notWorking: 0, names: [] }, 'none configured is zero');
  t.equal(parseLpstat('lpstat: Scheduler is not running.\n'), null, 'no scheduler: unknown');
  t.equal(parseLpstat(''), null);
});

t.test('Get-Printer: Normal works, Offline and PaperJam do not, virtual printers left out', async (t) => {
  t.same(parseGetPrinterCsv(GET_PRINTER), { working: 1, notWorking: 2, names: ['HP LaserJet Pro M404 "Quầy 1"', 'Canon LBP2900', 'Brother HL-L2321D'] });
  t.same(parseGetPrinterCsv('"Name","PrinterStatus"\r\n'), { working: 0, notWorking: 0, names: [] });
  t.equal(parseGetPrinterCsv("Get-Printer : The term 'Get-Printer' is not recognized"), null);
});

t.test('asked in the background, at most every everyMs; absent tool is null', async (t) => {
  const clock = { t: Date.parse('2026-12-07T02:00:00Z') };
  const calls: string[] = [];
  let answer: string | null = LPSTAT;
  const run: RunCommand = async (file, args) => {
    calls.push([file, ...args].join(' '));
    return answer;
  };
  const d = new PrinterDetector({ platform: 'linux', now: () => new Date(clock.t), everyMs: 60_000, run });
  t.equal(d.current(), null, 'first read does not wait');
  await d.refresh();
  t.match(d.current(), { source: 'cups', working: 2, notWorking: 1, at: '2026-12-07T02:00:00.000Z' });
  t.same(calls, ['lpstat -p'], 'asked once');
  clock.t += 59_000;
  d.current();
  t.equal(calls.length, 1, 'cached');
  clock.t += 1_000;
  answer = null;
  d.current();
  await d.refresh();
  t.equal(calls.length, 2);
  t.equal(d.current(), null, 'the tool went away: unknown, not the old answer');
});

t.test('Windows asks the spooler through PowerShell; a throwing runner is null', async (t) => {
  const calls: string[] = [];
  const d = new PrinterDetector({
    platform: 'win32',
    now: () => new Date('2026-12-07T02:00:00Z'),
    everyMs: 60_000,
    run: async (file) => {
      calls.push(file);
      return GET_PRINTER;
    },
  });
  await d.refresh();
  t.match(d.current(), { source: 'windows', working: 1, notWorking: 2 });
  t.same(calls, ['powershell.exe']);
  const broken = new PrinterDetector({ platform: 'linux', now: () => new Date(), everyMs: 1, run: async () => Promise.reject(new Error('boom')) });
  await broken.refresh();
  t.equal(broken.current(), null);
});

t.test('the real tool, whatever this machine has: never throws', async (t) => {
  const d = new PrinterDetector({ platform: process.platform, now: () => new Date(), everyMs: 60_000, timeoutMs: 3_000 });
  await d.refresh();
  const found = d.current();
  t.ok(found === null || typeof found.working === 'number');
});
