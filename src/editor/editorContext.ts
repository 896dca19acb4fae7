import * as vscode from 'vscode';

/**
 * Most characters of editor text sent as context, from the palette commands and from the panel's
 * chips alike. Beyond it the text is cut, the model reads a note saying so, and the caller can
 * tell the user ({@link EditorContext.truncated}).
 */
export const MAX_CONTEXT_CHARS = 200_000;

/** Editor text as prompt context: what a chip shows and what goes to the model. */
export interface EditorContextItem {
  readonly kind: 'selection' | 'file';
  /** `file.ts` for a whole file, `file.ts:12` or `file.ts:12-30` for a selection. */
  readonly label: string;
  readonly text: string;
  /** VS Code language id, used as the fence's language. */
  readonly language?: string;
}

/** Context taken from an editor, plus what the prompt text should call it. */
export interface EditorContext {
  readonly item: EditorContextItem;
  /** Workspace-relative file name (never the user's home path). */
  readonly fileName: string;
  readonly truncated: boolean;
}

function cut(text: string): { text: string; truncated: boolean } {
  if (text.length <= MAX_CONTEXT_CHARS) return { text, truncated: false };
  return { text: `${text.slice(0, MAX_CONTEXT_CHARS)}\n… (cut at ${MAX_CONTEXT_CHARS} characters)`, truncated: true };
}

/** Workspace-relative name, so prompts and exports never carry the user's home path. */
export function displayName(uri: vscode.Uri): string {
  return uri.scheme === 'untitled' ? uri.path : vscode.workspace.asRelativePath(uri, false);
}

/** 1-based inclusive lines of a selection; one ending at column 0 does not include that line. */
export function selectionLines(selection: vscode.Selection): { start: number; end: number } {
  const start = selection.start.line + 1;
  const end = selection.end.character === 0 && selection.end.line > selection.start.line ? selection.end.line : selection.end.line + 1;
  return { start, end };
}

/** The primary selection of `editor` as context, or undefined when nothing is selected. */
export function selectionContext(editor: vscode.TextEditor): EditorContext | undefined {
  if (editor.selection.isEmpty) {
    return undefined;
  }
  const doc = editor.document;
  const fileName = displayName(doc.uri);
  const { start, end } = selectionLines(editor.selection);
  const { text, truncated } = cut(doc.getText(editor.selection));
  const label = start === end ? `${fileName}:${start}` : `${fileName}:${start}-${end}`;
  return { item: { kind: 'selection', label, text, language: doc.languageId }, fileName, truncated };
}

/** The whole document of `editor` as context. */
export function fileContext(editor: vscode.TextEditor): EditorContext {
  const doc = editor.document;
  const fileName = displayName(doc.uri);
  const { text, truncated } = cut(doc.getText());
  return { item: { kind: 'file', label: fileName, text, language: doc.languageId }, fileName, truncated };
}
