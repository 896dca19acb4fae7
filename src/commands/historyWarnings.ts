import * as vscode from 'vscode';
import type { HistoryStore } from '../state/historyStore';
import type { HistoryProblem } from '../state/historyTypes';
import type { Prompter } from './prompter';

/** Text of the warning for a history file that could not be read. */
export function problemMessage(problem: HistoryProblem): string {
  const name = problem.file.split(/[\\/]/).pop();
  if (problem.kind === 'newerVersion') {
    return `A saved Claude conversation (${name}) was ${problem.reason}.`;
  }
  const aside = problem.movedTo ? ` It was kept aside as ${problem.movedTo.split(/[\\/]/).pop()}.` : '';
  return `A saved Claude conversation (${name}) could not be read (${problem.reason}).${aside}`;
}

/** Shows the moved file: in the OS file manager on desktop, else (web, remote) in an editor. */
async function reveal(file: string): Promise<void> {
  const uri = vscode.Uri.file(file);
  if (vscode.env.uiKind === vscode.UIKind.Desktop && !vscode.env.remoteName) {
    await vscode.commands.executeCommand('revealFileInOS', uri);
    return;
  }
  await vscode.window.showTextDocument(uri, { preview: true });
}

/**
 * Warns the user about each unreadable history file, with "Reveal" to look at it, and logs it.
 * Never silent: the file is kept and the user is told where.
 */
export function watchHistoryProblems(history: HistoryStore, prompter: Prompter, log: vscode.LogOutputChannel): vscode.Disposable {
  const sub = history.onDidFindCorrupt((problem) => {
    log.warn(`history: ${problem.kind} ${problem.file}${problem.movedTo ? ` -> ${problem.movedTo}` : ''}: ${problem.reason}`);
    void prompter.warn(problemMessage(problem), 'Reveal').then((choice) => (choice === 'Reveal' ? reveal(problem.movedTo ?? problem.file) : undefined));
  });
  let warnedSaveFailure = false;
  const failSub = history.onDidFailSave(({ id, error }) => {
    log.error(`history: saving ${id} failed: ${error.message}`);
    // One warning per session is enough: a full disk fails every throttled save.
    if (!warnedSaveFailure) {
      warnedSaveFailure = true;
      void prompter.warn(`Claude Chat could not save a conversation: ${error.message}`);
    }
  });
  return new vscode.Disposable(() => {
    sub.dispose();
    failSub.dispose();
  });
}
