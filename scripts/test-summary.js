// Closes the test run: sums tmp/test-results/*.json (written by tools/jest/results-reporter.js) and
// prints "N passed, N failed" as the last line; exits non-zero when anything failed, including a lint
// or typecheck run (counted as one failure each) or a project whose tests did not report at all.
'use strict';
const fs = require('fs');
const path = require('path');

const [staticRc, testRc] = process.argv.slice(2).map(Number);
const dir = path.join(__dirname, '..', 'tmp', 'test-results');
const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.json')) : [];
let passed = 0;
let failed = 0;
let skipped = 0;
for (const f of files.sort()) {
  const r = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'));
  console.log(`  ${r.project.padEnd(14)} ${String(r.passed).padStart(5)} passed ${String(r.failed).padStart(4)} failed ${r.skipped ? `${r.skipped} skipped` : ''}`);
  passed += r.passed;
  failed += r.failed;
  skipped += r.skipped;
}
if (staticRc !== 0) {
  console.log('  lint/typecheck FAILED (see above)');
  failed += 1;
}
if (testRc !== 0 && failed === 0) {
  console.log('  a test target failed without reporting results (see above)');
  failed += 1;
}
if (passed === 0 && failed === 0) {
  console.log('  no test ran');
  failed += 1;
}
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 ? 1 : 0);
