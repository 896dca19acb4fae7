import * as assert from 'assert';
import type { MdWindow } from './support/pageEntry';
import { suitePage } from './support/page';


describe('markdown view behaviour in Chromium', function () {
  this.timeout(120_000);
  const page = suitePage();

  it('coalesces deltas: one DOM update per frame, nothing before the frame', async () => {
    const result = await page().page.evaluate(() => {
      const md = (window as unknown as MdWindow).__md;
      const root = document.createElement('div');
      document.body.append(root);
      const scheduler = md.createManualScheduler();
      const view = md.createMarkdownView(root, { scheduler });
      const mutations: number[] = [];
      const observer = new MutationObserver((records) => mutations.push(records.length));
      observer.observe(root, { childList: true, subtree: true, characterData: true });
      for (const word of 'one two three four five six seven eight nine ten'.split(' ')) view.append(word + ' ');
      const pendingBefore = scheduler.pending;
      const textBefore = root.textContent;
      const ran = scheduler.runFrame();
      const textAfter = root.textContent;
      const ranAgain = scheduler.runFrame();
      const flushed = observer.takeRecords().length + mutations.length;
      observer.disconnect();
      view.dispose();
      return { pendingBefore, textBefore, ran, textAfter, ranAgain, flushed };
    });
    assert.strictEqual(result.pendingBefore, 1, 'ten deltas asked for one frame');
    assert.strictEqual(result.textBefore, '', 'nothing rendered before the frame');
    assert.strictEqual(result.ran, 1);
    assert.match(result.textAfter ?? '', /one two three .* ten/);
    assert.strictEqual(result.ranAgain, 0, 'no frame requested without new text');
  });

  it('freezes finished blocks (same nodes later) and only re-renders the open block', async () => {
    const result = await page().page.evaluate(() => {
      const md = (window as unknown as MdWindow).__md;
      const root = document.createElement('div');
      document.body.append(root);
      const scheduler = md.createManualScheduler();
      const view = md.createMarkdownView(root, { scheduler });
      view.append('First paragraph.\n\nSecond paragraph\n');
      scheduler.runFrame();
      const first = root.querySelector('.md-chunk p');
      const openBefore = root.querySelector('.md-open p');
      view.append('continues.\n\nThird\n');
      scheduler.runFrame();
      const firstAfter = root.querySelector('.md-chunk p');
      const frozenCount = root.querySelectorAll('.md-chunk p').length;
      const openText = root.querySelector('.md-open')?.textContent;
      return {
        firstFrozen: first !== null && first === firstAfter && first.isConnected,
        openWasReplaced: openBefore !== null && !openBefore.isConnected,
        frozenCount,
        openText,
      };
    });
    assert.ok(result.firstFrozen, 'the first paragraph node survives later frames');
    assert.ok(result.openWasReplaced, 'the open block is re-rendered');
    assert.strictEqual(result.frozenCount, 2);
    assert.strictEqual(result.openText?.trim(), 'Third');
  });

  it('groups frozen blocks into wrappers of at most 64 blocks', async () => {
    const result = await page().page.evaluate(() => {
      const md = (window as unknown as MdWindow).__md;
      const root = document.createElement('div');
      const scheduler = md.createManualScheduler();
      const view = md.createMarkdownView(root, { scheduler });
      for (let i = 0; i < 200; i++) {
        view.append(`Paragraph ${i}.\n\n`);
        if (i % 7 === 0) scheduler.runFrame();
      }
      view.finish();
      const chunks = Array.from(root.querySelectorAll(':scope > .md-chunk'));
      return { sizes: chunks.map((c) => c.children.length), perChunk: md.BLOCKS_PER_CHUNK, last: root.lastElementChild?.className };
    });
    assert.strictEqual(result.perChunk, 64);
    assert.deepStrictEqual(result.sizes, [64, 64, 64, 8]);
    assert.strictEqual(result.last, 'md-open', 'the open block sits after the frozen wrappers');
  });

  it('renders code blocks with label and action buttons, highlights them once closed', async () => {
    const result = await page().page.evaluate(() => {
      const md = (window as unknown as MdWindow).__md;
      const root = document.createElement('div');
      const scheduler = md.createManualScheduler();
      // A clock that stands still: the frame budget is never spent, so the close highlights in this
      // frame however busy the machine is (the real clock made this fail under load).
      const view = md.createMarkdownView(root, { scheduler, clock: () => 0 });
      view.append('Intro\n\n```python\ndef f(x):\n    return x < 2 and "<b>"\n');
      scheduler.runFrame();
      const openHighlighted = root.querySelector('code.hljs') !== null;
      const openBlock = view.getCodeBlock(0);
      view.append('```\n\nAfter the code.\n');
      scheduler.runFrame();
      const frozenCode = root.querySelector('.md-chunk .md-code code');
      view.append('More text.\n');
      scheduler.runFrame();
      const sameNode = frozenCode === root.querySelector('.md-chunk .md-code code');
      const wrapper = root.querySelector('.md-code');
      return {
        openHighlighted,
        openBlock,
        closedBlock: view.getCodeBlock(0),
        missing: view.getCodeBlock(5) ?? null,
        count: view.codeBlockCount,
        highlighted: frozenCode?.classList.contains('hljs') ?? false,
        sameNode,
        label: wrapper?.querySelector('.md-code-lang')?.textContent,
        buttons: Array.from(wrapper?.querySelectorAll('button') ?? []).map((b) => `${b.getAttribute('data-action')}:${b.getAttribute('data-block-index')}:${b.getAttribute('aria-label')}`),
        inlineHandlers: Array.from(root.querySelectorAll('*')).some((e) => Array.from(e.attributes).some((a) => a.name.startsWith('on'))),
      };
    });
    assert.strictEqual(result.openHighlighted, false, 'not highlighted while open');
    assert.deepStrictEqual(result.openBlock, { index: 0, code: 'def f(x):\n    return x < 2 and "<b>"', language: 'python', complete: false });
    assert.deepStrictEqual(result.closedBlock, { index: 0, code: 'def f(x):\n    return x < 2 and "<b>"', language: 'python', complete: true });
    assert.strictEqual(result.missing, null);
    assert.strictEqual(result.count, 1);
    assert.ok(result.highlighted, 'highlighted once closed');
    assert.ok(result.sameNode, 'a closed block is not re-rendered (or re-highlighted) by later frames');
    assert.strictEqual(result.label, 'python');
    assert.deepStrictEqual(result.buttons, ['copy:0:Copy', 'insert:0:Insert at Cursor', 'newFile:0:Open in New File']);
    assert.strictEqual(result.inlineHandlers, false);
  });

  it('spreads highlighting of a closed block over frames, one step at a time when the budget is spent', async () => {
    const result = await page().page.evaluate(() => {
      const md = (window as unknown as MdWindow).__md;
      const root = document.createElement('div');
      const scheduler = md.createManualScheduler();
      // Every clock reading is 100 ms later: each frame's budget is spent after one step.
      let now = 0;
      const view = md.createMarkdownView(root, { scheduler, clock: () => (now += 100) });
      const line = 'const value = compute("text", 42); // comment\n';
      const code = line.repeat(400); // ~19 KB: highlight.js output is cut into many sanitize steps
      view.append('```ts\n' + code + '```\n\nAfter.\n');
      scheduler.runFrame();
      const codeElement = root.querySelector('.md-chunk code');
      const afterFreeze = { highlighted: codeElement?.classList.contains('hljs') ?? false, spans: codeElement?.querySelectorAll('span').length ?? -1, pending: scheduler.pending };
      let frames = 0;
      while (scheduler.pending > 0 && frames < 1000) {
        scheduler.runFrame();
        frames++;
      }
      const sameNode = codeElement === root.querySelector('.md-chunk code');
      const text = codeElement?.textContent;
      const highlighted = codeElement?.classList.contains('hljs') ?? false;
      const keywords = codeElement?.querySelectorAll('span.hljs-keyword').length ?? 0;
      const idle = scheduler.runFrame();
      view.dispose();
      return { afterFreeze, frames, sameNode, textKept: text === code, highlighted, keywords, idle };
    });
    assert.deepStrictEqual(result.afterFreeze, { highlighted: false, spans: 0, pending: 1 }, 'plain text first, and a frame asked for without new text');
    assert.ok(result.frames > 3, `highlighting took ${result.frames} more frames`);
    assert.ok(result.highlighted && result.keywords === 400, `highlighted in the end (${result.keywords} keywords)`);
    assert.ok(result.sameNode, 'highlighting replaces the children of the frozen <code>, not the block');
    assert.ok(result.textKept, 'the highlighted text is the code');
    assert.strictEqual(result.idle, 0, 'no frames once highlighting is done');
  });

  it('finish() and setText() complete pending highlighting synchronously', async () => {
    const result = await page().page.evaluate(() => {
      const md = (window as unknown as MdWindow).__md;
      const root = document.createElement('div');
      const scheduler = md.createManualScheduler();
      let now = 0;
      const view = md.createMarkdownView(root, { scheduler, clock: () => (now += 100) });
      view.append('```python\ndef f():\n    return 1\n```\n\n```go\nfunc main() {}\n```\n\nEnd');
      scheduler.runFrame();
      const before = root.querySelectorAll('code.hljs').length;
      view.finish();
      const afterFinish = root.querySelectorAll('code.hljs').length;
      const restored = document.createElement('div');
      const restoredView = md.createMarkdownView(restored, { scheduler: md.createManualScheduler(), clock: () => (now += 100) });
      restoredView.setText('```json\n{"a": 1}\n```\n\n```bash\necho hi\n```');
      const afterRestore = restored.querySelectorAll('code.hljs').length;
      view.dispose();
      restoredView.dispose();
      return { before, afterFinish, afterRestore };
    });
    assert.ok(result.before < 2, `not all highlighted after one frame (${result.before})`);
    assert.strictEqual(result.afterFinish, 2);
    assert.strictEqual(result.afterRestore, 2);
  });

  it('delegates code actions and link clicks (mouse and Enter) to the callbacks; dispose stops them', async () => {
    const result = await page().page.evaluate(() => {
      const md = (window as unknown as MdWindow).__md;
      const root = document.createElement('div');
      document.body.append(root);
      const calls: string[] = [];
      const view = md.createMarkdownView(root, {
        scheduler: md.createManualScheduler(),
        onCodeAction: (action, block) => calls.push(`${action}:${block.index}:${block.code}`),
        onOpenLink: (href) => calls.push(`open:${href}`),
      });
      view.setText('See [docs](https://example.com/a b) and [bad](javascript:alert(1)) and <https://x.example>.\n\n```\none\n```\n\n```ts\ntwo\n```\n');
      (root.querySelector('button[data-action="insert"][data-block-index="1"]') as HTMLElement).click();
      (root.querySelector('button[data-action="copy"][data-block-index="0"]') as HTMLElement).click();
      (root.querySelector('button[data-action="newFile"][data-block-index="1"] .codicon') as HTMLElement).click();
      const links = Array.from(root.querySelectorAll('a'));
      links[0].click();
      links[1].dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
      const info = {
        linkCount: links.length,
        hrefs: links.map((a) => a.getAttribute('href')),
        dataHrefs: links.map((a) => a.getAttribute('data-href')),
        badIsText: root.querySelector('.md-link-disabled')?.textContent,
      };
      view.dispose();
      const before = calls.length;
      links[0].click();
      return { calls, afterDispose: calls.length - before, ...info, emptied: root.childNodes.length === 0 };
    });
    assert.deepStrictEqual(result.calls, ['insert:1:two', 'copy:0:one', 'newFile:1:two', 'open:https://example.com/a', 'open:https://x.example/']);
    assert.strictEqual(result.linkCount, 2);
    assert.deepStrictEqual(result.hrefs, [null, null], 'links carry no href: the webview never navigates');
    assert.strictEqual(result.badIsText, 'bad');
    assert.strictEqual(result.afterDispose, 0);
    assert.ok(result.emptied);
  });

  it('restores with setText (finished), reopens on append, and matches a one-shot render', async () => {
    const result = await page().page.evaluate(() => {
      const md = (window as unknown as MdWindow).__md;
      const render = (text: string): string => {
        const box = document.createElement('div');
        md.createMarkdownView(box, { scheduler: md.createManualScheduler() }).setText(text);
        return box.innerHTML;
      };
      const root = document.createElement('div');
      const scheduler = md.createManualScheduler();
      const view = md.createMarkdownView(root, { scheduler });
      view.setText('Restored answer\n\n```js\nlet a = 1;\n```');
      const restoredHighlighted = root.querySelector('code.hljs') !== null;
      view.append('\n\nand it continues\r\nwith CRLF\rand CR');
      scheduler.runFrame();
      view.finish();
      return {
        restoredHighlighted,
        equal: root.innerHTML === render('Restored answer\n\n```js\nlet a = 1;\n```\n\nand it continues\nwith CRLF\nand CR'),
        text: view.text,
      };
    });
    assert.ok(result.restoredHighlighted);
    assert.ok(result.equal);
    assert.strictEqual(result.text, 'Restored answer\n\n```js\nlet a = 1;\n```\n\nand it continues\nwith CRLF\nand CR');
  });

  it('a reference definition arriving later turns earlier frozen references into links', async () => {
    const result = await page().page.evaluate(() => {
      const md = (window as unknown as MdWindow).__md;
      const root = document.createElement('div');
      const scheduler = md.createManualScheduler();
      const view = md.createMarkdownView(root, { scheduler });
      view.append('Read [the guide][g] first.\n\nMore.\n\nEven more.\n\n');
      scheduler.runFrame();
      const before = root.querySelectorAll('a').length;
      view.append('[g]: https://guide.example/start\n');
      scheduler.runFrame();
      return { before, after: root.querySelector('.md-chunk a')?.getAttribute('data-href') };
    });
    assert.strictEqual(result.before, 0);
    assert.strictEqual(result.after, 'https://guide.example/start');
  });

  it('a definition nobody frozen refers to does not re-render frozen blocks', async () => {
    const result = await page().page.evaluate(() => {
      const md = (window as unknown as MdWindow).__md;
      const root = document.createElement('div');
      const scheduler = md.createManualScheduler();
      const view = md.createMarkdownView(root, { scheduler });
      view.append('Para one.\n\nPara two.\n\n');
      scheduler.runFrame();
      const first = root.querySelector('.md-chunk p');
      for (const ch of '[zz]: https://zz.example/path\n') {
        view.append(ch);
        scheduler.runFrame();
      }
      view.append('Use [it][zz].\n');
      view.finish();
      const box = document.createElement('div');
      md.createMarkdownView(box).setText(view.text);
      return { kept: first !== null && first === root.querySelector('.md-chunk p'), equal: box.innerHTML === root.innerHTML, href: root.querySelector('a')?.getAttribute('data-href') };
    });
    assert.ok(result.kept, 'frozen paragraphs were not rebuilt');
    assert.ok(result.equal);
    assert.strictEqual(result.href, 'https://zz.example/path');
  });

  it('renders images as a link placeholder, never an <img>', async () => {
    const html = await page().page.evaluate(() => {
      const md = (window as unknown as MdWindow).__md;
      const root = document.createElement('div');
      md.createMarkdownView(root).setText('![diagram](https://example.com/d.png) ![local](file:///etc/passwd)');
      return root.innerHTML;
    });
    assert.doesNotMatch(html, /<img/);
    assert.match(html, /data-href="https:\/\/example\.com\/d\.png"[^>]*>Image: diagram</);
    assert.match(html, /<span class="md-link-disabled">Image: local<\/span>/);
  });

  it('uses requestAnimationFrame by default', async () => {
    const text = await page().page.evaluate(async () => {
      const md = (window as unknown as MdWindow).__md;
      const root = document.createElement('div');
      const view = md.createMarkdownView(root);
      view.append('**hello** frame');
      const before = root.textContent;
      await new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve())));
      return `${before}|${root.querySelector('strong')?.textContent ?? ''}`;
    });
    assert.strictEqual(text, '|hello');
  });
});
