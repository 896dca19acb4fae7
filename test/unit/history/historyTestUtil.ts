import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Conversation, StoredMessage } from '../../../src/history/historyTypes';

/** A fresh temp folder per test; removed by the returned cleanup. */
export async function tempDir(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'claude-history-'));
  return { dir, cleanup: () => fs.rm(dir, { recursive: true, force: true }) };
}

/** A user message. */
export function userMessage(id: string, content: string, createdAt: number, extra: Partial<StoredMessage> = {}): StoredMessage {
  return { id, role: 'user', content, status: 'complete', createdAt, ...extra };
}

/** An assistant message. */
export function assistantMessage(id: string, content: string, createdAt: number, extra: Partial<StoredMessage> = {}): StoredMessage {
  return { id, role: 'assistant', content, status: 'complete', createdAt, model: 'claude-test-1', ...extra };
}

/** `conv` with messages appended and updatedAt moved to `now`. */
export function withMessages(conv: Conversation, now: number, ...messages: StoredMessage[]): Conversation {
  return { ...conv, updatedAt: now, messages: [...conv.messages, ...messages] };
}

/** File names in `dir`, sorted. */
export async function namesIn(dir: string): Promise<string[]> {
  return (await fs.readdir(dir)).sort();
}
