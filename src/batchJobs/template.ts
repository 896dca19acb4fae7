/**
 * Prompt templates of "Run Prompt over Files": `{{path}}`, `{{language}}` and `{{content}}` are
 * replaced per file in one pass, so a file that itself contains `{{path}}` is sent unchanged.
 */

/** The placeholders a template may use; `content` is required. */
export const PLACEHOLDERS = { path: '{{path}}', language: '{{language}}', content: '{{content}}' } as const;

/** What a template is filled with. */
export interface TemplateFile {
  path: string;
  language: string;
  content: string;
}

/** The template offered first. */
export const DEFAULT_TEMPLATE = 'Review {{path}} ({{language}}). List real bugs and risky code with line references, most serious first; say "No issues found" when there are none.\n\n{{content}}';

/** Why a template cannot be used, or undefined when it can. */
export function templateProblem(template: string): string | undefined {
  if (template.trim() === '') return 'The prompt template is empty.';
  if (!template.includes(PLACEHOLDERS.content)) return `The prompt template has no ${PLACEHOLDERS.content} placeholder, so no file would be sent. Add it where each file's text belongs.`;
  return undefined;
}

/** Fills the placeholders for one file. */
export function renderTemplate(template: string, file: TemplateFile): string {
  return template.replace(/\{\{(path|language|content)\}\}/g, (_all, name: keyof TemplateFile) => file[name]);
}

/** The most recent templates first, without duplicates, at most `limit`. */
export function rememberTemplate(recent: readonly string[], used: string, limit = 10): string[] {
  return [used, ...recent.filter((t) => t !== used)].slice(0, limit);
}

/** A one-line label for a template (quick picks, tree rows). */
export function templateLabel(template: string, max = 60): string {
  const line = template.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
