import { h, iconButton } from './dom';

/** What the header asks of the panel. */
export interface HeaderHost {
  pickModel(model: string): void;
}

/** Top bar: model picker, history toggle, new chat; and the plain-text banner (emulator mode). */
export class Header {
  readonly root: HTMLElement;
  readonly banner: HTMLElement;
  private readonly select: HTMLSelectElement;
  readonly historyButton: HTMLButtonElement;

  constructor(host: HeaderHost) {
    this.select = h('select', { class: 'model-picker', 'aria-label': 'Model', title: 'Model for new answers' });
    this.select.addEventListener('change', () => host.pickModel(this.select.value));
    this.historyButton = iconButton('list-unordered', 'Show conversations', 'toggle-history', { 'aria-expanded': 'false' });
    this.banner = h('div', { class: 'banner', role: 'status', hidden: true });
    this.root = h(
      'header',
      { class: 'header' },
      h('div', { class: 'header-row' }, this.select, h('span', { class: 'spacer' }), this.historyButton, iconButton('add', 'New chat', 'new-chat')),
      this.banner,
    );
  }

  setModels(models: readonly string[], model: string): void {
    const all = models.includes(model) ? models : [model, ...models];
    this.select.replaceChildren(...all.map((m) => h('option', { value: m, selected: m === model }, m)));
    this.select.value = model;
  }

  setBanner(text: string | undefined): void {
    this.banner.textContent = text ?? '';
    this.banner.hidden = !text;
  }

  setHistoryOpen(open: boolean): void {
    this.historyButton.setAttribute('aria-expanded', String(open));
    this.historyButton.classList.toggle('active', open);
  }
}
