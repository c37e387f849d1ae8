"""Editors' Markdown becomes sanitised HTML: known XSS payloads come out inert, normal Markdown renders."""
from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest

from webapp.modules.berita import markup

ALLOWED_TAGS = markup.TAGS
SAFE_SCHEMES = {"http", "https", "mailto", "tel"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "background", "poster", "data"}

PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=https://evil.example/x.js></SCRIPT>",
    "<ScRiPt>alert(document.cookie)</sCrIpT>",
    '<img src=x onerror="alert(1)">',
    "<IMG SRC=x ONERROR=alert(1)>",
    "<svg onload=alert(1)>",
    '<svg><script xlink:href="data:,alert(1)"></script></svg>',
    "[klik](javascript:alert(1))",
    "[klik](JaVaScRiPt:alert(1))",
    "[klik](&#106;avascript:alert(1))",
    "[klik](javascript&#58;alert(1))",
    "[klik](&#x6A;&#x61;&#x76;&#x61;script:alert(1))",
    "[klik](  javascript:alert(1))",
    "[klik](<javascript:alert(1)>)",
    "[klik](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[klik](vbscript:msgbox(1))",
    '<a href="javascript:alert(1)">klik</a>',
    '<a href="JaVaScRiPt:alert(1)">klik</a>',
    '<a href="&#106;avascript:alert(1)">klik</a>',
    '<a href="data:text/html,<script>alert(1)</script>">klik</a>',
    '<a href="vbscript:msgbox(1)">klik</a>',
    '<iframe src="https://evil.example"></iframe>',
    '<object data="https://evil.example/x.swf"></object>',
    '<embed src="https://evil.example/x.swf">',
    "<style>body{background:url(javascript:alert(1))}</style>",
    '<div style="background:url(javascript:alert(1))">x</div>',
    '[klik](https://ok.example" onmouseover="alert(1))',
    '[klik](https://ok.example "judul" onmouseover=alert(1))',
    '<a href="https://ok.example" onmouseover="alert(1)">klik</a>',
    "[a]: javascript:alert(1)\n\n[klik][a]",
    "[![x](javascript:alert(1))](javascript:alert(2))",
    "[[klik](javascript:alert(1))](https://ok.example)",
    '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>',
    '<math href="javascript:alert(1)">x</math>',
    "<!-- <script>alert(1)</script> -->",
    "<!--><script>alert(1)</script>-->",
    "<![CDATA[<script>alert(1)</script>]]>",
    "<javascript:alert(1)>",
    "<vbscript:msgbox(1)>",
    "<data:text/html,<script>alert(1)</script>>",
    '<form action="javascript:alert(1)"><button>x</button></form>',
    '<input autofocus onfocus=alert(1)>',
    '<details open ontoggle=alert(1)>',
    '<body onload=alert(1)>',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="javascript:/">',
    '<link rel=stylesheet href="https://evil.example/x.css">',
    "![gambar](https://evil.example/pixel.png)",
    "![x](x\" onerror=\"alert(1))",
    "`<script>alert(1)</script>` dan ```\n<script>alert(1)</script>\n```",
    "<<script>script>alert(1)<</script>/script>",
    "<scr<script>ipt>alert(1)</script>",
    "\u003cscript\u003ealert(1)\u003c/script\u003e",
    "<a href=\"java\tscript:alert(1)\">klik</a>",
    "[klik](java\tscript:alert(1))",
    "<a href=\" javascript:alert(1)\">klik</a>",
]


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.declarations: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, attrs))

    def handle_comment(self, data):
        self.declarations.append("comment")

    def unknown_decl(self, data):
        self.declarations.append(data)


def _scheme(url: str) -> str:
    cleaned = "".join(ch for ch in url if ch > " ").lower()  # browsers ignore control characters and spaces
    return urlsplit(cleaned).scheme


