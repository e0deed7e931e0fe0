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

/** The camera panel of one page: its elements, the open stream and worker, and what they do. */
class CameraPanel {
  /** @param {{ desk: string, onResult: (m: ScanMessage) => void }} opts */
  constructor(opts) {
    this.opts = opts;
    this.box = $('camera');
    this.status = $('camera-status');
    this.hint = $('camera-hint');
    this.guide = $('camera-guide');
    this.video = /** @type {HTMLVideoElement} */ ($('camera-video'));
    this.select = /** @type {HTMLSelectElement} */ ($('camera-device'));
    this.torch = /** @type {HTMLButtonElement} */ ($('camera-torch'));
    /** @type {MediaStream | null} */
    this.stream = null;
    /** @type {Worker | null} */
    this.worker = null;
    this.seenFrames = 0;
    /** Each open() counts up: one that a newer open() or a close() overtook while it waited stops there. */
    this.generation = 0;
  }

  close() {
    this.generation++;
    this.stream?.getTracks().forEach((track) => track.stop());
    this.stream = null;
    this.worker?.terminate();
    this.worker = null;
    this.video.srcObject = null;
    this.box.hidden = true;
    delete this.box.dataset['camera'];
    this.torch.hidden = true;
  }

  /** @param {boolean} seen @param {number} fraction */
  showHint(seen, fraction) {
    this.seenFrames = seen ? this.seenFrames + 1 : 0;
    this.guide.dataset['seen'] = String(seen);
    this.hint.hidden = this.seenFrames < HINT_AFTER;
    if (this.hint.hidden) return;
    this.hint.textContent =
      fraction < 0.2
        ? t({ vi: 'Đã thấy mã — đưa thẻ lại gần camera hơn.', en: 'Code seen — bring the card closer to the camera.' })
        : t({ vi: 'Đã thấy mã — giữ yên thẻ một chút.', en: 'Code seen — hold the card still for a moment.' });
  }

  /** @param {ArrayBuffer} bytes */
  async send(bytes) {
    this.close();
    /** @type {{status: number, body: ScanMessage}} */
    const r = await json('/api/camera', { desk: this.opts.desk, bytesBase64: base64(new Uint8Array(bytes)) });
    this.opts.onResult(r.body);
  }

  /** One frame to the worker; the next one when it answers, so frames never queue up. */
  async nextFrame() {
    if (!this.stream || !this.worker) return;
    if (this.video.readyState < 2 || this.video.videoWidth === 0) {
      setTimeout(() => void this.nextFrame(), 50);
      return;
    }
    const bitmap = await createImageBitmap(this.video);
    this.worker?.postMessage({ type: 'frame', bitmap }, [bitmap]);
  }

  /** @param {MessageEvent<WorkerMessage>} e */
  onWorker(e) {
    const m = e.data;
    if (m.type === 'ready') void this.nextFrame();
    else if (m.type === 'error') this.status.textContent = `${t({ vi: 'Bộ giải mã QR lỗi', en: 'The QR decoder failed' })}: ${m.message}`;
    else if (m.ok) void this.send(m.bytes);
    else {
      this.showHint(m.seen, m.seenFraction);
      void this.nextFrame();
    }
  }

  startWorker() {
    const worker = new Worker('/camera/qr-worker.js', { type: 'module' });
    this.worker = worker;
    worker.onmessage = (e) => this.onWorker(e);
    worker.onerror = () => {
      this.status.textContent = t({ vi: 'Không tải được bộ giải mã QR.', en: 'The QR decoder did not load.' });
    };
    worker.postMessage({ type: 'init', zxingUrl: ZXING_URL, wasmUrl: WASM_URL });
  }

