// The layering docs/architecture.md draws, enforced by `npm test` (npm run lint:deps):
//   drivers/    hardware transports only: know nothing of the daemon, the simulators or the pages;
//   simulators/ implement the drivers' and the gateway's interfaces: no daemon internals;
//   daemon/     knows simulators only in its composition root (wiring.ts) and the CLI commands that
//               run one (gateway-sim, simulate);
//   kiosk-ui/   the pages: the wire contract (daemon/src/api/) and nothing else of the daemon;
// and no import cycle anywhere. Type-only imports count (tsPreCompilationDeps), and so do the pages'
// JSDoc `import('…')` types (detectJSDocImports).
//
// Inside daemon/src/, the folders stand on floors, top to bottom: a folder imports only folders on
// the floors below its own, so no folder-level cycle can come back (docs/architecture.md, "Floors").
// A part that needs something from a floor above takes it as a parameter, or the shared piece moves
// down (vocabulary/ is the ground floor: the words every part speaks).
const FLOORS = [
  ['cli'],
  ['wiring.ts'],
  ['daemon.ts'],
  ['config'],
  ['http'],
  ['health', 'search', 'retention'],
  ['pipeline', 'hub-push', 'audit'],
  ['patients', 'devices', 'reports', 'queue'],
  ['checkin'],
  ['eligibility'],
  ['webhook'],
  ['storage'],
  ['events', 'counting', 'fhir', 'chip'],
  ['http-kit', 'log.ts'],
  ['api'],
  ['parse'],
  ['util', 'camera', 'vocabulary'],
];
const place = (name) => (name.endsWith('.ts') ? `daemon/src/${name.replace('.', '\\.')}$` : `daemon/src/${name}/`);
const floorRules = FLOORS.flatMap((floor, i) =>
  floor.flatMap((name) => {
    const above = FLOORS.slice(0, i + 1)
      .flat()
      .filter((other) => other !== name);
    if (above.length === 0) return []; // the top floor
    return [
      {
        name: `floors-${name}`,
        severity: 'error',
        comment: `daemon/src/${name} may import only the floors below its own (${
          FLOORS.slice(i + 1)
            .flat()
            .join(', ') || 'none'
        })`,
        from: { path: `^${place(name)}` },
        to: { path: `^(${above.map(place).join('|')})` },
      },
    ];
  }),
);

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    ...floorRules,
    { name: 'no-circular', severity: 'error', comment: 'An import cycle: split the shared part into its own module.', from: {}, to: { circular: true } },
    {
      name: 'protocols-are-wire-formats-only',
      severity: 'error',
      comment: 'protocols/ declares the outside systems’ wire formats, for the daemon and the simulators alike: it imports neither.',
      from: { path: '^protocols/' },
      to: { path: '^(daemon|drivers|hub|simulators|kiosk-ui)/' },
    },
    {
      name: 'hub-is-its-own-program',
      severity: 'error',
      comment:
        'hub/ (the district hub) builds on the daemon’s report, storage and wire-contract parts; it does not reach its composition, HTTP pages, devices or simulators.',
      from: { path: '^hub/' },
      to: {
        path: '^(daemon/src/(cli/(?!commands\\.ts)|config|http/|health|retention|audit|webhook|devices|pipeline|search|patients|checkin|eligibility|hub-push|wiring\\.ts|daemon\\.ts)|drivers|simulators|kiosk-ui)',
      },
    },
    {
      name: 'daemon-runs-the-hub-only-from-its-command',
      severity: 'error',
      comment: 'The daemon knows the hub only as the `tiepnhan hub` command (cli/main.ts); a site talks to a hub over HTTP (hub-push/).',
      from: { path: '^daemon/', pathNot: '^daemon/src/cli/main\\.ts$' },
      to: { path: '^hub/' },
    },
    {
      name: 'drivers-are-transports-only',
      severity: 'error',
      comment: 'drivers/ is the hardware layer: it may not know the daemon, the simulators or the pages.',
      from: { path: '^drivers/' },
      to: { path: '^(daemon|hub|protocols|simulators|kiosk-ui)/' },
    },
    {
      name: 'simulators-through-interfaces',
      severity: 'error',
      comment: 'simulators/ implement the drivers’ transport and the gateway’s HTTP API; they do not reach into the daemon.',
      from: { path: '^simulators/' },
      to: { path: '^(daemon|kiosk-ui)/' },
    },
    {
      name: 'daemon-knows-no-simulator',
      severity: 'error',
      comment: 'Only the composition root (wiring.ts) and the commands that run a simulator may import simulators/.',
      from: { path: '^daemon/', pathNot: '^daemon/src/(wiring\\.ts|cli/(gateway-sim|simulate|simulate-chip-reader)\\.ts)$' },
      to: { path: '^simulators/' },
    },
    {
      name: 'pages-know-the-wire-contract-only',
      severity: 'error',
      comment: 'kiosk-ui/ may use the types of daemon/src/api/ (the wire contract) and nothing else of the daemon.',
      from: { path: '^kiosk-ui/' },
      to: { path: '^(daemon/(?!src/api/)|drivers/|simulators/)' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|tests|bench|dist)/' },
    tsPreCompilationDeps: true,
    detectJSDocImports: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
