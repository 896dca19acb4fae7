// Types for testCa.js (plain CommonJS so the integration launcher runs before anything is compiled).
export function makeTestCa(dir: string): { dir: string; ca: string; key: string; cert: string };
