/**
 * When this bundle started evaluating, in `performance.now()` time (ms since the extension host
 * started). extension.ts imports this module first, so the time from here to the end of
 * activate() is the whole activation as the log reports it: evaluating the bundle, then activate().
 */
export const bundleStartedAt = performance.now();
