/**
 * Hostile model output. `X` is replaced by JavaScript that sets the canary (`top.__pwned`) to the
 * payload's id, `URL` by a path on the test server whose hit is counted: a payload that runs or
 * loads anything is caught and named.
 */
const TEMPLATES: ReadonlyArray<readonly [string, string]> = [
  // script and event handlers
  ['script', '<script>X</script>'],
  ['script-unclosed', '<script>X'],
  ['script-inline', 'text <script>X</script> more'],
  ['script-src', '<script src="URL"></script>'],
  ['img-onerror', '<img src=x onerror="X">'],
  ['img-onerror-inline', 'see <img src=x onerror="X"> here'],
  ['img-src-remote', '<img src="URL">'],
  ['img-srcset', '<img srcset="URL 1x">'],
  ['picture-source', '<picture><source srcset="URL"><img src="URL"></picture>'],
  ['b-onclick', 'Hello <b onclick="X">bold</b> world'],
  ['a-onmouseover', '<a href="https://ok.example/" onmouseover="X" onclick="X">hover</a>'],
  ['x-custom-onclick', '<x-foo onclick="X">custom</x-foo>'],
  ['input-autofocus', '<input autofocus onfocus="X">'],
  ['details-ontoggle', '<details open ontoggle="X"><summary>s</summary>d</details>'],
  ['body-onload', '<body onload="X">'],
  ['video-source', '<video><source onerror="X"></video>'],
  ['audio-onerror', '<audio src=x onerror="X"></audio>'],
  ['marquee', '<marquee onstart="X">m</marquee>'],
  ['div-style-url', '<div style="background:url(URL)">styled</div>'],
  ['span-style-overlay', '<span style="position:fixed;inset:0;z-index:9">overlay</span>'],
  // svg / mathml
  ['svg-onload', '<svg onload="X"></svg>'],
  ['svg-script', '<svg><script>X</script></svg>'],
  ['svg-animate', '<svg><animate onbegin="X" attributeName="x" dur="1s"/></svg>'],
  ['svg-a-xlink', '<svg><a xlink:href="javascript:X"><text x="10" y="20">click</text></a></svg>'],
  ['svg-foreignobject', '<svg><foreignObject><img src=x onerror="X"></foreignObject></svg>'],
  ['math-href', '<math href="javascript:X"><mi>click</mi></math>'],
  ['math-maction', '<math><maction actiontype="statusline" xlink:href="javascript:X">m</maction></math>'],
  ['math-mglyph-style', '<math><mtext><table><mglyph><style><img src=x onerror="X">'],
  ['math-mi-mglyph', '<math><mi><mglyph><svg><mtext><textarea><path id="</textarea><img onerror="X" src=1>">'],
  ['form-math-mxss', '<form><math><mtext></form><form><mglyph><style></math><img src onerror="X">'],
  // javascript:, data:, vbscript: URLs in markdown and in HTML
  ['md-js-link', '[click](javascript:X)'],
  ['md-js-mixed-case', '[click](JaVaScRiPt:X)'],
  ['md-js-entity', '[click](&#106;avascript:X)'],
  ['md-js-entity-mid', '[click](javas&#99;ript:X)'],
  ['md-js-hex-entity', '[click](&#x6A;&#x61;vascript:X)'],
  ['md-js-colon-entity', '[click](javascript&colon;X)'],
  ['md-js-angle-space', '[click](<java script:X>)'],
  ['md-js-leading-space', '[click](<  javascript:X>)'],
  ['md-js-tab-entity', '[click](java&#9;script:X)'],
  ['md-js-newline-entity', '[click](java&#10;script:X)'],
  ['md-vbscript', '[click](vbscript:msgbox(1))'],
  ['md-data-html', '[click](data:text/html;base64,PHNjcmlwdD50b3AuX19wd25lZD0xPC9zY3JpcHQ+)'],
  ['md-ref-js', '[click][r]\n\n[r]: javascript:X'],
  ['md-image-js', '![img](javascript:X)'],
  ['md-image-remote', '![img](URL)'],
  ['md-image-alt-break', '![x" onerror="X](https://example.com/a.png)'],
  ['html-a-js', '<a href="javascript:X">click</a>'],
  ['html-a-js-tab', '<a href="jav&#x09;ascript:X">click</a>'],
  ['html-a-js-space', '<a href=" javascript:X">click</a>'],
  ['html-a-data', '<a href="data:text/html,<script>X</script>">click</a>'],
  ['html-a-target', '<a href="https://ok.example/" target="_blank">external</a>'],
  // frames, objects, styles, meta, forms, base
  ['iframe-srcdoc', '<iframe srcdoc="<script>X</script>"></iframe>'],
  ['iframe-js', '<iframe src="javascript:X"></iframe>'],
  ['object-data', '<object data="javascript:X"></object>'],
  ['embed-src', '<embed src="javascript:X">'],
  ['style-import', "<style>@import 'URL'; body { background: url(URL) }</style>"],
  ['style-inline', 'a <style>body{background:url(URL)}</style> b'],
  ['link-stylesheet', '<link rel="stylesheet" href="URL">'],
  ['meta-refresh-js', '<meta http-equiv="refresh" content="0;url=javascript:X">'],
  ['meta-refresh-url', '<meta http-equiv="refresh" content="0;url=URL">'],
  ['base-href', '<base href="javascript:/">'],
  ['form-action', '<form action="javascript:X"><button>go</button></form>'],
  ['form-formaction', '<form><input type="submit" formaction="javascript:X" value="go"></form>'],
  ['button-formaction', '<button formaction="javascript:X">go</button>'],
  // code fences and inline code
  ['fence-lang-img', '```"><img src=x onerror="X">\ncode\n```'],
  ['fence-lang-script', '```<script>X</script>\ncode\n```'],
  ['fence-lang-attr', '``` onload=X class=x\ncode\n```'],
  ['fence-body-html', '```html\n<img src=x onerror="X"><script>X</script>\n```'],
  ['fence-unclosed-html', '```js\n</code></pre><img src=x onerror="X">'],
  ['inline-code-html', '`<img src=x onerror="X">` and `</code><img src=x onerror="X">`'],
  // link titles and autolinks
  ['link-title-break', '[a](https://ok.example/ "\\"><img src=x onerror=X>")'],
  ['link-title-single', "[a](https://ok.example/ 'onmouseover=X')"],
  ['autolink-js', '<javascript:X>'],
  ['autolink-quote', '<https://ok.example/"><img src=x onerror="X">>'],
  ['autolink-bare-quote', 'https://ok.example/"onmouseover="X" and www.ok.example/"onmouseover="X"'],
  ['autolink-bare-tag', 'https://ok.example/<img src=x onerror="X">'],
  ['autolink-email-js', '<javascript:X@example.com>'],
  // mutation XSS classics
  ['noscript-title', '<noscript><p title="</noscript><img src=x onerror=X>">'],
  ['template-img', '<template><img src=x onerror="X"></template>'],
  ['svg-style-img', '<svg><style><img src=x onerror="X"></style></svg>'],
  ['svg-p-style', '<svg></p><style><a id="</style><img src=1 onerror=X>">'],
  ['table-svg-desc', '<table><tr><td><svg><desc><table><tr><td><img src=x onerror="X">'],
  ['comment-break', '<!--><img src=x onerror="X">-->'],
  ['comment-unclosed', '<!-- <img src=x onerror="X">'],
  ['cdata', '<![CDATA[><img src=x onerror="X">]]>'],
  ['xmp', '<xmp><p title="</xmp><img src=x onerror=X>">'],
  ['textarea-break', '<textarea><p title="</textarea><img src=x onerror=X>">'],
  ['title-break', '<title><p title="</title><img src=x onerror=X>">'],
  ['iframe-text-break', '<iframe><p title="</iframe><img src=x onerror=X>">'],
  ['plaintext', '<plaintext><img src=x onerror="X">'],
  // DOM clobbering and spoofing the panel's delegation attributes
  ['clobber-id', '<a id="__md">x</a><form name="getElementById"></form><img name="createElement">'],
  ['clobber-name', '<a name="root">root</a> <span id="root">r</span>'],
  ['spoof-data-action', '<span data-action="insert" data-block-index="0">click me</span> <a data-href="javascript:X">l</a>'],
  ['spoof-button', '<button data-action="copy" data-block-index="0" class="md-code-action">b</button>'],
  // markdown structure around HTML
  ['html-in-list', '- item <img src=x onerror="X">\n- <script>X</script>'],
  ['html-in-quote', '> <svg onload="X">\n> quoted'],
  ['html-in-table', '| a |\n|---|\n| <img src=x onerror="X"> |'],
  ['html-in-heading', '# <img src=x onerror="X"> title'],
  ['html-entity-tag', '&lt;img src=x onerror="X"&gt; stays text'],
  ['a-ping', '<a href="https://ok.example/" ping="URL">ping</a>'],
  ['a-relative', '<a href="URL">relative</a> and [md relative](URL)'],
  ['form-action-url', '<form action="URL"><button>send</button><input type="image" src="URL"></form>'],
  ['iframe-src-url', '<iframe src="URL"></iframe><object data="URL"></object><embed src="URL">'],
  ['area-map', '<map name="m"><area shape="rect" coords="0,0,9,9" href="javascript:X"></map>'],
  ['isindex-keygen', '<isindex action="javascript:X" type="image"><keygen autofocus onfocus="X">'],
  ['popover', '<div popover id="p" onbeforetoggle="X" ontoggle="X">p</div><button popovertarget="p">open</button>'],
  ['svg-use', '<svg><use href="data:image/svg+xml,<svg id=x xmlns=%22http://www.w3.org/2000/svg%22><image href=1 onerror=X /></svg>#x"/></svg>'],
  ['md-link-padded-entities', '[click](&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058X)'],
  ['md-link-zero-width', '[click](\u200bjavascript:X) and [c2](<\u00a0javascript:X>)'],
  ['md-link-attr-break', '[a](https://ok.example/"onmouseover="X)'],
  ['unclosed-quote-attr', '<img src="x:x" onerror=X//\nmore text'],
  ['ref-def-title', '[a][t]\n\n[t]: https://ok.example/ "\"><img src=x onerror=X>"'],
  ['nested-deep', '> '.repeat(3000) + '<img src=x onerror="X">'],
  ['crlf-split', '<img src=x\r\nonerror="X">\r\n<a href="java\rscript:X">c</a>'],
];

/** A named payload with the canary wired in. */
export interface Payload {
  readonly id: string;
  readonly markdown: string;
}

/** The payloads, each wrapped in safe text that must still render (SAFE-BEFORE / SAFE-AFTER). */
export function payloads(): Payload[] {
  return TEMPLATES.map(([id, template]) => ({
    id,
    markdown: `SAFE-BEFORE-${id}\n\n${template.replace(/\bX\b/g, `top.__pwned='${id}'`).replace(/\bURL\b/g, `/canary/${id}`)}\n\nSAFE-AFTER-${id}\n`,
  }));
}
