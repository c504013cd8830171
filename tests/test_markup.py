"""The markup rules (emphasis, code, attributes, snippets) against the renderer oracle:
what the rules call broken is what the site shows.

The emphasis rule renders with Python-Markdown and a subset of the site's extensions;
the attribute-list, snippet and code-span helpers re-implement small parts of
Python-Markdown and pymdown-extensions. Each is compared here with the full
site-configured renderer (tests/oracle.py) on hand-picked, generated and real text.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown.extensions.attr_list import get_attrs_and_remainder
from oracle import literal_asterisks, render
from test_cases import run_case

from rules import attributes, code, emphasis, facts, footnotes_snippets

# -- emphasis -------------------------------------------------------------------------------


def _rule_sees_asterisks(text: str) -> bool:
    return any("*" in shown.run for shown in emphasis._rendered_markers(text))


@pytest.mark.parametrize(
    "text",
    [
        "**Signal** is a mobile app.",
        "** SimpleX ** Chat",
        "**Sinal*** é uma aplicação",
        "\\*\\*Signal\\*\\*",
        "これは**テスト**です",
        "**「隠すものは何もない」**のであれば",
        "使用**Signal**应用",
        "x *可能性のある *[Stealth](https://protonvpn.com)プロトコル",
        "A * B and 2 * 3",
        "- [x] Select **Strict**",
        "| a | **b** |\n|---|---|\n| *c* | ** d** |",
        "Press ++ctrl+alt+del++ and ==mark== ^^ins^^ ~~del~~ *em*",
        "Math $a * b$ stays math",
        "`**code**` and <kbd>*</kbd>",
    ],
)
def test_rule_renderer_judges_asterisks_like_the_site(text: str) -> None:
    assert _rule_sees_asterisks(text) == literal_asterisks(_in_page(text))


_pieces = st.sampled_from(
    ["**", "*", "***", "_", "__", " ", " ", "word", "Signal", "テスト", "「", "」", "。", "текст", "x", ",", "\\*"]
    + ["`c`", "[l](https://a.org)", ":", "(", ")", "\n"]
)
_inline = st.lists(_pieces, min_size=1, max_size=12).map("".join).filter(lambda t: t.strip() and t[0] not in "*-+ ")

_SOME = settings(max_examples=300, derandomize=True, deadline=None, database=None)


@_SOME
@given(_inline)
def test_rule_renderer_matches_the_site_on_generated_text(text: str) -> None:
    assert _rule_sees_asterisks(text) == literal_asterisks(_in_page(text))


@settings(max_examples=150, derandomize=True, deadline=None, database=None)
@given(_inline)
def test_rule_fires_exactly_when_the_site_shows_asterisks(text: str) -> None:
    """End to end, with markdown-it's cheap pre-check in front: it must never hide a broken block."""
    findings = run_case("broken-emphasis", "Plain English text.\n", text + "\n")
    shows_underscores = any("_" in shown.run for shown in emphasis._rendered_markers(text))
    assert bool(findings) == (literal_asterisks(_in_page(text)) or shows_underscores), [f.message for f in findings]


def _in_page(text: str) -> str:
    """`text` rendered as a paragraph inside a page: at the very top, the meta extension would take
    a `key: value` line (`_:**`) for page metadata, which a translated paragraph never is."""
    return render("Text.\n\n" + text)


def _corpus_paragraphs(corpus: Path) -> list[str]:
    out: list[str] = []
    for lang in ("es", "he", "ja", "ru"):
        for page in sorted((corpus / lang).glob("*.md"))[:40]:
            for block in page.read_text(encoding="utf-8").split("\n\n"):
                lines = block.strip("\n")
                if "*" in lines and not lines.lstrip().startswith(("```", "<", "---", "!!!", "???", "===", "*[")):
                    out.append(lines)
    return out


@pytest.mark.corpus
def test_rule_renderer_matches_the_site_on_real_paragraphs(shared: Path) -> None:
    paragraphs = _corpus_paragraphs(shared / "corpus")
    differ = [text for text in paragraphs if _rule_sees_asterisks(text) != literal_asterisks(render(text))]
    assert not differ, differ[:3]
    assert len(paragraphs) > 100


