/**
 * Which files a "Run Prompt over Files" job sends: the Explorer selection (files, and folders
 * walked with `vscode.workspace.findFiles`) or a glob, minus what `files.exclude` and
 * `search.exclude` hide. Binary files, files that are not UTF-8 and files over the size limit are
 * left out with the reason, so the user sees what was skipped before anything is sent.
 */
import * as path from 'path';
import * as vscode from 'vscode';
import type { SkippedFile } from './jobModel';

/** The API's limit of requests in one batch. */
export const MAX_FILES = 100_000;

/** One file to send. */
export interface GatheredFile {
  uri: vscode.Uri;
  /** Workspace-relative path with forward slashes. */
  path: string;
  language: string;
  content: string;
}

/** The outcome of {@link gatherFiles}. */
export interface Gathered {
  files: GatheredFile[];
  skipped: SkippedFile[];
  /** True when more files matched than one batch may hold (the rest were not read). */
  truncated: boolean;
}

const LANGUAGES: Record<string, string> = {
  ts: 'typescript', tsx: 'typescriptreact', js: 'javascript', jsx: 'javascriptreact', mjs: 'javascript', cjs: 'javascript',
  py: 'python', rb: 'ruby', go: 'go', rs: 'rust', java: 'java', kt: 'kotlin', swift: 'swift', c: 'c', h: 'c', cc: 'cpp',
  cpp: 'cpp', hpp: 'cpp', cs: 'csharp', php: 'php', sh: 'shellscript', md: 'markdown', json: 'json', yml: 'yaml',
  yaml: 'yaml', toml: 'toml', html: 'html', css: 'css', scss: 'scss', sql: 'sql', xml: 'xml', vue: 'vue', txt: 'plaintext',
};

/** A language id from the file name (documents are not opened, so 10,000 files cost no editor state). */
export function languageOf(fileName: string): string {
  const ext = path.extname(fileName).slice(1).toLowerCase();
  return LANGUAGES[ext] ?? (ext || 'plaintext');
}

/** The globs `files.exclude` and `search.exclude` turn on, as one pattern for findFiles (undefined: none). */
export function excludeGlob(read: (section: string) => Record<string, unknown> | undefined = (s) => vscode.workspace.getConfiguration().get(s)): string | undefined {
  const globs = new Set<string>();
  for (const section of ['files.exclude', 'search.exclude']) {
    for (const [glob, on] of Object.entries(read(section) ?? {})) if (on === true) globs.add(glob);
  }
  return globs.size ? `{${[...globs].join(',')}}` : undefined;
}

/** Why a file's bytes cannot go into a prompt, or undefined when they can. */
export function contentProblem(bytes: Uint8Array): string | undefined {
  if (bytes.subarray(0, 8192).includes(0)) return 'binary file';
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return undefined;
  } catch {
    return 'not UTF-8 text';
  }
}

const relative = (uri: vscode.Uri): string => vscode.workspace.asRelativePath(uri, false).replace(/\\/g, '/');

/** Files matching a glob in the workspace, or under the selected files and folders, deduplicated and sorted. */
export async function findCandidates(selection: readonly vscode.Uri[] | string, token?: vscode.CancellationToken): Promise<vscode.Uri[]> {
  const exclude = excludeGlob();
  const found = new Map<string, vscode.Uri>();
  const add = (uri: vscode.Uri): void => void found.set(uri.toString(), uri);
  if (typeof selection === 'string') {
    (await vscode.workspace.findFiles(selection, exclude, MAX_FILES + 1, token)).forEach(add);
  } else {
    for (const uri of selection) {
      const stat = await vscode.workspace.fs.stat(uri);
      if (stat.type & vscode.FileType.Directory) (await vscode.workspace.findFiles(new vscode.RelativePattern(uri, '**/*'), exclude, MAX_FILES + 1, token)).forEach(add);
      else add(uri);
    }
  }
  return [...found.values()].sort((a, b) => relative(a).localeCompare(relative(b)));
}

/** Reads the candidates, leaving out binary, non-UTF-8, empty and oversized files with the reason. */
export async function gatherFiles(uris: readonly vscode.Uri[], maxBytes: number): Promise<Gathered> {
  const files: GatheredFile[] = [];
  const skipped: SkippedFile[] = [];
  for (const uri of uris.slice(0, MAX_FILES)) {
    const rel = relative(uri);
    try {
      const stat = await vscode.workspace.fs.stat(uri);
      if (stat.size > maxBytes) {
        skipped.push({ path: rel, reason: `${Math.ceil(stat.size / 1024)} KB, over the ${Math.floor(maxBytes / 1024)} KB limit (claudeChat.batch.maxFileSizeKB)` });
        continue;
      }
      const bytes = await vscode.workspace.fs.readFile(uri);
      const problem = bytes.length === 0 ? 'empty file' : contentProblem(bytes);
      if (problem) skipped.push({ path: rel, reason: problem });
      else files.push({ uri, path: rel, language: languageOf(uri.path), content: new TextDecoder().decode(bytes) });
    } catch (err) {
      skipped.push({ path: rel, reason: `could not be read: ${err instanceof Error ? err.message : String(err)}` });
    }
  }
  return { files, skipped, truncated: uris.length > MAX_FILES };
}