  /** Lists the cameras (names are only known once one is open) and shows the choice when there are several. */
  /** @param {number} mine the open() this listing belongs to: a listing a newer open() or close() overtook is dropped */
  async listCameras(mine) {
    const cameras = (await navigator.mediaDevices.enumerateDevices()).filter((d) => d.kind === 'videoinput');
    if (mine !== this.generation) return;
    const current = this.stream?.getVideoTracks()[0]?.getSettings().deviceId ?? '';
    this.select.replaceChildren(
      ...cameras.map((c, i) => {
        const o = document.createElement('option');
        o.value = c.deviceId;
        o.textContent = c.label || `Camera ${i + 1}`;
        o.selected = c.deviceId === current;
        return o;
      }),
    );
    $('camera-choice').hidden = cameras.length < 2;
  }

  setupTorch() {
    const track = this.stream?.getVideoTracks()[0];
    const caps = /** @type {MediaTrackCapabilities & {torch?: boolean}} */ (track?.getCapabilities?.() ?? {});
    this.torch.hidden = !caps.torch;
    this.torch.setAttribute('aria-pressed', 'false');
  }

  /** Opens the camera (the desk's remembered one when `deviceId` is null); false when overtaken or failed.
   *  @param {string | null} deviceId @param {number} mine */
  async openStream(deviceId, mine) {
    try {
      const id =
        deviceId ??
        rememberedCamera(
          this.opts.desk,
          (await navigator.mediaDevices.enumerateDevices()).filter((d) => d.kind === 'videoinput'),
        );
      const opened = await navigator.mediaDevices.getUserMedia(constraints(id));
      if (mine !== this.generation) {
        opened.getTracks().forEach((track) => track.stop());
        return false;
      }
      this.stream = opened;
      this.video.srcObject = opened;
      await this.video.play();
      return mine === this.generation;
    } catch (err) {
      if (mine !== this.generation) return false; // overtaken (the play() of a closed camera is interrupted)
      this.status.textContent = `${t({ vi: 'Không mở được camera', en: 'Cannot open the camera' })}: ${/** @type {Error} */ (err).message}`;
      return false;
    }
  }

  /** @param {string | null} deviceId */
  async open(deviceId) {
    this.close();
    const mine = this.generation;
    this.box.hidden = false;
    this.seenFrames = 0;
    this.showHint(false, 1);
    this.status.textContent = t({ vi: 'Đưa mã QR trên thẻ vào khung hình.', en: "Hold the card's QR code up to the camera." });
    if (!(await this.openStream(deviceId, mine))) return;
    this.setupTorch();
    await this.listCameras(mine);
    if (mine !== this.generation) return;
    this.startWorker();
    // The camera is ready (its list shown, its worker started): pages and tests can tell which one.
    this.box.dataset['camera'] = this.stream?.getVideoTracks()[0]?.getSettings().deviceId ?? '';
  }

  toggleTorch() {
    const on = this.torch.getAttribute('aria-pressed') !== 'true';
    const track = this.stream?.getVideoTracks()[0];
    void track?.applyConstraints(/** @type {MediaTrackConstraints} */ (/** @type {unknown} */ ({ advanced: [{ torch: on }] }))).then(() => {
      this.torch.setAttribute('aria-pressed', String(on));
      this.torch.textContent = on ? t({ vi: 'Tắt đèn', en: 'Torch off' }) : t({ vi: 'Bật đèn', en: 'Torch on' });
    });
  }

  bind() {
    $('camera-btn').addEventListener('click', () => void this.open(null));
    $('camera-close').addEventListener('click', () => this.close());
    this.select.addEventListener('change', () => {
      localStorage.setItem(storageKey(this.opts.desk), this.select.value);
      void this.open(this.select.value);
    });
    this.torch.addEventListener('click', () => this.toggleTorch());
    document.addEventListener('keydown', (e) => {
      if (e.key === 'Escape' && !this.box.hidden) this.close();
    });
    // A hidden page (another tab, a locked screen) gives the camera back at once.
    document.addEventListener('visibilitychange', () => {
      if (document.hidden && this.stream) this.close();
    });
  }
}

/** @param {{ desk: string, onResult: (m: ScanMessage) => void }} opts */
export function setupCamera(opts) {
  new CameraPanel(opts).bind();
}
