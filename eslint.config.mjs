// Lint: Nx module boundaries (ARCHITECTURE.md's table) + type-aware promise and switch rules.
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

const serverOnly = ['@nestjs/*', 'typeorm', 'pg', 'ioredis', 'bullmq', 'socket.io', '@socket.io/*', 'express', 'nestjs-pino', 'pino*', 'prom-client'];

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
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          banTransitiveDependencies: true,
          allow: [],
          depConstraints: [
            { sourceTag: 'type:geo', onlyDependOnLibsWithTags: [], bannedExternalImports: serverOnly },
            { sourceTag: 'type:resources', onlyDependOnLibsWithTags: ['type:geo'], bannedExternalImports: serverOnly },
            {
              sourceTag: 'type:dispatch',
              onlyDependOnLibsWithTags: ['type:geo', 'type:resources'],
              bannedExternalImports: serverOnly,
            },
            // the gazetteer: place names, pinyin initials, forgiving search, import checks (the console needs none of it)
            { sourceTag: 'type:places', onlyDependOnLibsWithTags: ['type:geo'], bannedExternalImports: serverOnly },
            { sourceTag: 'type:api', onlyDependOnLibsWithTags: ['type:geo', 'type:resources', 'type:dispatch', 'type:places', 'type:testing'] },
            { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:geo', 'type:resources', 'type:dispatch', 'type:places', 'type:testing'] },
            { sourceTag: 'type:testing', onlyDependOnLibsWithTags: [] },
            {
              sourceTag: 'type:console',
              onlyDependOnLibsWithTags: ['type:geo', 'type:resources', 'type:dispatch'],
              bannedExternalImports: serverOnly,
            },
          ],
        },
      ],
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['@gan119/*/*', '**/libs/*/src/**', '../../libs/**', '**/apps/*/src/**'], message: 'Import another project only through its public entry (@gan119/<lib>).' }] },
      ],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // production code of the api never imports the test support
    files: ['apps/api/src/**/*.ts'],
    ignores: ['**/*.spec.ts', '**/*.integration-spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: '@gan119/testing', message: 'Test support is for tests only.' }],
          patterns: [{ group: ['@gan119/*/*', '**/libs/*/src/**', '../../libs/**', '**/apps/*/src/**'], message: 'Import another project only through its public entry (@gan119/<lib>).' }],
        },
      ],
    },
  },
  {
    files: ['**/*.spec.ts', '**/*.integration-spec.ts', '**/*.e2e-spec.ts', '**/test/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
];
