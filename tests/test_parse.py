"""parse_page: sections, containers in every syntax, blocks and inline facts with positions."""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterator

import pytest
from oracle import heading_ids as oracle_heading_ids
from oracle import render

from linter.errors import InputError
from linter.parse.markdown import parse_page
from linter.parse.positions import Pos, Span
from linter.parse.slug import heading_ids
from linter.parse.source import SourceText
from linter.parse.tokenizer import INLINE_RULES, markdown_parser
from linter.parse.tree import Admonition, Block, Node, Page, Section


def parse(text: str) -> Page:
    return parse_page(SourceText.from_bytes("it.md", text.encode("utf-8")), "it")


def of_kind(page: Page, kind: str) -> list[Node]:
    return [node for node in page.root.walk() if node.kind == kind]


def admonitions(page: Page) -> list[Admonition]:
    return [node for node in page.root.walk() if isinstance(node, Admonition)]


def test_an_outline_parse_has_the_headings_and_ids_of_a_full_one() -> None:
    text = (
        "# Top { #top }\n\nSee [x](a.md#b).\n\n!!! note\n\n    ### Inside *em*\n\n    Text `code`.\n\n"
        "## Привет\n\n## Привет\n\nSetext [link](u)\n------\n"
    )
    full = parse(text)
    outline = parse_page(SourceText.from_bytes("it.md", text.encode("utf-8")), "it", outline=True)
    for page in (full, outline):
        assert list(heading_ids(page)) == ["top", "inside-em", "_1", "_2", "setext-link"]
    shape = [(n.kind, n.span, n.text if n.kind in ("section", "heading") else "") for n in full.root.walk()]
    assert [(n.kind, n.span, n.text) for n in outline.root.walk()] == shape
    assert [s.title for s in outline.sections()] == [s.title for s in full.sections()]
    assert of_kind(full, "paragraph")[0].inline.links and not of_kind(outline, "paragraph")[0].text


def test_sections_levels_anchors_and_nesting() -> None:
    page = parse("# Top { #top }\n\ntext\n\n## Sub *em*\n\n### Deep\n\n## Next {#next-one}\n\nSetext\n------\n")
    sections = page.sections()
    assert [(s.level, s.title, s.anchor, s.explicit_anchor) for s in sections] == [
        (1, "Top", "top", True),
        (2, "Sub em", "sub-em", False),
        (3, "Deep", "deep", False),
        (2, "Next", "next-one", True),
        (2, "Setext", "setext", False),
    ]
    top, sub, deep, nxt, setext = sections
    assert sub.parent is top and deep.parent is sub and nxt.parent is top and setext.parent is top
    assert top.heading_span == Span(Pos(1, 1), Pos(1, 15))
    assert sub.span.start == Pos(5, 1) and sub.span.end.line == 7  # up to the next heading of its level
    assert top.span.end.line >= 12


def test_heading_inside_container_is_a_block() -> None:
    page = parse("!!! note\n\n    ## Inside\n")
    assert page.sections() == []
    heading = of_kind(page, "heading")[0]
    assert isinstance(heading, Block) and heading.info == "h2" and heading.text == "Inside"


@pytest.mark.parametrize(
    ("text", "tag", "title", "syntax", "body_line"),
    [
        ('!!! warning "Avviso"\n    Testo.\n', "warning", "Avviso", "!!!", 2),
        ("!!! recommendation\n\n    Testo.\n", "recommendation", None, "!!!", 3),
        ("??? downloads\n\n    Testo.\n", "downloads", None, "???", 3),
        ('???+ tip "Suggerimento"\n\n    Testo.\n', "tip", "Suggerimento", "???+", 3),
        ('<div class="admonition note" markdown>\n\nTesto.\n\n</div>\n', "note", None, "div", 3),
        (
            '<details class="downloads" markdown>\n<summary>Scarica</summary>\n\nTesto.\n\n</details>\n',
            "downloads",
            "Scarica",
            "details",
            4,
        ),
        ("/// tip | Suggerimento\n\nTesto.\n\n///\n", "tip", "Suggerimento", "///", 3),
    ],
    ids=["admonition-title", "admonition", "collapsible", "expanded", "div", "details", "blocks"],
)
def test_admonition_syntaxes(text: str, tag: str, title: str | None, syntax: str, body_line: int) -> None:
    page = parse(text)
    (node,) = admonitions(page)
    assert (node.tag, node.title, node.syntax) == (tag, title, syntax)
    assert node.header_span is not None and node.header_span.start == Pos(1, 1)
    (paragraph,) = of_kind(page, "paragraph")
    assert paragraph.parent is node and paragraph.span.start.line == body_line and paragraph.text == "Testo."
    assert not page.problems


