// @ts-check
// Webcam fallback for a desk without a working scanner. Each video frame goes to a Web Worker
// (/camera/qr-worker.js) as an ImageBitmap; the worker decodes it with zxing-cpp (WebAssembly, served
// by the daemon, never from a CDN) and the fallbacks it lacks, the same ladder as
// `tiepnhan decode-image`, so this page's thread never stutters. The decoded bytes (the card's exact
// bytes) go to the daemon, which parses them like a scanner read (device camera@desk).
//
// What a receptionist expects of it: the camera chosen is remembered for this desk; a framing guide;
// the torch where the camera has one; "hold still / bring it closer" when a code is seen but not yet
// read; a beep on a read (the reception page's tone for a patient shown); and the camera is released
// as soon as the page is hidden (another tab, a locked screen), so no light stays on.

import { $, json, t } from './common.js';

/** @typedef {import('../daemon/src/api/contract.ts').ScanMessage} ScanMessage */
/** @typedef {{type: 'ready'} | {type: 'error', message: string} | ({type: 'result'} & ({ok: true, bytes: ArrayBuffer, pass: string, ms: number} | {ok: false, seen: boolean, seenFraction: number, ms: number}))} WorkerMessage */

const ZXING_URL = '/vendor/zxing-wasm/es/reader/index.js';
const WASM_URL = '/vendor/zxing-wasm/reader/zxing_reader.wasm';
/** Frames in a row with a code seen but not read before the hint shows (about half a second). */
const HINT_AFTER = 4;

/** @param {Uint8Array} bytes */
function base64(bytes) {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}

/** @param {string} desk */
const storageKey = (desk) => `tiepnhan.camera.${desk}`;

/** The camera this desk chose last time, if it is still plugged in. @param {string} desk @param {MediaDeviceInfo[]} cameras */
function rememberedCamera(desk, cameras) {
  const id = localStorage.getItem(storageKey(desk));
  return cameras.find((c) => c.deviceId === id)?.deviceId ?? null;
}

/** @param {string | null} deviceId */
function constraints(deviceId) {
  // 1280×720: a card's QR code at arm's length has 3–5 px per module; more pixels cost decode time.
  const size = { width: { ideal: 1280 }, height: { ideal: 720 } };
  return { video: deviceId ? { ...size, deviceId: { exact: deviceId } } : { ...size, facingMode: 'environment' } };
}

