import { h, icon, iconButton } from './dom';

/** What the header asks of the panel. */
export interface HeaderHost {
  pickModel(model: string): void;
}

/**
 * Top bar: the model picker, and the plain-text banner (emulator mode) on one line that can be
 * dismissed. New chat and history live in the view's title bar (VS Code's own actions), not here.
 */
export class Header {
  readonly root: HTMLElement;
  readonly banner: HTMLElement;
  private readonly bannerText: HTMLElement;
  private readonly select: HTMLSelectElement;

  constructor(host: HeaderHost) {
    this.select = h('select', { class: 'model-picker', 'aria-label': 'Model', title: 'Model for new answers' });
    this.select.addEventListener('change', () => host.pickModel(this.select.value));
    this.bannerText = h('span', { class: 'banner-text' });
    this.banner = h(
      'div',
      { class: 'banner', role: 'status', hidden: true },
      icon('beaker'),
      this.bannerText,
      iconButton('close', 'Dismiss', 'dismiss-banner', { class: 'icon-button banner-close' }),
    );
    this.root = h('header', { class: 'header' }, h('div', { class: 'header-row' }, this.select), this.banner);
  }

  setModels(models: readonly string[], model: string): void {
    const all = models.includes(model) ? models : [model, ...models];
    this.select.replaceChildren(...all.map((m) => h('option', { value: m, selected: m === model }, m)));
    this.select.value = model;
  }

  /** Shows the banner (its full text is also the tooltip, as one line may cut it). */
  setBanner(text: string | undefined): void {
    this.bannerText.textContent = text ?? '';
    this.banner.title = text ?? '';
    this.banner.hidden = !text;
  }
}
