// Child process for historyKill.test.ts: saves one conversation over and over, each version about
// 1 MB, announcing each save on stdout, until the parent kills it with SIGKILL.
import { HistoryStore } from '../../../src/history/historyStore';
import type { Conversation } from '../../../src/history/historyTypes';

/** Version `n`: its number is in the title and in every message, so a torn mix cannot pass as whole. */
export function version(id: string, n: number): Conversation {
  const content = `v${n} `.repeat(100_000 / String(n).length);
  return {
    schemaVersion: 1,
    id,
    title: `v${n}`,
    createdAt: 1764000000000,
    updatedAt: 1764000000000 + n,
    messages: Array.from({ length: 4 }, (_, i) => ({ id: `m${i}`, role: i % 2 ? 'assistant' : 'user', content, status: 'complete', createdAt: 1764000000000 + n })),
  };
}

async function main(dir: string, id: string): Promise<void> {
  const store = new HistoryStore(dir);
  for (let n = 1; ; n++) {
    process.stdout.write(`saving ${n}\n`);
    await store.save(version(id, n));
    process.stdout.write(`saved ${n}\n`);
  }
}

if (require.main === module) {
  void main(process.argv[2], process.argv[3]);
}
