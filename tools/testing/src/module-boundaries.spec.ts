import { spawnSync } from 'child_process';
import { rmSync, writeFileSync } from 'fs';
import { join } from 'path';

// The house rules of ARCHITECTURE.md are enforced by lint; these cases prove the rules really bite.
// Each case is a probe file written into the project it speaks for, linted in one ESLint run as the
// CLI does it (its flat config is an ES module, which Jest's VM cannot import), then removed.
const ROOT = join(__dirname, '..', '..', '..');

const CASES = {
  geoImportsDispatch: ['libs/geo/src', "export { INCIDENT_TYPES } from '@gan119/dispatch';\n"],
  dispatchImportsNest: ['libs/dispatch/src', "export * from '@nestjs/common';\n"],
  resourcesImportsTypeorm: ['libs/resources/src', "export * from 'typeorm';\n"],
  geoImportsIoredis: ['libs/geo/src', "export * from 'ioredis';\n"],
  libImportsApp: ['libs/resources/src', "export * from '../../../apps/api/src/config/config';\n"],
  consoleDeepImport: ['apps/console/src', "export * from '@gan119/geo/src/lib/crs';\n"],
  consoleImportsNest: ['apps/console/src', "export * from '@nestjs/core';\n"],
  consolePublicEntry: ['apps/console/src', "export { INCIDENT_TYPES } from '@gan119/dispatch';\n"],
  apiUsesLibs: ['apps/api/src', "export { haversineM } from '@gan119/geo';\nexport { INCIDENT_TYPES } from '@gan119/dispatch';\n"],
  apiImportsTesting: ['apps/api/src', "export { createTestDb } from '@gan119/testing';\n"],
  geoImportsTesting: ['libs/geo/src', "export { dataPackDir } from '@gan119/testing';\n"],
  'geoSpecReadsDataPack.spec': ['libs/geo/src', "import { dataPackDir } from '@gan119/testing';\nit('reads', () => expect(dataPackDir()).toBeTruthy());\n"],
  consoleImportsPlaces: ['apps/console/src', "export { normalizeName } from '@gan119/places';\n"],
  placesImportsPg: ['libs/places/src', "export * from 'pg';\n"],
  floatingPromise: ['libs/geo/src', 'async function f(): Promise<number> {\n  return 1;\n}\nexport function g(): void {\n  f();\n}\n'],
  libReadsFiles: ['libs/dispatch/src', "export { readFileSync } from 'fs';\n"],
  libSpawns: ['libs/places/src', "export { spawn } from 'node:child_process';\n"],
  apiReadsEnv: ['apps/api/src', 'export const port = process.env.PORT;\n'],
  libReadsEnv: ['libs/resources/src', 'export const on = process.env.DEMO;\n'],
  configReadsEnv: ['apps/api/src/config', 'export const port = process.env.PORT;\n'],
  apiImportsTestSupport: ['apps/api/src', "export { HOSTILE } from '../test/hostile';\n"],
  'controllerUsesTypeorm.controller': ['apps/api/src', "import { DataSource } from 'typeorm';\nexport type D = DataSource;\n"],
  'gatewayInjectsDataSource.gateway': ['apps/api/src', "export { InjectDataSource } from '@nestjs/typeorm';\n"],
  useCaseRunsTransaction: [
    'apps/api/src/dispatch',
    "import { DataSource } from 'typeorm';\nexport const run = (ds: DataSource) => ds.transaction(async () => undefined);\n",
  ],
  serviceOpensPg: ['apps/api/src/roads', "export { Client } from 'pg';\n"],
  'queriesHere.repository': ['apps/api/src/dispatch', "import { EntityManager } from 'typeorm';\nexport type Q = EntityManager;\n"],
  longFile: ['libs/geo/src', Array.from({ length: 401 }, (_, i) => `export const v${i} = ${i};`).join('\n') + '\n'],
} as const;
type Case = keyof typeof CASES;

const file = (c: Case) => join(ROOT, CASES[c][0], `lint-probe-${c}.ts`);
let found: Record<Case, string> = {} as Record<Case, string>;