def test_admonition_ends_at_dedent_and_keeps_blank_whitespace_lines() -> None:
    page = parse("!!! note\n\n    one\n    \n    two\n\nafter\n")
    (node,) = admonitions(page)
    assert [child.text for child in node.children] == ["one", "two"]
    assert node.span.end.line == 5
    assert page.root.children[-1].text == "after"


def test_invalid_header_stays_a_paragraph() -> None:
    page = parse("???\n\ndownloads\n\n    - x\n")
    assert admonitions(page) == []
    assert of_kind(page, "paragraph")[0].text == "???"


def test_nested_card_and_details() -> None:
    page = parse(
        "!!! recommendation\n\n    ![Logo](a.svg){ align=right }\n\n"
        '    <details class="downloads" markdown>\n    <summary>Downloads</summary>\n\n'
        "    - [A](https://a.org)\n\n    </details>\n"
    )
    card, details = admonitions(page)
    assert card.is_card and card.label() == "card"
    assert details.parent is card and details.tag == "downloads" and details.title == "Downloads"
    assert card.logo() is not None and card.logo().src == "a.svg"


def test_unbalanced_closing_tag_is_a_problem() -> None:
    page = parse("text\n\n</div>\n")
    assert page.problems and page.problems[0][0] == "</div> closes nothing"
    assert page.problems[0][1].start == Pos(3, 1)


def test_content_tabs() -> None:
    page = parse('=== "Android"\n\n    Uno.\n\n=== "iOS"\n\n    Due.\n')
    tabs = of_kind(page, "tab")
    assert [tab.info for tab in tabs] == ["Android", "iOS"]
    assert [tab.children[0].text for tab in tabs] == ["Uno.", "Due."]


def test_grid_cards() -> None:
    page = parse('<div class="grid cards" markdown>\n\n- ![A](a.svg) [A](a.md)\n- ![B](b.svg) [B](b.md)\n\n</div>\n')
    (grid,) = of_kind(page, "grid")
    items = [node for node in grid.walk() if node.kind == "item"]
    assert len(items) == 2 and grid.markdown
    assert [item.children[0].inline.images[0].src for item in items] == ["a.svg", "b.svg"]


def test_inline_facts_positions() -> None:
    line = 'Vedi [sito](https://a.org "t"){ .x } e ![img](a.png){ align=right } `code` :material-check: x[^1].'
    page = parse(f"intro\n\n{line}\n\n[^1]: Nota.\n")
    paragraph = of_kind(page, "paragraph")[1]
    inline = paragraph.inline
    assert inline is not None
    (link,) = inline.links
    assert (link.url, link.text, link.title, link.attrs) == ("https://a.org", "sito", "t", (("class", "x"),))
    assert link.span.start == Pos(3, line.index("[sito]") + 1)
    (image,) = inline.images
    assert (image.src, image.alt, image.attrs) == ("a.png", "img", (("align", "right"),))
    assert image.span.start == Pos(3, line.index("![img]") + 1)
    assert inline.code[0].text == "code" and inline.code[0].span.start == Pos(3, line.index("code") + 1)
    assert inline.icons[0].name == "material-check"
    assert inline.icons[0].span == Span(Pos(3, line.index(":material") + 1), Pos(3, line.index(" x[") + 1))
    assert inline.footnotes[0].label == "1" and inline.footnotes[0].span.start == Pos(3, line.index("[^1]") + 1)
    assert "https" not in paragraph.text and "code" not in paragraph.text and "sito" in paragraph.text
    footnote = of_kind(page, "footnote")[0]
    assert footnote.info == "1" and footnote.span.start == Pos(5, 1)


