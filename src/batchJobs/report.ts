/**
 * The Markdown report of a batch job: what was asked, one section per file with the answer, its
 * token usage and cost at the batch price, a table of the files that got no answer and why, and
 * the files left out before sending.
 */
import { batchCostOf, formatCost } from '../shared/pricing';
import type { BatchJob, JobItem } from './jobModel';
import { outcomeCounts } from './jobModel';
import { templateLabel } from './template';

/** Options of {@link jobReport}. */
export interface ReportOptions {
  /** Formats epoch ms (injected so reports are stable in tests). Default: ISO 8601 UTC. */
  formatTime?: (epochMs: number) => string;
}

const defaultFormat = (t: number): string => new Date(t).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');

/** One table cell: a single line with pipes escaped (GFM unescapes them inside code spans too), cut at `max` characters. */
function cell(text: string, max = 300): string {
  const line = text.replace(/\s+/g, ' ').trim().replace(/\|/g, '\\|');
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** Inline code that survives backticks in the text. */
function code(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((r) => r.length));
  const ticks = '`'.repeat(longest + 1);
  return longest ? `${ticks} ${text} ${ticks}` : `${ticks}${text}${ticks}`;
}

/** Headings of an answer (outside code fences) moved below the report's own file headings (### ). */
function demoteHeadings(text: string): string {
  let fence: string | undefined;
  return text
    .split('\n')
    .map((line) => {
      const f = /^\s{0,3}(`{3,}|~{3,})/.exec(line);
      if (f) {
        if (fence === undefined) fence = f[1][0];
        else if (f[1][0] === fence) fence = undefined;
        return line;
      }
      return fence === undefined ? line.replace(/^ {0,3}(#{1,6})(?=\s|$)/, (_m, hashes: string) => '#'.repeat(Math.min(6, hashes.length + 3))) : line;
    })
    .join('\n');
}

/** An answer as Markdown: headings demoted, and a fence the model left open closed, so it cannot swallow the rest of the report. */
function answerBlock(text: string): string {
  const body = demoteHeadings(text.replace(/\s+$/, ''));
  const fences = body.split('\n').filter((l) => /^\s{0,3}(```|~~~)/.test(l));
  if (fences.length % 2 === 0) return body || '_(empty answer)_';
  const open = /^\s{0,3}(`{3,}|~{3,})/.exec(fences[fences.length - 1])?.[1] ?? '```';
  return `${body}\n${open}`;
}

function usageLine(job: BatchJob, item: JobItem): string {
  const u = item.result?.usage;
  if (!u) return '';
  const cost = batchCostOf(job.model, u);
  return `<sub>${u.input_tokens} input / ${u.output_tokens} output tokens${cost === undefined ? '' : ` · ${formatCost(cost)} at the batch price`}</sub>`;
}

function totals(job: BatchJob): { input: number; output: number; cost: number | undefined } {
  let input = 0;
  let output = 0;
  let cost: number | undefined = 0;
  for (const item of job.items) {
    const u = item.result?.usage;
    if (!u) continue;
    input += u.input_tokens + u.cache_creation_input_tokens + u.cache_read_input_tokens;
    output += u.output_tokens;
    const c = batchCostOf(job.model, u);
    cost = c === undefined || cost === undefined ? undefined : cost + c;
  }
  return { input, output, cost };
}

/** Renders the report. */
export function jobReport(job: BatchJob, options: ReportOptions = {}): string {
  const fmt = options.formatTime ?? defaultFormat;
  const counts = outcomeCounts(job);
  const sum = totals(job);
  const out: string[] = [`# Batch job: ${cell(templateLabel(job.template), 80)}`, ''];
  out.push(
    `- **Status:** ${job.status}${job.error ? ` (${cell(job.error)})` : ''}`,
    `- **Batch:** ${job.batchId ? code(job.batchId) : '_not created_'} · **model:** ${code(job.model)} · **max tokens:** ${job.maxTokens}`,
    `- **Created:** ${fmt(job.createdAt)}${job.endedAt ? ` · **ended:** ${fmt(job.endedAt)}` : ''}`,
    `- **Files:** ${job.items.length} sent: ${counts.succeeded} answered, ${counts.errored} errored, ${counts.expired} expired, ${counts.canceled} canceled, ${counts.failed} failed, ${counts.waiting} waiting; ${job.skipped.length} skipped`,
    `- **Tokens:** ${sum.input} input / ${sum.output} output${sum.cost === undefined ? ' (no price known for this model)' : ` · **cost:** ${formatCost(sum.cost)} at the batch price (half the list price)`}`,
  );
  if (job.estimate) {
    const est = job.estimate.costUsd === undefined ? '' : ` (${formatCost(job.estimate.costUsd)})`;
    out.push(`- **Estimated before sending:** ${job.estimate.inputTokens} input tokens${est}`);
  }
  if (job.retryOf) out.push(`- **Retry of:** job ${code(job.retryOf)}`);
  const fence = '`'.repeat(Math.max(3, ...(job.template.match(/`+/g) ?? []).map((r) => r.length + 1)));
  out.push('', '## Prompt template', '', `${fence}text`, job.template, fence, '', '## Answers');
  const answered = job.items.filter((i) => i.result?.outcome === 'succeeded');
  if (answered.length === 0) out.push('', '_No answers._');
  for (const item of answered) {
    out.push('', `### ${code(item.path)} (${cell(item.language, 40)})`, '', answerBlock(item.result?.text ?? ''), '', usageLine(job, item));
  }
  const missing = job.items.filter((i) => i.result !== undefined && i.result.outcome !== 'succeeded');
  if (missing.length) {
    out.push('', '## Not answered', '', '| File | Result | Reason |', '| --- | --- | --- |');
    for (const item of missing) {
      const reason = [item.result?.errorType, item.result?.errorMessage].filter(Boolean).join(': ');
      out.push(`| ${cell(code(item.path))} | ${item.result?.outcome ?? ''} | ${cell(reason || '—')} |`);
    }
  }
  if (job.skipped.length) {
    out.push('', '## Skipped before sending', '', '| File | Reason |', '| --- | --- |');
    for (const s of job.skipped) out.push(`| ${cell(code(s.path))} | ${cell(s.reason)} |`);
  }
  return `${out.join('\n').replace(/\n{3,}/g, '\n\n')}\n`;
}
