// The response headers (@fastify/helmet) of every page tiepnhan serves: the site's (http/security.ts) and the
// district hub's /reports (hub/src/hub-pages.ts). Scripts and styles only from the server itself, no
// inline script, no framing.

import type { FastifyHelmetOptions } from '@fastify/helmet';

/** The pages' policy. connect-src 'self' covers socket.io's polling and websocket (same host and port). */
export const CSP_DIRECTIVES = {
  defaultSrc: ["'self'"],
  // 'wasm-unsafe-eval' lets the camera worker compile zxing-cpp's WebAssembly (served by the daemon);
  // it allows no JavaScript eval.
  scriptSrc: ["'self'", "'wasm-unsafe-eval'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:', 'blob:'],
  mediaSrc: ["'self'", 'blob:'],
  workerSrc: ["'self'", 'blob:'],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  upgradeInsecureRequests: null,
} as const;

/** Helmet's options for the site and the hub alike. */
export function pageHeaders(tls: boolean): FastifyHelmetOptions {
  return {
    contentSecurityPolicy: { useDefaults: false, directives: CSP_DIRECTIVES },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    crossOriginEmbedderPolicy: false,
    crossOriginResourcePolicy: { policy: 'same-origin' },
    // Served over TLS: browsers keep to https:// for this name (180 days), so a desk never falls back
    // to sending its token in clear. Plain HTTP (loopback, http.plainLan): no HSTS, which would lock
    // browsers out of it after a trial with TLS.
    strictTransportSecurity: tls ? { maxAge: 15_552_000, includeSubDomains: false } : false,
  };
}
