import type { CodeAction, CodeBlockInfo, MarkdownViewOptions } from './types';
import { ATTR_ACTION, ATTR_BLOCK_INDEX, ATTR_HREF } from './decorate';

const ACTIONS: ReadonlySet<string> = new Set<CodeAction>(['copy', 'insert', 'newFile']);

/**
 * One delegated listener per view for the optional callbacks (no inline handlers, no listener per
 * button, so re-rendering the open block never leaks listeners). Returns the undo.
 */
export function attachDelegation(
  container: HTMLElement,
  options: MarkdownViewOptions,
  lookup: (index: number) => CodeBlockInfo | undefined,
): () => void {
  const { onCodeAction, onOpenLink } = options;
  if (!onCodeAction && !onOpenLink) return () => undefined;

  const activate = (target: EventTarget | null): boolean => {
    if (!(target instanceof Element)) return false;
    const button = onCodeAction ? target.closest(`button[${ATTR_ACTION}]`) : null;
    if (button && container.contains(button)) {
      const action = button.getAttribute(ATTR_ACTION) ?? '';
      const block = lookup(Number(button.getAttribute(ATTR_BLOCK_INDEX)));
      if (ACTIONS.has(action) && block) onCodeAction?.(action as CodeAction, block);
      return true;
    }
    const link = onOpenLink ? target.closest(`a[${ATTR_HREF}]`) : null;
    if (link && container.contains(link)) {
      const href = link.getAttribute(ATTR_HREF);
      if (href) onOpenLink?.(href);
      return true;
    }
    return false;
  };
  const onClick = (event: MouseEvent): void => {
    if (activate(event.target)) event.preventDefault();
  };
  const onKey = (event: KeyboardEvent): void => {
    // Buttons get Enter for free; links without href do not.
    if (event.key === 'Enter' && event.target instanceof Element && event.target.matches(`a[${ATTR_HREF}]`)) {
      if (activate(event.target)) event.preventDefault();
    }
  };
  container.addEventListener('click', onClick);
  container.addEventListener('keydown', onKey);
  return () => {
    container.removeEventListener('click', onClick);
    container.removeEventListener('keydown', onKey);
  };
}
