// The webcam fallback in real headless Chromium, its fake camera playing a Y4M picture of a card:
// zxing-cpp (WebAssembly) in a Web Worker reads the card through the fallbacks it lacks, the page
// shows the patient, and nothing is fetched from anywhere but the daemon. Also what a receptionist
// sees around it: the framing guide, the hint when a code is seen but not read, the camera chosen
// for this desk remembered, and the camera released when the page is hidden.

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page, Request } from 'playwright-core';
import t, { type Test } from 'tap';
import { decodeGray } from '../../daemon/src/camera/qr-decode.ts';
import { cardPhoto, toY4m, type PhotoOptions } from '../../simulators/src/camera/card-photo.ts';
import { HELD_CARD } from '../../simulators/src/camera/photo-sets.ts';
import { ARTIFACTS, browserRequirement, fakeCameraArgs, launch, watchErrors } from '../helpers/browser.ts';
import { startTestDaemon, type TestDaemon } from '../helpers/daemon.ts';

const HUONG = '038196007654|173456789|Lê Thị Hường|30041996|Nữ|Thôn Đông Hải, Xã Quảng Hải, Huyện Quảng Xương, Thanh Hóa|12092024||||';
const TRAM = HELD_CARD.card;
const needs = browserRequirement;

const HARD_VIEW = HELD_CARD.options;

async function desk7(t: Test): Promise<TestDaemon> {
  // desk-7 is a desk of the facility: webcam reads are taken only for configured desks.
  return startTestDaemon(t, {
    config: { facility: { stations: [{ id: 'main', desks: ['desk-1', 'desk-7'] }] }, simulators: { scanners: [], gateway: { latencyMs: 0 } } },
  });
}

/** Chromium with its fake camera playing this photo of the card (or, without one, two fake cameras showing a test pattern). */
async function cameraPage(t: Test, shot: { photo: PhotoOptions; card: string } | null): Promise<{ page: Page; requests: Request[]; errors: string[] }> {
  let args = ['--use-fake-device-for-media-stream=device-count=2', '--use-fake-ui-for-media-stream'];
  if (shot) {
    const dir = await mkdtemp(join(tmpdir(), 'tiepnhan-cam-'));
    t.teardown(() => rm(dir, { recursive: true, force: true }));
    const video = join(dir, 'card.y4m');
    await writeFile(video, toY4m(cardPhoto(shot.card, shot.photo)));
    args = fakeCameraArgs(video);
  }
  const browser = await launch(args);
  t.teardown(() => browser.close());
  const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  const requests: Request[] = [];
  page.on('request', (r) => requests.push(r));
  // Requests a worker makes (the .wasm, its modules) reach the context, not always the page.
  page.context().on('request', (r) => requests.includes(r) || requests.push(r));
  return { page, requests, errors: watchErrors(page) };
}

t.test('a tilted, blurred, glared card: read in the worker, exact bytes, the patient shown, nothing fetched from outside', needs(), async (t) => {
  const alone = cardPhoto(TRAM, HARD_VIEW);
  const zxingOnly = await decodeGray({ width: alone.width, height: alone.height, data: Uint8Array.from(alone.gray) }, 0);
  t.equal(zxingOnly.ok, false, 'zxing-cpp alone (no fallback budget) does not read this picture');
  const d = await desk7(t);
  const { page, requests, errors } = await cameraPage(t, { photo: HARD_VIEW, card: TRAM });
  await page.goto(`${d.url}/?desk=desk-7`);
  await page.waitForSelector('#conn[data-state="online"]');
  t.ok(await page.isHidden('#camera'), 'no camera until asked for');
  await page.click('#camera-btn');
  t.ok(await page.isVisible('#camera-guide'), 'a framing guide over the picture');
  // Read, however long a loaded CI machine takes: the 3 s target (from the click, the worker
  // compiling the .wasm first) is the bench's to measure (`npm run bench -- camera`), not a test's.
  const clicked = Date.now();
  await page.waitForFunction(() => document.querySelector('#p-name')?.textContent === 'HUỲNH THỊ NGỌC TRÂM', null, { timeout: 30_000 });
  t.comment(`read ${Date.now() - clicked} ms after the click`);
  t.equal(await page.getAttribute('#patient', 'data-source'), 'camera');
  t.equal(await page.getAttribute('body', 'data-sound'), 'success', 'the success beep');
  t.ok(await page.isHidden('#camera'), 'the camera closes after a read');

  const posted = requests.find((r) => r.url().endsWith('/api/camera'));
  const body = JSON.parse(posted?.postData() ?? '{}') as { bytesBase64?: string };
  t.same(Buffer.from(body.bytesBase64 ?? '', 'base64'), Buffer.from(TRAM, 'utf8'), 'the page sent the card’s exact bytes');
  const origin = new URL(d.url).origin;
  const outside = requests.map((r) => r.url()).filter((u) => !u.startsWith(`${origin}/`) && !u.startsWith('blob:') && !u.startsWith('data:'));
  t.same(outside, [], 'every request went to the daemon');
  t.ok(
    requests.some((r) => r.url() === `${origin}/vendor/zxing-wasm/reader/zxing_reader.wasm`),
    'the .wasm came from the daemon',
  );
  await page.screenshot({ path: join(ARTIFACTS, 'reception-camera.png') });
  t.same(errors, []);
});