def executable_parts(html: str) -> list[str]:
    """Everything in `html` a browser could run: tags outside the allowlist, on* attributes, unsafe URLs."""
    found = []
    parser = _Collector()
    parser.feed(html)
    parser.close()
    for tag, attrs in parser.tags:
        if tag not in ALLOWED_TAGS:
            found.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on") or name in ("style", "srcdoc", "formaction"):
                found.append(f"{tag}[{name}]")
            if name in URL_ATTRIBUTES and value is not None:
                scheme = _scheme(value)
                if scheme and scheme not in SAFE_SCHEMES:
                    found.append(f"{tag}[{name}={value}]")
    found.extend(f"declaration {d}" for d in parser.declarations)
    return found


def test_the_list_has_enough_payloads():
    assert len(PAYLOADS) >= 25


def test_the_checker_itself_notices_executable_html():
    """The check must fail on what it is meant to catch, or the payload tests prove nothing."""
    assert executable_parts('<img src=x onerror="alert(1)">') == ["<img>", "img[onerror]"]
    assert executable_parts('<a href="JaVa&#x09;Script:alert(1)">x</a>') == ["a[href=JaVa\tScript:alert(1)]"]
    assert executable_parts("<p><!-- x --></p>") == ["declaration comment"]
    assert executable_parts('<a href="/berita/x">x</a> <a href="https://a.id">y</a>') == []


@pytest.mark.parametrize("payload", PAYLOADS)
def test_known_xss_payloads_come_out_inert(payload):
    html = markup.to_html(payload)
    assert executable_parts(html) == [], html
    assert executable_parts(str(markup.safe(html))) == []


@pytest.mark.parametrize("payload", PAYLOADS)
def test_stored_html_edited_by_hand_is_sanitised_again_when_shown(payload):
    """`safe()` re-cleans what is stored, so raw HTML put into body_html by other means is inert too."""
    assert executable_parts(str(markup.safe(payload))) == []


def test_headings_shift_down_a_level_below_the_pages_title():
    html = markup.to_html("# Judul\n\n## Sub\n\n###### Kecil")
    assert "<h2>Judul</h2>" in html and "<h3>Sub</h3>" in html and "<h6>Kecil</h6>" in html
    assert "<h1>" not in html


def test_lists_emphasis_and_quotes_render():
    html = markup.to_html("- satu\n- **dua**\n\n1. pertama\n2. *kedua*\n\n> kutipan\n\n~~coret~~")
    assert "<ul>\n<li>satu</li>\n<li><strong>dua</strong></li>\n</ul>" in html
    assert "<ol>\n<li>pertama</li>\n<li><em>kedua</em></li>\n</ol>" in html
    assert "<blockquote>\n<p>kutipan</p>\n</blockquote>" in html and "<s>coret</s>" in html


def test_safe_links_render_and_open_nothing_extra():
    html = markup.to_html("[Situs](https://tangerangkota.go.id) [tel](tel:112) [surat](mailto:a@b.id) "
                          "[lokal](/berita/banjir)")
    for href in ("https://tangerangkota.go.id", "tel:112", "mailto:a@b.id", "/berita/banjir"):
        assert f'<a href="{href}" rel="noopener noreferrer nofollow">' in html


def test_tables_render():
    html = markup.to_html("| Pasar | Harga |\n|---|---|\n| Anyar | Rp 15.000 |")
    assert "<table>" in html and "<th>Pasar</th>" in html and "<td>Rp 15.000</td>" in html


def test_code_is_shown_as_text():
    html = markup.to_html("Ketik `<b>` lalu\n\n```\n<script>x</script>\n```")
    assert "<code>&lt;b&gt;</code>" in html and "&lt;script&gt;x&lt;/script&gt;" in html


def test_excerpt_and_reading_time_use_the_words_only():
    text = "# Judul\n\n" + "kata " * 450
    assert markup.reading_minutes(text) == 3
    assert markup.reading_minutes(text, markup.to_html(text)) == 3  # from the stored HTML, the same count
    assert markup.excerpt("**Tebal** dan [tautan](https://a.id).") == "Tebal dan tautan."
    assert markup.excerpt("kata " * 100, 20).endswith("…")
