// `tiepnhan report --form phu-luc-02 [--from YYYY-MM-DD --to YYYY-MM-DD]… --format csv|json|xlsx|html
//                  [--data-dir DIR | --hub URL [--token T]] [--config FILE] [--out FILE]`
// Phụ lục 2 (docs/reference/report-rules.md): from the site's own database (its facility, its gateway
// account, its counted exchanges) or from the district hub. Each --from/--to pair is one period;
// without dates the previous and the running reporting periods.

import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { loadConfigFile, resolveConfig } from '../config/load.ts';
import { DEFAULT_PERIOD_CONFIG } from '../reports/period-config.ts';
import { localPhuLuc02, phuLuc02Periods } from '../reports/phu-luc-02.ts';
import { PHU_LUC_02_FORMATS, renderPhuLuc02, type PhuLuc02Format } from '../reports/render-phu-luc-02.ts';
import { Db } from '../storage/db.ts';
import { GatewayDailyRepo } from '../storage/gateway-daily-repo.ts';
import { migrate } from '../storage/migrations.ts';

/** A refused option or period: `tiepnhan report` prints it in Vietnamese and English and exits 2. */
export class UsageError extends Error {}

export interface PhuLuc02Options {
  readonly from?: string[] | undefined;
  readonly to?: string[] | undefined;
  readonly period?: string | undefined;
  readonly format?: string | undefined;
  readonly 'data-dir'?: string | undefined;
  readonly config?: string | undefined;
  readonly hub?: string | undefined;
  readonly token?: string | undefined;
  readonly out?: string | undefined;
}

async function siteConfig(configFile: string | undefined, dataDir: string | undefined) {
  const file = configFile ? await loadConfigFile(configFile) : {};
  return resolveConfig({ ...(file as object), ...(dataDir ? { dataDir } : {}) }, configFile);
}

async function localBody(values: PhuLuc02Options, format: PhuLuc02Format): Promise<Buffer> {
  const config = await siteConfig(values.config, values['data-dir']);
  const p = phuLuc02Periods(values.from ?? [], values.to ?? [], new Date(), config.reports.periodStartDay);
  if (!p.ok) throw new UsageError(`${p.error.vi} / ${p.error.en}`);
  const dbFile = join(resolve(config.dataDir), 'tiepnhan.sqlite');
  if (!existsSync(dbFile))
    throw new UsageError(`Không thấy cơ sở dữ liệu ${dbFile} (chưa chạy tiepnhan start?) / no database at ${dbFile} (has tiepnhan start run here?)`);
  const db = await Db.open(dbFile);
  try {
    await migrate(db);
    const repo = new GatewayDailyRepo(db);
    const report = await localPhuLuc02(config, (from, to) => repo.totals(from, to), p.periods, new Date());
    return await renderPhuLuc02(report, format);
  } finally {
    await db.close();
  }
}

/** The hub resolves missing dates with its own period start day. */
async function hubBody(values: PhuLuc02Options, format: PhuLuc02Format): Promise<Buffer> {
  const p = phuLuc02Periods(values.from ?? [], values.to ?? [], new Date(), DEFAULT_PERIOD_CONFIG.periodStartDay);
  if (!p.ok) throw new UsageError(`${p.error.vi} / ${p.error.en}`);
  const url = new URL('/api/reports/phu-luc-02', values.hub);
  const query: [string, string][] = [];
  const names = [
    ['from', 'to'],
    ['from2', 'to2'],
  ] as const;
  (values.from ?? []).forEach((v, i) => query.push([names[i]![0], v]));
  (values.to ?? []).forEach((v, i) => query.push([names[i]![1], v]));
  url.search = new URLSearchParams([...query, ['format', format]]).toString();
  const token = values.token ?? process.env['TIEPNHAN_HUB_TOKEN'];
  const res = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  const body = Buffer.from(await res.arrayBuffer());
  if (!res.ok) throw new Error(`hub ${url.origin} trả lời / answered ${res.status}: ${body.toString('utf8').slice(0, 300)}`);
  return body;
}

/** Exit code 0; a bad option or period throws UsageError (runReport prints it, exit 2). */
export async function runPhuLuc02(values: PhuLuc02Options): Promise<number> {
  const format = (values.format ?? 'json') as PhuLuc02Format;
  if (!PHU_LUC_02_FORMATS.includes(format)) throw new UsageError(`Phụ lục 2: --format phải là / must be one of: ${PHU_LUC_02_FORMATS.join(', ')}`);
  if (values.period !== undefined) throw new UsageError('Phụ lục 2: dùng --from/--to, không --period / use --from/--to, not --period');
  if (values.hub && values['data-dir']) throw new UsageError('Chọn --data-dir hoặc --hub, không cả hai / choose --data-dir or --hub, not both');
  const body = values.hub ? await hubBody(values, format) : await localBody(values, format);
  // A binary spreadsheet is never written to a terminal: without --out it gets its own file name.
  const out = values.out ?? (format === 'xlsx' || format === 'html' ? `phu-luc-02.${format}` : null);
  if (out === null || out === '-') process.stdout.write(body);
  else {
    await writeFile(out, body);
    process.stderr.write(`${resolve(out)}\n`);
  }
  return 0;
}
