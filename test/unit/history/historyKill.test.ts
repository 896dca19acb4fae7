// Crash safety under a real kill: a child process saves a ~1 MB conversation in a loop and is
// killed with SIGKILL at a seeded point; the file left behind must be a whole old or new version.
import * as assert from 'assert';
import { spawn } from 'child_process';
import { promises as fs, watch } from 'fs';
import * as path from 'path';
import { seededRandom } from '../../support/seededRandom';
import { isTempFileName } from '../../../src/history/atomicWrite';
import { HistoryStore } from '../../../src/history/historyStore';
import type { HistoryProblem } from '../../../src/history/historyTypes';
import { version } from './killChild';
import { tempDir } from './historyTestUtil';

const KILLS = 50;
const SEED = 4242;
const CHILD = path.join(__dirname, 'killChild.js');

interface KillRun {
  /** Highest version the child said it finished saving before it died. */
  readonly lastSaved: number;
  /** Highest version it said it started. */
  readonly lastStarted: number;
}

/**
 * Where a kill strikes, relative to the save of version `killAt`: when the child announces it
 * (before any byte is written), when its temp file appears (while it is written and fsynced), or
 * when the conversation's own name is renamed into place (before the folder is fsynced).
 */
type KillPoint = 'announced' | 'tempCreated' | 'renamed';
const KILL_POINTS: readonly KillPoint[] = ['announced', 'tempCreated', 'renamed'];

/** Runs the child and SIGKILLs it at `point` of its `killAt`-th save, reacting to stdout and to file events. */
function runAndKill(dir: string, id: string, killAt: number, point: KillPoint): Promise<KillRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, dir, id], { stdio: ['ignore', 'pipe', 'inherit'] });
    let lastSaved = 0;
    let lastStarted = 0;
    let buffered = '';
    const kill = (): void => void child.kill('SIGKILL');
    const watcher = watch(dir, (_event, name) => {
      if (lastStarted !== killAt || !name) return;
      if (point === 'tempCreated' && isTempFileName(name) && name.includes(`${id}.json`)) kill();
      if (point === 'renamed' && name === `${id}.json`) kill();
    });
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      buffered += chunk;
      for (let nl = buffered.indexOf('\n'); nl >= 0; nl = buffered.indexOf('\n')) {
        const [word, n] = buffered.slice(0, nl).split(' ');
        buffered = buffered.slice(nl + 1);
        if (word === 'saved') lastSaved = Number(n);
        if (word === 'saving') {
          lastStarted = Number(n);
          // A file event may have beaten the announcement: a late kill is still a kill mid-run.
          if (lastStarted === killAt && point === 'announced') kill();
          if (lastStarted > killAt) kill();
        }
      }
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      watcher.close();
      if (signal === 'SIGKILL') resolve({ lastSaved, lastStarted });
      else reject(new Error(`child ended by itself (${signal ?? code})`));
    });
  });
}

describe('HistoryStore: SIGKILL mid-save', function () {
  this.timeout(180_000);

  it(`${KILLS} kills of a saving process (seed ${SEED}) each leave a whole old or new version`, async () => {
    const random = seededRandom(SEED);
    const { dir, cleanup } = await tempDir();
    let midWrite = 0;
    let whole = 0;
    try {
      for (let i = 0; i < KILLS; i++) {
        const id = `k${i}`;
        const point = KILL_POINTS[Math.floor(random() * KILL_POINTS.length)];
        const run = await runAndKill(dir, id, 1 + Math.floor(random() * 3), point);
        const names = await fs.readdir(dir);
        if (names.some((n) => isTempFileName(n) && n.includes(`${id}.json`))) midWrite++;
        const store = new HistoryStore(dir);
        const problems: HistoryProblem[] = [];
        store.onDidFindCorrupt((p) => problems.push(p));
        try {
          const conv = await store.load(id);
          if (run.lastSaved === 0 && conv === undefined) continue; // killed during the very first save: the old state is "no file"
          assert.ok(conv, `kill ${i}: the file of ${id} is gone after ${run.lastSaved} saves`);
          const n = Number(conv.title.slice(1));
          assert.ok(n >= run.lastSaved, `kill ${i}: v${n} is older than the last finished save v${run.lastSaved}`);
          assert.deepStrictEqual(conv, version(id, n), `kill ${i}: v${n} is not whole`);
          assert.deepStrictEqual(problems, [], `kill ${i}: nothing reported`);
          whole++;
        } finally {
          store.dispose();
        }
      }
      // The list still works with whatever temp files the kills left behind.
      const store = new HistoryStore(dir);
      const listed = await store.list();
      store.dispose();
      assert.strictEqual(listed.length, whole, 'every whole file is listed, no temp file is');
      console.log(`      ${KILLS} kills: ${whole} whole files (the rest struck the first save: no file, the old state); ${midWrite} struck while a temp file was being written`);
    } finally {
      await cleanup();
    }
  });
});
