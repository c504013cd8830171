"""Regressions from fuzzing and hostile input (issue 14): each crash, hang or block found, kept fixed.

Time limits here are hang guards only: a linear pass takes well under a second, the bugs they
guard against took minutes. Timings are measured by bench/fuzz.sh, not asserted.
"""

from __future__ import annotations

import os
import random
import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from linter.cli.main import main
from linter.engine.registry import Registry
from linter.engine.rule import Report, Rule
from linter.engine.runner import Runner, configure
from linter.errors import InputError
from linter.parse.markdown import parse_page
from linter.parse.slug import heading_attr_list, split_heading_attrs
from linter.parse.source import SourceText, read_file
from linter.parse.tree import Node, Page
from linter.po.catalog import read_catalog
from linter.po.segments import _trim_tags
from rules.code_text import mermaid_structure
from rules.english_left import _is_quotation
from rules.includes import _VARIANT_OPTION
from rules.link_markup import _LINK_END
from rules.prose import plain
from rules.tables import _rows
from rules.text import _MASKED

HANG = 60.0  # seconds: only a hang (a quadratic scan of a long line) gets near it
SITE = Path(__file__).resolve().parent.parent / "fixtures" / "site"
ENGLISH = (SITE / "docs" / "real-time-communication.md").read_text(encoding="utf-8")
ITALIAN = (SITE / "i18n" / "it" / "real-time-communication.md").read_text(encoding="utf-8")
RUNNER = Runner(configure(Registry.load()), is_english=lambda text: text.isascii() and len(text.split()) > 4)


def _page(text: str, path: str = "it.md", lang: str = "it"):
    return parse_page(SourceText.from_bytes(path, text.encode("utf-8")), lang)


def _lint(english: str, translation: str) -> list:
    started = time.monotonic()
    findings = RUNNER.lint_pages(_page(english, "en.md", "en"), _page(translation))
    assert time.monotonic() - started < HANG
    return findings


def _check(tmp_path: Path, english: str, translation: str, *args: str, env: dict | None = None):
    (tmp_path / "en.md").write_text(english, encoding="utf-8")
    (tmp_path / "it.md").write_text(translation, encoding="utf-8")
    before = {p: p.read_bytes() for p in tmp_path.iterdir()}
    result = CliRunner().invoke(
        main, ["check", *args, "--source", str(tmp_path / "en.md"), str(tmp_path / "it.md")], env=env
    )
    assert {p: p.read_bytes() for p in tmp_path.iterdir()} == before
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


# -- crashes -----------------------------------------------------------------------------------


def test_html_close_inside_a_list_item_closes_the_div_around_the_list() -> None:
    english = "<div markdown>\n\n- x\n  </div>\n"
    page = _page(english, "en.md", "en")
    assert [node.kind for node in page.root.children] == ["div"]
    _lint(english, "x\n")
    _lint("x\n", english)


def test_html_close_inside_a_list_item_in_a_po_entry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("en.md").write_text("<div markdown>\n\n- x\n  </div>\n", encoding="utf-8")
    entry = 'msgid "<div markdown>\\n\\n- x\\n  </div>\\n"\nmsgstr "<div markdown>\\n\\n- y\\n  </div>\\n"\n'
    Path("it.po").write_text('msgid ""\nmsgstr "Language: it\\n"\n\n' + entry, encoding="utf-8")
    result = CliRunner().invoke(main, ["po", "--source", "en.md", "--lang", "it", "it.po"])
    assert result.exit_code in (0, 1), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_front_matter_value_of_the_wrong_type_is_one_line(tmp_path: Path) -> None:
    result = _check(tmp_path, "# T\n", "---\nx: !!int x\n---\n# T\n")
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "it.md" in result.stderr and "front matter" in result.stderr


