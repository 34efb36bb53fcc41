// Writes the run's totals to <rootDir>/.jest-summary.json so the root test script can print one
// closing line over all packages, with the test files that skipped tests and how many.
const fs = require('node:fs');
const path = require('node:path');

class SummaryReporter {
  constructor(globalConfig) {
    this.rootDir = globalConfig.rootDir;
  }

  onRunComplete(_contexts, results) {
    const summary = {
      passed: results.numPassedTests,
      failed: results.numFailedTests,
      skipped: results.numPendingTests + results.numTodoTests,
      suitesFailed: results.numFailedTestSuites + results.numRuntimeErrorTestSuites,
      skippedFiles: results.testResults
        .filter((r) => r.numPendingTests + r.numTodoTests > 0)
        .map((r) => ({ file: path.relative(this.rootDir, r.testFilePath), skipped: r.numPendingTests + r.numTodoTests, of: r.testResults.length })),
    };
    const file = path.join(this.rootDir, '.jest-summary.json');
    fs.writeFileSync(`${file}.tmp`, JSON.stringify(summary));
    fs.renameSync(`${file}.tmp`, file);
  }
}

module.exports = SummaryReporter;
