// The camera decoder's test photographs (simulators/src/camera/photo-sets.ts): three fixed sets of
// webcam photos of fictitious cards, easier, harder and hardest, that the decoder's integration test
// and the bench score every decoder on. If the sets changed from run to run, or "hardest" were not
// harder than "easier", a decoder change could look better or worse than it is at a reception desk.

import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import t from 'tap';
import { parsePayload } from '../../../../daemon/src/parse/card-payload.ts';
import { HELD_CARD, PHOTO_CARDS, photoFile, photoSets, type Photo, type PhotoSetName } from '../../../../simulators/src/camera/photo-sets.ts';

const sets = photoSets();
const FAULTS = ['small', 'defocus', 'motion', 'tilt', 'glare', 'dim', 'shadow', 'screen'];
const faultsOf = (p: Photo): string[] => p.name.split('-').slice(2).join('-').split('+');
const all = (Object.keys(sets) as PhotoSetName[]).flatMap((s) => sets[s]);

t.test('the same photos on every run', async (t) => {
  t.same(photoSets(), sets);
});

t.test('24 easier, 32 harder and 40 hardest photos, each named after its set, number and faults', async (t) => {
  t.same(Object.fromEntries(Object.entries(sets).map(([k, v]) => [k, v.length])), { easier: 24, harder: 32, hardest: 40 });
  t.equal(new Set(all.map((p) => p.name)).size, all.length, 'no name twice');
  for (const name of ['easier', 'harder', 'hardest'] as const) {
    const wrong = sets[name].filter((p, i) => p.set !== name || !p.name.startsWith(`${name}-${String(i + 1).padStart(2, '0')}-`));
    t.same(wrong, [], `${name}: set and number in the name`);
  }
});

t.test('faults: one at a time in "easier", two different ones otherwise; each fault leads in turn', async (t) => {
  const per: Record<PhotoSetName, number> = { easier: 1, harder: 2, hardest: 2 };
  for (const name of ['easier', 'harder', 'hardest'] as const) {
    const wrong = sets[name].flatMap((p, i) => {
      const f = faultsOf(p);
      const out: string[] = [];
      if (f.length !== per[name]) out.push(`${p.name}: ${f.length} faults`);
      if (new Set(f).size !== f.length) out.push(`${p.name}: a fault twice`);
      if (f[0] !== FAULTS[i % FAULTS.length]) out.push(`${p.name}: leads with ${f[0]}`);
      if (f.some((x) => !FAULTS.includes(x))) out.push(`${p.name}: unknown fault`);
      return out;
    });
    t.same(wrong, [], name);
  }
});

t.test('PNG for "easier"; webcam JPEG at quality 45–70 for "harder" and 25–45 for "hardest"', async (t) => {
  t.ok(
    sets.easier.every((p) => p.quality === null),
    'easier: PNG',
  );
  const inRange = (name: PhotoSetName, lo: number, hi: number): boolean =>
    sets[name].every((p) => p.quality !== null && Number.isInteger(p.quality) && p.quality >= lo && p.quality <= hi);
  t.ok(inRange('harder', 45, 70), 'harder');
  t.ok(inRange('hardest', 25, 45), 'hardest');
});

