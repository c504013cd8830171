"""Pin the renderer behaviours transmark's rules rely on.

Each test renders a snippet with the site-configured Python-Markdown
(``tests/oracle.py``) and asserts the exact outcome.  If a renderer upgrade
changes one of these, the corresponding transmark rule must be revisited.
All pins hold on both Markdown 3.4.4 + pymdown-extensions 10.3 (the site's
Pipfile.lock) and Markdown 3.11.3 + pymdown-extensions 13.1 (dev venv).
"""

from __future__ import annotations

import pytest
from oracle import (
    admonition_types,
    has_img,
    heading_ids,
    links,
    literal_asterisks,
    render,
    site_slugify,
)

# ---------------------------------------------------------------------------
# Admonitions (!!!)
# ---------------------------------------------------------------------------


def test_recommendation_admonition_renders_card():
    # transmark: the reference rendering every translated card is compared to.
    html = render("!!! recommendation\n\n    Body **x**\n")
    assert '<div class="admonition recommendation">' in html
    assert admonition_types(html) == ["recommendation"]
    assert not literal_asterisks(html)


@pytest.mark.parametrize(
    "word",
    ["рекомендації", "המלצה", "recomendação"],
)
def test_translated_admonition_type_is_still_an_admonition(word):
    # transmark: a translated type keyword is NOT a syntax error -- Python's
    # \w is Unicode, so it renders as an admonition whose class is the
    # translated word.  The site CSS only styles `recommendation`, so the
    # card styling is silently lost: transmark must compare the type against
    # the source, it cannot rely on "did it render an admonition".
    html = render(f"!!! {word}\n\n    Body\n")
    assert f'<div class="admonition {word}">' in html
    assert admonition_types(html) == [word]


def test_admonition_type_is_lowercased_and_space_optional():
    # transmark: `!!! Recommendation` and `!!!recommendation` are harmless
    # Crowdin/translator variants, not defects.
    for src in ("!!! Recommendation\n\n    Body\n", "!!!recommendation\n\n    Body\n"):
        assert admonition_types(render(src)) == ["recommendation"]


def test_admonition_nbsp_after_marker_breaks_it():
    # transmark: a no-break space after `!!!` (French typography tools) kills
    # the admonition: it becomes a paragraph + an indented code block.
    html = render("!!!\u00a0recommendation\n\n    Body\n")
    assert admonition_types(html) == []
    assert "<pre><code>Body" in html


def test_fullwidth_admonition_marker_is_not_an_admonition():
    # transmark: CJK input methods produce `！！！`, which is plain text.
    html = render("！！！ recommendation\n\n    Body\n")
    assert admonition_types(html) == []
    assert "<pre><code>Body" in html


def test_admonition_body_must_be_indented_four_spaces():
    # transmark: Crowdin can strip indentation; with 0 or 2 spaces the body
    # falls out of the card (empty card + stray paragraph).  A tab works.
    for body in ("Body\n", "  Body\n"):
        html = render("!!! recommendation\n\n" + body)
        assert html.startswith(
            '<div class="admonition recommendation">\n<p class="admonition-title">Recommendation</p>\n</div>'
        )
        assert "<p>Body</p>" in html
    html = render("!!! recommendation\n\n\tBody\n")
    assert html.endswith("<p>Body</p>\n</div>")


def test_admonition_title_needs_ascii_quotes():
    # transmark: `"Title"` works, `""` drops the title bar, but typographic
    # quotes “…” (auto-corrected by translators) destroy the admonition.
    html = render('!!! recomendação "Título"\n\n    Body\n')
    assert '<p class="admonition-title">Título</p>' in html
    html = render('!!! note ""\n\n    Body\n')
    assert admonition_types(html) == ["note"]
    assert "admonition-title" not in html
    html = render("!!! note \u201cT\u00edtulo\u201d\n\n    Body\n")
    assert admonition_types(html) == []


# ---------------------------------------------------------------------------
# Collapsible details (???)
# ---------------------------------------------------------------------------


def test_details_downloads():
    # transmark: the "Downloads" box under each recommendation card.
    html = render("??? downloads\n\n    Body\n")
    assert '<details class="downloads">' in html
    assert "<summary>Downloads</summary>" in html
    assert admonition_types(html) == ["downloads"]


def test_details_marker_split_from_type_is_broken():
    # transmark: Crowdin segmenting `???` and `downloads` onto separate lines
    # yields no <details>: a "???\ndownloads" paragraph and the body turned
    # into a code block.
    html = render("???\ndownloads\n\n    Body\n")
    assert admonition_types(html) == []
    assert html == "<p>???\ndownloads</p>\n<pre><code>Body\n</code></pre>"