def test_without_python_markdown_cjk_emphasis_is_not_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(emphasis, "_renderer", lambda: None)
    english = "There is a common argument: **nothing to hide**.\n"
    cjk = "プライバシーを保護する動きに対し、**「隠すものは何もない」**のであれば\n"
    assert not run_case("broken-emphasis", english, cjk)
    assert run_case("broken-emphasis", english, "Hay un argumento común: ** nada que ocultar **.\n")


# -- attribute lists ------------------------------------------------------------------------


def _site_attrs(body: str) -> attributes._Attrs:
    """Python-Markdown's own reading of an attribute list, in the rule's form."""
    ident, classes, attrs = "", [], []
    for key, value in get_attrs_and_remainder(body)[0]:
        if key == ".":
            classes.append(value)
        elif key == "id":
            ident = value
        else:
            attrs.append((key, "" if key in attributes._TEXT_ATTRS else value))
    return ident, tuple(sorted(classes)), tuple(sorted(attrs, key=lambda kv: (kv[0], kv[1] or "")))


@pytest.mark.parametrize(
    "body",
    [
        ".md-button .md-button--primary",
        ".md-button.md-button--primary",
        '.card-link title="Source Code"',
        ".card-link title=Documentation",
        ".card-link title=Домашняя страница",
        '.card-link title="Código Fuente',
        ". ard-link title=Documentatie",
        "#tor .lg .middle",
        'class="md-button md-button--primary" data-portal="signup"',
        "rel=nofollow target=_blank title='Power Up Privacy'",
        "align=right",
        ".twemoji loading=lazy",
    ],
)
def test_attribute_lists_are_read_like_attr_list(body: str) -> None:
    assert attributes._parse_attrs(body) == _site_attrs(body)


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("[a](https://x.org){ .md-button }", "inline"),
        ("[a](https://x.org) { .md-button }", "text"),
        ("[a](https://x.org)\n{ .md-button }", "block"),
        ("[a](https://x.org)\n{ .md-button }\n[b](https://y.org)", "text"),
        ("**a**{ .md-button } text", "inline"),
    ],
)
def test_attribute_list_placement_matches_the_site(text: str, place: str) -> None:
    start = text.index("{")
    assert attributes._placement(text, start, text.index("}") + 1, len(text)) == place
    html = render(text)
    shown = {"inline": '<a class="md-button"' in html or '<strong class="md-button"' in html}
    shown["block"] = '<p class="md-button"' in html
    shown["text"] = "{ .md-button }" in html
    assert [name for name, seen in shown.items() if seen] == [place]


# -- snippets, code spans --------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        '--8<-- "includes/contributors.md"',
        "--8<-- 'includes/contributors.md'",
        '  --8<-- "a.md"',
        '-8<- "a.md"',
        '\\--8<-- "includes/contributors.md"',
        '--8<-- "includes>',
        '--8<-- "a.md"  ',
        '--8<-- "a.md" x',
    ],
)
def test_snippet_lines_are_read_like_pymdownx_snippets(line: str) -> None:
    # With no file to include, a line snippets reads renders to nothing; any other is text.
    assert (footnotes_snippets._snippet_path(line) is not None) == (render(line) == "")


def test_code_spans_are_blanked_with_their_offsets() -> None:
    text = "a `{ .x }` b ``c`d`` e `open\n\nnext` f"
    blanked = facts.blank_code(text)
    assert len(blanked) == len(text)
    assert "{" not in blanked and "c`d" not in blanked
    assert blanked.endswith("e `open\n\nnext` f")  # a code span never crosses a blank line


def test_placeholders_in_code_compare_equal() -> None:
    assert code._code_key("@[username].addy.io") == code._code_key("@[nombredeusuario].addy.io")
    assert code._code_key("codesign -dv <path to your app>") == code._code_key("codesign -dv <путь>")
    assert code._code_key("<br>") != code._code_key("<kbd>")
    assert code._PLACEHOLDER_CODE.fullmatch("leave blank")
    assert not code._PLACEHOLDER_CODE.fullmatch("To")