t.test('a code seen but washed out by glare: the guide turns amber and the hint asks to hold still', needs(), async (t) => {
  const d = await desk7(t);
  // The lamp saturates the middle of the code: zxing-cpp finds its finder patterns, nothing decodes it.
  const { page, errors } = await cameraPage(t, { photo: { glare: { u: 0.5, v: 0.5, radius: 0.3, strength: 320 } }, card: HUONG });
  await page.goto(`${d.url}/?desk=desk-7`);
  await page.waitForSelector('#conn[data-state="online"]');
  await page.click('#camera-btn');
  await page.waitForSelector('#camera-hint:not([hidden])', { timeout: 20_000 });
  t.match(await page.textContent('#camera-hint'), /Đã thấy mã — giữ yên thẻ/, 'a hint in Vietnamese: the code fills enough of the frame, so hold still');
  t.equal(await page.getAttribute('#camera-guide', 'data-seen'), 'true');
  t.equal(await page.textContent('#p-name'), '', 'no patient from an unreadable picture');
  await page.screenshot({ path: join(ARTIFACTS, 'reception-camera-hint.png') });
  t.same(errors, []);
});

t.test('the camera chosen is remembered for the desk; a hidden page releases the camera', needs(), async (t) => {
  const d = await desk7(t);
  // Two fake cameras (Chromium's test pattern, no code in it), so there is a choice to remember.
  const { page, errors } = await cameraPage(t, null);
  await page.goto(`${d.url}/?desk=desk-7`);
  await page.waitForSelector('#conn[data-state="online"]');
  await page.click('#camera-btn');
  await page.waitForSelector('#camera-choice:not([hidden])');
  const options = await page.$$eval('#camera-device option', (os) => os.map((o) => (o as HTMLOptionElement).value));
  t.equal(options.length, 2, 'both cameras offered');
  await page.selectOption('#camera-device', options[1]!);
  await page.waitForFunction(
    (id) =>
      (document.querySelector('#camera-video') as HTMLVideoElement).srcObject !== null &&
      (document.querySelector('#camera-device') as HTMLSelectElement).value === id,
    options[1],
  );
  await page.click('#camera-close');
  await page.click('#camera-btn');
  await page.waitForSelector('#camera[data-camera]');
  t.equal(await page.getAttribute('#camera', 'data-camera'), options[1], 'the stream is the camera chosen for this desk');
  t.equal(await page.inputValue('#camera-device'), options[1], 'opened again on the camera chosen for this desk');
  t.equal(await page.evaluate(() => localStorage.getItem('tiepnhan.camera.desk-7')), options[1], 'kept per desk');

  // As Chromium does when the tab goes to the background (a string: tsx would name the getter).
  const released = await page.evaluate(`(() => {
    const stream = document.querySelector('#camera-video').srcObject;
    Object.defineProperty(document, 'hidden', { configurable: true, value: true });
    document.dispatchEvent(new Event('visibilitychange'));
    return stream.getTracks().every((track) => track.readyState === 'ended');
  })()`);
  t.ok(released, 'hiding the page stops the camera');
  t.ok(await page.isHidden('#camera'));
  t.ok(await page.isHidden('#camera-torch'), 'no torch button: the fake camera has no torch');
  t.same(errors, []);
});