def test_inline_positions_with_crlf_bom_and_cjk() -> None:
    page = parse("\ufeff日本語の[リンク](https://a.org)\r\n")
    link = of_kind(page, "paragraph")[0].inline.links[0]
    assert link.span.start == Pos(1, 5)


def test_link_url_kept_as_written() -> None:
    page = parse("[x](https://a.org/ä)\n\nvedi [y](<https://a.org/ä b>) [z](https://a.org/%C3%A4)\n")
    links = [link for p in of_kind(page, "paragraph") for link in p.inline.links]
    assert links[0].url == "https://a.org/ä" and links[0].span == Span(Pos(1, 1), Pos(1, 20))
    assert links[1].url == "https://a.org/ä b" and links[1].span.start == Pos(3, 6)
    assert links[2].url == "https://a.org/%C3%A4"  # not decoded either: the text as written


def test_an_autolink_s_span_starts_at_its_angle_bracket() -> None:
    """Not at a `[` before it (an earlier link's), which was searched for back to the block's start."""
    page = parse("See [a](https://a.org) or <https://b.org/x>.\n")
    links = of_kind(page, "paragraph")[0].inline.links
    assert [link.url for link in links] == ["https://a.org", "https://b.org/x"]
    assert links[1].span == Span(Pos(1, 27), Pos(1, 43))


def test_emphasis_runs() -> None:
    page = parse("***both*** and **a *b* c**\n")
    emphasis = of_kind(page, "paragraph")[0].inline.emphasis
    starts = sorted((e.marker, e.text, e.span.start.column) for e in emphasis)
    assert starts == [("*", "b", 20), ("*", "both", 1), ("**", "a b c", 16), ("**", "both", 2)]


def test_snippets_abbreviations_tables_code_lists() -> None:
    page = parse(
        '--8<-- "includes/abbreviations.en.txt"\n\n*[HTML]: Hyper Text\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n'
        "```py\nx = 1\n```\n\n- uno\n- due\n"
    )
    kinds = [node.kind for node in page.root.children]
    assert kinds == ["snippet", "abbr", "table", "code", "list"]
    snippet, abbr, table, code, lst = page.root.children
    assert snippet.info == "includes/abbreviations.en.txt"
    assert table.text == "a b 1 2" and table.span == Span(Pos(5, 1), Pos(7, 10))
    assert code.info == "py" and code.raw == "x = 1\n"
    assert [item.kind for item in lst.children] == ["item", "item"]


def test_front_matter_keys_and_lines() -> None:
    page = parse('---\ntitle: "Titolo"\ndescription: >-\n  lunga\nicon: x\n---\n\n# T\n')
    front = page.front_matter
    assert front is not None
    assert front.data == {"title": "Titolo", "description": "lunga", "icon": "x"}
    assert dict(front.key_lines) == {"title": 2, "description": 3, "icon": 5}
    assert front.span == Span(Pos(1, 1), Pos(6, 4))
    assert page.sections()[0].span.start == Pos(8, 1)


def test_broken_yaml_is_an_input_error() -> None:
    with pytest.raises(InputError, match=r"line [23]: broken front matter"):
        parse("---\ntitle: [unclosed\n---\n")


def test_front_matter_not_a_mapping() -> None:
    with pytest.raises(InputError, match="not a mapping"):
        parse("---\n- a\n- b\n---\n")


def test_python_object_tag_never_executes(tmp_path) -> None:
    marker = tmp_path / "pwned"
    text = f'---\nx: !!python/object/apply:os.system ["touch {marker}"]\n---\n'
    with pytest.raises(InputError, match="unsupported YAML tag"):
        parse(text)
    assert not marker.exists()


def test_deep_nesting_does_not_crash() -> None:
    try:
        page = parse("> " * 2000 + "x\n")
    except InputError as exc:
        assert "nested too deeply" in str(exc)
    else:
        assert page.root is not None


