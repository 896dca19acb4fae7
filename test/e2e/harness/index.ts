// Public surface of the e2e harness: import from 'test/e2e/harness' (relative path) in *.e2e.ts files.
export { startWorkbench } from './workbench';
export type { Workbench, WorkbenchOptions } from './workbench';
export { startEmulatorProcess, EMULATOR_MAIN } from './emulatorProcess';
export type { EmulatorProcess } from './emulatorProcess';
export { answerQuickInput, openPalette, statusBarItem, toast, waitForWorkbench } from './ui';
export { ARTIFACTS_DIR, REPO_ROOT, VSIX_PATH } from './paths';
export { PanelDriver } from './panel';
export type { ScrollBox } from './panel';
