// The commands of `tiepnhan`, declared once: hospitals' scripts call them by name and option, so the
// names stay; `tiepnhan help` lists every form with its one-line summary; each command's own errors
// show its usage; and the table of docs/reference/commands.md is generated from the same lines (a
// `|` inside a usage line must not split the Markdown cell).

import { parseArgs } from 'node:util';
import t from 'tap';
import { COMMANDS, commandRows, usageOf, usageText } from '../../../../daemon/src/cli/commands.ts';

t.test('the command names and options scripts rely on are all there', async (t) => {
  const contract: Record<string, string[]> = {
    start: ['port', 'host', 'data-dir', 'serial', 'no-simulators', 'config'],
    parse: ['hex', 'search'],
    simulate: ['device', 'port', 'host', 'encoding', 'rate', 'seconds'],
    'gateway-sim': ['port', 'host', 'seed', 'latency-ms', 'identities', 'fault', 'token-expiry', 'cert'],
    report: ['from', 'to', 'period', 'format', 'data-dir', 'config', 'hub', 'token', 'out'],
    'decode-image': [],
    xml0: ['registration', 'data-dir', 'config', 'unsigned'],
    hub: ['port', 'host', 'db', 'config'],
  };
  for (const [name, options] of Object.entries(contract)) {
    const spec = COMMANDS[name as keyof typeof COMMANDS];
    if (!t.ok(spec, `${name} exists`)) continue;
    for (const o of options) t.ok(o in spec.options, `${name} --${o}`);
  }
});

t.test('the options parse the way the usage lines show them', async (t) => {
  const parse = (name: keyof typeof COMMANDS, args: string[]) =>
    parseArgs({ args, options: COMMANDS[name].options, strict: true, allowPositionals: name === 'simulate' || name === 'decode-image' }).values;
  t.same(
    parse('start', ['--serial', '/dev/ttyACM0@115200', '--serial', 'COM3', '--no-simulators']),
    {
      serial: ['/dev/ttyACM0@115200', 'COM3'],
      'no-simulators': true,
    },
    '--serial repeats',
  );
  t.same(
    parse('simulate', ['scan', 'x']),
    { device: 'sim-1', port: '7300', host: '127.0.0.1', encoding: 'utf8', rate: '1', seconds: '10' },
    'the defaults the usage shows',
  );
  t.match(
    parse('gateway-sim', []),
    { port: '7400', seed: '1', 'latency-ms': '2000', fault: 'none', 'token-expiry': 'http401' },
    'a gateway as slow as the real one by default',
  );
  t.same((parse('gateway-sim', ['--cert', 'a.pem', '--cert', 'b.pem']) as Record<string, unknown>).cert, ['a.pem', 'b.pem'], '--cert repeats');
  t.match(parse('report', []), { format: 'json' }, 'JSON unless asked otherwise');
  t.match(parse('xml0', ['--registration', '7']), { registration: '7', unsigned: false }, 'signed unless --unsigned');
  t.throws(() => parse('parse', ['--hex=1']), 'a boolean flag takes no value');
  t.throws(() => parse('report', ['--formats', 'csv']), 'a misspelt option is refused, not ignored');
});

t.test('help lists each form under the tool’s bilingual name, each command’s summary after its forms', async (t) => {
  const lines = usageText().split('\n');
  t.equal(lines[0], 'tiepnhan — tiếp nhận người bệnh bằng thẻ căn cước / reception by citizen ID card');
  t.equal(lines[1], '');
  const simulate = lines.findIndex((l) => l.startsWith('  tiepnhan simulate scan'));
  t.same(lines.slice(simulate, simulate + 6), [
    '  tiepnhan simulate scan "<payload>" [--device sim-1] [--port 7300] [--host 127.0.0.1] [--encoding utf8|cp1252]',
    '  tiepnhan simulate unplug|replug [--device sim-1] [--port 7300] [--host 127.0.0.1]',
    '  tiepnhan simulate fleet [--rate 1] [--seconds 10] [--port 7300] [--host 127.0.0.1]',
    '  tiepnhan simulate chip [--device sim-chip-1] [--fault FAULT] [--port 7300] [--host 127.0.0.1]',
    '  tiepnhan simulate chip-reader [--port 8000] [--protocol hn212-socketio|ws-events] [--csca-out FILE]',
    '      drive the simulated scanners and chip readers of a running daemon, or run a simulated chip reader service',
  ]);
  const forms = Object.values(COMMANDS).reduce((n, s) => n + s.forms.length, 0);
  t.equal(lines.filter((l) => l.startsWith('  tiepnhan ')).length, forms, 'every form once');
  t.equal(lines.filter((l) => l.startsWith('      ')).length, Object.keys(COMMANDS).length, 'one summary a command');
  t.ok(usageText().endsWith('\n'));
});

t.test('a command’s own usage: its forms, aligned under "usage:"', async (t) => {
  t.equal(usageOf('parse'), 'usage: tiepnhan parse [--hex] [--search]\n');
  t.equal(usageOf('gateway-sim'), `usage: tiepnhan ${COMMANDS['gateway-sim'].forms[0].usage}\n       tiepnhan gateway-sim --identities [--seed N]\n`);
});

t.test('the reference table: one row per form, with a `|` inside a usage line escaped', async (t) => {
  const rows = commandRows();
  t.equal(
    rows.length,
    Object.values(COMMANDS).reduce((n, s) => n + s.forms.length, 0),
  );
  t.equal(rows[1], '| `npx tiepnhan parse [--hex] [--search]` | ' + COMMANDS.parse.forms[0].doc + ' |');
  const unplug = rows.find((r) => r.includes('simulate unplug'))!;
  t.ok(unplug.startsWith('| `npx tiepnhan simulate unplug\\|replug [--device sim-1]'), 'unplug\\|replug');
  for (const r of rows) t.equal(r.split(/(?<!\\)\|/).length, 4, `two cells: ${r.slice(0, 50)}`);
});
