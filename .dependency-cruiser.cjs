// @ts-check
// The layering rules of DESIGN.md "Layers", checked by `npm run lint:layers` and by `npm test`.
// Imports point downwards only: base <- api, shared <- host folders; the panel's browser code
// sees only shared and base. Type-only imports count: a type circle is still a circle a reader
// has to untangle, and `import type` of a host module from the library would still couple them.

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'No import circles, type-only included: give shared types their own file instead.',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'base-imports-nothing',
      severity: 'error',
      comment: 'src/base is the bottom layer (lifecycle, clock, redact, assertNever): it imports no other folder and no package.',
      from: { path: '^src/base/' },
      to: { pathNot: '^src/base/' },
    },
    {
      name: 'api-no-vscode',
      severity: 'error',
      comment: 'src/api is a plain-Node library: never vscode.',
      from: { path: '^src/api/' },
      to: { path: '^vscode$' },
    },
    {
      name: 'api-no-host',
      severity: 'error',
      comment: 'src/api imports only itself, src/base and npm packages: never host folders, shared or the panel.',
      from: { path: '^src/api/' },
      to: { path: '^src/', pathNot: '^src/(api|base)/' },
    },
    {
      name: 'shared-only-base',
      severity: 'error',
      comment: 'src/shared (the protocol both sides use) imports only src/base: no vscode, no DOM code, no host folders.',
      from: { path: '^src/shared/' },
      to: { path: '^src/|^vscode$', pathNot: '^src/(shared|base)/' },
    },
    {
      name: 'webview-ui-only-shared-and-base',
      severity: 'error',
      comment: 'The panel runs in the browser: it imports only src/shared and src/base (and browser packages).',
      from: { path: '^src/webview-ui/' },
      to: { path: '^src/|^vscode$', pathNot: '^src/(webview-ui|shared|base)/' },
    },
    {
      name: 'config-logging-history-editor-stay-in-their-lane',
      severity: 'error',
      comment: 'The host rooms under the chat and the commands (config, logging, history, editor) never import chat, commands, webview or statusBar.',
      from: { path: '^src/(config|logging|history|editor)/' },
      to: { path: '^src/(chat|commands|webview|webview-ui|statusBar)/|^src/extension[.]ts$' },
    },
    {
      name: 'nothing-imports-the-composition-root',
      severity: 'error',
      comment: 'extension.ts wires everything; nothing imports it.',
      from: { path: '^src/', pathNot: '^src/extension[.]ts$' },
      to: { path: '^src/extension[.]ts$' },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'An import that resolves to nothing is a broken file move.',
      from: { path: '^src/' },
      to: { couldNotResolve: true, pathNot: '^vscode$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(out|dist|node_modules)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
