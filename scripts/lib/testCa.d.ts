// Types for testCa.js (plain CommonJS so the integration launcher runs before anything is compiled).
export function makeTestCa(dir: string): { dir: string; ca: string; key: string; cert: string };
/** Environment for a host that trusts a fresh test CA (NODE_EXTRA_CA_CERTS, SSL_CERT_FILE, CLAUDE_CHAT_TEST_TLS_DIR). */
export function testTlsEnv(runDir: string): Record<string, string>;
