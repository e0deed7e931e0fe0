// @ts-check
// The waiting room's display (/queue?department=kham-noi, several allowed, or comma-separated; none:
// every department): per department the number called last, in large type, with the desk or room to
// go to, the calls before it, and how many are waiting. Boards arrive over socket.io the moment a
// desk calls; a new call flashes, chimes, and is said in Vietnamese where the PC has a Vietnamese
// voice (Windows ships one; the Web Speech API finds it). Names only when the daemon is configured to
// send them (queue.showNames): a public screen shows numbers.

import { $, connect, hhmm, json } from './common.js';
import { chime, setupSound } from './sound.js';

/** @typedef {import('../daemon/src/api/contract.ts').QueueBoard} QueueBoard */
/** @typedef {import('../daemon/src/api/contract.ts').QueueCall} QueueCall */

/** "A003" -> "A, 3": the prefix letter by letter, the number as a number (a voice reads it in words). @param {string} ticket */
export function spokenTicket(ticket) {
  const m = /^([^\d]*)(\d+)$/.exec(ticket);
  return m ? `${m[1] ? `${[...m[1]].join(' ')}, ` : ''}${Number(m[2])}` : ticket;
}

/** What is said for a call. @param {QueueCall} c */
export function callText(c) {
  return `Xin mời số ${spokenTicket(c.ticket)}${c.name ? `, ${c.name}` : ''}, đến ${c.place || 'quầy'}.`;
}

/** Says the call with a Vietnamese voice; <body data-voice> tells whether one was found. @param {string} text */
function speak(text) {
  document.body.dataset['spoken'] = text;
  const synth = window.speechSynthesis;
  const voice = synth?.getVoices().find((v) => v.lang.toLowerCase().startsWith('vi'));
  document.body.dataset['voice'] = voice ? voice.lang : 'none';
  if (!synth || !voice) return;
  const u = new SpeechSynthesisUtterance(text);
  u.voice = voice;
  u.lang = voice.lang;
  u.rate = 0.9;
  synth.speak(u);
}

/** @param {string} tag @param {string} cls @param {string} [text] */
function el(tag, cls, text) {
  const e = document.createElement(tag);
  e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

/** "Ưu tiên" (or "Cấp cứu") beside a priority number: the class only, never the reason (pregnancy
 *  and disability are health data). @param {QueueCall} c */
function marker(c) {
  const m = el('span', 'priority', c.priority === 'emergency' ? 'Cấp cứu' : 'Ưu tiên');
  m.dataset['class'] = c.priority;
  return m;
}

/** The large "now calling" block: the latest call, or a line saying nobody is called yet. @param {QueueCall | undefined} c */
function nowBlock(c) {
  const now = el('div', 'now');
  if (!c) {
    now.dataset['empty'] = 'yes';
    now.append(el('span', 'place', 'Chưa gọi số nào'), el('span', 'en', 'No number called yet'));
    return now;
  }
  now.dataset['ticket'] = c.ticket;
  now.append(el('span', 'ticket', c.ticket), el('span', 'place', `→ ${c.place}`));
  if (c.priority !== 'normal') now.append(marker(c));
  if (c.name) now.append(el('span', 'name', c.name));
  return now;
}

/** @param {QueueBoard} b */
function render(b) {
  const id = `board-${b.department.id}`;
  const board = document.getElementById(id) ?? el('section', 'board');
  board.id = id;
  board.dataset['department'] = b.department.id;
  board.setAttribute('aria-label', b.department.name);
  const [latest, ...before] = b.calls;
  const recent = el('ul', 'recent');
  for (const c of before) {
    const li = el('li', '');
    li.dataset['ticket'] = c.ticket;
    li.append(
      el('span', 'ticket', c.ticket),
      c.priority !== 'normal' ? marker(c) : el('span', 'normal', ''),
      el('span', 'place', c.place),
      el('span', 'at', hhmm(c.at)),
    );
    recent.append(li);
  }
  const waiting = el('p', 'waiting', `Đang chờ: ${b.waiting} `);
  waiting.append(el('span', 'en', `· waiting: ${b.waiting}`));
  board.replaceChildren(el('h2', '', b.department.name), nowBlock(latest), recent, waiting);
  if (!board.isConnected) $('boards').append(board);
  return board;
}

/** Calls already announced (a board is sent again after every change; a recall is a new call). */
const announced = new Set();

/** @param {QueueBoard} b */
function onBoard(b) {
  const board = render(b);
  const a = b.announce;
  if (!a) return;
  const key = `${b.department.id}|${a.ticket}|${a.calls}|${a.at}`;
  if (announced.has(key)) return;
  announced.add(key);
  document.body.dataset['announced'] = `${b.department.id}:${a.ticket}:${a.calls}`;
  const now = board.querySelector('.now');
  if (now instanceof HTMLElement && now.dataset['ticket'] === a.ticket) {
    now.dataset['flash'] = 'no';
    void now.offsetWidth; // restart the animation for a recall of the number already shown
    now.dataset['flash'] = 'yes';
  }
  chime();
  setTimeout(() => speak(callText(a)), 900);
}

/** The departments asked for in the address; none: every department of the site. */
async function departments() {
  const asked = new URLSearchParams(location.search)
    .getAll('department')
    .flatMap((v) => v.split(','))
    .map((s) => s.trim())
    .filter(Boolean);
  if (asked.length) return asked;
  /** @type {{status: number, body: Array<{id: string}>}} */
  const r = await json('/api/departments');
  return r.status === 200 ? r.body.map((d) => d.id) : [];
}

function tick() {
  $('clock').textContent = new Date().toLocaleTimeString('vi-VN', { hour: '2-digit', minute: '2-digit' });
}

async function main() {
  setupSound();
  tick();
  setInterval(tick, 10_000);
  const ids = await departments();
  if (!ids.length) {
    $('q-empty').hidden = false;
    $('q-empty').textContent = 'Chưa chọn khoa: thêm ?department=<mã khoa> vào địa chỉ. · No department: add ?department=<id> to the address.';
    return;
  }
  const socket = connect({ view: 'queue', queue: ids });
  socket.on('connect', () => (document.body.dataset['state'] = 'online'));
  socket.on('disconnect', () => (document.body.dataset['state'] = 'offline'));
  socket.on('queue', onBoard);
  // Voices load after the page: asking once makes them available when the first call comes.
  window.speechSynthesis?.getVoices();
}

void main();
