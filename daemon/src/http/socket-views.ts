// What a socket hears: the view its page declares in the handshake, bounded by the caller's role.
// A role says what a caller may see; a page needs less. On a PC without tokens every page session
// is the local admin, so the role alone would send every desk's patients to every page, names and
// IDs to /tech included, where only the browser dropped them (issue #32). The daemon sends a socket
// the intersection instead: the reception page and the kiosk their desk's patient messages, /tech
// devices and test reads (structure only), a queue display its boards, nothing else.

import type { SocketAuth, SocketView } from '../api/contract.ts';
import type { Caller } from '../http-kit/caller.ts';

/** Devices and health: no patient data; every view but a queue display joins it. */
export const STATUS_ROOM = 'status';
/** Test reads (their structure only): technicians and admins on /tech or the `all` view. */
export const TECHNICIANS_ROOM = 'technicians';
/** The whole health report (URLs, the account's state, file names): technicians and admins on /tech
 *  or the `all` view; every other socket in STATUS_ROOM gets the summary (health/health-summary.ts). */
export const HEALTH_DETAILS_ROOM = 'health-details';
/** Every desk's patient messages: admins and desk-less reception tokens, on the `all` view only. */
export const ALL_PATIENTS_ROOM = 'patients:all';

/** The rooms a patient message of `desk` goes to. */
export const patientRooms = (desk: string): string[] => [`desk:${desk}`, ALL_PATIENTS_ROOM];

export interface SocketGrant {
  /** The view declared (null: none, which gets devices and health only). */
  readonly view: SocketView | null;
  /** Every room the socket joins. */
  readonly rooms: readonly string[];
  /** The one room of patient messages among them, null: none (the replay of the latest read needs it). */
  readonly patients: string | null;
  /** Whether it gets its desk's latest read on connecting. */
  readonly replay: boolean;
  /** The departments of a queue display, whose boards it gets at once. */
  readonly queues: readonly string[];
  /** Boards without names: a technician sees no patient, on a display either. */
  readonly anonymousQueues: boolean;
}

const VIEWS: ReadonlySet<string> = new Set<SocketView>(['reception', 'kiosk', 'tech', 'queue', 'all']);
/** The same rule as a desk in a request body (http-kit/schema-types.ts DESK). */
const DESK_ID = /^[A-Za-z0-9._@-]{1,64}$/;
const DEPARTMENT_ID = /^[a-z0-9-]{1,40}$/;

interface Declared {
  readonly view: SocketView | null;
  readonly desk: string | null;
  readonly queue: readonly string[];
  readonly replay: boolean;
}

/** The handshake's `auth`, as sent by anyone: whatever is not a known view, a desk id or a
 *  department id is ignored. `auth.queue` alone is a display, as before views were declared. */
export function declaredView(auth: unknown): Declared {
  const a = (typeof auth === 'object' && auth !== null ? auth : {}) as Record<keyof SocketAuth, unknown>;
  const queue = Array.isArray(a.queue) ? a.queue.filter((d): d is string => typeof d === 'string' && DEPARTMENT_ID.test(d)).slice(0, 8) : null;
  const named = typeof a.view === 'string' && VIEWS.has(a.view) ? (a.view as SocketView) : null;
  return {
    view: named ?? (a.view === undefined && queue ? 'queue' : null),
    desk: typeof a.desk === 'string' && DESK_ID.test(a.desk) ? a.desk : null,
    queue: queue ?? [],
    replay: a.replay !== false,
  };
}

/** The patient room of a desk page: its desk, if the caller may see that desk. A reception token
 *  bound to another desk gets none (its own desk's messages would be dropped by the page anyway). */
function deskRoom(who: Caller, desk: string | null): string | null {
  if (who.role === 'technician' || desk === null) return null;
  return who.desk === null || who.desk === desk ? `desk:${desk}` : null;
}

/** Everything the role allows: the caller's desk, or every desk when it has none. */
function roleRoom(who: Caller): string | null {
  if (who.role === 'technician') return null;
  return who.desk ? `desk:${who.desk}` : ALL_PATIENTS_ROOM;
}

/** An integration (a HIS script) that signs in with an API token in `auth.token` and declares no view
 *  hears what its token allows, as before views were declared: hospitals' scripts keep working. A
 *  page (a session cookie, or the tokenless local admin) that declares none gets the least. */
function byToken(auth: unknown): boolean {
  const token = typeof auth === 'object' && auth !== null ? (auth as { token?: unknown }).token : undefined;
  return typeof token === 'string' && token !== '';
}

/** The rooms a socket joins: what its declared view needs, bounded by what the caller's role allows. */
export function grantFor(auth: unknown, who: Caller): SocketGrant {
  const declared = declaredView(auth);
  const d = declared.view === null && byToken(auth) ? { ...declared, view: 'all' as const } : declared;
  const seesTests = who.role !== 'reception';
  const none = { view: d.view, patients: null, replay: false, queues: [], anonymousQueues: false };
  switch (d.view) {
    case 'queue': {
      const anonymous = who.role === 'technician';
      return { ...none, rooms: d.queue.map((q) => `${anonymous ? 'queue-anon' : 'queue'}:${q}`), queues: d.queue, anonymousQueues: anonymous };
    }
    case 'tech':
      return { ...none, rooms: seesTests ? [STATUS_ROOM, TECHNICIANS_ROOM, HEALTH_DETAILS_ROOM] : [STATUS_ROOM] };
    case 'reception':
    case 'kiosk': {
      const patients = deskRoom(who, d.desk);
      // A kiosk never replays: the latest read of its desk is the previous patient.
      return { ...none, rooms: patients ? [STATUS_ROOM, patients] : [STATUS_ROOM], patients, replay: d.view === 'reception' && d.replay };
    }
    case 'all': {
      const patients = roleRoom(who);
      const rooms = [STATUS_ROOM, ...(patients ? [patients] : []), ...(seesTests ? [TECHNICIANS_ROOM, HEALTH_DETAILS_ROOM] : [])];
      return { ...none, rooms, patients, replay: d.replay };
    }
    case null:
      return { ...none, rooms: [STATUS_ROOM] };
  }
}
