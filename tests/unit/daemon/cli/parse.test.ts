// `tiepnhan parse [--hex] [--search]`: integrators and technicians pipe payloads through it to see
// what the daemon would make of them. One JSON object per input line, in order, whatever the line
// holds; `--hex` carries raw scanner bytes (CR, BOM, invalid UTF-8) and refuses a line that is not
// hex in both languages; `--search` classifies what a receptionist types. Run in-process with a
// substituted stdin.

import { Readable } from 'node:stream';
import t from 'tap';
import { runParse } from '../../../../daemon/src/cli/parse.ts';
import { captureOutput } from '../../../helpers/capture-output.ts';

const AN = '001089012345|013456789|Nguyễn Văn An|15031989|Nam|Phường Thụy Khuê, Quận Tây Hồ, Hà Nội|20042021';

/** Runs `tiepnhan parse ARGS` with `input` on stdin; the JSON lines it printed. */
async function parse(args: string[], input: string | Buffer): Promise<{ code: number; lines: Array<Record<string, unknown>> }> {
  const stdin = Object.getOwnPropertyDescriptor(process, 'stdin')!;
  Object.defineProperty(process, 'stdin', { value: Readable.from([Buffer.from(input)]), configurable: true });
  const out = captureOutput();
  try {
    const code = await runParse(args);
    return {
      code,
      lines: out.stdout
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, unknown>),
    };
  } finally {
    out.restore();
    Object.defineProperty(process, 'stdin', stdin);
  }
}

t.test('one JSON object per line, in order, CRLF or LF', async (t) => {
  const r = await parse([], `${AN}\r\nhello\n001189012345|013456789|Nguyễn Văn An|15031989|Nam|Hà Nội|20042021\n`);
  t.equal(r.code, 0);
  t.equal(r.lines.length, 3);
  t.match(r.lines[0], { ok: true, kind: 'cccd2021', id: '001089012345', name: 'Nguyễn Văn An', dob: '1989-03-15', sex: 'M', issueDate: '2021-04-20' });
  t.match(r.lines[1], { ok: false, error: { code: 'notCccd', vi: /\S/, en: /\S/ } });
  t.match(r.lines[2], { ok: false, error: { code: 'idMismatch' } }, 'a CCCD whose birth year disagrees with the date of birth');
});

t.test('a last line without a newline is parsed too; no input, no output', async (t) => {
  t.match((await parse([], AN)).lines, [{ ok: true, id: '001089012345' }]);
  t.same(await parse([], ''), { code: 0, lines: [] });
});

t.test('--hex: raw bytes, including a BOM, a CR and invalid UTF-8', async (t) => {
  const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${AN}\r\n`)]);
  const r = await parse(['--hex'], `${bytes.toString('hex')}\n  30317cff41  \nzz\n303\n`);
  t.match(r.lines[0], { ok: true, id: '001089012345', name: 'Nguyễn Văn An' });
  t.match(r.lines[1], { ok: false, error: { code: 'encoding' }, rawHex: '30317cff41' }, 'spaces around the hex are ignored');
  const refused = { ok: false, error: { code: 'badHexInput', vi: 'Dòng nhập không phải chuỗi hex.', en: 'The input line is not hex.' }, rawHex: '' };
  t.same(r.lines[2], refused, 'not hex');
  t.same(r.lines[3], refused, 'an odd number of digits is not bytes');
});

t.test('--search: what a receptionist types', async (t) => {
  const r = await parse(['--search'], '0010 8901 2345\nDN4010123456789\nNguyễn Văn An 15/03/1989\n12345\n');
  t.match(r.lines, [
    { ok: true, kind: 'cccd' },
    { ok: true, kind: 'bhyt' },
    { ok: true, kind: 'nameDob' },
    { ok: false, error: { code: 'searchDigitCount' } },
  ]);
});

t.test('an unknown option is refused before reading anything', async (t) => {
  await t.rejects(parse(['--json'], AN), { code: 'ERR_PARSE_ARGS_UNKNOWN_OPTION' });
});
