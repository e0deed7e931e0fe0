// @ts-check
// Webcam fallback for a desk without a working scanner. zxing-js (@zxing/library, loaded as
// /vendor/zxing.min.js) decodes the card's QR from video frames with the same classes and hints as
// the server's decoder (daemon/src/camera/qr-decode.ts): HybridBinarizer + QRCodeReader. Its byte
// segments (the card's exact bytes) go to the daemon, which parses them like a scanner read
// (device camera@desk). The frame loop is ours, not BrowserQRCodeReader's: that one waits for a
// 'canplay' event a stream already playing never sends again, and captures at 640×480 by default.

import { $, json, t } from './common.js';

/** @typedef {import('../daemon/src/api/contract.ts').ScanMessage} ScanMessage */

/** @param {Uint8Array} bytes */
function base64(bytes) {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}

/** @param {{ desk: string, onResult: (m: ScanMessage) => void }} opts */
export function setupCamera(opts) {
  const box = $('camera');
  const status = $('camera-status');
  const video = /** @type {HTMLVideoElement} */ ($('camera-video'));
  /** @type {MediaStream | null} */
  let stream = null;
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer;

  const close = () => {
    clearTimeout(timer);
    stream?.getTracks().forEach((track) => track.stop());
    stream = null;
    video.srcObject = null;
    box.hidden = true;
  };

  /** @param {any} ZXing @param {any} result */
  const send = async (ZXing, result) => {
    /** @type {Uint8Array[] | undefined} */
    const segments = result.getResultMetadata()?.get(ZXing.ResultMetadataType.BYTE_SEGMENTS);
    const body = segments?.length
      ? { desk: opts.desk, bytesBase64: base64(Uint8Array.from(segments.flatMap((s) => [...s]))) }
      : { desk: opts.desk, text: result.getText() };
    /** @type {{status: number, body: ScanMessage}} */
    const r = await json('/api/camera', body);
    opts.onResult(r.body);
  };

  const open = async () => {
    const ZXing = /** @type {any} */ (window).ZXing;
    box.hidden = false;
    if (!ZXing) {
      status.textContent = t({ vi: 'Không tải được bộ giải mã QR.', en: 'The QR decoder did not load.' });
      return;
    }
    const hints = new Map(
      /** @type {Array<[unknown, unknown]>} */ ([
        [ZXing.DecodeHintType.POSSIBLE_FORMATS, [ZXing.BarcodeFormat.QR_CODE]],
        [ZXing.DecodeHintType.TRY_HARDER, true],
        [ZXing.DecodeHintType.CHARACTER_SET, 'UTF-8'],
      ]),
    );
    status.textContent = t({ vi: 'Đưa mã QR trên thẻ vào khung hình.', en: "Hold the card's QR code up to the camera." });
    try {
      // HD: a card's QR code is dense, and 640×480 loses it as soon as the card is tilted.
      stream = await navigator.mediaDevices.getUserMedia({ video: { width: { ideal: 1920 }, height: { ideal: 1080 }, facingMode: 'environment' } });
    } catch (err) {
      status.textContent = `${t({ vi: 'Không mở được camera', en: 'Cannot open the camera' })}: ${/** @type {Error} */ (err).message}`;
      return;
    }
    video.srcObject = stream;
    await video.play();
    const canvas = document.createElement('canvas');
    const ctx = /** @type {CanvasRenderingContext2D} */ (canvas.getContext('2d', { willReadFrequently: true }));
    const reader = new ZXing.QRCodeReader();
    const frame = () => {
      if (!stream) return;
      if (video.videoWidth > 0) {
        canvas.width = video.videoWidth;
        canvas.height = video.videoHeight;
        ctx.drawImage(video, 0, 0);
        try {
          const bitmap = new ZXing.BinaryBitmap(new ZXing.HybridBinarizer(new ZXing.HTMLCanvasElementLuminanceSource(canvas)));
          const result = reader.decode(bitmap, hints);
          close();
          void send(ZXing, result);
          return;
        } catch {
          /* no readable code in this frame: try the next one */
        }
      }
      timer = setTimeout(frame, 120);
    };
    frame();
  };

  $('camera-btn').addEventListener('click', () => void open());
  $('camera-close').addEventListener('click', close);
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && !box.hidden) close();
  });
}
