// Modules with logic and no mirrored unit test, each with the reason (tests/structure/mirrored-tests.test.ts
// fails on a module missing here, and on an entry that is gone or has since got its test). Most are
// route plugins and entry points: what they do is seen only through HTTP or a process, and the
// end-to-end test named in the reason checks it with a real daemon on loopback.

export const UNTESTED: Record<string, string> = {
  'daemon/src/audit/audit-routes.ts':
    'route plugin (GET /api/audit): paging and roles checked end to end in tests/e2e/security-limits.test.ts and tests/e2e/access.test.ts',
  'daemon/src/pipeline/chip-routes.ts':
    'route plugin (a chip read’s portrait and consent): end to end in tests/e2e/chip-reader.test.ts (portrait, no-store) and tests/browser/chip-desk.test.ts (consent with Y, audited)',
  'daemon/src/checkin/checkin-routes.ts':
    'route plugin (check-in list, rejected check-ins, resend): end to end in tests/e2e/checkin.test.ts and tests/e2e/checkin-rejected.test.ts',
  'daemon/src/devices/device-messages.ts':
    'a text catalogue; its one text with a parameter (readsNotStored) is checked word for word in tests/unit/daemon/devices/device-view.test.ts',
  'daemon/src/health/lost-reads-routes.ts': 'route plugin (acknowledging lost reads): end to end on a full disk in tests/e2e/full-disk-durable.test.ts',
  'daemon/src/devices/device-desk-routes.ts': 'route plugin (a scanner’s desk): end to end in tests/e2e/scanner-desks.test.ts and tests/e2e/access.test.ts',
  'daemon/src/eligibility/eligibility-routes.ts':
    'route plugin (an event’s eligibility and its history): end to end in tests/e2e/registration-webhook.test.ts and tests/e2e/verify-later.test.ts',
  'daemon/src/patients/duplicate-routes.ts': 'route plugin (possible duplicates, merge, unmerge): end to end in tests/e2e/duplicates.test.ts',
  'daemon/src/queue/queue-routes.ts': 'route plugin (the department queues, waiting times): end to end in tests/e2e/queue.test.ts',
  'daemon/src/patients/registration-routes.ts': 'route plugin (departments, POST /api/registrations): end to end in tests/e2e/registration-webhook.test.ts',
  'daemon/src/http/app.ts':
    'the HTTP boundary (headers, pages, plugins): end to end in tests/e2e/access.test.ts, tests/e2e/browser-boundary.test.ts and tests/browser/',
  'daemon/src/http/browser-boundary.ts': 'Origin/Host/Fetch-Metadata checks on real requests: tests/e2e/browser-boundary.test.ts with a real socket.io client',
  'daemon/src/http/counter-routes.ts':
    'route plugin (/api/counters, /api/counters/daily, /api/inventory): end to end in tests/e2e/access.test.ts, tests/e2e/registration-webhook.test.ts and tests/e2e/typed-identifiers.test.ts',
  'daemon/src/http/desk-routes.ts':
    'route plugin (search, latest messages of a desk): end to end in tests/e2e/search-camera.test.ts and tests/e2e/access.test.ts',
  'daemon/src/http/docs.ts':
    'the /docs reference built on first request: end to end in tests/e2e/registration-webhook.test.ts and tests/browser/field-readiness.test.ts',
  'daemon/src/http/errors.ts':
    'fastify error handler mapping to the error catalogue (and the router’s own refusals): seen only through HTTP, end to end in tests/e2e/router-errors.test.ts, tests/e2e/fuzz.test.ts and tests/e2e/security-limits.test.ts',
  'daemon/src/http/security.ts': 'helmet headers and CSP: end to end in tests/e2e/browser-boundary.test.ts and tests/browser/foreign-page.test.ts',
  'daemon/src/http-kit/page-policy.ts':
    'the helmet options (CSP) of the site and the hub: checked on the site end to end in tests/e2e/browser-boundary.test.ts and on the hub in tests/unit/hub/hub-pages.test.ts',
  'daemon/src/http/session-routes.ts':
    'route plugin (log in, log out): end to end in tests/e2e/sessions-and-data-at-rest.test.ts and tests/e2e/sessions-that-end.test.ts',
  'daemon/src/http/session-admin-routes.ts':
    'route plugin (GET /api/sessions, DELETE /api/sessions/:id, audited): end to end in tests/e2e/sessions-that-end.test.ts',
  'daemon/src/http/sessions.ts':
    'the session cookie (its secret, hash and attributes) on real requests: end to end in tests/e2e/sessions-that-end.test.ts and tests/e2e/sessions-and-data-at-rest.test.ts; through Access in tests/unit/daemon/http/access.test.ts',
  'daemon/src/http/simulator-routes.ts':
    'route plugin present only while simulators run: end to end in tests/e2e/sessions-and-data-at-rest.test.ts and tests/e2e/lookup-durability.test.ts',
  'daemon/src/http/socket-plugin.ts':
    'socket.io wiring (the rooms are decided in socket-views.ts, unit-tested): end to end with a real socket.io client in tests/e2e/least-privilege-sockets.test.ts and tests/e2e/browser-boundary.test.ts',
  'daemon/src/http-kit/caller.ts': 'three lines deciding whether a caller may see a desk: exercised by every route in tests/e2e/access.test.ts',
  'daemon/src/http-kit/send-error.ts':
    'one line that sends a catalogued refusal: its output is checked per code in tests/e2e/fuzz.test.ts and tests/docs/error-codes.test.ts',
  'daemon/src/cli/start.ts':
    'the start command, a process entry point: tests/e2e/quick-start.test.ts and tests/e2e/runtime-smoke.test.ts start it as a user does',
  'daemon/src/cli/tls-init.ts':
    'the tls init command, a process entry point: run as a user does in tests/e2e/https.test.ts (its certificates in tests/unit/daemon/cli/local-ca.test.ts)',
  'daemon/src/cli/xml0.ts': 'the xml0 command, a process entry point: run as a user does in tests/integration/checkin-xml0.test.ts',
  'daemon/src/wiring.ts':
    'turns a config into real or simulated parts; every e2e test starts a daemon through it (tests/e2e/quick-start.test.ts, tests/e2e/scan-over-pty.test.ts)',
  'daemon/src/daemon.ts':
    'the composition root: only makes and lists parts; every e2e test starts and stops it (tests/e2e/sigkill.test.ts checks nothing acknowledged is lost)',
  'daemon/src/camera/qr-worker.ts': 'worker-thread entry that runs qr-decode.ts: tests/integration/qr-decode.test.ts decodes through it',
  'hub/src/main.ts': 'the `tiepnhan hub` process entry point: tests/integration/hub.test.ts and tests/e2e/report-hub-cli.test.ts run it',
};