def test_every_node_span_is_in_the_file() -> None:
    text = "## A\n\n!!! note\n\n    - [x](https://a.org)\n\n| a |\n|---|\n| b |\n"
    page = parse(text)
    last = len(page.source.lines)
    for node in page.root.walk():
        assert 1 <= node.span.start.line <= node.span.end.line <= last
        assert isinstance(node, Node)
    assert isinstance(page.sections()[0], Section)


def test_section_anchors_are_the_ids_mkdocs_gives() -> None:
    page = parse("# Top\n\n## Downloads\n\n## Downloads\n\n## Загрузки\n\n## Other { #downloads_2 }\n")
    assert [s.anchor for s in page.sections()] == ["top", "downloads", "downloads_1", "_1", "downloads_2"]


def test_table_cells_are_located_in_their_own_row() -> None:
    page = parse("| a | b |\n|---|---|\n| `x` | `y` |\n| `y` | `x` |\n")
    (table,) = of_kind(page, "table")
    assert [(code.text, code.span.start) for code in table.inline.code] == [
        ("x", Pos(3, 4)),
        ("y", Pos(3, 10)),
        ("y", Pos(4, 4)),
        ("x", Pos(4, 10)),
    ]


def _tokens(tokens: list, url: Callable[[str], str] = str) -> list[tuple[str, str, str, dict]]:
    """The tokens' kinds, text, markup and attributes; `url` maps hrefs (transmark keeps them as written)."""
    found = []
    for token in tokens:
        attrs = {key: url(str(value)) if key in ("href", "src") else value for key, value in token.attrs.items()}
        found.append((token.type, "" if token.type == "inline" else token.content, token.markup, attrs))
        found += _tokens(token.children or [], url)
    return found


def test_counted_brackets_parse_as_markdown_it_scans_them() -> None:
    """Labels found by counting brackets (the fast path for runs of `[`) are the ones markdown-it finds,
    also around what may hide a bracket from its scan (code, HTML, escapes, attributes, URLs)."""
    rng = random.Random(14)
    units = [*"[[[]]]!^a x*_:/\n", "[^a]", "[x]", "![", "^[", *"()`<>\\{}", "](", "](u)", "`]`", "<b>", "\\]", "{]}"]
    units += [*"#$%+-=>@}~", "[a](u)", "[a `b`](/u#v)", "[a](u 't')", "[a](<u>)", "[a](u&amp;v)", "[a](javascript:x)"]
    units += ["](u(v))", "x  \n", "***", "~~a~~", "&amp;", "{.c}", "[x](", "]( ", "](\t(", "(" * 17, "\x7f"]
    definitions = ["", "[x]: /u\n\n", "[^a]: note\n\n"]
    ours, plain_markdown_it = markdown_parser(), markdown_parser(keep_urls=False)  # the latter scans unguarded
    for _ in range(5000):
        text = "".join(rng.choice(units) for _ in range(rng.randint(1, 40))) + "\n\n" + rng.choice(definitions)
        assert _tokens(ours.parse(text), plain_markdown_it.normalizeLink) == _tokens(plain_markdown_it.parse(text)), (
            text
        )


