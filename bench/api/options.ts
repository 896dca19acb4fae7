/** Command-line options of the benchmarks: `--quick` and numeric `--name value` options, and a log line on stderr. */

/** Whether `--quick` was given (fewer rounds; sizes stay, so ratios keep their meaning). */
export const quick = process.argv.includes('--quick');

/** A numeric option; --quick takes `quickFallback` when the option is absent. */
export function num(name: string, fallback: number, quickFallback = fallback): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : quick ? quickFallback : fallback;
}

/** A progress line on stderr (stdout carries the table). */
export function log(s: string): void {
  process.stderr.write(`${s}\n`);
}