def test_details_open_variant():
    # transmark: `???+` must be preserved (opened by default) -- a change of
    # `+` is a rendering difference worth reporting.
    html = render("???+ tip\n\n    Body\n")
    assert '<details class="tip" open="open">' in html
    assert admonition_types(html) == ["tip"]


def test_translated_details_type():
    # transmark: same Unicode-\w behaviour as `!!!`: styling lost, not broken.
    html = render("??? завантаження\n\n    Body\n")
    assert admonition_types(html) == ["завантаження"]


# ---------------------------------------------------------------------------
# Raw HTML + md_in_html
# ---------------------------------------------------------------------------


def test_html_admonition_with_markdown_attribute():
    # transmark: the site writes cards as raw HTML too; `markdown` makes the
    # inner text Markdown, and the class survives.
    html = render('<div class="admonition recommendation" markdown>\n\n**Signal**\n\n</div>\n')
    assert admonition_types(html) == ["recommendation"]
    assert "<p><strong>Signal</strong></p>" in html
    assert not literal_asterisks(html)


def test_html_admonition_without_markdown_attribute_is_raw():
    # transmark: dropping the `markdown` attribute leaves `**Signal**` literal.
    html = render('<div class="admonition recommendation">\n\n**Signal**\n\n</div>\n')
    assert admonition_types(html) == ["recommendation"]
    assert literal_asterisks(html)


def test_html_details_with_summary():
    # transmark: Downloads box in HTML form; links inside must still render.
    html = render(
        '<details class="downloads" markdown>\n<summary>Downloads</summary>\n\n'
        "- [Android](https://example.org/a)\n\n</details>\n"
    )
    assert admonition_types(html) == ["downloads"]
    assert "<summary>Downloads</summary>" in html
    assert links(html) == ["https://example.org/a"]


# ---------------------------------------------------------------------------
# Emphasis (no pymdownx.betterem on the site: Python-Markdown's own rules)
# ---------------------------------------------------------------------------


def test_strong_ok():
    # transmark: baseline -- no literal asterisks.
    html = render("**Signal** ok\n")
    assert "<strong>Signal</strong>" in html
    assert not literal_asterisks(html)


@pytest.mark.parametrize(
    "src",
    ["** SimpleX ** text\n", "** SimpleX** text\n", "**SimpleX ** text\n"],
)
def test_strong_with_inner_space_is_literal(src):
    # transmark: a space just inside `**` (common after translation) prevents
    # emphasis and leaves asterisks visible -> defect.
    html = render(src)
    assert "<strong>" not in html
    assert literal_asterisks(html)


def test_extra_trailing_asterisk():
    # transmark: `**Sinal***` renders strong + a stray `*` -> defect.
    html = render("**Sinal*** text\n")
    assert html == "<p><strong>Sinal</strong>* text</p>"
    assert literal_asterisks(html)


def test_escaped_asterisks_render_literally():
    # transmark: `\*\*x\*\*` is intentionally literal; literal_asterisks()
    # flags it, so rules must compare with the source's rendering.
    html = render("\\*\\*x\\*\\*\n")
    assert html == "<p>**x**</p>"
    assert literal_asterisks(html)


@pytest.mark.parametrize(
    ("src", "expected"),
    [
        ("これは**テスト**です\n", "<p>これは<strong>テスト</strong>です</p>"),
        ("**「テスト」**を使う\n", "<p><strong>「テスト」</strong>を使う</p>"),
        (
            "これは**「テスト」**を使う\n",
            "<p>これは<strong>「テスト」</strong>を使う</p>",
        ),
        ("使用**Signal**应用\n", "<p>使用<strong>Signal</strong>应用</p>"),
        ("이것은**테스트**입니다\n", "<p>이것은<strong>테스트</strong>입니다</p>"),
    ],
)
def test_cjk_emphasis_works(src, expected):
    # transmark: unlike CommonMark (flanking rules), Python-Markdown emphasises
    # CJK text glued to `**` even next to 「」 punctuation.  Do NOT report
    # these as defects (same result on pymdown-extensions 10.3 and 13.1).
    html = render(src)
    assert html == expected
    assert not literal_asterisks(html)


def test_intraword_strong_and_underscore():
    # transmark: `**` works inside words; `__` does not (smart underscores),
    # so a translator switching `**` to `__` mid-word breaks emphasis.
    assert render("foo**bar**baz\n") == "<p>foo<strong>bar</strong>baz</p>"
    assert render("__S__ and foo__bar__baz\n") == ("<p><strong>S</strong> and foo__bar__baz</p>")


def test_literal_asterisks_ignores_code_and_spaced_star():
    # transmark: helper contract -- asterisks in code and `A * B` are fine.
    assert not literal_asterisks(render("`**x**` and **y**\n"))
    assert not literal_asterisks(render("A * B\n"))
    assert literal_asterisks(render("A *B\n"))


# ---------------------------------------------------------------------------
# Images, links, attr_list
# ---------------------------------------------------------------------------


