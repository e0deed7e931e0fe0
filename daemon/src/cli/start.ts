import { parseArgs } from 'node:util';
import { loadConfigFile, resolveConfig } from '../config/load.ts';
import { createDaemon } from '../daemon.ts';
import { createLogger, logDestination } from '../log.ts';
import { wire } from '../wiring.ts';
import { COMMANDS } from './commands.ts';
import { freeBytes, startFailureText } from './start-failure.ts';
import { httpTransport, servedUrls } from '../http/served-urls.ts';

/** `--serial /dev/ttyACM0@115200` -> a serial scanner entry. */
export function parseSerialOption(value: string, index: number): { id: string; path: string; baudRate?: number } {
  const m = /^(.+?)(?:@(\d+))?$/.exec(value);
  if (!m || !m[1]) throw new Error(`--serial ${value}: expected PATH or PATH@BAUD`);
  return { id: `serial-${index + 1}`, path: m[1], ...(m[2] ? { baudRate: Number(m[2]) } : {}) };
}

/** `--chip-reader http://127.0.0.1:8000` (HN212, Socket.IO) or `--chip-reader ws://127.0.0.1:8000`
 *  (the plain-WebSocket variant) -> a chip reader entry on the default desk. */
export function parseChipReaderOption(url: string, index: number): { id: string; url: string; protocol: 'hn212-socketio' | 'ws-events' } {
  if (!/^(https?|wss?):\/\/\S+$/.test(url)) throw new Error(`--chip-reader ${url}: expected http(s)://HOST:PORT (HN212 service) or ws(s)://HOST:PORT`);
  return { id: `chip-${index + 1}`, url, protocol: /^wss?:/.test(url) ? 'ws-events' : 'hn212-socketio' };
}

export async function runStart(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: COMMANDS['start'].options,
    strict: true,
  });
  const file = values.config ? ((await loadConfigFile(values.config)) as Record<string, unknown>) : {};
  const fromFile = (file['scanners'] as unknown[] | undefined) ?? [];
  const chipsFromFile = (file['chipReaders'] as unknown[] | undefined) ?? [];
  const input: Record<string, unknown> = {
    ...file,
    ...(values.port !== undefined ? { port: Number(values.port) } : {}),
    ...(values.host !== undefined ? { host: values.host } : {}),
    ...(values['data-dir'] !== undefined ? { dataDir: values['data-dir'] } : {}),
    scanners: [...fromFile, ...(values.serial ?? []).map((s, i) => parseSerialOption(s, fromFile.length + i))],
    chipReaders: [...chipsFromFile, ...(values['chip-reader'] ?? []).map((u, i) => parseChipReaderOption(u, chipsFromFile.length + i))],
  };
  if (values['no-simulators']) input['simulators'] = { ...(file['simulators'] ?? {}), enabled: false };
  const config = resolveConfig(input, values.config);
  const log = createLogger(config.log.level, await logDestination(config.log));
  // Anything that fails before the daemon listens ends the start: what was opened is closed, the
  // reason goes to the log and (through main) to stderr, and the process exits non-zero
  // (bin/tiepnhan.mjs), so a service manager restarts it instead of seeing it run.
  let wiring: Awaited<ReturnType<typeof wire>> | undefined;
  let daemon: Awaited<ReturnType<typeof createDaemon>> | undefined;
  let url: string;
  try {
    wiring = await wire(config, log);
    daemon = await createDaemon(wiring.deps);
    url = await daemon.start();
  } catch (err) {
    const why = startFailureText(err, config.dataDir, await freeBytes(config.dataDir), config.port);
    log.fatal({ code: (err as { code?: unknown }).code ?? null }, `start failed: ${why.en}`);
    await daemon?.stop().catch(() => undefined);
    await wiring?.close().catch(() => undefined);
    log.flush();
    throw new Error(`${why.vi} / ${why.en}`, { cause: err });
  }
  // Every URL served (bound to 0.0.0.0, each address of this PC), and plain HTTP on the LAN said out loud.
  const urls = servedUrls(config.host, Number(new URL(url).port), config.tls !== null);
  log.info(
    {
      url,
      urls,
      dataDir: config.dataDir,
      db: daemon.dbFile,
      simulatedScanners: wiring.simScanners.map((s) => s.id),
      gatewaySimulated: wiring.deps.gateway.simulated,
    },
    `tiepnhan listening on ${urls.join(', ')}`,
  );
  const transport = httpTransport({ host: config.host, tls: config.tls !== null, plainLan: config.http.plainLan, urls });
  if (!transport.ok) log.warn({ urls }, transport.en);

  await new Promise<void>((resolve) => {
    const stop = (signal: string): void => {
      log.info({ signal }, 'stopping');
      resolve();
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
  await daemon.stop();
  await wiring.close();
  return 0;
}
