// `tiepnhan <command>`: the entry point hospitals' scripts call. Help and usage go to stdout with
// exit 0 (asked for) or 2 (no command); an unknown command is refused in Vietnamese and English with
// exit 2; a command that fails says which command and why, with exit 1 (never a stack trace).
// Run in-process; the commands themselves are tested in their own files.

import t from 'tap';
import { usageText } from '../../../../daemon/src/cli/commands.ts';
import { main } from '../../../../daemon/src/cli/main.ts';
import { captureOutput } from '../../../helpers/capture-output.ts';

/** Runs a command with what tiepnhan's own code writes to stdout and stderr captured (TAP's output passes through). */
async function run(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = captureOutput();
  try {
    const code = await main(argv);
    return { code, stdout: out.stdout, stderr: out.stderr };
  } finally {
    out.restore();
  }
}

t.test('help: the usage of every command on stdout', async (t) => {
  for (const argv of [['help'], ['--help'], ['-h']]) {
    const r = await run(argv);
    t.same(r, { code: 0, stdout: usageText(), stderr: '' }, argv.join(' '));
  }
  t.match(usageText(), /^tiepnhan — tiếp nhận người bệnh bằng thẻ căn cước \/ reception by citizen ID card\n/);
});

t.test('no command: the usage, and exit 2 so a script notices', async (t) => {
  t.same(await run([]), { code: 2, stdout: usageText(), stderr: '' });
});

t.test('an unknown command is refused in both languages, with the usage', async (t) => {
  const r = await run(['scan']);
  t.equal(r.code, 2);
  t.equal(r.stdout, '');
  t.equal(r.stderr, `Lệnh không hợp lệ / unknown command: scan\n\n${usageText()}`);
});

t.test('a command that fails names itself and the reason, exit 1', async (t) => {
  const r = await run(['parse', '--bogus']);
  t.equal(r.code, 1);
  t.match(r.stderr, /^tiepnhan parse: .*--bogus/);
  t.notMatch(r.stderr, /\n\s+at /, 'no stack trace');
  const x = await run(['xml0', '--registration', '1', '--config', '/nonexistent/tiepnhan.json']);
  t.equal(x.code, 1);
  t.match(x.stderr, /^tiepnhan xml0: .*ENOENT/);
});

t.test('each command name reaches its own command', async (t) => {
  // Each answers a missing argument in its own words: proof that main handed it the rest of the line.
  t.match(await run(['decode-image']), { code: 2, stderr: /^tiepnhan decode-image: cần ít nhất một tệp ảnh/ });
  t.match(await run(['simulate']), { code: 2, stderr: /^usage: tiepnhan simulate scan/ });
  t.match(await run(['xml0']), { code: 2, stderr: /^tiepnhan xml0: --registration ID/ });
  t.match(await run(['report', '--format', 'pdf']), { code: 2, stderr: /^tiepnhan report: --format/ });
  t.match(await run(['gateway-sim', '--fault', 'fire']), { code: 2, stderr: /^--fault is one of/ });
});
