module.exports = {
  displayName: 'api',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
  globalSetup: '<rootDir>/../../tools/testing/src/global-setup.ts',
  testTimeout: 60000,
};
