// @ts-check
// Shared by the kiosk pages: element lookup, JSON requests, and the Vietnamese/English switch
// (Vietnamese by default; the choice is remembered on this PC).

export const $ = (/** @type {string} */ id) => /** @type {HTMLElement} */ (document.getElementById(id));

// Credentials: the daemon gives its own pages an HttpOnly, SameSite=Strict session cookie, which no
// script (this one included) can read and which the browser never sends on another site's behalf.
// Where the daemon requires API tokens, a page without a session shows a login box; the token typed
// there is sent once to POST /api/session and never kept by the page (not in the URL, not in storage).

/** Shows the login box (once) when the daemon answers 401. */
export function requireLogin() {
  if (document.getElementById('login')) return;
  const box = document.createElement('form');
  box.id = 'login';
  box.className = 'login';
  const label = document.createElement('label');
  // A page may name the token it asks for (the hub's /reports: its admin token); else a desk's.
  const asked = document.body.dataset;
  label.textContent = t(
    asked['loginVi'] && asked['loginEn']
      ? { vi: asked['loginVi'], en: asked['loginEn'] }
      : { vi: 'Mã truy cập (token) của quầy này:', en: 'This desk’s access token:' },
  );
  const input = document.createElement('input');
  input.type = 'password';
  input.autocomplete = 'off';
  input.id = 'login-token';
  const button = document.createElement('button');
  button.type = 'submit';
  button.textContent = t({ vi: 'Đăng nhập', en: 'Log in' });
  const msg = document.createElement('p');
  msg.id = 'login-msg';
  label.append(input);
  box.append(label, button, msg);
  box.addEventListener('submit', async (e) => {
    e.preventDefault();
    const res = await fetch('/api/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: input.value }) });
    input.value = '';
    if (res.ok) location.reload();
    // 429: this PC sent too many wrong tokens; the daemon's text says how long to wait.
    else if (res.status === 429) msg.textContent = t(/** @type {{error: {vi: string, en: string}}} */ (await res.json()).error);
    else msg.textContent = t({ vi: 'Mã truy cập không đúng.', en: 'Unknown access token.' });
  });
  document.body.prepend(box);
  input.focus();
}

/** The socket.io connection (the session cookie goes with its handshake), shown in the page's #conn indicator
 *  when it has one. The page says which view it is (and its desk, or a display's departments): the
 *  daemon sends it what that view needs and nothing more, whatever the session's role (a /tech
 *  socket no patient, a desk page only its desk's). replay: false skips the latest read the daemon
 *  otherwise sends on connecting.
 *  @param {Omit<import('../daemon/src/api/contract.ts').SocketAuth, 'token'> & {view: import('../daemon/src/api/contract.ts').SocketView}} auth */
export function connect(auth) {
  /** @type {import('../daemon/src/api/contract.ts').PageSocket} */
  const socket = /** @type {any} */ (window).io({ auth });
  socket.on('connect_error', (/** @type {Error} */ err) => {
    if (err.message === 'AUTH_REQUIRED') requireLogin();
  });
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
  const res = await fetch(
    url,
    body === undefined
      ? { method: method ?? 'GET' }
      : { method: method ?? 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) },
  );
  if (res.status === 401) requireLogin();
  return { status: res.status, body: /** @type {T} */ (await res.json()) };
}

/** Whether a key press is meant for the desk's own keys (digits, N/R/S, priority letters): not while
 *  the receptionist types in a field (a radio button is not typing), nor with a modifier held.
 *  @param {KeyboardEvent} e */
export function deskKey(e) {
  const target = /** @type {HTMLElement} */ (e.target);
  const typing = target instanceof HTMLInputElement ? target.type !== 'radio' : target instanceof HTMLSelectElement || target instanceof HTMLTextAreaElement;
  return !typing && !e.ctrlKey && !e.altKey && !e.metaKey;
}

/** @param {string} iso */
export function hhmm(iso) {
  return new Date(iso).toLocaleTimeString('vi-VN', { hour: '2-digit', minute: '2-digit' });
}
