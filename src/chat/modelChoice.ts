import type { PanelTiming } from './panelTiming';
import type { ChatLogger } from './types';

/**
 * The model of the next answer and the list the panel's picker offers: the setting, unless one
 * was picked in the panel since; the list from `/v1/models`, with the current model in it even
 * when the API does not list it (a gateway alias).
 */
export class ModelChoice {
  private models: readonly string[] = [];
  private picked: string | undefined;

  constructor(
    private readonly settingModel: () => string,
    private readonly timing: PanelTiming,
    private readonly logger: ChatLogger,
    private readonly now: () => number,
    private readonly listModels?: () => Promise<readonly string[]>,
  ) {}

  /** The model of the next request. */
  get current(): string {
    return this.picked ?? this.settingModel();
  }

  /** What the picker lists. */
  get list(): string[] {
    const model = this.current;
    return this.models.includes(model) ? [...this.models] : [model, ...this.models];
  }

  /** A model picked in the panel. */
  pick(model: string): void {
    this.picked = model;
  }

  /** Fetches the list; resolves true when it changed (the panel should get it). */
  async refresh(): Promise<boolean> {
    if (!this.listModels) return false;
    const start = this.now();
    try {
      this.models = [...(await this.listModels())].slice(0, 1000);
      this.timing.models(this.models.length, this.now() - start);
      return true;
    } catch (e) {
      this.timing.models(undefined, this.now() - start);
      this.logger.warn(`Could not list models: ${e instanceof Error ? e.message : String(e)}`);
      return false;
    }
  }
}
