import * as vscode from 'vscode';
import type { HistoryStore } from '../history/historyStore';
import type { HistoryProblem } from '../history/historyTypes';
import type { Prompter } from '../ui/prompter';

/** Text of the warning for a history file that could not be used. */
export function problemMessage(problem: HistoryProblem): string {
  const name = problem.file.split(/[\\/]/).pop();
  if (problem.kind === 'newerVersion') {
    return `A saved Claude conversation (${name}) was ${problem.reason}.`;
  }
  const where = problem.movedTo
    ? ` It was kept aside as ${problem.movedTo.split(/[\\/]/).pop()}.`
    : ' It was left where it is, untouched, and is not listed.';
  return `A saved Claude conversation (${name}) could not be read (${problem.reason}).${where}`;
}

/**
 * What the warning offers: "Reveal" opens the file manager on desktop, or else (web, remote) the
 * file in an editor, which only suits a regular file within the size limit; for the rest (a file
 * too large to open, a folder, a pipe, a link, an unreadable file) "Copy Path" instead.
 */
function actionFor(problem: HistoryProblem): 'Reveal' | 'Copy Path' {
  if (vscode.env.uiKind === vscode.UIKind.Desktop && !vscode.env.remoteName) {
    return 'Reveal';
  }
  return problem.kind === 'corrupt' || problem.kind === 'newerVersion' ? 'Reveal' : 'Copy Path';
}

/** Shows the file: in the OS file manager on desktop, else (web, remote) in an editor. */
async function reveal(file: string): Promise<void> {
  const uri = vscode.Uri.file(file);
  if (vscode.env.uiKind === vscode.UIKind.Desktop && !vscode.env.remoteName) {
    await vscode.commands.executeCommand('revealFileInOS', uri);
    return;
  }
  await vscode.window.showTextDocument(uri, { preview: true });
}

/**
 * Warns the user about each unusable history file (once: the store reports each file once), with
 * "Reveal" or "Copy Path" to find it, and logs it. Never silent: the file is kept and the user is
 * told where.
 */
export function watchHistoryProblems(history: HistoryStore, prompter: Prompter, log: vscode.LogOutputChannel): vscode.Disposable {
  const sub = history.onDidFindCorrupt((problem) => {
    log.warn(`history: ${problem.kind} ${problem.file}${problem.movedTo ? ` -> ${problem.movedTo}` : ''}: ${problem.reason}`);
    const action = actionFor(problem);
    const file = problem.movedTo ?? problem.file;
    void prompter.warn(problemMessage(problem), action).then((choice) => {
      if (choice === 'Reveal') return reveal(file);
      if (choice === 'Copy Path') return vscode.env.clipboard.writeText(file);
      return undefined;
    });
  });
  let warnedSaveFailure = false;
  const failSub = history.onDidFailSave(({ id, error }) => {
    log.error(`history: saving ${id} failed: ${error.message}`);
    // One warning per window is enough: a full disk fails every background write.
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
