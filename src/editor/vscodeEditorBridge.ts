import * as vscode from 'vscode';
import type { EditorContextItem } from './editorContext';
import { fileContext, selectionContext } from './editorContext';

/**
 * The chat's editor side effects through the real vscode API (it fits the chat's EditorBridge
 * structurally: this room does not import the chat).
 */
export class VscodeEditorBridge {
  /** The last focused text editor: clicking in the panel takes focus away from it. */
  private lastEditor: vscode.TextEditor | undefined = vscode.window.activeTextEditor;
  private readonly sub: vscode.Disposable;

  constructor() {
    this.sub = vscode.window.onDidChangeActiveTextEditor((e) => {
      if (e) this.lastEditor = e;
    });
  }

  private editor(): vscode.TextEditor | undefined {
    const e = vscode.window.activeTextEditor ?? this.lastEditor;
    // A closed editor's document is disposed; fall back to any visible one.
    if (e && !e.document.isClosed) return e;
    return vscode.window.visibleTextEditors[0];
  }

  selection(): EditorContextItem | undefined {
    const e = this.editor();
    return e && selectionContext(e)?.item;
  }

  activeFile(): EditorContextItem | undefined {
    const e = this.editor();
    return e && fileContext(e).item;
  }

  async copy(text: string): Promise<void> {
    await vscode.env.clipboard.writeText(text);
  }

  async insertCode(code: string): Promise<boolean> {
    const e = this.editor();
    if (!e) return false;
    // A plain edit, not a snippet: model output may contain `$1` or `${x}` that must stay literal.
    const ok = await e.edit((b) => {
      for (const sel of e.selections) {
        // A block inserted at the start of a non-empty line gets its own line, not glued to the old one.
        const line = e.document.lineAt(sel.start.line);
        const ownLine = sel.isEmpty && sel.start.character === 0 && !line.isEmptyOrWhitespace && !code.endsWith('\n');
        b.replace(sel, ownLine ? `${code}\n` : code);
      }
    });
    if (ok) await vscode.window.showTextDocument(e.document, e.viewColumn);
    return ok;
  }

  async newFile(code: string, language?: string): Promise<void> {
    let doc: vscode.TextDocument;
    try {
      doc = await vscode.workspace.openTextDocument({ content: code, ...(language ? { language: knownLanguage(language) } : {}) });
    } catch {
      // An unknown fence label is not a language VS Code knows: open as plain text.
      doc = await vscode.workspace.openTextDocument({ content: code });
    }
    await vscode.window.showTextDocument(doc, { preview: false });
  }

  async openExternal(href: string): Promise<void> {
    await vscode.env.openExternal(vscode.Uri.parse(href, true));
  }

  dispose(): void {
    this.sub.dispose();
  }
}

/** Fence labels that differ from VS Code language ids. */
const ALIASES: Readonly<Record<string, string>> = {
  ts: 'typescript',
  js: 'javascript',
  py: 'python',
  sh: 'shellscript',
  bash: 'shellscript',
  shell: 'shellscript',
  zsh: 'shellscript',
  yml: 'yaml',
  md: 'markdown',
  rs: 'rust',
  cs: 'csharp',
  'c++': 'cpp',
  rb: 'ruby',
};

function knownLanguage(label: string): string {
  const l = label.toLowerCase();
  return ALIASES[l] ?? l;
}
