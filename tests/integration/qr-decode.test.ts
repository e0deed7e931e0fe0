// The camera decoder without a camera, on the project's own degraded photo sets (simulators/src/
// camera/photo-sets.ts: small, out of focus, moved, tilted, glared, dim, shadowed, on a phone screen,
// heavy JPEG): every photo read gives the card's exact bytes; the ladder reads every photo that plain
// zxing-cpp or zbar reads, and more on the hardest set. Here the fallbacks get all the time they
// want: what fits in a frame's budget is the bench's question (`npm run bench -- camera`).
// Also `tiepnhan decode-image` on PNG and JPEG files.

import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import t, { type Test } from 'tap';
import { decodeGray, decodeImage, localReadBarcodes } from '../../daemon/src/camera/qr-decode.ts';
import { zxingOptions } from '../../daemon/src/camera/zxing-reader.ts';
import { parsePayload } from '../../daemon/src/parse/index.ts';
import { cardPhoto, toJpeg, toPng } from '../../simulators/src/camera/card-photo.ts';
import { photoFile, photoSets, type Photo } from '../../simulators/src/camera/photo-sets.ts';
import { runCli } from '../helpers/cli.ts';
import { requirement } from '../helpers/requirement.ts';

const CARDS = {
  an2021: '001089012345|013456789|Nguyễn Văn An|15031989|Nam|Số 12 phố Hoàng Hoa Thám, Phường Thụy Khuê, Quận Tây Hồ, Hà Nội|20042021',
  huong2024: '038196007654|173456789|Lê Thị Hường|30041996|Nữ|Thôn Đông Hải, Xã Quảng Hải, Huyện Quảng Xương, Thanh Hóa|12092024||||',
};
const ZBAR = ['/usr/bin/zbarimg', '/usr/local/bin/zbarimg'].find((p) => existsSync(p));

async function zbarReads(file: string, card: string): Promise<boolean> {
  try {
    const { stdout } = await promisify(execFile)(ZBAR!, ['--nodbus', '--raw', '-q', '-Sbinary', file], { encoding: 'buffer' });
    return stdout.equals(Buffer.from(card, 'utf8'));
  } catch {
    return false; // zbarimg exits 4 when it finds nothing
  }
}

interface Counts {
  zbar: number;
  zxing: number;
  tiepnhan: number;
}

async function measure(t: Test, dir: string, photos: Photo[]): Promise<Counts> {
  const readBarcodes = await localReadBarcodes();
  const counts: Counts = { zbar: 0, zxing: 0, tiepnhan: 0 };
  for (const p of photos) {
    const file = join(dir, `${p.name}.${p.quality === null ? 'png' : 'jpg'}`);
    const bytes = photoFile(p);
    await writeFile(file, bytes);
    const plain = await readBarcodes(new Uint8Array(bytes) as never, zxingOptions('LocalAverage', false));
    const zxing = plain.some((r) => r.isValid && Buffer.from(r.bytes).equals(Buffer.from(p.card)));
    const ours = await decodeImage(bytes, 10_000);
    if (ours.ok) t.same(ours.bytes, Buffer.from(p.card, 'utf8'), `${p.name}: the card's exact bytes`);
    if (zxing && !ours.ok) t.fail(`${p.name}: zxing-cpp reads it, tiepnhan does not`);
    const zbar = await zbarReads(file, p.card);
    if (zbar && !ours.ok) t.fail(`${p.name}: zbar reads it, tiepnhan does not`);
    counts.zbar += Number(zbar);
    counts.zxing += Number(zxing);
    counts.tiepnhan += Number(ours.ok);
  }
  return counts;
}

const zbarNeeded = (): { skip: string | false } =>
  requirement(
    ZBAR !== undefined,
    'zbarimg is required under CI=true (apt-get install -y zbar-tools)',
    'zbarimg is not installed, so the photo sets were not compared with zbar (apt-get install -y zbar-tools)',
  );

