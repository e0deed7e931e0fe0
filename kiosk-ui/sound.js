// @ts-check
// Short tones the receptionist hears without looking: one high beep for a patient shown, two low
// beeps for an error. The last tone is also written on <body data-sound> (tests, and screen readers).

/** @type {AudioContext | null} */
let ctx = null;

/** @param {number[]} freqs @param {number} ms */
function tones(freqs, ms) {
  try {
    ctx ??= new AudioContext();
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
  } catch {
    /* no audio device: the visual state is enough */
  }
}

/** @param {'success' | 'error'} kind */
export function beep(kind) {
  document.body.dataset['sound'] = kind;
  if (kind === 'success') tones([880], 120);
  else tones([240, 240], 160);
}
