// Two tiers in one run: the api's own logic (*.spec.ts: config, DTO checks, mapping — no database, no
// global setup) and the integration specs on the real services (*.integration-spec.ts, each on a
// database cloned from a migrated template). `npx jest -c apps/api/jest.config.js --selectProjects
// api-unit` (or `nx run api:test-unit`) runs the first alone in seconds: Jest runs a project's global
// setup only when one of its specs is selected.
const path = require('path');
const preset = require('../../jest.preset.js');

const common = { ...preset, rootDir: __dirname, reporters: undefined };
delete common.reporters;

module.exports = {
  rootDir: __dirname,
  reporters: preset.reporters,
  // a global option in a multi-project config (a project's own is ignored): the integration specs' hooks start services
  testTimeout: 60000,
  projects: [
    {
      ...common,
      displayName: 'api-unit',
      testMatch: ['**/?(*.)+(spec).ts'],
      testPathIgnorePatterns: ['/node_modules/', '/lint-probe-', '\\.integration-spec\\.ts$'],
    },
    {
      ...common,
      displayName: 'api',
      testMatch: ['**/?(*.)+(integration-spec).ts'],
      globalSetup: path.join(__dirname, '../../tools/testing/src/global-setup.ts'),
    },
  ],
};
