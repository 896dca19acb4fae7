import type { Notice, ToHostOf } from '../shared/protocol';
import type { EditorBridge } from './types';

/** A code-block or link action from the panel. */
export type EditorAction = ToHostOf<'editor/copy' | 'editor/insertCode' | 'editor/newFile' | 'editor/openLink'>;

/** Only web links leave the editor; `command:`, `file:`, `vscode:` and friends never do. */
export function isSafeLink(href: string): boolean {
  try {
    const url = new URL(href);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname.length > 0;
  } catch {
    return false;
  }
}

/** Carries out a code-block or link action from the panel; resolves with the outcome to show, if any. */
export async function handleEditorAction(m: EditorAction, editor: EditorBridge): Promise<Notice | undefined> {
  switch (m.type) {
    case 'editor/copy':
      await editor.copy(m.text);
      return { level: 'info', message: 'Copied to the clipboard.' };
    case 'editor/insertCode':
      return (await editor.insertCode(m.code)) ? { level: 'info', message: 'Inserted at the cursor.' } : { level: 'warn', message: 'Open an editor to insert code.' };
    case 'editor/newFile':
      await editor.newFile(m.code, m.language);
      return undefined;
    case 'editor/openLink':
      if (!isSafeLink(m.href)) return { level: 'warn', message: 'Only http and https links can be opened.' };
      await editor.openExternal(m.href);
      return undefined;
  }
}
