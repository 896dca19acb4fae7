// @ts-check
'use strict';
// Mocha reporter for `npm test`: prints the usual spec report and also writes the counts
// ({ level, passed, failed, skipped, durationMs, failures }) as JSON to $CLAUDE_CHAT_TEST_RESULT,
// so scripts/test-all.js can sum the levels without parsing human output.
const fs = require('fs');
const path = require('path');
const Mocha = require('mocha');

const { Spec } = Mocha.reporters;
const { EVENT_TEST_PASS, EVENT_TEST_FAIL, EVENT_TEST_PENDING, EVENT_RUN_END } = Mocha.Runner.constants;

class CountingReporter extends Spec {
  /** @param {Mocha.Runner} runner @param {Mocha.MochaOptions} options */
  constructor(runner, options) {
    super(runner, options);
    const started = Date.now();
    const result = { level: process.env.CLAUDE_CHAT_TEST_LEVEL || 'mocha', passed: 0, failed: 0, skipped: 0, durationMs: 0,
      /** @type {{ title: string, error: string }[]} */ failures: [] };
    runner.on(EVENT_TEST_PASS, () => { result.passed += 1; });
    runner.on(EVENT_TEST_PENDING, () => { result.skipped += 1; });
    // Hook failures ("before all" hook) arrive here too, so a broken setup is counted, not lost.
    runner.on(EVENT_TEST_FAIL, (test, err) => {
      result.failed += 1;
      result.failures.push({ title: test.fullTitle(), error: err && err.stack ? String(err.stack) : String(err) });
    });
    runner.once(EVENT_RUN_END, () => {
      result.durationMs = Date.now() - started;
      const file = process.env.CLAUDE_CHAT_TEST_RESULT;
      if (!file) return;
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, JSON.stringify(result, null, 2));
    });
  }
}

module.exports = CountingReporter;
