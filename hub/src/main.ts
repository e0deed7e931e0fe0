// `tiepnhan hub [--port 7310] [--host 127.0.0.1] [--db sqlite:FILE | postgres://…] [--config FILE]`
// The district hub: receives sites' daily counters and inventory, serves the district report.

import { mkdir, readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfigFile } from '../../daemon/src/vocabulary/config-file.ts';
import { buildHubApp } from './hub-app.ts';
import { resolveHubConfig } from './hub-config.ts';
import { HubStore } from './hub-store.ts';
import { openSql } from '../../daemon/src/storage/sql-client.ts';
import { createLogger, logDestination } from '../../daemon/src/log.ts';
import { COMMANDS } from '../../daemon/src/cli/commands.ts';

export async function runHub(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: COMMANDS['hub'].options,
    strict: true,
  });
  const file = values.config ? ((await loadConfigFile(values.config)) as Record<string, unknown>) : {};
  const envAdmin = process.env['TIEPNHAN_HUB_ADMIN_TOKEN'];
  const config = resolveHubConfig({
    ...file,
    ...(values.port !== undefined ? { port: Number(values.port) } : {}),
    ...(values.host !== undefined ? { host: values.host } : {}),
    ...(values.db !== undefined ? { db: values.db } : {}),
    ...(envAdmin ? { adminTokens: [...((file['adminTokens'] as string[] | undefined) ?? []), envAdmin] } : {}),
  });
  const log = createLogger(config.log.level, await logDestination(config.log));
  if (!/^postgres/.test(config.db)) await mkdir(dirname(resolve(config.db.replace(/^sqlite:/, ''))), { recursive: true });
  const store = await HubStore.open(await openSql(config.db));
  const https = config.tls ? { cert: await readFile(config.tls.cert), key: await readFile(config.tls.key) } : undefined;
  const app = await buildHubApp({
    store,
    config: {
      sites: config.sites,
      adminTokens: config.adminTokens,
      cumulativeSince: config.reports.cumulativeSince,
      periods: config.reports,
      expectedUnits: config.expectedUnits,
      lateAfterDays: config.reports.lateAfterDays,
      trustProxy: config.trustProxy,
    },
    log,
    ...(https ? { https } : {}),
  });
  const url = await app.listen({ host: config.host, port: config.port });
  if (!config.tls && !['127.0.0.1', '::1', 'localhost'].includes(config.host))
    log.warn('the hub listens beyond this PC without TLS: tokens cross the network in clear (set "tls" or put it behind a TLS proxy)');
  if (config.sites.length === 0) log.warn('no sites configured: every push will be refused (add "sites" to the hub config)');
  if (config.adminTokens.length === 0) log.warn('no admin token: reports cannot be read (set TIEPNHAN_HUB_ADMIN_TOKEN or "adminTokens")');
  log.info({ url, db: store.dialect, sites: config.sites.length }, `tiepnhan hub listening on ${url}`);
  await new Promise<void>((done) => {
    process.once('SIGINT', () => done());
    process.once('SIGTERM', () => done());
  });
  await app.close();
  await store.close();
  return 0;
}
