// `tiepnhan decode-image <file>…`: a technician checks photos of cards with the webcam's own decoder.
// One JSON line per file, in the order given ({"file","ok","text"}, with "error" when nothing was
// read); exit 1 if any file failed, 2 (with a bilingual message) when no file was named. Card photos
// are drawn by the simulator (simulators/src/camera/card-photo.ts) and decoded in-process.

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { runDecodeImage } from '../../../../daemon/src/cli/decode-image.ts';
import { cardPhoto, toPng } from '../../../../simulators/src/camera/card-photo.ts';
import { captureOutput } from '../../../helpers/capture-output.ts';

const AN = '001089012345|013456789|Nguyễn Văn An|15031989|Nam|Phường Thụy Khuê, Quận Tây Hồ, Hà Nội|20042021';

async function decode(args: string[]): Promise<{ code: number; lines: Array<Record<string, unknown>>; stderr: string }> {
  const out = captureOutput();
  try {
    const code = await runDecodeImage(args);
    return {
      code,
      lines: out.stdout
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, unknown>),
      stderr: out.stderr,
    };
  } finally {
    out.restore();
  }
}

t.test('no file named: exit 2 with a message in both languages', async (t) => {
  t.same(await decode([]), { code: 2, lines: [], stderr: 'tiepnhan decode-image: cần ít nhất một tệp ảnh / at least one image file is needed\n' });
  t.equal((await decode(['--'])).code, 2, 'a lone -- names no file');
});

t.test('one line per file, in order; the card’s text intact; exit 1 when any file failed', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'tiepnhan-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const card = join(dir, 'an.png');
  await writeFile(card, toPng(cardPhoto(AN, { width: 640, height: 360 })));
  const notes = join(dir, 'notes.txt');
  await writeFile(notes, 'không phải ảnh');
  const missing = join(dir, 'missing.png');

  const r = await decode(['--', card, notes, missing]);
  t.equal(r.code, 1);
  t.equal(r.stderr, '');
  t.same(r.lines[0], { file: card, ok: true, text: AN }, 'the Vietnamese text arrives intact');
  t.same(r.lines[1], { file: notes, ok: false, text: null, error: 'not a PNG or JPEG image' });
  t.match(r.lines[2], { file: missing, ok: false, text: null, error: /ENOENT/ });
  t.equal(r.lines.length, 3);

  t.same(await decode([card]), { code: 0, lines: [{ file: card, ok: true, text: AN }], stderr: '' }, 'exit 0 when every file was read');
});