def test_link_to_an_invalid_host_is_compared_as_text(tmp_path: Path) -> None:
    result = _check(tmp_path, "[a](https://ex.co/p)\n", "[a](https://ex.co[x]/p)\n", "--select", "TM501")
    assert result.exit_code == 0, result.output + result.stderr
    assert 'points to "https://ex.co[x]/p"' in result.output


def test_bad_regex_in_an_option_is_a_configuration_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path(".transmark.toml").write_text('[rules.changed-link-target]\nlocalized-urls = ["(x"]\n', encoding="utf-8")
    result = _check(tmp_path, "[a](https://ex.co/p)\n", "[a](https://ex.co/q)\n")
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert "[rules.changed-link-target] localized-urls: '(x' is not a regular expression" in result.stderr


# -- a rule that raises ------------------------------------------------------------------------


class _Broken(Rule):
    id, name, summary = "TM999", "broken", "raises"

    def check(self, pair, ctx):  # type: ignore[no-untyped-def]
        yield Report("first", node=pair.target)
        raise ValueError("boom")


def test_a_rule_that_raises_costs_only_its_own_findings() -> None:
    runner = Runner([*RUNNER.rules, *configure(Registry([_Broken]))], RUNNER.is_english)
    findings = runner.lint_pages(_page(ENGLISH, "en.md", "en"), _page(ITALIAN))
    crashes = [f for f in findings if f.rule_name == "internal-error"]
    assert len(crashes) == 1 and crashes[0].path == "it.md" and crashes[0].span.start.line == 1
    assert "rule TM999 broken failed on this page (ValueError: boom)" in crashes[0].message
    assert not any(f.rule_id == "TM999" for f in findings)
    others = RUNNER.lint_pages(_page(ENGLISH, "en.md", "en"), _page(ITALIAN))
    assert others and set(others) <= set(findings)


@pytest.mark.parametrize("debug", [False, True])
def test_a_crashed_rule_ends_the_run_with_exit_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, debug: bool) -> None:
    rule = Registry.load().find("changed-link-target")
    assert rule is not None

    def broken(self, pair, ctx):  # type: ignore[no-untyped-def]
        raise KeyError("boom")

    monkeypatch.setattr(rule, "check", broken)
    env = {"TRANSMARK_DEBUG": "1" if debug else ""}
    result = _check(tmp_path, ENGLISH, ITALIAN, "--fail-on", "info", env=env)
    assert result.exit_code == 2
    assert "TM003 internal-error: rule TM501 changed-link-target failed on this page (KeyError" in result.output
    assert "TM203 misplaced-card" in result.output  # the other rules' findings are all there
    assert ("Traceback" in result.stderr) is debug
    assert result.stderr.splitlines()[-1].startswith("transmark: a rule failed")


# -- long lines ----------------------------------------------------------------------------------

LONG = 100_000


