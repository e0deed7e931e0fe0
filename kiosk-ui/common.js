// @ts-check
// Shared by the kiosk pages: element lookup, JSON requests, and the Vietnamese/English switch
// (Vietnamese by default; the choice is remembered on this PC).

export const $ = (/** @type {string} */ id) => /** @type {HTMLElement} */ (document.getElementById(id));

/** @returns {'vi' | 'en'} */
export function lang() {
  return localStorage.getItem('tiepnhan.lang') === 'en' ? 'en' : 'vi';
}

/** Picks the message text in the current language. @param {{vi: string, en: string}} m */
export function t(m) {
  return lang() === 'en' ? m.en : m.vi;
}

/** Fills every [data-vi]/[data-en] element (and placeholders) in the current language. */
export function applyLang() {
  const l = lang();
  document.documentElement.lang = l;
  for (const el of document.querySelectorAll('[data-vi]')) el.textContent = el.getAttribute(`data-${l}`) ?? el.textContent;
  for (const el of document.querySelectorAll('[data-ph-vi]')) /** @type {HTMLInputElement} */ (el).placeholder = el.getAttribute(`data-ph-${l}`) ?? '';
  const button = document.getElementById('lang');
  if (button) button.textContent = l === 'vi' ? 'EN' : 'VI';
}

/** @param {() => void} [onChange] */
export function setupLangToggle(onChange) {
  applyLang();
  document.getElementById('lang')?.addEventListener('click', () => {
    localStorage.setItem('tiepnhan.lang', lang() === 'vi' ? 'en' : 'vi');
    applyLang();
    onChange?.();
  });
}

/**
 * @template T
 * @param {string} url @param {unknown} [body] @param {string} [method]
 * @returns {Promise<{status: number, body: T}>}
 */
export async function json(url, body, method) {
  const res = await fetch(url, body === undefined ? { method: method ?? 'GET' } : { method: method ?? 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: /** @type {T} */ (await res.json()) };
}

/** @param {string} iso */
export function hhmm(iso) {
  return new Date(iso).toLocaleTimeString('vi-VN', { hour: '2-digit', minute: '2-digit' });
}
