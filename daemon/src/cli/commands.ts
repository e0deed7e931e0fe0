// The commands of `tiepnhan`, declared once: their options (what each command parses), their usage
// lines (what `tiepnhan help` prints) and what docs/reference/commands.md says of each form (its
// table is generated from here: node bin/run-ts.mjs packaging/docs/commands-reference.ts; a test
// fails when they drift). Names and options are a contract hospitals' scripts rely on: add, never
// rename. Each command's code is loaded only when it runs (main.ts): `start` never loads the report
// writer or the image decoder.

export interface CommandForm {
  /** What follows `tiepnhan ` on the usage line. */
  readonly usage: string;
  /** What it does, in docs/reference/commands.md (Markdown). */
  readonly doc: string;
}

export interface CommandSpec {
  /** One line for `tiepnhan help`. */
  readonly summary: string;
  readonly forms: readonly CommandForm[];
  /** node:util parseArgs options (every `--flag` of the usage lines, and only those). */
  readonly options: Readonly<Record<string, { readonly type: 'string' | 'boolean'; readonly multiple?: boolean; readonly default?: string | boolean }>>;
}

export const COMMANDS = {
  start: {
    summary: 'the daemon: scanners, the pages on port 7300, the BHXH checks',
    forms: [
      {
        usage: 'start [--port 7300] [--host 127.0.0.1] [--data-dir ./data] [--serial PATH[@BAUD]]… [--chip-reader URL]… [--no-simulators] [--config FILE]',
        doc: 'the daemon (`npm start` runs this; `npm start -- --serial /dev/ttyACM0@115200` passes options through). A start that fails before it listens (a taken port, a data folder on a full disk, a bad key file) exits 1 at once with the reason in Vietnamese and English on stderr and in the log, so a service manager restarts it; a full disk names the folder, its free space and the 100 MB tiepnhan needs',
      },
    ],
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'data-dir': { type: 'string' },
      serial: { type: 'string', multiple: true },
      'chip-reader': { type: 'string', multiple: true },
      'no-simulators': { type: 'boolean' },
      config: { type: 'string' },
    },
  },
  parse: {
    summary: 'one payload per line on stdin -> one JSON object per line',
    forms: [
      {
        usage: 'parse [--hex] [--search]',
        doc: 'one payload per line on stdin → one JSON object per line (`--hex`: lines are hex of raw bytes; `--search`: lines are what a receptionist types)',
      },
    ],
    options: { hex: { type: 'boolean' }, search: { type: 'boolean' } },
  },
  simulate: {
    summary: 'drive the simulated scanners and chip readers of a running daemon, or run a simulated chip reader service',
    forms: [
      {
        usage: 'simulate scan "<payload>" [--device sim-1] [--port 7300] [--host 127.0.0.1] [--encoding utf8|cp1252]',
        doc: 'a simulated scanner of the running daemon sends that payload (`cp1252`: as a scanner set to a Western code page)',
      },
      {
        usage: 'simulate unplug|replug [--device sim-1] [--port 7300] [--host 127.0.0.1]',
        doc: 'pulls / puts back a simulated scanner (its PTY disappears, as with a USB cable)',
      },
      {
        usage: 'simulate fleet [--rate 1] [--seconds 10] [--port 7300] [--host 127.0.0.1]',
        doc: 'every simulated scanner of the daemon scans valid synthetic cards at that rate',
      },
      {
        usage: 'simulate chip [--device sim-chip-1] [--fault FAULT] [--port 7300] [--host 127.0.0.1]',
        doc: "the running daemon's simulated chip reader presents a signed card (faults: missingRaw, failure, dropMidCard, alteredDg13, rewrittenHashes, otherCsca, selfSigned)",
      },
      {
        usage: 'simulate chip-reader [--port 8000] [--protocol hn212-socketio|ws-events] [--csca-out FILE]',
        doc: 'a simulated chip reader service alone, on 127.0.0.1 (for `start --chip-reader http://127.0.0.1:8000`): each line `card [FAULT]` on stdin presents a card; `--csca-out` writes its test CSCA (PEM) for `chip.cscaFile`',
      },
    ],
    options: {
      device: { type: 'string', default: 'sim-1' },
      port: { type: 'string', default: '7300' },
      host: { type: 'string', default: '127.0.0.1' },
      encoding: { type: 'string', default: 'utf8' },
      rate: { type: 'string', default: '1' },
      seconds: { type: 'string', default: '10' },
      fault: { type: 'string' },
      protocol: { type: 'string' },
      'csca-out': { type: 'string' },
    },
  },
  'gateway-sim': {
    summary: 'the simulated BHXH gateway alone (--identities: its test identities)',
    forms: [
      {
        usage:
          'gateway-sim [--port 7400] [--host 127.0.0.1] [--seed N] [--latency-ms MEDIAN] [--fault none|timeout|http500|malformed|outage] [--token-expiry http401|body401] [--cert FILE.pem]…',
        doc: "the simulated BHXH gateway alone (`--cert`: a facility's check-in signing certificate, as registered on the BHXH portal; repeatable) (default latency like the real one: median 2 s, long tail to 60 s); account **`00000_BV` / `tiepnhan-sim`**, officer **`Cán bộ tiếp đón` / `001190000001`**",
      },
      {
        usage: 'gateway-sim --identities [--seed N]',
        doc: 'test identities, one JSON line each (`maThe`, `hoTen`, `ngaySinh`, `maKetQua`), covering every result code except 054/055 (officer fields) and 401 (token)',
      },
    ],
    options: {
      port: { type: 'string', default: '7400' },
      host: { type: 'string', default: '127.0.0.1' },
      seed: { type: 'string', default: '1' },
      // Like the real gateway by default (median 2 s, long tail); `--latency-ms 0` for load tests.
      'latency-ms': { type: 'string', default: '2000' },
      identities: { type: 'boolean' },
      fault: { type: 'string', default: 'none' },
      'token-expiry': { type: 'string', default: 'http401' },
      // A facility's signing certificate, as registered on the BHXH portal (repeatable).
      cert: { type: 'string', multiple: true },
    },
  },
  report: {
    summary: 'the district reports Phụ lục 03 and Phụ lục 2 (CSV/JSON/MD/TXT to stdout without --out)',
    forms: [
      {
        usage:
          'report [--period YYYY-MM | --from YYYY-MM-DD --to YYYY-MM-DD] --format xlsx|csv|html|json|md|txt [--data-dir DIR | --hub URL [--token T]] [--config FILE] [--out FILE]',
        doc: 'the district report "Phụ lục 03" ([report rules](report-rules.md)). Without dates: the running reporting period (from the 10th); `--period 2026-11`: 10/11–09/12/2026; `md`/`txt`: the report\'s sentences (seed section II.2). Reads the site\'s own database by default (safe while the daemon runs); `--hub` asks the district hub with an admin token (`--token` or `TIEPNHAN_HUB_TOKEN`). CSV and JSON go to stdout without `--out`; XLSX and HTML go to `phu-luc-03_FROM_TO.xlsx\\|html`. Exit 2 with a Vietnamese/English message for a bad period or option',
      },
      {
        usage:
          'report --form phu-luc-02 [--from YYYY-MM-DD --to YYYY-MM-DD [--from YYYY-MM-DD --to YYYY-MM-DD]] --format csv|json|xlsx|html [--data-dir DIR | --hub URL [--token T]] [--config FILE] [--out FILE]',
        doc: 'Phụ lục 2: per unit "Cấp tài khoản", "Liên thông" and the BHXH gateway exchanges "Tổng liên thông / Thành công / Lỗi" for two periods side by side, the "TỔNG SỐ" row and the connected units per tier as count and percentage ([report rules](report-rules.md), "Phụ lục 2"). Each `--from`/`--to` pair is one period, in the order given; without dates: the previous and the running reporting periods. XLSX and HTML go to `phu-luc-02.xlsx\\|html` without `--out`. `--form phu-luc-03` (the default) is the form above',
      },
    ],
    options: {
      form: { type: 'string', default: 'phu-luc-03' },
      from: { type: 'string', multiple: true },
      to: { type: 'string', multiple: true },
      period: { type: 'string' },
      format: { type: 'string', default: 'json' },
      'data-dir': { type: 'string' },
      config: { type: 'string' },
      hub: { type: 'string' },
      token: { type: 'string' },
      out: { type: 'string' },
    },
  },
  'decode-image': {
    summary: 'decode card QR photos: one {"file","ok","text"} line each',
    forms: [
      {
        usage: 'decode-image <file>…',
        doc: 'decodes card QR photos (PNG or JPEG) with the webcam\'s decoder (zxing-cpp as WebAssembly, plus the fallbacks it lacks); one JSON line per file: `{"file","ok","text"}` (and `"error"` when nothing was read: `no QR code found`, or `QR code seen but not readable`); exit 1 if any file failed',
      },
    ],
    options: {},
  },
  xml0: {
    summary: 'the XML0 check-in of a stored registration',
    forms: [
      {
        usage: 'xml0 --registration ID [--data-dir DIR] [--config FILE] [--unsigned]',
        doc: 'the XML0 check-in of a stored registration, signed with the configured signer (see [Check-in (XML0)](../guides/check-in.md))',
      },
    ],
    options: { registration: { type: 'string' }, 'data-dir': { type: 'string' }, config: { type: 'string' }, unsigned: { type: 'boolean', default: false } },
  },
  hub: {
    summary: 'the district hub: sites push to it, it serves the district report',
    forms: [
      {
        usage: 'hub [--port 7310] [--host 127.0.0.1] [--db sqlite:FILE | postgres://…] [--config FILE]',
        doc: "the district hub: receives sites' daily counters and inventory, serves the district/province report ([district hub](../guides/district-hub.md))",
      },
    ],
    options: { port: { type: 'string' }, host: { type: 'string' }, db: { type: 'string' }, config: { type: 'string' } },
  },
  tls: {
    summary: "a local certificate authority and the daemon's HTTPS certificate (tls init)",
    forms: [
      {
        usage: 'tls init --name tiepnhan.bv.local [--ip ADDR]… [--data-dir DIR] [--config FILE]',
        doc: "makes a small certificate authority of the facility's own (kept in `DATA/tls/`, made once) and a server certificate it signs for that name and addresses (825 days; run again to renew, the desks keep trusting the same CA), then prints the CA's SHA-256 fingerprint, how to trust it on Windows (`certutil`) and Linux, and the `tls` lines for the configuration ([LAN deployment](../guides/lan-deployment.md))",
      },
    ],
    options: { name: { type: 'string' }, ip: { type: 'string', multiple: true }, 'data-dir': { type: 'string' }, config: { type: 'string' } },
  },
} as const satisfies Record<string, CommandSpec>;

export type CommandName = keyof typeof COMMANDS;

/** `tiepnhan help`. */
export function usageText(): string {
  const lines = Object.entries(COMMANDS).flatMap(([, spec]) => [...spec.forms.map((f) => `  tiepnhan ${f.usage}`), `      ${spec.summary}`]);
  return `tiepnhan — tiếp nhận người bệnh bằng thẻ căn cước / reception by citizen ID card\n\n${lines.join('\n')}\n`;
}

/** The usage of one command (its forms), for its own errors. */
export function usageOf(name: CommandName): string {
  return `usage: ${COMMANDS[name].forms.map((f) => `tiepnhan ${f.usage}`).join('\n       ')}\n`;
}

/** The rows of docs/reference/commands.md's table, one per form. */
export function commandRows(): string[] {
  const cell = (s: string): string => s.replaceAll('|', '\\|');
  return Object.values(COMMANDS).flatMap((spec) => spec.forms.map((f) => `| \`npx tiepnhan ${cell(f.usage)}\` | ${f.doc} |`));
}
