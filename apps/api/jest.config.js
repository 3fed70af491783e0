module.exports = {
  displayName: 'api',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
  globalSetup: '<rootDir>/../../tools/testing/src/global-setup.ts',
  testTimeout: 60000,
  // A BullMQ/ioredis client pointed at a closed port (the Redis-down health test) can keep a
  // reconnect timer alive after the app has closed; every test has finished and reported by then.
  // Known loose end: find and close that handle instead.
  forceExit: true,
};