t.test('each fault is stronger in "hardest" than in "easier"', async (t) => {
  /** The option a fault sets, in the photos where that fault leads. */
  const measure = (name: PhotoSetName, fault: string, pick: (p: Photo) => number): number[] => sets[name].filter((p) => faultsOf(p)[0] === fault).map(pick);
  const cases: Array<[string, (p: Photo) => number, 'higher' | 'lower']> = [
    ['small', (p) => p.options.qrSize!, 'lower'],
    ['defocus', (p) => p.options.blur!, 'higher'],
    ['motion', (p) => p.options.motion!, 'higher'],
    ['tilt', (p) => p.options.tilt!, 'higher'],
    ['glare', (p) => p.options.glare!.strength, 'higher'],
    ['shadow', (p) => p.options.shadow!, 'higher'],
  ];
  for (const [fault, pick, way] of cases) {
    const easier = measure('easier', fault, pick);
    const hardest = measure('hardest', fault, pick);
    t.ok(easier.length > 0 && hardest.length > 0, `${fault} leads in both sets`);
    const ok = way === 'higher' ? Math.min(...hardest) > Math.max(...easier) : Math.max(...hardest) < Math.min(...easier);
    t.ok(ok, `${fault}: every hardest ${way} than every easier (${hardest.join(', ')} vs ${easier.join(', ')})`);
  }
  t.ok(
    measure('hardest', 'defocus', (p) => p.options.blur!).every((b) => b > 3),
    'hardest defocus is past 3 px',
  );
  t.ok(
    measure('hardest', 'glare', (p) => p.options.glare!.strength).every((s) => s > 200),
    'hardest glare saturates the laminate (above ~200)',
  );
  // Only where dim is the one fault: combined with shadow or screen drawn after it, the later fault's
  // light replaces dim's, which is not checked here.
  t.ok(
    measure('easier', 'dim', (p) => p.options.light!).every((l) => l < 0.25),
    'a dim photo is dimmer than a dim corner (0.25)',
  );
});

t.test('every photo: some grain, its own noise seed, the code off-centre within the frame', async (t) => {
  const wrong = (Object.keys(sets) as PhotoSetName[]).flatMap((name) =>
    sets[name].filter((p, i) => {
      const [dx, dy] = p.options.offset ?? [NaN, NaN];
      return !((p.options.noise ?? 0) >= 3 && p.options.seed === i + 1 && Math.abs(dx) <= 200 && Math.abs(dy) <= 90);
    }),
  );
  t.same(
    wrong.map((p) => p.name),
    [],
  );
});

t.test("the cards: fictitious, valid for the daemon's parser, in both layouts, each in every set", async (t) => {
  const kinds = PHOTO_CARDS.map((c) => {
    const r = parsePayload(Buffer.from(c, 'utf8'), { today: '2026-06-01' });
    return r.ok ? r.kind : `refused: ${r.error.code}`;
  });
  t.same(kinds, ['cccd2021', 'cccd2024', 'cccd2021', 'cccd2024']);
  t.ok(PHOTO_CARDS.some((c) => c.includes('HUỲNH')) && PHOTO_CARDS.some((c) => c.includes('Nguyễn')), 'names whose diacritics a guessed charset breaks');
  for (const name of ['easier', 'harder', 'hardest'] as const) {
    t.ok(
      sets[name].every((p, i) => p.card === PHOTO_CARDS[i % PHOTO_CARDS.length]),
      `${name}: the cards in turn`,
    );
  }
  t.ok((PHOTO_CARDS as readonly string[]).includes(HELD_CARD.card), 'the card held to the browser’s fake camera is one of them');
});

t.test('the file: PNG or JPEG at its quality, the same bytes every time', async (t) => {
  // A small frame of the first photo of each kind, so the test stays quick; the encoding is what is checked.
  const small = (p: Photo, quality = p.quality): Photo => ({ ...p, quality, options: { ...p.options, width: 160, height: 120, qrSize: 100, offset: [0, 0] } });
  const png = photoFile(small(sets.easier[0]!));
  t.same([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'the PNG signature');
  t.match(PNG.sync.read(png), { width: 160, height: 120 });
  t.ok(photoFile(small(sets.easier[0]!)).equals(png), 'the same PNG twice');
  const photo = sets.hardest[0]!;
  const jpg = photoFile(small(photo));
  t.same([...jpg.subarray(0, 3)], [0xff, 0xd8, 0xff], 'a JPEG');
  t.match(jpeg.decode(jpg), { width: 160, height: 120 });
  t.ok(photoFile(small(photo)).equals(jpg), 'the same JPEG twice');
  t.ok(photoFile(small(photo, 90)).length > jpg.length, `quality ${photo.quality} is heavier compression than 90`);
});
