// The import rules of ARCHITECTURE.md ("Folders"), checked by `npm run lint`: each layer imports
// only the layers below it, workflows reach activities as types only, and no import circle exists.
/** Which top-level folders each folder may import from (besides itself and packages). */
const MAY_IMPORT = {
  domain: [],
  config: ['domain'],
  db: [],
  observability: ['config'],
  services: ['domain', 'config', 'db', 'observability'],
  activities: ['services', 'domain', 'config', 'db', 'observability'],
  workflows: ['domain'],
  temporal: ['workflows', 'domain', 'config', 'observability'],
  api: ['temporal', 'services', 'domain', 'config', 'db', 'observability'],
  worker: ['activities', 'temporal', 'services', 'domain', 'config', 'db', 'observability'],
  platform: ['temporal', 'config', 'db', 'observability'],
  scripts: ['platform', 'worker', 'api', 'temporal', 'workflows', 'activities', 'services', 'domain', 'config', 'db', 'observability'],
  bench: ['scripts', 'platform', 'worker', 'api', 'temporal', 'workflows', 'activities', 'services', 'domain', 'config', 'db', 'observability'],
};
/** Imports allowed as types only: workflows call activities through proxyActivities; the API sends workflows messages through temporal/. */
const TYPES_ONLY = { workflows: ['activities'], api: ['workflows'] };
const FOLDERS = Object.keys(MAY_IMPORT);
const forbiddenFor = (folder) => FOLDERS.filter((f) => f !== folder && !MAY_IMPORT[folder].includes(f) && !(TYPES_ONLY[folder] ?? []).includes(f));

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'An import circle: the files depend on each other and no layer order holds.',
      from: {},
      to: { circular: true },
    },
    ...FOLDERS.map((folder) => ({
      name: `layers-${folder}`,
      severity: 'error',
      comment: `${folder}/ may import only: ${MAY_IMPORT[folder].join(', ') || 'nothing of the project'} (see ARCHITECTURE.md).`,
      from: { path: `^${folder}/` },
      to: { path: `^(${forbiddenFor(folder).join('|')})/` },
    })),
    ...Object.entries(TYPES_ONLY).map(([folder, targets]) => ({
      name: `types-only-${folder}`,
      severity: 'error',
      comment: `${folder}/ imports ${targets.join(', ')} as types only.`,
      from: { path: `^${folder}/` },
      to: { path: `^(${targets.join('|')})/`, dependencyTypesNot: ['type-only'] },
    })),
    {
      name: 'no-test-code-outside-tests',
      severity: 'error',
      comment: 'Only tests import test code.',
      from: { pathNot: '^test/' },
      to: { path: '^test/' },
    },
    {
      name: 'services-are-database-code',
      severity: 'error',
      comment: 'services/ holds database code only; Temporal client code lives in temporal/.',
      from: { path: '^services/' },
      to: { path: '@temporalio/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|dist|generated|\\.tools|\\.data)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    combinedDependencies: false,
  },
};