/** @param {{ desk: string, onResult: (m: ScanMessage) => void }} opts */
export function setupCamera(opts) {
  const box = $('camera');
  const status = $('camera-status');
  const hint = $('camera-hint');
  const guide = $('camera-guide');
  const video = /** @type {HTMLVideoElement} */ ($('camera-video'));
  const select = /** @type {HTMLSelectElement} */ ($('camera-device'));
  const torch = /** @type {HTMLButtonElement} */ ($('camera-torch'));
  /** @type {MediaStream | null} */
  let stream = null;
  /** @type {Worker | null} */
  let worker = null;
  let seenFrames = 0;
  /** Each open() counts up: one that a newer open() or a close() overtook while it waited stops there. */
  let generation = 0;

  const close = () => {
    generation++;
    stream?.getTracks().forEach((track) => track.stop());
    stream = null;
    worker?.terminate();
    worker = null;
    video.srcObject = null;
    box.hidden = true;
    delete box.dataset['camera'];
    torch.hidden = true;
  };

  /** @param {boolean} seen @param {number} fraction */
  const showHint = (seen, fraction) => {
    seenFrames = seen ? seenFrames + 1 : 0;
    guide.dataset['seen'] = String(seen);
    hint.hidden = seenFrames < HINT_AFTER;
    if (hint.hidden) return;
    hint.textContent =
      fraction < 0.2
        ? t({ vi: 'Đã thấy mã — đưa thẻ lại gần camera hơn.', en: 'Code seen — bring the card closer to the camera.' })
        : t({ vi: 'Đã thấy mã — giữ yên thẻ một chút.', en: 'Code seen — hold the card still for a moment.' });
  };

  /** @param {ArrayBuffer} bytes */
  const send = async (bytes) => {
    close();
    /** @type {{status: number, body: ScanMessage}} */
    const r = await json('/api/camera', { desk: opts.desk, bytesBase64: base64(new Uint8Array(bytes)) });
    opts.onResult(r.body);
  };

  /** One frame to the worker; the next one when it answers, so frames never queue up. */
  const nextFrame = async () => {
    if (!stream || !worker) return;
    if (video.readyState < 2 || video.videoWidth === 0) {
      setTimeout(() => void nextFrame(), 50);
      return;
    }
    const bitmap = await createImageBitmap(video);
    worker?.postMessage({ type: 'frame', bitmap }, [bitmap]);
  };

  /** @param {MessageEvent<WorkerMessage>} e */
  const onWorker = (e) => {
    const m = e.data;
    if (m.type === 'ready') void nextFrame();
    else if (m.type === 'error') status.textContent = `${t({ vi: 'Bộ giải mã QR lỗi', en: 'The QR decoder failed' })}: ${m.message}`;
    else if (m.ok) void send(m.bytes);
    else {
      showHint(m.seen, m.seenFraction);
      void nextFrame();
    }
  };

  const startWorker = () => {
    worker = new Worker('/camera/qr-worker.js', { type: 'module' });
    worker.onmessage = onWorker;
    worker.onerror = () => {
      status.textContent = t({ vi: 'Không tải được bộ giải mã QR.', en: 'The QR decoder did not load.' });
    };
    worker.postMessage({ type: 'init', zxingUrl: ZXING_URL, wasmUrl: WASM_URL });
  };

  /** Lists the cameras (names are only known once one is open) and shows the choice when there are several. */
  /** @param {number} mine the open() this listing belongs to: a listing a newer open() or close() overtook is dropped */
  const listCameras = async (mine) => {
    const cameras = (await navigator.mediaDevices.enumerateDevices()).filter((d) => d.kind === 'videoinput');
    if (mine !== generation) return;
    const current = stream?.getVideoTracks()[0]?.getSettings().deviceId ?? '';
    select.replaceChildren(
      ...cameras.map((c, i) => {
        const o = document.createElement('option');
        o.value = c.deviceId;
        o.textContent = c.label || `Camera ${i + 1}`;
        o.selected = c.deviceId === current;
        return o;
      }),
    );
    $('camera-choice').hidden = cameras.length < 2;
  };

  const setupTorch = () => {
    const track = stream?.getVideoTracks()[0];
    const caps = /** @type {MediaTrackCapabilities & {torch?: boolean}} */ (track?.getCapabilities?.() ?? {});
    torch.hidden = !caps.torch;
    torch.setAttribute('aria-pressed', 'false');
  };

  /** @param {string | null} deviceId */
  const open = async (deviceId) => {
    close();
    const mine = generation;
    box.hidden = false;
    seenFrames = 0;
    showHint(false, 1);
    status.textContent = t({ vi: 'Đưa mã QR trên thẻ vào khung hình.', en: "Hold the card's QR code up to the camera." });
    try {
      if (deviceId === null)
        deviceId = rememberedCamera(
          opts.desk,
          (await navigator.mediaDevices.enumerateDevices()).filter((d) => d.kind === 'videoinput'),
        );
      const opened = await navigator.mediaDevices.getUserMedia(constraints(deviceId));
      if (mine !== generation) return opened.getTracks().forEach((track) => track.stop());
      stream = opened;
      video.srcObject = stream;
      await video.play();
    } catch (err) {
      if (mine !== generation) return; // overtaken (the play() of a closed camera is interrupted)
      status.textContent = `${t({ vi: 'Không mở được camera', en: 'Cannot open the camera' })}: ${/** @type {Error} */ (err).message}`;
      return;
    }
    if (mine !== generation) return;
    setupTorch();
    await listCameras(mine);
    if (mine !== generation) return;
    startWorker();
    // The camera is ready (its list shown, its worker started): pages and tests can tell which one.
    box.dataset['camera'] = stream?.getVideoTracks()[0]?.getSettings().deviceId ?? '';
  };

  $('camera-btn').addEventListener('click', () => void open(null));
  $('camera-close').addEventListener('click', close);
  select.addEventListener('change', () => {
    localStorage.setItem(storageKey(opts.desk), select.value);
    void open(select.value);
  });
  torch.addEventListener('click', () => {
    const on = torch.getAttribute('aria-pressed') !== 'true';
    const track = stream?.getVideoTracks()[0];
    void track?.applyConstraints(/** @type {MediaTrackConstraints} */ (/** @type {unknown} */ ({ advanced: [{ torch: on }] }))).then(() => {
      torch.setAttribute('aria-pressed', String(on));
      torch.textContent = on ? t({ vi: 'Tắt đèn', en: 'Torch off' }) : t({ vi: 'Bật đèn', en: 'Torch on' });
    });
  });
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && !box.hidden) close();
  });
  // A hidden page (another tab, a locked screen) gives the camera back at once.
  document.addEventListener('visibilitychange', () => {
    if (document.hidden && stream) close();
  });
}
