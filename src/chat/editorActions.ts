import type { ToHost, ToWebview } from '../shared/protocol';
import type { EditorBridge } from './types';

type EditorAction = Extract<ToHost, { type: 'copy' | 'insertCode' | 'newFile' | 'openLink' }>;

/** Only web links leave the editor; `command:`, `file:`, `vscode:` and friends never do. */
export function isSafeLink(href: string): boolean {
  try {
    const url = new URL(href);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname.length > 0;
  } catch {
    return false;
  }
}

/** Carries out a code-block or link action from the panel and reports the outcome as a notice. */
export async function handleEditorAction(m: EditorAction, editor: EditorBridge, post: (msg: ToWebview) => void): Promise<void> {
  switch (m.type) {
    case 'copy':
      await editor.copy(m.text);
      post({ type: 'notice', level: 'info', message: 'Copied to the clipboard.' });
      return;
    case 'insertCode':
      if (await editor.insertCode(m.code)) post({ type: 'notice', level: 'info', message: 'Inserted at the cursor.' });
      else post({ type: 'notice', level: 'warn', message: 'Open an editor to insert code.' });
      return;
    case 'newFile':
      await editor.newFile(m.code, m.language);
      return;
    case 'openLink':
      if (!isSafeLink(m.href)) {
        post({ type: 'notice', level: 'warn', message: 'Only http and https links can be opened.' });
        return;
      }
      await editor.openExternal(m.href);
      return;
  }
}
