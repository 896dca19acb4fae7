// Types for codeServer.js (plain CommonJS so scripts run before anything is compiled).
import type { Browser } from 'playwright-core';

export const REPO_ROOT: string;
export const QUIET_SETTINGS: Readonly<Record<string, unknown>>;
export function hostPaths(): { hostDir: string; nodeBin: string; nodeBinDir: string; entry: string };
export function freePort(preferred?: number): Promise<number>;
export function installVsix(vsix: string, extensionsDir: string): void;
export function killGroup(pid: number, graceMs?: number): Promise<void>;
export function trackGroup(pid: number): void;
export function launchChromium(): Promise<Browser>;

export interface CodeServerOptions {
  runDir: string;
  port?: number;
  preferredPort?: number;
  settings?: Record<string, unknown>;
  extensionsDir?: string;
  args?: string[];
  env?: Record<string, string>;
  folder?: string;
}

export interface CodeServer {
  url: string;
  workbenchUrl: string;
  port: number;
  pid: number;
  runDir: string;
  folder: string;
  logFile: string;
  /** The user settings.json; the workbench picks up changes to it while running. */
  settingsFile: string;
  stop(): Promise<void>;
}

export function startCodeServer(opts: CodeServerOptions): Promise<CodeServer>;