def test_image_without_bang_is_a_link():
    # transmark: losing `!` turns a logo into a text link -> defect.
    html = render("[Element logo](assets/img/x.svg){ align=right }\n")
    assert not has_img(html, "assets/img/x.svg")
    assert links(html) == ["assets/img/x.svg"]
    html = render("![Element logo](assets/img/x.svg){ align=right }\n")
    assert has_img(html, "assets/img/x.svg")
    assert 'align="right"' in html


@pytest.mark.parametrize(
    "src",
    [
        "[text] (https://a.org)\n",
        "[text]（https://a.org）\n",
        "[text]（https://a.org)\n",
    ],
)
def test_broken_link_syntax_renders_no_link(src):
    # transmark: a space or full-width parentheses between `]` and `(`
    # render as plain text -> defect.
    assert links(render(src)) == []


@pytest.mark.parametrize(
    "src",
    [
        "[Go](https://a.org){ .md-button }\n",
        "[Go](https://a.org){.md-button}\n",
        '[Go](https://a.org ""){.md-button}\n',
    ],
)
def test_attr_list_spacing_and_empty_title_are_equivalent(src):
    # transmark: Crowdin normalises `{ .x }` -> `{.x}` and adds `""` titles;
    # the rendered button is the same (only an empty title attr) -> NOT a
    # defect.
    html = render(src)
    assert links(html) == ["https://a.org"]
    assert 'class="md-button"' in html
    assert literal_asterisks(html) is False
    assert "{" not in html


@pytest.mark.parametrize(
    "src",
    [
        "[Go](https://a.org) { .md-button }\n",
        "[Go](https://a.org)\uff5b .md-button \uff5d\n",
    ],
)
def test_detached_or_fullwidth_attr_list_is_literal(src):
    # transmark: a space before `{`, or full-width braces, leaves the attr
    # list as visible text and the button unstyled -> defect.
    html = render(src)
    assert links(html) == ["https://a.org"]
    assert 'class="md-button"' not in html
    assert ".md-button" in html


# ---------------------------------------------------------------------------
# Heading ids (toc with default slugify)
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("src", ["## Foo { #bar }\n", "## Foo {#bar}\n", "## Foo { #bar}\n"])
def test_explicit_heading_id(src):
    # transmark: explicit ids pin anchors across languages; spacing variants
    # are equivalent.
    assert heading_ids(render(src)) == ["bar"]


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Real-Time Communication", "real-time-communication"),
        ("Comunicação em tempo real", "comunicacao-em-tempo-real"),
        ("Signal для Android", "signal-android"),
        ("**Bold** heading", "bold-heading"),
        ("Реальное время", ""),
        ("תקשורת בזמן אמת", ""),
    ],
)
def test_site_slugify(title, slug):
    # transmark: must compute the same slugs as the site to validate `#anchor`
    # links; the site uses markdown.extensions.toc.slugify (ASCII-folding,
    # non-Latin letters dropped).
    plain = title.replace("**", "")
    assert site_slugify(plain, "-") == slug


def test_default_heading_ids():
    # transmark: ids are slug + `_N` de-duplication; an empty slug (all
    # non-Latin heading) becomes a positional `_1`, `_2`, ... so anchors into
    # Cyrillic/Hebrew/CJK pages depend on heading order, not text.
    html = render(
        "## Real-Time Communication\n\n## Comunicação em tempo real\n\n"
        "## Реальное время\n\n## Реальное время\n\n## 実時間\n\n"
        "## Signal\n\n## Signal\n"
    )
    assert heading_ids(html) == [
        "real-time-communication",
        "comunicacao-em-tempo-real",
        "_1",
        "_2",
        "_3",
        "signal",
        "signal_1",
    ]
    # The permalink anchor points at the same id.
    assert links(html, include_permalinks=True)[0] == "#real-time-communication"


# ---------------------------------------------------------------------------
# Content tabs (pymdownx.tabbed, alternate_style)
# ---------------------------------------------------------------------------


def test_tabs_render():
    # transmark: baseline tab set.
    html = render('=== "Android"\n\n    Body\n')
    assert 'class="tabbed-set tabbed-alternate"' in html
    assert '<label for="__tabbed_1_1">Android</label>' in html


@pytest.mark.parametrize(
    "src",
    [
        '\\=== "Android"\n\n    Body\n',
        "=== \u201cAndroid\u201d\n\n    Body\n",
        "=== Android\n\n    Body\n",
    ],
)
def test_broken_tabs(src):
    # transmark: an escaped `\===` (Crowdin escaping), typographic quotes or
    # missing quotes render `=== ...` as text and the body as a code block.
    html = render(src)
    assert "tabbed-set" not in html
    assert html.startswith("<p>===")
    assert "<pre><code>Body" in html