beforeAll(() => {
  const names = Object.keys(CASES) as Case[];
  try {
    for (const c of names) writeFileSync(file(c), CASES[c][1]);
    const bin = join(ROOT, 'node_modules', 'eslint', 'bin', 'eslint.js');
    const r = spawnSync(process.execPath, [bin, '--format', 'json', ...names.map(file)], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 26 });
    const results = JSON.parse(r.stdout) as Array<{ filePath: string; messages: Array<{ severity: number; ruleId: string; message: string }> }>;
    found = Object.fromEntries(
      names.map((c) => {
        const res = results.find((x) => x.filePath === file(c));
        if (!res) throw new Error(`eslint did not lint ${file(c)}: ${r.stderr}`);
        return [
          c,
          res.messages
            .filter((m) => m.severity === 2)
            .map((m) => `${m.ruleId}: ${m.message}`)
            .join('\n'),
        ];
      }),
    ) as Record<Case, string>;
  } finally {
    for (const c of names) rmSync(file(c), { force: true });
  }
}, 120000);

describe('module boundaries (lint)', () => {
  it('forbids libs/geo from importing another lib of ours', () => {
    // reported as the tag rule, or (since dispatch depends on geo) as the cycle it would make
    expect(found.geoImportsDispatch).toMatch(/type:geo.*cannot depend on any libs|Circular dependency between "geo" and "dispatch"/);
  });

  it('forbids the pure libs from importing NestJS, TypeORM or Redis clients', () => {
    expect(found.dispatchImportsNest).toMatch(/not allowed to import "@nestjs\/common"/);
    expect(found.resourcesImportsTypeorm).toMatch(/not allowed to import "typeorm"/);
    expect(found.geoImportsIoredis).toMatch(/not allowed to import "ioredis"/);
  });

  it('forbids libs from importing the apps, and deep imports into another project', () => {
    expect(found.libImportsApp).toMatch(/enforce-module-boundaries/);
    expect(found.consoleDeepImport).toMatch(/public entry/);
  });

  it('keeps Nest out of the console bundle and test support out of the api', () => {
    expect(found.consoleImportsNest).toMatch(/not allowed to import "@nestjs\/core"/);
    expect(found.apiImportsTesting).toMatch(/Test support is for tests only/);
  });

  it("lets a lib's specs read the data pack through the test support, and never the lib's code", () => {
    expect(found.geoImportsTesting).toMatch(/A project tagged with "type:geo" cannot depend on any libs/);
    expect(found['geoSpecReadsDataPack.spec']).toBe('');
  });

  it('lets the console use a lib through its public entry, and the api use the libs', () => {
    expect(found.consolePublicEntry).toBe('');
    expect(found.apiUsesLibs).toBe('');
  });

  it('keeps the gazetteer (and its pinyin dictionary) out of the console, and server packages out of it', () => {
    expect(found.consoleImportsPlaces).toMatch(/type:console.*can only depend on libs tagged with/);
    expect(found.placesImportsPg).toMatch(/not allowed to import "pg"/);
  });

  it('keeps the pure libs off the file system, processes and network (Node built-ins, node: too)', () => {
    expect(found.libReadsFiles).toMatch(/'fs' import is restricted.*touches no file, process, network or OS/);
    expect(found.libSpawns).toMatch(/'node:child_process' import is restricted.*touches no file/);
  });

  it('reads the environment only in the config module', () => {
    expect(found.apiReadsEnv).toMatch(/no-restricted-properties.*config module/);
    expect(found.libReadsEnv).toMatch(/no-restricted-properties/);
    expect(found.configReadsEnv).toBe('');
  });

  it('keeps apps/api/test (fault helpers, hostile values) out of production code', () => {
    expect(found.apiImportsTestSupport).toMatch(/Test support \(apps\/api\/test\) is for tests only/);
  });

  it('keeps TypeORM out of controllers and gateways (they inject repositories and use cases)', () => {
    expect(found['controllerUsesTypeorm.controller']).toMatch(/'typeorm' import is restricted.*Only repositories and infra\/db use TypeORM/);
    expect(found['gatewayInjectsDataSource.gateway']).toMatch(/'@nestjs\/typeorm' import is restricted/);
  });

  it('keeps TypeORM and pg out of use cases and services (they take repositories and the unit of work), and allows them in repositories', () => {
    expect(found.useCaseRunsTransaction).toMatch(/'typeorm' import is restricted.*unit of work/);
    expect(found.serviceOpensPg).toMatch(/'pg' import is restricted/);
    expect(found['queriesHere.repository']).toBe('');
  });

  it('refuses a source file over 400 lines', () => {
    expect(found.longFile).toMatch(/max-lines/);
  });

  it('errors on a floating promise', () => {
    expect(found.floatingPromise).toMatch(/no-floating-promises/);
  });
});
