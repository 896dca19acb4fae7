// @ts-check
'use strict';
// Checks that the .vsix holds only what runs: reads the zip's central directory (no unzip needed)
// and reports its files, its size and anything that should not ship.
const fs = require('fs');
const path = require('path');

/** Largest .vsix we accept: the bundles are small, so a big file means something leaked in. */
const MAX_VSIX_BYTES = 2 * 1024 * 1024;
const REQUIRED = ['extension/package.json', 'extension/dist/extension.js', 'extension/dist/webview.js'];
const FORBIDDEN = [/^extension\/(src|test|out|bench|scripts|node_modules|\.ci|\.vscode-host|\.artifacts|docs)\//,
  /\.map$/, /\.ts$/, /\.vsix$/, /(^|\/)\.env/, /tsconfig.*\.json$/, /webpack\.config/];

/**
 * Lists the entries of a zip file.
 * @param {Buffer} buf
 * @returns {{ name: string, size: number }[]}
 */
function zipEntries(buf) {
  // End of central directory: signature 0x06054b50, within the last 64 KB (+22 bytes).
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 65557); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) { eocd = i; break; }
  }
  if (eocd < 0) throw new Error('not a zip file (no end of central directory)');
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const entries = [];
  for (let n = 0; n < count; n++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error('corrupt zip central directory');
    const size = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    entries.push({ name: buf.toString('utf8', p + 46, p + 46 + nameLen), size });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

/**
 * @param {string} vsixPath
 * @returns {{ problems: string[], summary: string, bytes: number, entries: { name: string, size: number }[] }}
 */
function checkVsix(vsixPath) {
  const problems = [];
  if (!fs.existsSync(vsixPath)) return { problems: [`${vsixPath} was not produced`], summary: '', bytes: 0, entries: [] };
  const buf = fs.readFileSync(vsixPath);
  const entries = zipEntries(buf);
  const names = new Set(entries.map((e) => e.name));
  for (const r of REQUIRED) if (!names.has(r)) problems.push(`missing from the .vsix: ${r}`);
  for (const e of entries) if (FORBIDDEN.some((re) => re.test(e.name))) problems.push(`should not ship: ${e.name}`);
  if (buf.length > MAX_VSIX_BYTES) problems.push(`.vsix is ${buf.length} bytes (limit ${MAX_VSIX_BYTES})`);
  const ext = entries.find((e) => e.name === 'extension/dist/extension.js');
  const web = entries.find((e) => e.name === 'extension/dist/webview.js');
  const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
  const summary = `${path.basename(vsixPath)}: ${kb(buf.length)}, ${entries.length} files; ` +
    `dist/extension.js ${ext ? kb(ext.size) : '-'}, dist/webview.js ${web ? kb(web.size) : '-'}`;
  return { problems, summary, bytes: buf.length, entries };
}

module.exports = { checkVsix, zipEntries, MAX_VSIX_BYTES };

if (require.main === module) {
  const report = checkVsix(path.resolve(process.argv[2] || 'claude-chat.vsix'));
  console.log(report.summary);
  for (const e of report.entries) console.log(`  ${e.name}  ${e.size}`);
  for (const p of report.problems) console.error(`PROBLEM: ${p}`);
  process.exitCode = report.problems.length ? 1 : 0;
}
