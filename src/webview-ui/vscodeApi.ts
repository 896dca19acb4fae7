import type { ToHost } from '../shared/protocol';

/** What the panel keeps across hide/show and reloads (small, no model output). */
export interface ViewState {
  readonly draft: string;
  readonly scrollTop: number;
  readonly historyOpen: boolean;
  /** The conversation shown, reopened after a window reload. */
  readonly conversationId?: string;
}

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

/** The panel's only channel to the host; typed so nothing unchecked is ever posted. */
export interface HostChannel {
  post(message: ToHost): void;
  loadState(): ViewState;
  saveState(state: ViewState): void;
}

const EMPTY: ViewState = { draft: '', scrollTop: 0, historyOpen: false };

/** Reads a stored view state defensively: it may come from an older build. */
export function toViewState(raw: unknown): ViewState {
  if (typeof raw !== 'object' || raw === null) return EMPTY;
  const r = raw as Record<string, unknown>;
  return {
    draft: typeof r.draft === 'string' ? r.draft.slice(0, 200_000) : '',
    scrollTop: typeof r.scrollTop === 'number' && Number.isFinite(r.scrollTop) ? Math.max(0, r.scrollTop) : 0,
    historyOpen: r.historyOpen === true,
    ...(typeof r.conversationId === 'string' && /^[A-Za-z0-9_.:-]{1,128}$/.test(r.conversationId) ? { conversationId: r.conversationId } : {}),
  };
}

/** Wraps `acquireVsCodeApi()` (callable once per page). */
export function hostChannel(): HostChannel {
  const api = acquireVsCodeApi();
  return {
    post: (m) => api.postMessage(m),
    loadState: () => toViewState(api.getState()),
    saveState: (s) => api.setState(s),
  };
}