@pytest.mark.parametrize(
    "line",
    [
        *("[" * LONG, "[" * LONG + "]", "![" * (LONG // 2), "[a](b " * (LONG // 6), "<" * LONG, "[^" * (LONG // 2)),
        *("a" + "_" * LONG + "b", "`" * LONG + "x", '"' * LONG + "a"),
        "*" * (LONG // 2 + 1) + "#" + "*" * (LONG // 2 + 1),  # 25,000 nested emphases: each read its rest (minutes)
        "(" + "[^" * (LONG // 5) + "1]\n\n[^1]: A note.",  # each `[^` read its label to the end (minutes)
    ],
    ids=[
        *("brackets", "brackets-closed", "images", "links", "angles", "footnotes", "underscores", "backticks"),
        *("quotes", "nested-emphasis", "footnotes-closed"),
    ],
)
def test_a_long_line_in_a_real_page_is_linted(line: str) -> None:
    english, italian = ENGLISH.split("\n"), ITALIAN.split("\n")
    english.insert(30, f"\n{line}\n")
    italian.insert(30, f"\n## {line}\n")
    _lint("\n".join(english), ITALIAN)
    _lint(ENGLISH, "\n".join(italian))


@pytest.mark.parametrize(
    "text",
    ["[" * LONG, "![" * LONG, "[^" * LONG, "(" + "/" * LONG, "a" + "_" * LONG + "b", "](" * LONG, "<" * LONG],
)
def test_reading_text_is_one_pass(text: str) -> None:
    started = time.monotonic()
    plain(text)
    assert time.monotonic() - started < HANG


# Each took seconds to minutes on a long run: a regex that tried every character of a run (or
# every way to split a run of spaces between two `\s*`) against the rest of the line.
SCANS = {
    "code-spans": lambda: plain("`" * LONG + "x"),
    "glued-code": lambda: plain(("a" * LONG + "`x`") * 3 + "`" * LONG),
    "masked-code": lambda: _MASKED.sub(" ", "`" * LONG + "x"),
    "quotation": lambda: _is_quotation('"' * LONG + "a"),
    "link-end": lambda: _LINK_END.match(" " * LONG),
    "table-delimiter": lambda: _rows("|---" + " " * LONG + "x"),
    "mermaid": lambda: mermaid_structure("a" + " " * LONG + "b\n" + "\n" * LONG + "x\n"),
    "po-edge-tags": lambda: _trim_tags("x" + " <a>" * (LONG // 4) + "x"),
    "heading-attributes": lambda: heading_attr_list(" {" * LONG),
    "include-options": lambda: _VARIANT_OPTION.findall("a" * LONG),
}


@pytest.mark.parametrize("scan", SCANS.values(), ids=SCANS.keys())
def test_scanners_are_one_pass(scan: Callable[[], object]) -> None:
    started = time.monotonic()
    scan()
    assert time.monotonic() - started < HANG


def test_markers_shown_as_text_are_quoted_in_one_pass(monkeypatch: pytest.MonkeyPatch) -> None:
    """TM550 quotes a marker shown as text with the words around it, from a space before it to a space
    after: in a block of markers and no spaces (1 MB of `***word` lines, 90 s) each quote copied and
    split the block from its start to its end."""
    from rules import emphasis, facts

    copied = []
    quote = facts.quote
    for module in (facts, emphasis):  # wherever TM550 takes it from
        if hasattr(module, "quote"):
            monkeypatch.setattr(module, "quote", lambda text, *limit: copied.append(len(text)) or quote(text, *limit))
    shown = emphasis._markers_in("***word\n" * 5000)
    assert len(shown) == 5000
    assert sum(copied) < 100 * len(shown)  # a quote's 60 characters and a word: 200,000,000 before


def test_markers_are_quoted_as_from_their_own_spaces() -> None:
    """Each marker's context found on from the last marker's is the one found from scratch."""
    from rules import emphasis
    from rules.facts import quote

    def context(prose: str, start: int, end: int) -> str:
        right = prose.find(" ", end + 12)
        return quote(prose[prose.rfind(" ", 0, max(0, start - 12)) + 1 : right if right >= 0 else len(prose)])

    rng = random.Random(550)
    units = ["*", "**", " ", "\n", "\t", "a", "word", "longer words", " " * 30, "\n" * 80, "x" * 70]
    for _ in range(3000):
        prose = "".join(rng.choice(units) for _ in range(rng.randint(1, 40)))
        expected = [context(prose, *match.span()) for match in re.finditer(r"\*+", prose)]
        assert [shown.context for shown in emphasis._markers_in(prose, spaced=True)] == expected, prose


def test_translated_code_spans_are_not_each_tried_against_every_other(monkeypatch: pytest.MonkeyPatch) -> None:
    """TM551 asks whether a changed code span was kept whole in a rephrased one (`x` in `x=1`): it tried each
    span of a paragraph against every other, 6,800,000 tries for a paragraph of 4,000 spans."""
    from rules import code

    tries = []
    rephrased = code._rephrased
    monkeypatch.setattr(code, "_rephrased", lambda *pair: tries.append(pair) or rephrased(*pair))
    english = " ".join(f"`code{i}`" for i in range(4000))
    translated = " ".join(f"`kode{i}`" for i in range(4000))
    findings = _lint(english, translated)
    assert sum(f.rule_id == "TM551" for f in findings) == 4000  # each span translated
    assert len(tries) < 1000  # 16,000,000 before


def test_rephrased_code_spans_are_found_as_by_trying_each() -> None:
    from rules.code import _rephrased, _Rephrasings

    rng = random.Random(551)
    units = ["x", "x", "y", "use_cache", "=", "False", "(", ")", "[", "str]", ".", " ", "list", "é", "1", ""]
    for _ in range(300):
        spans = ["".join(rng.choice(units) for _ in range(rng.randint(0, 4))) for _ in range(rng.randint(0, 12))]
        index = _Rephrasings(spans)
        for code in spans + ["".join(rng.choice(units) for _ in range(rng.randint(0, 5))) for _ in range(8)]:
            assert index.any_of(code) == any(_rephrased(code, span) for span in spans), (code, spans)


def test_a_code_span_held_whole_in_another_is_found_where_the_look_around_pattern_finds_it() -> None:
    """`_whole_name` stands for `(?<![\\w.])NAME(?![\\w])`, compiled once per pair of spans before (47,000 in a
    1 MB page, each a new pattern)."""
    from rules.code import _whole_name

    rng = random.Random(65)
    units = ["a", "b", "_", ".", "-", "x1", " ", "é", "²", "[", "]", "=", "ab", "a.b"]
    for _ in range(5000):
        text = "".join(rng.choice(units) for _ in range(rng.randint(0, 12)))
        name = "".join(rng.choice(units) for _ in range(rng.randint(0, 3)))
        found = re.search(rf"(?<![\w.]){re.escape(name)}(?![\w])", text)
        assert _whole_name(name, text) == (found.start() if found else -1), (name, text)


def test_code_spans_that_lost_their_backticks_are_not_each_searched_for(monkeypatch: pytest.MonkeyPatch) -> None:
    """TM552 looks for each lost code span's text in the block: 4,000 spans with every 97th backtick dropped
    tried each lost one against every changed span, and searched the block with a pattern of its own
    (compiled for each); a 250 kB page of them ran for minutes."""
    from rules import code

    tries, patterns = [], []
    rephrased, pattern = code._rephrased, code._prose_pattern
    monkeypatch.setattr(code, "_rephrased", lambda *pair: tries.append(pair) or rephrased(*pair))
    monkeypatch.setattr(code, "_prose_pattern", lambda literal: patterns.append(literal) or pattern(literal))
    english = " ".join(f"`code{i}`" for i in range(4000))
    translated = "".join(char for i, char in enumerate(english) if char != "`" or i % 97)
    findings = _lint(english, translated)
    assert sum(f.rule_id == "TM552" for f in findings) > 10  # lost backticks, found
    assert len(tries) < 4000 and len(patterns) < 10


def test_code_found_in_prose_where_its_pattern_finds_it() -> None:
    from rules.code import _in_prose, _literal, _prose_pattern

    rng = random.Random(552)
    units = ["a", "ab", "-", " ", ".", "x", "と", "_", '"', "«", "»", " \u00a0", "aa", "\n"]
    for _ in range(3000):
        prose = "".join(rng.choice(units) for _ in range(rng.randint(0, 30)))
        code = "".join(rng.choice(units[:9]) for _ in range(rng.randint(1, 3)))
        expected = [match.span() for match in _prose_pattern(_literal(code)).finditer(prose)]
        assert list(_in_prose(code, prose)) == expected, (code, prose)


def test_an_unclosed_suppression_comment_is_one_pass(tmp_path: Path) -> None:
    result = _check(tmp_path, ENGLISH, ITALIAN + "\n" + "<!-- transmark-disable x " * (LONG // 20) + "\n")
    assert result.exit_code in (0, 1), result.output


@pytest.mark.parametrize("title", ["{" * LONG, "a" + " " * LONG + "}", "}{" * LONG + "}", "{ #x }" * LONG])
def test_heading_attributes_are_one_pass(title: str) -> None:
    started = time.monotonic()
    split_heading_attrs(title)
    assert time.monotonic() - started < HANG


def test_heading_attributes_as_python_markdown_reads_them() -> None:
    assert split_heading_attrs("Title { #id .x }") == ("Title", "id")
    assert split_heading_attrs("Title {: #id }  ") == ("Title", "id")
    assert split_heading_attrs("A {b} c { #d }") == ("A {b} c", "d")
    assert split_heading_attrs("A { #b } c") == ("A { #b } c", None)


def test_long_block_title_and_heading_with_spaces(tmp_path: Path) -> None:
    spaces = " " * LONG
    _lint(ENGLISH, f"/// note | a{spaces}b\n\nx\n///\n\n# a{spaces}b #\n")


# -- files that are not pages ------------------------------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes need POSIX")
def test_a_named_pipe_is_refused_without_blocking(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "page.md")
    with pytest.raises(InputError, match="is a named pipe, not a page"):
        read_file(tmp_path / "page.md")


def test_a_device_is_refused_unread() -> None:
    if not Path("/dev/zero").exists():
        pytest.skip("no /dev/zero")
    with pytest.raises(InputError, match="is a device, not a page"):
        read_file("/dev/zero")


def test_a_broken_symbolic_link_says_so(tmp_path: Path) -> None:
    (tmp_path / "page.md").symlink_to(tmp_path / "gone.md")
    with pytest.raises(InputError, match="broken symbolic link"):
        read_file(tmp_path / "page.md")


def test_the_size_limit_is_checked_before_reading(tmp_path: Path) -> None:
    big = tmp_path / "page.md"
    with big.open("wb") as file:
        file.truncate(9 * 1024 * 1024)  # sparse: nothing is written
    with pytest.raises(InputError, match=r"is 9.0 MiB, over the 8.0 MiB limit for a page"):
        read_file(big)
    assert len(read_file(big, limit=10 * 1024 * 1024)) == 9 * 1024 * 1024


def test_max_page_size_is_configurable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path(".transmark.toml").write_text('max-page-size = "1 KiB"\n', encoding="utf-8")
    result = _check(tmp_path, "# Title\n\nText.\n", "# Titolo\n\n" + "Testo. " * 200 + "\n")
    assert result.exit_code == 2 and "over the 1 KiB limit for a page (raise max-page-size" in result.stderr
    Path(".transmark.toml").write_text("max-page-size = 0\n", encoding="utf-8")
    result = _check(tmp_path, "# Title\n", "# Titolo\n")
    assert result.exit_code == 2 and '"max-page-size" must be a positive number of bytes' in result.stderr


# -- gettext catalogs ---------------------------------------------------------------------------------


def test_a_big_catalog_is_read_in_one_pass(tmp_path: Path) -> None:
    """40,000 entries (over 4 MiB): read, not refused; the time guard catches a quadratic scan."""
    x, y = "x" * 30, "y" * 30
    entries = "".join(
        f'#: docs/page.md:block {i} (paragraph)\nmsgid "Paragraph {i} {x}"\nmsgstr "Paragrafo {i} {y}"\n\n'
        for i in range(40_000)
    )
    path = tmp_path / "page.po"
    path.write_text('msgid ""\nmsgstr "Language: it\\n"\n\n' + entries, encoding="utf-8")
    assert path.stat().st_size > 4 * 1024 * 1024
    started = time.monotonic()
    catalog = read_catalog(path)
    assert time.monotonic() - started < HANG
    assert len(catalog.entries) == 40_000 and catalog.entries[-1].refs == (("docs/page.md", "block 39999 (paragraph)"),)


@pytest.mark.skipif(not hasattr(os, "mkfifo") or not Path("/dev/zero").exists(), reason="needs POSIX pipes and devices")
def test_a_site_run_reports_special_files_as_unreadable_and_lints_the_rest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path(".transmark.toml").write_text('source = "docs"\ntranslation = "i18n/{lang}/{path}"\n', encoding="utf-8")
    Path("docs").mkdir()
    Path("i18n/it").mkdir(parents=True)
    for name in "abcd":
        Path(f"docs/{name}.md").write_text("# Title\n\n!!! tip\n\n    Some text.\n", encoding="utf-8")
    os.mkfifo("i18n/it/a.md")
    Path("i18n/it/b.md").symlink_to("gone.md")
    Path("i18n/it/c.md").symlink_to("/dev/zero")
    Path("i18n/it/d.md").write_text("# Titolo\n\n!!! consiglio\n\n    Del testo.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--fail-on", "info"])
    assert result.exit_code == 1, result.output + result.stderr
    lines = result.output.splitlines()
    assert lines[:3] == [
        "i18n/it/a.md:1:1: TM000 unreadable-page: is a named pipe, not a page",
        "i18n/it/b.md:1:1: TM000 unreadable-page: broken symbolic link: the file it names does not exist",
        "i18n/it/c.md:1:1: TM000 unreadable-page: is a device, not a page",
    ]
    assert len(lines) == 4 and lines[3].startswith("i18n/it/d.md:3:5: TM301 translated-admonition-type:")


def _walks_of(page: Page, monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Whether each walk of a tree from now on starts at `page`'s root."""
    walks = []
    walk = Node.walk

    def counted(node: Node) -> Iterator[Node]:
        walks.append(node is page.root)
        return walk(node)

    monkeypatch.setattr(Node, "walk", counted)
    return walks


def test_rules_walk_the_english_page_once_per_page_not_once_per_box(monkeypatch: pytest.MonkeyPatch) -> None:
    """A rule's per-box check reads page-wide facts from an analysis: 4,000 boxes of a translated type
    walked the English page once each (12 s for a 300 KB pair)."""
    english_page = _page(
        "".join(f'!!! tip "Title {i}"\n\n    See [it](https://ex.org/{i}).\n\n' for i in range(300)), "en.md", "en"
    )
    translation = _page(
        "".join(f'!!! consiglio "Titolo {i}"\n\n    Vedi [it](https://ex.org/{i}).\n\n' for i in range(300))
    )
    walks = _walks_of(english_page, monkeypatch)
    findings = RUNNER.lint_pages(english_page, translation)
    assert sum(f.rule_name == "translated-admonition-type" for f in findings) == 300
    assert sum(walks) < 100  # once per box: 300 more


def test_glued_list_markers_search_the_english_page_once_per_marker(monkeypatch: pytest.MonkeyPatch) -> None:
    """TM566 asks whether English has list items of a glued line's marker: once per marker and indent,
    not once per line (a page of 125,000 `*word*` lines searched 1 MB 870 times: 3.4 s)."""
    import rules.breakage

    english_page = _page("# T\n\n" + "".join(f"*word{i}* and\n" for i in range(400)) + "\n* an item\n", "en.md", "en")
    translation = _page("# T\n\n" + "".join(f"*wort{i} and\n" for i in range(400)) + "\n* un elem\n")
    searches = []

    class Counted:
        def __getattr__(self, name: str) -> object:
            return getattr(re, name)

        @staticmethod
        def search(*args: object, **kwargs: object) -> object:
            searches.append(args[0])
            return re.search(*args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(rules.breakage, "re", Counted())
    findings = RUNNER.lint_pages(english_page, translation)
    assert sum(f.rule_name == "glued-list-marker" for f in findings) == 400
    assert len(searches) == 1


def test_links_sharing_a_url_search_the_translated_block_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each English link the translation lacks is looked for as text; links sharing a URL asked again,
    each reading and searching the whole block (a paragraph of 53,000 reference links: 12 s)."""
    import rules.link_markup

    reads = []
    node_text = rules.link_markup.node_text
    monkeypatch.setattr(rules.link_markup, "node_text", lambda *args: reads.append(1) or node_text(*args))
    english = "# T\n\n" + " ".join(f"[word {i}][r]" for i in range(300)) + "\n\n[r]: https://ex.org/r\n"
    translation = "# T\n\n" + " ".join(f"parola {i}" for i in range(300)) + " https://ex.org/r.\n"
    findings = _lint(english, translation)
    assert sum(f.rule_name == "missing-link" for f in findings) == 300
    assert len(reads) == 1


def test_images_that_lost_their_bang_are_looked_up_not_searched_for(monkeypatch: pytest.MonkeyPatch) -> None:
    """An English image the translation shows as a link (its `!` lost) was looked for among all the
    translated links, and as text from the block's start (14,000 in a 1 MB paragraph: 9 s)."""
    import rules.link_facts
    import rules.link_markup

    keys, places = [], []
    file_key, find_places = rules.link_facts._file_key, rules.link_markup.VisibleUrls._places
    monkeypatch.setattr(rules.link_facts, "_file_key", lambda url: keys.append(url) or file_key(url))

    def counted(self: rules.link_markup.VisibleUrls, index: int, text: str, form: str) -> list[int]:
        found = list(find_places(self, index, text, form))
        places.append(len(found))
        return found

    monkeypatch.setattr(rules.link_markup.VisibleUrls, "_places", counted)
    english = "# T\n\n" + " ".join(f"![word {i}](img/{i}.png)" for i in range(400)) + "\n"
    translation = "# T\n\n" + " ".join(f"[parola {i}](img/{i}.png)" for i in range(300))
    translation += " " + " ".join(f"parola img/{i}.png" for i in range(300, 400)) + "\n"
    findings = _lint(english, translation)
    assert sum(f.rule_name == "lost-image-marker" for f in findings) == 400
    assert len(keys) < 3_000  # 80,000 before: each of the 400 against every translated link
    assert sum(places) <= 2 * len(places)  # each of the 100 shown as text: at its own place only


def test_whether_a_group_is_pasted_from_elsewhere_is_worked_out_once_a_page(monkeypatch: pytest.MonkeyPatch) -> None:
    """Rules skip groups whose translation links nowhere English does; each asked it for each block it
    reported on, reading all the group's links each time (a paragraph of 16,000 links: 24 s)."""
    import rules.facts

    reads = []
    urls = rules.facts._urls
    monkeypatch.setattr(rules.facts, "_urls", lambda nodes: reads.append(1) or urls(nodes))
    english = "# T\n\n" + "".join(f"*a{i}* [l](u{i}) {{ #x }}\n" for i in range(200))
    translation = english.replace(" { #x }", "", 100)
    findings = _lint(english, translation)
    assert sum(f.rule_name == "missing-attribute-list" for f in findings) == 100
    assert len(reads) <= 4  # the heading's and the paragraph's group, once each (202 before)


def test_a_lost_tab_looks_for_stray_tab_headers_in_one_walk(monkeypatch: pytest.MonkeyPatch) -> None:
    """A set that lost a tab checks its container for a header the site does not read as one: each line
    like a header walked the container for a tab starting there (8,000 tabs, one lost: minutes)."""
    tabs = [f'=== "Tab {i}"\n\n    word {i}\n\n' for i in range(300)]
    broken = [tab[1:] if i % 10 == 0 else tab for i, tab in enumerate(tabs)]  # `== "Tab 10"` parts the set
    english_page, translation = _page("".join(tabs), "en.md", "en"), _page("".join(broken))
    walks = _walks_of(translation, monkeypatch)
    findings = RUNNER.lint_pages(english_page, translation)
    assert any(f.rule_id == "TM563" for f in findings)
    assert sum(walks) < 10  # 267 before: for each set, each header of the other sets
