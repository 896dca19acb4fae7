/**
 * The dashboard's stored series on real files: kept across a restart, two windows adding up,
 * corrupt and newer files moved aside and reported, a failed write kept for the next save,
 * reset, retention and the save timer on a fake clock.
 */
import * as assert from 'node:assert/strict';
import { promises as fs } from 'fs';
import * as path from 'path';
import { useEmulator, BODY } from '../api/harness';
import { FakeClock, tick } from '../../support/fakeClock';
import { tempDir, namesIn } from '../history/historyTestUtil';
import { METRICS_FILE_NAME, MetricsHistory, SAVE_INTERVAL_MS } from '../../../src/dashboard/metricsHistory';
import type { MetricsFileProblem } from '../../../src/dashboard/metricsHistory';
import { summarize } from '../../../src/api/metrics/summary';
import { decodeSeries, encodeSeries } from '../../../src/api/metrics/seriesCodec';
import { callCost } from '../../../src/shared/pricing';

const T0 = Date.parse('2026-11-30T12:00:00Z');
const totals = (h: MetricsHistory): ReturnType<typeof summarize> => summarize(h.view.buckets(), 0, Infinity);

describe('dashboard: stored metrics', () => {
  const { client } = useEmulator();
  let dir: string;
  let cleanup: () => Promise<void>;
  let problems: MetricsFileProblem[];
  const open = (clock: FakeClock, retentionMs?: number): MetricsHistory =>
    new MetricsHistory({ folder: dir, clock, retentionMs, onProblem: (p) => problems.push(p) });

  beforeEach(async () => {
    ({ dir, cleanup } = await tempDir());
    problems = [];
  });
  afterEach(() => cleanup());

  it('what one session recorded is there after a restart, figures and cost unchanged', async () => {
    const clock = new FakeClock(T0);
    const c = client({ clock, costOf: callCost });
    const first = open(clock);
    await first.load();
    first.attach(c.metrics);
    await c.messages.create(BODY);
    await c.messages.create(BODY);
    const before = totals(first);
    await first.dispose();

    const second = open(new FakeClock(T0 + 3_600_000));
    await second.load();
    const after = totals(second);
    assert.equal(after.requests, 2);
    assert.deepEqual(after.tokens, before.tokens);
    assert.equal(after.costUsd, before.costUsd);
    assert.ok(after.costUsd > 0);
    assert.deepEqual(problems, []);
  });

  it('two windows sharing the folder add up instead of overwriting each other', async () => {
    const clock = new FakeClock(T0);
    const a = open(clock);
    const b = open(clock);
    await Promise.all([a.load(), b.load()]);
    const ca = client({ clock });
    const cb = client({ clock });
    a.attach(ca.metrics);
    b.attach(cb.metrics);
    await ca.messages.create(BODY);
    await cb.messages.create(BODY);
    await cb.messages.create(BODY);
    await a.save();
    await b.save();
    await ca.messages.create(BODY);
    await a.save();
    const file = decodeSeries(await fs.readFile(path.join(dir, METRICS_FILE_NAME)));
    assert.equal(summarize(file.minutes, 0, Infinity).requests, 4);
    assert.equal(totals(a).requests, 4, "a window's view shows the other window's saved minutes after its next save");
    assert.equal(totals(b).requests, 3, "b saved after a's first save, so it shows that one too");
  });

  it('a corrupt file is moved aside and reported once; the dashboard starts empty and saves anew', async () => {
    const file = path.join(dir, METRICS_FILE_NAME);
    await fs.writeFile(file, '{"schemaVersion":1,"kind":"claude-chat-metrics","minutes":[{"start":');
    const clock = new FakeClock(T0);
    const h = open(clock);
    await h.load();
    assert.equal(problems.length, 1);
    assert.equal(problems[0].kind, 'corrupt');
    assert.ok(problems[0].movedTo);
    assert.match(await fs.readFile(problems[0].movedTo, 'utf8'), /"start":$/, 'kept, byte for byte');
    assert.equal(h.view.size, 0);
    const c = client({ clock });
    h.attach(c.metrics);
    await c.messages.create(BODY);
    await h.save();
    assert.equal(summarize(decodeSeries(await fs.readFile(file)).minutes, 0, Infinity).requests, 1);
    assert.equal(problems.length, 1);
    assert.deepEqual((await namesIn(dir)).filter((n) => n.includes('corrupt')).length, 1);
  });

  it('a file from a newer version is moved aside and reported as newer, never read as ours', async () => {
    const text = encodeSeries({ savedAt: T0, retentionMs: 60_000, minutes: [] }).replace('"schemaVersion":1', '"schemaVersion":7');
    await fs.writeFile(path.join(dir, METRICS_FILE_NAME), text);
    const h = open(new FakeClock(T0));
    await h.load();
    assert.deepEqual(problems.map((p) => p.kind), ['newer']);
    assert.equal(await fs.readFile(problems[0].movedTo ?? '', 'utf8'), text);
  });

  it('a failed write is reported and its minutes are kept for the next save', async () => {
    const folder = path.join(dir, 'blocked');
    await fs.writeFile(folder, 'a file where the folder should be');
    const clock = new FakeClock(T0);
    const h = new MetricsHistory({ folder, clock, onProblem: (p) => problems.push(p) });
    const c = client({ clock });
    h.attach(c.metrics);
    await c.messages.create(BODY);
    await assert.rejects(h.save());
    assert.equal(problems[0].kind, 'unwritable');
    await c.messages.create(BODY);
    await assert.rejects(h.save());
    assert.equal(problems.length, 1, 'a write that keeps failing warns once');
    await fs.rm(folder);
    await c.messages.create(BODY);
    await h.save();
    assert.equal(summarize(decodeSeries(await fs.readFile(path.join(folder, METRICS_FILE_NAME))).minutes, 0, Infinity).requests, 3);
  });

  it('reset empties the view and the file', async () => {
    const clock = new FakeClock(T0);
    const h = open(clock);
    const c = client({ clock });
    h.attach(c.metrics);
    await c.messages.create(BODY);
    await h.save();
    await h.reset();
    assert.equal(h.view.size, 0);
    assert.deepEqual(decodeSeries(await fs.readFile(path.join(dir, METRICS_FILE_NAME))).minutes, []);
    await c.messages.create(BODY);
    assert.equal(totals(h).requests, 1, 'recording goes on after a reset');
  });

  it('saves on its own once a minute while there is something new; the retention bounds the file', async () => {
    const clock = new FakeClock(T0);
    const h = open(clock, 5 * 60_000);
    const c = client({ clock });
    h.attach(c.metrics);
    h.startAutoSave();
    clock.advance(SAVE_INTERVAL_MS);
    await tick();
    assert.deepEqual(await namesIn(dir), [], 'nothing recorded, nothing written');
    await c.messages.create(BODY);
    clock.advance(10 * 60_000);
    await c.messages.create(BODY);
    clock.advance(SAVE_INTERVAL_MS);
    for (let i = 0; i < 20 && !(await namesIn(dir)).includes(METRICS_FILE_NAME); i++) await new Promise((r) => setTimeout(r, 5));
    await h.save();
    const minutes = decodeSeries(await fs.readFile(path.join(dir, METRICS_FILE_NAME))).minutes;
    assert.equal(minutes.length, 1, 'the minute ten minutes back is past the 5-minute retention');
    await h.dispose();
  });
});
