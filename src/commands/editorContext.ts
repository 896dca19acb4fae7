import * as vscode from 'vscode';
import type { ContextChip } from '../state/historyTypes';

/** Most characters of editor text sent as context; beyond this the text is cut and the user told. */
export const MAX_CONTEXT_CHARS = 150_000;

/** A context chip plus whether its text had to be cut. */
export interface EditorContext {
  readonly chip: ContextChip;
  readonly truncated: boolean;
}

function cut(text: string): { text: string; truncated: boolean } {
  return text.length > MAX_CONTEXT_CHARS ? { text: text.slice(0, MAX_CONTEXT_CHARS), truncated: true } : { text, truncated: false };
}

/** Workspace-relative name, so prompts and exports never carry the user's home path. */
export function displayName(uri: vscode.Uri): string {
  return uri.scheme === 'untitled' ? uri.path : vscode.workspace.asRelativePath(uri, false);
}

/**
 * The selection of `editor` as context, or undefined when nothing is selected.
 * Only the primary selection is used; the chip's lines are 1-based and inclusive.
 */
export function selectionContext(editor: vscode.TextEditor): EditorContext | undefined {
  const selection = editor.selection;
  if (selection.isEmpty) {
    return undefined;
  }
  const doc = editor.document;
  const startLine = selection.start.line + 1;
  // A selection ending at column 0 of a line does not include that line.
  const endLine = selection.end.character === 0 && selection.end.line > selection.start.line ? selection.end.line : selection.end.line + 1;
  const name = displayName(doc.uri);
  const { text, truncated } = cut(doc.getText(selection));
  const base = name.split('/').pop() ?? name;
  return {
    chip: {
      kind: 'selection',
      label: startLine === endLine ? `${base}:${startLine}` : `${base}:${startLine}-${endLine}`,
      fileName: name,
      uri: doc.uri.toString(),
      languageId: doc.languageId,
      startLine,
      endLine,
      text,
    },
    truncated,
  };
}

/** The whole document of `editor` as context. */
export function fileContext(editor: vscode.TextEditor): EditorContext {
  const doc = editor.document;
  const name = displayName(doc.uri);
  const { text, truncated } = cut(doc.getText());
  return {
    chip: { kind: 'file', label: name.split('/').pop() ?? name, fileName: name, uri: doc.uri.toString(), languageId: doc.languageId, text },
    truncated,
  };
}
