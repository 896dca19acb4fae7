// Helpers of the batch jobs suite: files in the test workspace, a recorded progress notification
// whose Cancel a test can press, and what the emulator received.
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { AnthropicClient } from '../../../src/api';
import type { ProgressUi } from '../../../src/batchJobs/jobActions';
import type { Emulator, RecordedRequest } from '../../emulator/types';

/** A progress notification that records its messages; {@link cancelAll} presses Cancel on every open one. */
export class RecordedProgress implements ProgressUi {
  readonly titles: string[] = [];
  readonly reports: string[] = [];
  private readonly open = new Set<vscode.CancellationTokenSource>();

  run<T>(title: string, task: (report: (message: string) => void, token: vscode.CancellationToken) => Thenable<T>): Thenable<T> {
    this.titles.push(title);
    const source = new vscode.CancellationTokenSource();
    this.open.add(source);
    return Promise.resolve(task((m) => this.reports.push(m), source.token)).finally(() => {
      this.open.delete(source);
      source.dispose();
    });
  }

  cancelAll(): void {
    for (const source of this.open) source.cancel();
  }
}

/** `POST /v1/messages/batches` the emulator received. */
export function batchCreates(emulator: Emulator): RecordedRequest[] {
  return emulator.requests.filter((r) => r.method === 'POST' && r.path === '/v1/messages/batches');
}

/** Polls every few milliseconds (the defaults wait seconds, as the real API needs). */
export function fastPolls(client: AnthropicClient): void {
  client.batcher.configure({ pollIntervalMs: 10, maxPollIntervalMs: 20, minPollIntervalMs: 0, maxDelayMs: 0 });
}

/**
 * A folder in the test workspace with `count` small TypeScript files and, when count > 0, a binary
 * file, a 2 KB file and a file under node_modules (which search.exclude hides).
 */
export async function makeFiles(name: string, count: number): Promise<vscode.Uri> {
  const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? (await fs.mkdtemp(path.join(os.tmpdir(), 'cc-batch-ws-')));
  const dir = path.join(root, name);
  await fs.rm(dir, { recursive: true, force: true });
  await fs.mkdir(dir, { recursive: true });
  for (let i = 0; i < count; i++) await fs.writeFile(path.join(dir, `file-${String(i).padStart(2, '0')}.ts`), `export const n${i} = ${i};\n`);
  if (count > 0) {
    await fs.writeFile(path.join(dir, 'logo.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d]));
    await fs.writeFile(path.join(dir, 'big.txt'), 'x'.repeat(2048));
    await fs.mkdir(path.join(dir, 'node_modules'), { recursive: true });
    await fs.writeFile(path.join(dir, 'node_modules', 'dep.ts'), 'export const dep = 1;\n');
  }
  return vscode.Uri.file(dir);
}