t.test('the photo sets: exact bytes, never fewer reads than zxing-cpp or zbar, more on the hardest', { ...zbarNeeded(), timeout: 300_000 }, async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'tiepnhan-photos-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const sets = photoSets();
  for (const [name, photos] of Object.entries(sets)) {
    const c = await measure(t, dir, photos);
    t.comment(`${name}: zbar ${c.zbar}, zxing-cpp ${c.zxing}, tiepnhan ${c.tiepnhan} of ${photos.length}`);
    t.ok(c.tiepnhan >= c.zxing && c.tiepnhan >= c.zbar, `${name}: at least as many as each`);
    if (name === 'hardest') t.ok(c.tiepnhan > c.zxing && c.tiepnhan > c.zbar, 'hardest: strictly more than each');
    if (name === 'easier') t.equal(c.tiepnhan, photos.length, 'easier: every photo');
  }
});

t.test('every read parses: the Vietnamese text intact, the right patient', async (t) => {
  for (const [card, payload] of Object.entries(CARDS)) {
    const img = cardPhoto(payload, { rotateDeg: 20, tilt: 0.3, blur: 2, noise: 4 });
    const r = await decodeGray({ width: img.width, height: img.height, data: Uint8Array.from(img.gray) });
    if (!t.ok(r.ok, `${card}: decoded`) || !r.ok) continue;
    t.equal(r.text, payload, `${card}: the text is the payload`);
    t.match(parsePayload(r.bytes), { ok: true, id: payload.slice(0, 12) }, `${card}: parses`);
  }
});

t.test('a photo that cannot be read is a clear failure, not a wrong patient', async (t) => {
  const blurred = cardPhoto(CARDS.an2021, { blur: 12 });
  t.match(await decodeGray({ width: 1280, height: 720, data: Uint8Array.from(blurred.gray) }, 10_000), { ok: false, seen: false });
  const washedOut = cardPhoto(CARDS.an2021, { glare: { u: 0.5, v: 0.5, radius: 0.3, strength: 320 } });
  t.match(
    await decodeGray({ width: 1280, height: 720, data: Uint8Array.from(washedOut.gray) }, 10_000),
    { ok: false, seen: true, error: 'QR code seen but not readable' },
    'glare: seen, not read',
  );
  const desk = new Uint8Array(1280 * 720).fill(150);
  t.match(await decodeGray({ width: 1280, height: 720, data: desk }), { ok: false, seen: false, error: 'no QR code found' }, 'an empty desk');
});

t.test('tiepnhan decode-image prints one JSON line per file', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'tiepnhan-qr-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const png = join(dir, 'an.png');
  await writeFile(png, toPng(cardPhoto(CARDS.an2021, { rotateDeg: 10, blur: 1 })));
  const jpg = join(dir, 'huong.jpg');
  await writeFile(jpg, toJpeg(cardPhoto(CARDS.huong2024, { rotateDeg: -8 }), 90));
  const junk = join(dir, 'notes.txt');
  await writeFile(junk, 'not an image');

  const r = await runCli(['decode-image', png, jpg, junk, join(dir, 'missing.png')]);
  t.equal(r.code, 1, 'exit 1 when any file could not be decoded');
  const lines = r.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { file: string; ok: boolean; text: string | null; error?: string });
  t.same(
    lines.map((l) => [l.file, l.ok]),
    [
      [png, true],
      [jpg, true],
      [junk, false],
      [join(dir, 'missing.png'), false],
    ],
  );
  t.equal(lines[0]!.text, CARDS.an2021, 'PNG: the Vietnamese text arrives intact');
  t.equal(lines[1]!.text, CARDS.huong2024, 'JPEG (quality 90) decodes too');
  t.match(lines[2], { text: null, error: 'not a PNG or JPEG image' });
  t.match(lines[3], { error: 'ENOENT' });
  t.equal((await runCli(['decode-image', png])).code, 0);
});
