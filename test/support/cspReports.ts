/**
 * CSP violation reports, told apart by where they came from.
 *
 * Chromium 156 started reporting `script-src-attr` violations for merely parsing a handler
 * attribute in an inert document (DOMParser, `<template>`, a detached element), which is exactly
 * what a sanitizer does before it removes the attribute. Measured in Chromium 156.0.8078.114:
 * - a parse in an inert or detached tree reports with the page's *document* as the event target;
 * - a handler that reaches the live DOM (parsed there, adopted, imported, or fired after being
 *   attached) reports with the live *element* as the target.
 * The target is resolved when the event is dispatched, which is after the sanitizer ran: an
 * element parsed inert and then inserted (its handler already removed) reports as a live element.
 * So a report on a live element counts as harmless only if that element no longer carries what
 * was blocked (no `on*` attribute for `script-src-attr`, no `style` for `style-src-attr`).
 * Older Chromium reported nothing for the inert parse. Everything else (a live element that
 * carries a handler or style, any other directive, a detached target) means something tried to
 * run or load.
 */

/** One `securitypolicyviolation` event as the page recorded it. */
export interface CspReport {
  directive: string;
  blockedURI: string;
  /**
   * `live`: an element of the page's document that carries what was blocked; `adopted`: one that no
   * longer does (parsed inert, sanitized, then inserted); `document`: the document itself; `other`:
   * anything else (a detached element, a window).
   */
  target: 'live' | 'adopted' | 'document' | 'other';
  /** First characters of the blocked code (the page's CSP asks for `'report-sample'`). */
  sample: string;
}

/** Directives a parse in an inert document reports for an inline attribute or style. */
const PARSE_TIME = /^(script-src-attr|style-src-attr|style-src-elem)$/;

/** True when the report can only come from parsing in an inert document (nothing ran or loaded). */
export function isParseTimeReport(report: CspReport): boolean {
  return (report.target === 'document' || report.target === 'adopted') && PARSE_TIME.test(report.directive) && report.blockedURI === 'inline';
}

/** The reports that mean something tried to run or load, as readable lines. */
export function attemptsIn(reports: readonly CspReport[]): string[] {
  return reports.filter((r) => !isParseTimeReport(r)).map(describeReport);
}

/** One line per report, for assertion messages. */
export function describeReport(r: CspReport): string {
  return `${r.directive} ${r.blockedURI} on ${r.target}${r.sample ? ` (${JSON.stringify(r.sample)})` : ''}`;
}

/**
 * Page-side recorder (serialised by playwright: self-contained). Installs a capturing listener
 * that classifies each report's target at dispatch time.
 */
export function installCspRecorder(): void {
  const w = window as unknown as { __violations: CspReport[] };
  w.__violations = [];
  document.addEventListener('securitypolicyviolation', (e) => {
    const t = e.target;
    let target: CspReport['target'] = 'other';
    if (t === document) target = 'document';
    else if (t instanceof Element && t.isConnected && t.ownerDocument === document) {
      const names = Array.from(t.attributes, (a) => a.name.toLowerCase());
      const carries = e.violatedDirective === 'style-src-attr' ? names.includes('style')
        : e.violatedDirective === 'script-src-attr' ? names.some((n) => n.startsWith('on'))
        : true;
      target = carries ? 'live' : 'adopted';
    }
    w.__violations.push({ directive: e.violatedDirective, blockedURI: e.blockedURI, target, sample: e.sample });
  }, true);
}
