/** Deterministic benchmark input: a long chat answer and the deltas it streams in. */

// The tests' seeded PRNG: the same corpus and the same splits on every run.
import { seededRandom } from '../../test/support/seededRandom';

const WORDS = (
  'the renderer streams tokens into blocks while the host keeps history and retries overloaded requests with ' +
  'backoff so every answer arrives intact even when the network stalls for a while and the panel stays responsive'
).split(' ');
const LANGS = ['ts', 'python', 'json', 'bash', 'css', 'html', 'go', 'rust', 'java', 'cpp', 'diff', 'yaml'];
const CODE_LINES: Record<string, string[]> = {
  ts: ['export function add(a: number, b: number): number {', '  return a + b; // sum', '}', 'const items = [1, 2, 3].map((n) => n * 2);'],
  python: ['def fib(n: int) -> int:', '    if n < 2:', '        return n', '    return fib(n - 1) + fib(n - 2)'],
  json: ['{', '  "name": "claude-chat",', '  "version": "0.1.0",', '  "private": true', '}'],
  bash: ['for f in *.ts; do', '  echo "checking $f"', '  npx eslint "$f" || exit 1', 'done'],
  css: ['.md-code {', '  border: 1px solid var(--vscode-widget-border);', '  padding: 4px 8px;', '}'],
  html: ['<div class="panel">', '  <button type="button">Send</button>', '</div>'],
  go: ['func main() {', '\tfmt.Println("hello")', '\tfor i := 0; i < 3; i++ { fmt.Println(i) }', '}'],
  rust: ['fn main() {', '    let v: Vec<u32> = (0..10).collect();', '    println!("{:?}", v);', '}'],
  java: ['public class Main {', '  public static void main(String[] args) {', '    System.out.println("hi");', '  }', '}'],
  cpp: ['#include <vector>', 'int main() {', '  std::vector<int> v{1, 2, 3};', '  return v.size();', '}'],
  diff: ['--- a/file.ts', '+++ b/file.ts', '@@ -1,3 +1,3 @@', '-const a = 1;', '+const a = 2;'],
  yaml: ['name: build', 'on: [push]', 'jobs:', '  test:', '    runs-on: ubuntu-latest'],
};

function sentence(random: () => number): string {
  const n = 8 + Math.floor(random() * 14);
  const words: string[] = [];
  for (let i = 0; i < n; i++) {
    let w = WORDS[Math.floor(random() * WORDS.length)];
    const r = random();
    if (r < 0.03) w = `**${w}**`;
    else if (r < 0.06) w = `*${w}*`;
    else if (r < 0.09) w = `\`${w}()\``;
    else if (r < 0.1) w = `[${w}](https://example.com/${w})`;
    words.push(w);
  }
  const s = words.join(' ');
  return s.charAt(0).toUpperCase() + s.slice(1) + '.';
}

function codeBlock(random: () => number, index: number, targetChars: number): string {
  const lang = LANGS[index % LANGS.length];
  const lines = CODE_LINES[lang];
  let body = '';
  for (let i = 0; body.length < targetChars; i++) body += lines[i % lines.length] + '\n';
  return '```' + lang + '\n' + body + '```\n\n' + (random() < 0.5 ? '' : '');
}

/**
 * About `bytes` characters of markdown: prose paragraphs, lists, headings, quotes, a table now and
 * then, and `codeBlocks` fenced code blocks spread evenly (about 30% of the text).
 */
export function generateAnswer(bytes: number, codeBlocks: number, seed = 2026): string {
  const random = seededRandom(seed);
  const codeChars = Math.floor((bytes * 0.3) / Math.max(1, codeBlocks));
  const codeEvery = bytes / (codeBlocks + 1);
  let out = '';
  let nextCode = codeEvery;
  let codeIndex = 0;
  let section = 1;
  while (out.length < bytes) {
    if (codeIndex < codeBlocks && out.length >= nextCode) {
      out += codeBlock(random, codeIndex++, codeChars);
      nextCode += codeEvery;
      continue;
    }
    const r = random();
    if (r < 0.08) out += `${'#'.repeat(2 + Math.floor(random() * 2))} Section ${section++}\n\n`;
    else if (r < 0.25) {
      const ordered = random() < 0.5;
      const n = 3 + Math.floor(random() * 4);
      for (let i = 0; i < n; i++) out += `${ordered ? `${i + 1}.` : '-'} ${sentence(random)}\n`;
      out += '\n';
    } else if (r < 0.3) out += `> ${sentence(random)}\n> ${sentence(random)}\n\n`;
    else if (r < 0.33) out += '| name | value |\n|---|---:|\n| retries | 4 |\n| timeout | 60 |\n\n';
    else {
      const n = 2 + Math.floor(random() * 4);
      const parts: string[] = [];
      for (let i = 0; i < n; i++) parts.push(sentence(random));
      out += parts.join(' ') + '\n\n';
    }
  }
  while (codeIndex < codeBlocks) out += codeBlock(random, codeIndex++, codeChars);
  return out;
}

/** Splits `text` into `count` deltas of random length (seeded), like a token stream. */
export function splitIntoDeltas(text: string, count: number, seed = 7): string[] {
  const random = seededRandom(seed);
  const mean = text.length / count;
  const cuts: number[] = [];
  for (let i = 1; i < count; i++) cuts.push(Math.floor(i * mean + (random() - 0.5) * mean));
  const deltas: string[] = [];
  let previous = 0;
  for (const cut of cuts) {
    const at = Math.max(previous + 1, Math.min(cut, text.length - 1));
    deltas.push(text.slice(previous, at));
    previous = at;
  }
  deltas.push(text.slice(previous));
  return deltas.filter((d) => d.length > 0);
}
