// Records each project's test counts in tmp/test-results/<project>.json so that the test command can
// close with one honest "N passed, N failed" line over every project. A suite that fails to load
// (syntax error, missing service at import time) counts as one failure.
const fs = require('fs');
const path = require('path');

class ResultsReporter {
  constructor(globalConfig) {
    this.globalConfig = globalConfig;
  }
  onRunComplete(_contexts, results) {
    const dir = path.join(__dirname, '..', '..', 'tmp', 'test-results');
    fs.mkdirSync(dir, { recursive: true });
    const name = path.basename(this.globalConfig.rootDir);
    const brokenSuites = results.testResults.filter((r) => r.testExecError && r.numFailingTests === 0).length;
    const out = {
      project: name,
      passed: results.numPassedTests,
      failed: results.numFailedTests + brokenSuites,
      skipped: results.numPendingTests + results.numTodoTests,
      suites: results.numTotalTestSuites,
    };
    fs.writeFileSync(path.join(dir, `${name}.json`), JSON.stringify(out));
  }
}
module.exports = ResultsReporter;
