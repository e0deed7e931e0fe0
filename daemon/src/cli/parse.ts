// `tiepnhan parse [--hex] [--search]`: one input per line on stdin, one JSON object per line out.

import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { parsePayload, parseSearchInput } from '../parse/index.ts';
import { CLI_PARSE_ERRORS } from '../parse/messages.ts';
import { COMMANDS } from './commands.ts';

export async function runParse(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: COMMANDS['parse'].options, strict: true });
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    let out: unknown;
    if (values.search) {
      out = parseSearchInput(line);
    } else if (values.hex) {
      const hex = line.trim();
      out = /^([0-9a-fA-F]{2})*$/.test(hex)
        ? parsePayload(Buffer.from(hex, 'hex'))
        : { ok: false, error: { code: 'badHexInput', ...CLI_PARSE_ERRORS.badHexInput }, rawHex: '' };
    } else {
      out = parsePayload(Buffer.from(line, 'utf8'));
    }
    process.stdout.write(JSON.stringify(out) + '\n');
  }
  return 0;
}
