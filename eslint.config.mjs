// Lint: Nx module boundaries (ARCHITECTURE.md's table) + type-aware promise and switch rules.
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

const serverOnly = ['@nestjs/*', 'typeorm', 'pg', 'ioredis', 'bullmq', 'socket.io', '@socket.io/*', 'express', 'nestjs-pino', 'pino*', 'prom-client'];
// the pure libs touch no file, process, network or OS: their callers hand them data
const nodeBuiltins = ['fs', 'fs/*', 'child_process', 'net', 'http', 'https', 'http2', 'os', 'path', 'dgram', 'dns', 'tls', 'cluster', 'worker_threads', 'vm', 'node:*'];
const deepImports = { group: ['@gan119/*/*', '**/libs/*/src/**', '../../libs/**', '**/apps/*/src/**'], message: 'Import another project only through its public entry (@gan119/<lib>).' };
const specs = ['**/*.spec.ts', '**/*.integration-spec.ts', '**/*.e2e-spec.ts'];

// ARCHITECTURE.md's table: which project may use which
const depConstraints = [
  { sourceTag: 'type:geo', onlyDependOnLibsWithTags: [], bannedExternalImports: serverOnly },
  { sourceTag: 'type:resources', onlyDependOnLibsWithTags: ['type:geo'], bannedExternalImports: serverOnly },
  {
    sourceTag: 'type:dispatch',
    onlyDependOnLibsWithTags: ['type:geo', 'type:resources'],
    bannedExternalImports: serverOnly,
  },
  // the gazetteer: place names, pinyin initials, forgiving search, import checks (the console needs none of it)
  { sourceTag: 'type:places', onlyDependOnLibsWithTags: ['type:geo'], bannedExternalImports: serverOnly },
  // 智赣119 terminals: message kinds, the false-alarm rules as data, the GB/T 26875.3 frame codec (bytes in, bytes out)
  { sourceTag: 'type:iot', onlyDependOnLibsWithTags: ['type:geo'], bannedExternalImports: serverOnly },
  // other agencies: EIDO and CAP mapping, partner link states, delivery policy (pure: the api signs, stores and sends)
  { sourceTag: 'type:interop', onlyDependOnLibsWithTags: ['type:geo', 'type:resources', 'type:dispatch'], bannedExternalImports: serverOnly },
  { sourceTag: 'type:api', onlyDependOnLibsWithTags: ['type:geo', 'type:resources', 'type:dispatch', 'type:places', 'type:iot', 'type:interop', 'type:testing'] },
  { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:geo', 'type:resources', 'type:dispatch', 'type:places', 'type:iot', 'type:interop', 'type:testing'] },
  { sourceTag: 'type:testing', onlyDependOnLibsWithTags: [] },
  {
    sourceTag: 'type:console',
    onlyDependOnLibsWithTags: ['type:geo', 'type:resources', 'type:dispatch', 'type:iot', 'type:interop'],
    bannedExternalImports: serverOnly,
  },
];
const boundaryOptions = (constraints) => ({ enforceBuildableLibDependency: false, banTransitiveDependencies: true, allow: [], depConstraints: constraints });
// a lib's specs may read the data pack and the standards through the test support (dataPackDir, standardsDir), never the lib itself
const specConstraints = depConstraints.map((c) =>
  ['type:geo', 'type:resources', 'type:dispatch', 'type:places', 'type:iot', 'type:interop'].includes(c.sourceTag) ? { ...c, onlyDependOnLibsWithTags: [...c.onlyDependOnLibsWithTags, 'type:testing'] } : c,
);

export default [
  { ignores: ['**/dist', '**/node_modules', '**/tmp', '**/.data', '**/*.js', '**/*.cjs', '**/*.mjs', '**/vite.config.mts'] },
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@nx/enforce-module-boundaries': ['error', boundaryOptions(depConstraints)],
      'no-restricted-imports': [
        'error',
        { patterns: [deepImports] },
      ],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // production code of the api never imports the test support (tools/testing, nor apps/api/test)
    files: ['apps/api/src/**/*.ts'],
    ignores: specs,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: '@gan119/testing', message: 'Test support is for tests only.' }],
          patterns: [deepImports, { group: ['**/test/*', '**/test'], message: 'Test support (apps/api/test) is for tests only.' }],
        },
      ],
    },
  },
  {
    // the pure libs: no file, process, network or OS (specs may read the data pack)
    files: ['libs/*/src/**/*.ts'],
    ignores: specs,
    rules: {
      'no-restricted-imports': ['error', { patterns: [deepImports, { group: nodeBuiltins, message: 'A pure lib touches no file, process, network or OS: its caller hands it the data.' }] }],
    },
  },
  {
    // configuration is read once, validated, in apps/api/src/config: nothing else reads the environment
    files: ['apps/*/src/**/*.ts', 'libs/*/src/**/*.ts'],
    ignores: [...specs, 'apps/api/src/config/**'],
    rules: {
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'Read configuration through the config module (apps/api/src/config), not process.env.' }],
    },
  },
  {
    // only repositories and infra/db speak to TypeORM: controllers, gateways, services and use cases take repositories
    // (infra/db/providers.ts repositoryOnPool) and the unit of work (infra/db/unit-of-work.ts Db / Tx); SQL lives in *.repository.ts
    files: ['apps/api/src/**/*.ts'],
    ignores: [...specs, 'apps/api/src/**/*.repository.ts', 'apps/api/src/infra/db/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'typeorm', message: 'Only repositories and infra/db use TypeORM: take a repository, or the unit of work (Db, Tx from infra/db/unit-of-work).' },
            { name: '@nestjs/typeorm', message: 'Only repositories and infra/db use TypeORM: take a repository, or the unit of work (Db, Tx from infra/db/unit-of-work).' },
            { name: 'pg', message: 'Only infra/db opens PostgreSQL connections (infra/db/listener.ts for LISTEN).' },
            { name: '@gan119/testing', message: 'Test support is for tests only.' },
          ],
          patterns: [deepImports, { group: ['**/test/*', '**/test'], message: 'Test support (apps/api/test) is for tests only.' }],
        },
      ],
    },
  },
  {
    // small files: a file past this is two things
    files: ['apps/*/src/**/*.ts', 'libs/*/src/**/*.ts', 'tools/*/src/**/*.ts'],
    ignores: specs,
    rules: { 'max-lines': ['error', { max: 400, skipBlankLines: true, skipComments: true }] },
  },
  {
    files: ['libs/*/src/**/*.spec.ts'],
    rules: { '@nx/enforce-module-boundaries': ['error', boundaryOptions(specConstraints)] },
  },
  {
    files: ['**/*.spec.ts', '**/*.integration-spec.ts', '**/*.e2e-spec.ts', '**/test/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
];
