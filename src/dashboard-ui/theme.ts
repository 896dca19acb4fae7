/**
 * Chart colours from the VS Code theme's own chart variables, read when a chart is built; the
 * charts are rebuilt when the theme changes (VS Code swaps the body's `vscode-*` class), so light,
 * dark and high-contrast themes need no colour of ours.
 */

/** Colours one chart uses. */
export interface ChartTheme {
  readonly foreground: string;
  readonly grid: string;
  readonly series: readonly string[];
  readonly good: string;
  readonly bad: string;
  readonly warn: string;
  readonly highContrast: boolean;
}

const FALLBACK = ['#3794ff', '#f14c4c', '#cca700', '#89d185', '#b180d7', '#d18616'];

/** The theme as it is now. */
export function currentTheme(): ChartTheme {
  const style = getComputedStyle(document.body);
  const v = (name: string, fallback: string): string => style.getPropertyValue(name).trim() || fallback;
  const series = ['blue', 'red', 'yellow', 'green', 'purple', 'orange'].map((c, i) => v(`--vscode-charts-${c}`, FALLBACK[i]));
  return {
    foreground: v('--vscode-charts-foreground', v('--vscode-foreground', '#888')),
    grid: v('--vscode-charts-lines', 'rgba(128,128,128,0.35)'),
    series,
    good: series[3],
    bad: series[1],
    warn: series[2],
    highContrast: document.body.classList.contains('vscode-high-contrast') || document.body.classList.contains('vscode-high-contrast-light'),
  };
}

/** Calls `onChange` when VS Code switches the theme. */
export function onThemeChange(onChange: () => void): void {
  let last = document.body.className;
  new MutationObserver(() => {
    if (document.body.className === last) return;
    last = document.body.className;
    onChange();
  }).observe(document.body, { attributes: true, attributeFilter: ['class'] });
}
