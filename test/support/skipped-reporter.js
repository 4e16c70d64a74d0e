/**
 * Jest reporter: after the run, names every group of skipped tests (a suite that needs a broker,
 * a browser or a tool this machine lacks), so a skip is never silent in the summary.
 */
class SkippedReporter {
  onRunComplete(_contexts, results) {
    const groups = new Map();
    for (const file of results.testResults) {
      for (const test of file.testResults) {
        if (test.status !== 'pending' && test.status !== 'todo') continue;
        const key = `${file.testFilePath.replace(`${process.cwd()}/`, '')}: ${test.ancestorTitles[0] ?? test.title}`;
        groups.set(key, (groups.get(key) ?? 0) + 1);
      }
    }
    if (groups.size === 0) return;
    const lines = [...groups].map(([key, count]) => `  ${key} (${count} test${count === 1 ? '' : 's'})`);
    process.stderr.write(`\nSkipped (see the messages above for how to run them):\n${lines.join('\n')}\n`);
  }
}
module.exports = SkippedReporter;
