// Proves the suite runs inside a real VS Code extension host with the built extension loaded.
import * as assert from 'assert';
import * as path from 'path';
import * as vscode from 'vscode';

const EXTENSION_ID = 'claude-chat-dev.claude-chat';

describe('extension host smoke', () => {
  it('runs inside a real VS Code with a semver version', () => {
    assert.match(vscode.version, /^\d+\.\d+\.\d+/);
    const [major, minor] = vscode.version.split('.').map(Number);
    // engines.vscode is ^1.125.0: a host older than that would not load the extension at all.
    assert.ok(major > 1 || (major === 1 && minor >= 125), `unexpected VS Code ${vscode.version}`);
  });

  it('finds the extension under test, built as dist/extension.js', () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is not loaded`);
    const pkg = ext.packageJSON as { main?: string };
    assert.strictEqual(path.normalize(pkg.main ?? ''), path.normalize('dist/extension.js'));
  });

  it('activates the extension', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext);
    await ext.activate();
    assert.strictEqual(ext.isActive, true);
    // The host loaded the webpack bundle, not some compiled out/ file.
    const bundle = path.join(ext.extensionPath, 'dist', 'extension.js');
    assert.ok(require.cache[bundle], `expected ${bundle} in the module cache`);
  });

  it('registers claudeChat.ask', async () => {
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('claudeChat.ask'), 'claudeChat.ask is not registered');
  });

  it('registers every command it contributes (none is a dead palette entry)', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext);
    await ext.activate();
    const contributed = ((ext.packageJSON as { contributes?: { commands?: { command: string }[] } })
      .contributes?.commands ?? []).map((c) => c.command);
    assert.ok(contributed.length > 0, 'package.json contributes no commands');
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = contributed.filter((id) => !registered.has(id));
    assert.deepStrictEqual(missing, [], `contributed but not registered: ${missing.join(', ')}`);
  });
});
