// Shared Jest settings for every project: SWC transform (with Nest decorator metadata), the libs'
// public entries mapped by name, and a reporter that records counts for the closing summary line.
const path = require('path');

const libs = path.join(__dirname, 'libs');
// The data pack the tests read (never copied into the repository): DATA_DIR, else ../shared/data beside
// the checkout. Set here once for every project's specs (their workers inherit it); a spec that reads a
// file the pack lacks fails naming the path.
process.env.DATA_DIR = path.resolve(process.env.DATA_DIR || path.join(__dirname, '..', 'shared', 'data'));
// the public standards' schemas and protocol notes sit beside the data pack (../shared/standards): read there, never copied in
process.env.STANDARDS_DIR = path.resolve(process.env.STANDARDS_DIR || path.join(process.env.DATA_DIR, '..', 'standards'));
module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.[tj]s$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          target: 'es2022',
        },
        module: { type: 'commonjs' },
        sourceMaps: 'inline',
      },
    ],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: {
    '^@gan119/(geo|resources|dispatch|places|iot|interop)$': `${libs}/$1/src/index.ts`,
    '^@gan119/testing$': path.join(__dirname, 'tools/testing/src/index.ts'),
  },
  testMatch: ['**/?(*.)+(spec|integration-spec|e2e-spec).ts'],
  // the lint probes tools/testing writes for a moment (some named *.spec.ts) are never tests, even when another project's run sees them
  testPathIgnorePatterns: ['/node_modules/', '/lint-probe-'],
  reporters: ['default', path.join(__dirname, 'tools/jest/results-reporter.js')],
};
