import * as assert from 'assert';
import type { ModelLike } from '../../../src/commands/commandDeps';
import { ModelCache } from '../../../src/commands/modelCache';

describe('ModelCache', () => {
  let now: number;
  let calls: number;
  let fail: boolean;
  const fetchModels = async (): Promise<ModelLike[]> => {
    calls++;
    if (fail) throw new Error('offline');
    return [{ id: `model-${calls}` }];
  };
  beforeEach(() => {
    now = 1000;
    calls = 0;
    fail = false;
  });

  it('reuses the list within the TTL and refetches after it', async () => {
    const cache = new ModelCache(fetchModels, 60_000, () => now);
    assert.deepStrictEqual(await cache.get(), [{ id: 'model-1' }]);
    now += 59_999;
    assert.deepStrictEqual(await cache.get(), [{ id: 'model-1' }]);
    now += 1;
    assert.deepStrictEqual(await cache.get(), [{ id: 'model-2' }]);
    assert.strictEqual(calls, 2);
  });

  it('shares one fetch between concurrent callers and can be forced or cleared', async () => {
    const cache = new ModelCache(fetchModels, 60_000, () => now);
    const [a, b] = await Promise.all([cache.get(), cache.get()]);
    assert.strictEqual(a, b);
    assert.strictEqual(calls, 1);
    await cache.get(true);
    assert.strictEqual(calls, 2);
    cache.clear();
    await cache.get();
    assert.strictEqual(calls, 3);
  });

  it('does not cache a failure, and keeps the last good list as stale', async () => {
    const cache = new ModelCache(fetchModels, 10, () => now);
    await cache.get();
    now += 10;
    fail = true;
    await assert.rejects(cache.get(), /offline/);
    assert.deepStrictEqual(cache.stale, [{ id: 'model-1' }]);
    fail = false;
    assert.deepStrictEqual(await cache.get(), [{ id: 'model-3' }]);
  });
});
