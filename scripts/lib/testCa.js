// @ts-check
'use strict';
// A throw-away certificate authority and a server certificate for 127.0.0.2 / localhost, made
// with openssl for the integration run: the extension host trusts the CA through
// NODE_EXTRA_CA_CERTS, so a TLS test server on a non-loopback-looking address is a real https
// origin to the host's proxy support, its agents and its fetch.
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');

/** @param {string[]} args @param {string} cwd */
function openssl(args, cwd) {
  const res = spawnSync('openssl', args, { cwd, encoding: 'utf8' });
  if (res.error || res.status !== 0) {
    throw new Error(`openssl ${args[0]} failed: ${res.error ? res.error.message : res.stderr} (install openssl: bash scripts/setup-host.sh)`);
  }
}

/**
 * Writes ca.pem, server.key and server.pem into `dir`.
 * @param {string} dir
 * @returns {{ dir: string, ca: string, key: string, cert: string }}
 */
function makeTestCa(dir) {
  fs.mkdirSync(dir, { recursive: true });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl(['req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=Claude Chat integration test CA',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'], dir);
  openssl(['req', ...ec, '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=127.0.0.2'], dir);
  fs.writeFileSync(path.join(dir, 'server.ext'),
    'subjectAltName=IP:127.0.0.2,DNS:localhost\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature\nextendedKeyUsage=serverAuth\n');
  openssl(['x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.pem',
    '-days', '2', '-extfile', 'server.ext'], dir);
  return { dir, ca: path.join(dir, 'ca.pem'), key: path.join(dir, 'server.key'), cert: path.join(dir, 'server.pem') };
}

/**
 * A throw-away CA and a certificate for 127.0.0.2 (the transport suite's https server), trusted by
 * the host the two ways a user's company CA would be: NODE_EXTRA_CA_CERTS (Node's own TLS, which
 * the host's http agents use) and the system store (SSL_CERT_FILE: the OS bundle plus the CA),
 * which VS Code hands to fetch as an explicit CA list (http.systemCertificates), leaving
 * NODE_EXTRA_CA_CERTS out there. Both are read when the host's Node starts.
 * @param {string} runDir
 * @returns {Record<string, string>}
 */
function testTlsEnv(runDir) {
  const ca = makeTestCa(path.join(runDir, 'tls'));
  const osBundle = ['/etc/ssl/certs/ca-certificates.crt', '/etc/pki/tls/certs/ca-bundle.crt'].find((f) => fs.existsSync(f));
  const system = path.join(ca.dir, 'system-bundle.pem');
  fs.writeFileSync(system, `${osBundle ? fs.readFileSync(osBundle, 'utf8') : ''}\n${fs.readFileSync(ca.ca, 'utf8')}`);
  return { NODE_EXTRA_CA_CERTS: ca.ca, SSL_CERT_FILE: system, CLAUDE_CHAT_TEST_TLS_DIR: ca.dir };
}

module.exports = { makeTestCa, testTlsEnv };
