// @ts-check
// Short tones the receptionist hears without looking: one high beep for a patient shown, two low
// beeps for an error. The last tone is also written on <body data-sound> (tests, and screen readers).
//
// Chrome's autoplay rule keeps an AudioContext suspended until the page has had a user gesture, so a
// scan arriving before anyone clicked the page would beep into nothing. The context is created and
// resumed on the first gesture (pointer, key, touch) and whenever the page gets focus; while the
// browser still holds it suspended, a visible notice asks for one click. <body data-audio> carries
// the context's state.

/** @type {AudioContext | null} */
let ctx = null;

function notice() {
  return document.getElementById('sound-notice');
}

function showState() {
  const state = ctx?.state ?? 'suspended';
  document.body.dataset['audio'] = state;
  const n = notice();
  if (n) n.hidden = state === 'running';
}

/** The context, resumed if the browser allows it now (it does during a gesture, and after one). */
function unlock() {
  try {
    ctx ??= new AudioContext();
    ctx.onstatechange = showState;
    if (ctx.state === 'suspended') void ctx.resume().then(showState, showState);
  } catch {
    /* no audio device: the visual state is enough */
  }
  showState();
}

/** Called once by the page: unlock on the first gesture and on focus; the notice unlocks on click. */
export function setupSound() {
  for (const type of ['pointerdown', 'keydown', 'touchstart']) document.addEventListener(type, unlock, { capture: true, passive: true });
  window.addEventListener('focus', unlock);
  unlock();
}

/** @param {number[]} freqs @param {number} ms */
function tones(freqs, ms) {
  if (!ctx) return;
  if (ctx.state !== 'running') unlock();
  let at = ctx.currentTime;
  for (const f of freqs) {
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    osc.frequency.value = f;
    gain.gain.value = 0.15;
    osc.connect(gain).connect(ctx.destination);
    osc.start(at);
    osc.stop(at + ms / 1000);
    at += (ms + 60) / 1000;
  }
}

/** The queue display's call: a two-note chime before the number is said. */
export function chime() {
  document.body.dataset['sound'] = 'chime';
  tones([784, 587], 380);
}

/** @param {'success' | 'error'} kind */
export function beep(kind) {
  document.body.dataset['sound'] = kind;
  if (kind === 'success') tones([880], 120);
  else tones([240, 240], 160);
}
