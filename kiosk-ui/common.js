// @ts-check
// Shared by the kiosk pages: element lookup, JSON requests, and the Vietnamese/English switch
// (Vietnamese by default; the choice is remembered on this PC).

export const $ = (/** @type {string} */ id) => /** @type {HTMLElement} */ (document.getElementById(id));

// An API token (when the daemon requires them) is given once as ?token=… and kept on this PC; it is
// taken out of the address bar so it is not left on screen or in the history.
const TOKEN_KEY = 'tiepnhan.token';
{
  const params = new URLSearchParams(location.search);
  const given = params.get('token');
  if (given) {
    localStorage.setItem(TOKEN_KEY, given);
    params.delete('token');
    history.replaceState(null, '', location.pathname + (params.toString() ? `?${params}` : ''));
  }
}

/** @returns {Record<string, string>} */
function authHeaders() {
  const token = localStorage.getItem(TOKEN_KEY);
  return token ? { authorization: `Bearer ${token}` } : {};
}

/** A GET link that carries the token (downloads cannot send headers). @param {string} url */
export function withToken(url) {
  const token = localStorage.getItem(TOKEN_KEY);
  return token ? `${url}${url.includes('?') ? '&' : '?'}access_token=${encodeURIComponent(token)}` : url;
}

/** The socket.io connection, with the token in its handshake, shown in the page's #conn indicator
 *  when it has one. replay: false skips the latest read the daemon otherwise sends on connecting.
 *  @param {{replay?: boolean}} [opts] */
export function connect(opts = {}) {
  const token = localStorage.getItem(TOKEN_KEY);
  // @ts-ignore -- the socket.io client script defines a global `io`
  const socket = /** @type {any} */ (window).io({ auth: { ...(token ? { token } : {}), ...(opts.replay === false ? { replay: false } : {}) } });
  const conn = document.getElementById('conn');
  if (conn) {
    socket.on('connect', () => {
      conn.dataset['state'] = 'online';
      conn.textContent = t({ vi: 'Đã kết nối', en: 'Connected' });
    });
    socket.on('disconnect', () => {
      conn.dataset['state'] = 'offline';
      conn.textContent = t({ vi: 'Mất kết nối với tiepnhan', en: 'Lost connection to tiepnhan' });
    });
  }
  return socket;
}

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
  const res = await fetch(url, body === undefined ? { method: method ?? 'GET', headers: authHeaders() } : { method: method ?? 'POST', headers: { 'content-type': 'application/json', ...authHeaders() }, body: JSON.stringify(body) });
  return { status: res.status, body: /** @type {T} */ (await res.json()) };
}

/** @param {string} iso */
export function hhmm(iso) {
  return new Date(iso).toLocaleTimeString('vi-VN', { hour: '2-digit', minute: '2-digit' });
}
