/**
 * Stand-in for the `whatwg-url` package that node-fetch v2 requires. Node (>= 10) has WHATWG
 * URL built in, so bundling the package (and tr46's tables) would only add weight.
 */
export const URL = globalThis.URL;
export const URLSearchParams = globalThis.URLSearchParams;