@pytest.mark.parametrize(
    "line",
    ["![" * 2000 + " (x)]", "[^" * 2000 + " [a](b)", "[<" * 2000 + "]", "[" * 2000 + " `x` <b> {a} ]"],
    ids=["images-before-a-bracket", "carets-before-a-link", "angles", "code-html-attributes"],
)
def test_unclosable_labels_are_not_scanned(line: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A `[` whose label cannot close is answered by counting, even where code, HTML or a URL
    follows: markdown-it's scan from each of them made such lines cost seconds."""
    import markdown_it.helpers

    scans = []
    scan = markdown_it.helpers.parseLinkLabel
    monkeypatch.setattr(markdown_it.helpers, "parseLinkLabel", lambda *args: scans.append(1) or scan(*args))
    tokens = _tokens(markdown_parser().parse(line))
    assert len(scans) < 10
    plain_markdown_it = markdown_parser(keep_urls=False)  # unguarded: it scans from each `[`
    assert tokens == _tokens(plain_markdown_it.parse(line))


def test_destinations_nested_too_deep_are_not_scanned(monkeypatch: pytest.MonkeyPatch) -> None:
    """A link's `(` that opens 33 more before anything closes or ends it fails at once, as markdown-it's
    scan of it, a character at a time, fails: 90 KB of `[x](` nested took 0.8 s."""
    import markdown_it.helpers

    scans = []
    scan = markdown_it.helpers.parseLinkDestination
    monkeypatch.setattr(markdown_it.helpers, "parseLinkDestination", lambda *args: scans.append(args[2]) or scan(*args))
    line = "[x](" * 2000 + "a) [b](c)"
    tokens = _tokens(markdown_parser().parse(line))
    assert len([maximum for maximum in scans if maximum]) < 40  # the last `(`s, fewer than 33 deep
    assert tokens == _tokens(markdown_parser(keep_urls=False).parse(line))


@pytest.mark.parametrize("unit", ["[x](", "[x]( ", "[ab](\t("])
def test_nested_unclosed_links_are_not_scanned(unit: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A link whose destination nests too deep or leaves a `(` open fails without markdown-it's link
    rule, where no reference could stand in: a 1 MB line of nested `[x](` took 2.7 s to tokenise."""
    import markdown_it.helpers

    scans = []
    scan = markdown_it.helpers.parseLinkLabel
    monkeypatch.setattr(markdown_it.helpers, "parseLinkLabel", lambda *args: scans.append(1) or scan(*args))
    line = unit * 2000 + "a) [b](c)"
    tokens = _tokens(markdown_parser().parse(line))
    assert len(scans) < 40  # the links near the end, where a `)` closes
    assert tokens == _tokens(markdown_parser(keep_urls=False).parse(line))
    scans.clear()
    markdown_parser().parse(line + "\n\n[x]: /u\n")  # with a reference to fall back on, the rule decides
    assert len(scans) > 1900


def test_destination_helper_answers_as_markdown_it() -> None:
    import markdown_it.helpers

    ours = markdown_parser().helpers.parseLinkDestination
    rng = random.Random(33)
    units = [*"((((()x \\<>\n\t\x7fé[]", "&amp;", "\\(", "\\ "]
    for _ in range(20000):
        text = "".join(rng.choice(units) for _ in range(rng.randint(1, 90)))
        start = rng.randrange(len(text))
        end = rng.randint(start, len(text))
        expected, found = markdown_it.helpers.parseLinkDestination(text, start, end), ours(text, start, end)
        assert (found.ok, found.pos, found.str) == (expected.ok, expected.pos, expected.str), (text, start, end)


def test_each_inline_rule_starts_only_at_its_characters() -> None:
    """The chain tries at a character only the rules INLINE_RULES says start there: every other rule
    fails at once wherever it is tried, whatever follows."""
    from markdown_it.rules_inline.state_inline import StateInline
    from markdown_it.token import Token

    md = markdown_parser()
    env = {"references": {"X": {"href": "/u", "title": ""}}, "footnotes": {"refs": {":x": -1}}}
    for rule in md.inline.ruler.__rules__:
        if rule.name in INLINE_RULES and rule.name != "text":
            for char in "".join(INLINE_RULES.values()) + "\n\\`~*_[]!<&{}(:#a ":
                for rest in ("x]", "^x]", ".c}", "x](u){.c}", "a@b.c>", "amp;", "*x*", "`x`", "b>"):
                    state = StateInline(char + rest, md, env, [Token("code_inline", "code", 0)])
                    assert char in INLINE_RULES[rule.name] or not rule.fn(state, False), (rule.name, char + rest)


def test_text_stops_only_where_an_inline_rule_starts(monkeypatch: pytest.MonkeyPatch) -> None:
    """The text rule runs on past `:`, `-`, `#`, … (no enabled rule starts there): a long line of them is
    one run of text, not a try of every rule at each character, and reads as markdown-it reads it."""
    from markdown_it.rules_inline.state_inline import StateInline

    enabled = {rule.name for rule in markdown_parser().inline.ruler.__rules__ if rule.enabled}
    assert enabled == {"by_character"}, "a new inline rule: add the characters it starts at to INLINE_RULES"
    runs = []
    append = StateInline.append_pending
    monkeypatch.setattr(StateInline, "append_pending", lambda state, text: runs.append(text) or append(state, text))
    line = "a:b-c#d=e>f@g^h$i%j+k}" * 500 + "*"
    tokens = _tokens(markdown_parser().parse(line))
    assert len(runs) == 1
    assert tokens == _tokens(markdown_parser(keep_urls=False).parse(line))


def test_repeated_headings_get_the_ids_python_markdown_gives() -> None:
    text = "".join(f"## {title}\n\n" for title in ["A", "A", "A_1", "A", "A_3", "A", "Пример", "Пример", "_1", "A"])
    assert list(heading_ids(parse(text))) == oracle_heading_ids(render(text))


def test_reference_links_are_not_each_searched_for_in_the_whole_paragraph(monkeypatch: pytest.MonkeyPatch) -> None:
    """A reference link's URL is not in its paragraph: each was searched for twice through all of it."""
    searched = []
    find = SourceText.find
    monkeypatch.setattr(SourceText, "find", lambda src, needle, *at: searched.append(needle) or find(src, needle, *at))
    links = " ".join(f"[w {i}][r{i % 50}]" for i in range(2000))
    page = parse(links + "\n\n" + "".join(f"[r{i}]: https://ex.org/{i}\n" for i in range(50)))
    (paragraph,) = of_kind(page, "paragraph")
    assert len(paragraph.inline.links) == 2000
    assert sum(needle.startswith("https://") for needle in searched) <= 2 * 50  # 4,000 before


def test_numbering_repeated_headings_is_linear(monkeypatch: pytest.MonkeyPatch) -> None:
    """The next id of a repeated heading is looked for after the last one it got, not from `_1`:
    10,000 headings "A" took 33 s."""
    import linter.parse.slug

    tries = []
    pattern = linter.parse.slug._ID_COUNT

    class Counted:
        def match(self, text: str) -> re.Match[str] | None:
            tries.append(text)
            return pattern.match(text)

    monkeypatch.setattr(linter.parse.slug, "_ID_COUNT", Counted())
    page = parse("## A\n\n" * 3000)  # the parse numbers the sections' ids
    assert len(tries) < 2 * 3000
    assert [section.anchor for section in page.sections()] == ["a"] + [f"a_{n}" for n in range(1, 3000)]


def test_footnote_definitions_are_found_in_one_pass(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each footnote's `[^label]:` line, found in one scan of the page for all of them: a search per
    footnote made 20,000 footnotes quadratic."""
    import linter.parse.markdown

    scans = []
    pattern = linter.parse.markdown._DEFINITION

    class Counted:
        def finditer(self, text: str) -> Iterator[re.Match[str]]:
            scans.append(text)
            return pattern.finditer(text)

    monkeypatch.setattr(linter.parse.markdown, "_DEFINITION", Counted())
    refs = "".join(f"Text[^{n}].\n\n" for n in range(500))
    page = parse(refs + "x [^3]: not a definition\n\n" + "".join(f"[^{n}]: Note {n}.\n" for n in range(500)))
    assert len(scans) == 1
    lines = [footnote.span.start.line for footnote in of_kind(page, "footnote")]
    assert lines[:4] == [1003, 1004, 1005, 1001] and lines[-1] == 1502  # as `str.find` finds each


def test_caret_bracket_is_text_as_python_markdown_reads_it() -> None:
    """Python-Markdown's footnotes have no inline form: `^[note]` stays text, and `[^1]` stays a footnote."""
    text = "Text ^[an inline note] more[^1].\n\n[^1]: A note.\n"
    paragraph = of_kind(parse(text), "paragraph")[0]
    assert paragraph.inline is not None
    assert [ref.label for ref in paragraph.inline.footnotes] == ["1"]
    assert "^[an inline note]" in paragraph.inline.text
    assert "^[an inline note]" in render(text)
