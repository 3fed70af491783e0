module.exports = {
  displayName: 'console-e2e',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
  globalSetup: '<rootDir>/../../tools/testing/src/global-setup.ts',
  testTimeout: 120000,
  maxWorkers: 1,
};
