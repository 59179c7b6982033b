// The layering of docs/architecture.md, checked by `npm run lint:deps` (part of `npm test`).
// Each folder of src/ may import only the folders listed for it in LAYERS; `http/` alone imports
// fastify, `engine/` alone imports sharp, and there are no cycles. test/layering.test.ts shows that a
// forbidden import makes the check fail.

/** Folder → the other src/ folders it may import. Everything else under src/ is forbidden to it. */
const LAYERS = {
  errors: [],
  shared: ['errors'],
  config: ['errors', 'shared'],
  client: [],
  geometry: [],
  params: ['geometry', 'errors', 'shared'],
  compat: ['params', 'geometry', 'errors', 'shared'],
  gravity: ['geometry', 'params', 'errors'],
  detect: ['geometry', 'errors', 'shared'],
  workers: ['detect', 'geometry', 'errors', 'shared', 'config'],
  engine: ['geometry', 'params', 'errors', 'shared', 'config'],
  storage: ['errors', 'shared', 'config'],
  accounts: ['storage', 'client', 'errors', 'shared', 'config'],
  analyze: ['detect', 'workers', 'engine', 'geometry', 'params', 'errors', 'shared', 'config'],
  render: ['engine', 'gravity', 'workers', 'detect', 'geometry', 'params', 'storage', 'errors', 'shared', 'config'],
  services: ['render', 'analyze', 'engine', 'workers', 'storage', 'accounts', 'geometry', 'params', 'errors', 'shared', 'config'],
  cli: ['http', 'services', 'render', 'analyze', 'engine', 'workers', 'storage', 'accounts', 'compat', 'params', 'geometry', 'errors', 'shared', 'config'],
  http: ['services', 'render', 'analyze', 'engine', 'workers', 'storage', 'accounts', 'compat', 'params', 'gravity', 'geometry', 'client', 'errors', 'shared', 'config'],
};

const folderRules = Object.entries(LAYERS).map(([folder, allowed]) => ({
  name: `${folder}-imports-only-its-layers`,
  comment: `src/${folder}/ may import only ${allowed.length === 0 ? 'itself' : allowed.join(', ')} (docs/architecture.md)`,
  severity: 'error',
  from: { path: `^src/${folder}/` },
  to: { path: '^src/', pathNot: [`^src/${folder}/`, ...allowed.map((name) => `^src/${name}/`)] },
}));

/** Folders that must stay pure: no file system, network, process or thread access. */
const PURE = ['geometry', 'params', 'compat', 'gravity'];

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'Import cycles make load order matter and hide which module owns a concept.',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    ...folderRules,
    {
      name: 'library-entry-not-http',
      comment: 'The library (src/index.ts) must load without the HTTP server.',
      severity: 'error',
      from: { path: '^src/index\\.ts$' },
      to: { path: '^src/(http|cli)/' },
    },
    {
      name: 'fastify-only-in-http',
      comment: 'http/ is the only folder that imports fastify.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/http/' },
      to: { dependencyTypes: ['npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-no-pkg', 'npm-unknown'], path: '(^|/)node_modules/(fastify|@fastify/)' },
    },
    {
      name: 'sharp-only-in-engine',
      comment: 'engine/ is the only folder that calls sharp.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/engine/' },
      to: { path: '(^|/)node_modules/sharp/' },
    },
    {
      name: 'pure-folders-no-io',
      comment: `${PURE.join(', ')} do no I/O: no node built-in modules.`,
      severity: 'error',
      from: { path: `^src/(${PURE.join('|')})/` },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'no-unresolvable',
      severity: 'error',
      from: { path: '^src/' },
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
    exclude: { path: '\\.test\\.ts$' },
  },
};
