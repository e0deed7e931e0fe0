// `tiepnhan report [--period YYYY-MM | --from YYYY-MM-DD --to YYYY-MM-DD] --format xlsx|csv|html|json|md|txt
//                  [--data-dir DIR | --hub URL] [--out FILE]`
// `tiepnhan report --form phu-luc-02 [--from … --to …]… --format csv|json …`: Phụ lục 2 (cli/report-phu-luc-02.ts).
// Reads the site's own database (safe while the daemon runs: WAL) or asks the district hub. Without
// dates: the running reporting period (10th to today by default); `--period 2026-11` is 10/11–09/12/2026.

import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfigFile, resolveConfig } from '../config/load.ts';
import { localReportSource } from '../reports/local-source.ts';
import { buildPhuLuc03 } from '../reports/phu-luc-03.ts';
import { period } from '../reports/period.ts';
import { DEFAULT_PERIOD_CONFIG } from '../reports/period-config.ts';
import { REPORT_FORMATS, renderReport, type ReportFormat } from '../reports/render.ts';
import { CountersRepo } from '../storage/counters-repo.ts';
import { Db } from '../storage/db.ts';
import { EquipmentRepo } from '../storage/equipment-repo.ts';
import { InventoryRepo } from '../storage/inventory-repo.ts';
import { InventoryHistoryRepo } from '../storage/inventory-history-repo.ts';
import { migrate } from '../storage/migrations.ts';
import { COMMANDS } from './commands.ts';
import { runPhuLuc02, UsageError } from './report-phu-luc-02.ts';

export { UsageError };

/** The site's configured period start day (the hub applies its own to the dates it is sent). */
async function periodStartDay(configFile: string | undefined, hub: string | undefined): Promise<number> {
  if (hub) return DEFAULT_PERIOD_CONFIG.periodStartDay;
  const file = configFile ? await loadConfigFile(configFile) : {};
  return resolveConfig(file, configFile).reports.periodStartDay;
}

async function localReport(opts: { dataDir: string | undefined; config: string | undefined; from: string; to: string; format: ReportFormat }): Promise<Buffer> {
  const file = opts.config ? await loadConfigFile(opts.config) : {};
  const config = resolveConfig({ ...(file as object), ...(opts.dataDir ? { dataDir: opts.dataDir } : {}) }, opts.config);
  const dbFile = join(resolve(config.dataDir), 'tiepnhan.sqlite');
  if (!existsSync(dbFile))
    throw new UsageError(`Không thấy cơ sở dữ liệu ${dbFile} (chưa chạy tiepnhan start?) / no database at ${dbFile} (has tiepnhan start run here?)`);
  const db = await Db.open(dbFile);
  try {
    await migrate(db);
    const source = localReportSource({
      config,
      counters: new CountersRepo(db),
      inventory: new InventoryRepo(db),
      history: new InventoryHistoryRepo(db),
      equipment: new EquipmentRepo(db),
      now: () => new Date(),
    });
    const report = await buildPhuLuc03(source, {
      from: opts.from,
      to: opts.to,
      cumulativeSince: config.reports.cumulativeSince,
      periodConfig: config.reports,
      now: new Date(),
    });
    return await renderReport(report, opts.format);
  } finally {
    await db.close();
  }
}

/** The hub resolves `period` and missing dates with its own period start day. */
async function hubReport(opts: { hub: string; token: string | undefined; query: Record<string, string | undefined>; format: ReportFormat }): Promise<Buffer> {
  const url = new URL('/api/reports/phu-luc-03', opts.hub);
  const given = Object.entries(opts.query).filter((e): e is [string, string] => e[1] !== undefined);
  url.search = new URLSearchParams([...given, ['format', opts.format]]).toString();
  const res = await fetch(url, { headers: opts.token ? { authorization: `Bearer ${opts.token}` } : {} });
  const body = Buffer.from(await res.arrayBuffer());
  if (!res.ok) throw new Error(`hub ${url.origin} trả lời / answered ${res.status}: ${body.toString('utf8').slice(0, 300)}`);
  return body;
}

export async function runReport(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: COMMANDS['report'].options,
    strict: true,
  });
  const format = values.format as ReportFormat;
  try {
    if (values.form === 'phu-luc-02') return await runPhuLuc02(values);
    if (values.form !== 'phu-luc-03') throw new UsageError('--form phải là / must be one of: phu-luc-03, phu-luc-02');
    if ((values.from?.length ?? 0) > 1 || (values.to?.length ?? 0) > 1)
      throw new UsageError('Phụ lục 03: --from/--to một lần / once (hai kỳ chỉ cho / two periods only for --form phu-luc-02)');
    const from = values.from?.[0];
    const to = values.to?.[0];
    if (!REPORT_FORMATS.includes(format)) throw new UsageError(`--format phải là / must be one of: ${REPORT_FORMATS.join(', ')}`);
    if (values.hub && values['data-dir']) throw new UsageError('Chọn --data-dir hoặc --hub, không cả hai / choose --data-dir or --hub, not both');
    const startDay = await periodStartDay(values.config, values.hub);
    const p = period(from, to, new Date(), { startDay, month: values.period });
    if (!p.ok) throw new UsageError(`${p.error.vi} / ${p.error.en}`);
    const body = values.hub
      ? await hubReport({
          hub: values.hub,
          token: values.token ?? process.env['TIEPNHAN_HUB_TOKEN'],
          query: { period: values.period, from, to },
          format,
        })
      : await localReport({ dataDir: values['data-dir'], config: values.config, from: p.from, to: p.to, format });
    // A binary spreadsheet is never written to a terminal: without --out it gets its own file name.
    const out = values.out ?? (format === 'xlsx' || format === 'html' ? `phu-luc-03_${p.from}_${p.to}.${format}` : null);
    if (out === null || out === '-') process.stdout.write(body);
    else {
      await writeFile(out, body);
      process.stderr.write(`${resolve(out)}\n`);
    }
    return 0;
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`tiepnhan report: ${err.message}\n`);
    return 2;
  }
}
