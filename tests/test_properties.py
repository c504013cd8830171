"""Property tests: Markdown-ish input never crashes parse/align/runner, and finishes quickly."""

from __future__ import annotations

import time
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mutations import Mutation, mutate

from linter.align.aligner import align
from linter.engine.registry import Registry
from linter.engine.runner import Runner, configure
from linter.errors import InputError
from linter.parse.markdown import parse_page
from linter.parse.source import SourceText

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SAMPLES = [
    FIXTURES / "site/docs/real-time-communication.md",
    FIXTURES / "corpus/es/about.md",
    FIXTURES / "corpus/en/about.md",
]
PAGES = [path.read_text(encoding="utf-8") for path in SAMPLES]
RULES = configure(Registry.load())
RUNNER = Runner(RULES, is_english=lambda text: text.isascii() and len(text.split()) > 4)
HANG_GUARD = 120.0  # seconds per example: only runaway backtracking or a loop reaches it (speed lives in bench/)

FAST = settings(
    max_examples=100,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

_inline = st.sampled_from(
    [
        "word",
        "Signal",
        "日本語の文",
        "текст",
        "***",
        "**",
        "*",
        "_",
        "`code`",
        "``",
        "`",
        "[link](https://a.org)",
        "[l](<x y>)",
        "![logo](a.svg){ align=right }",
        "{ .x }",
        '(u ""){.x}',
        ":material-check:",
        "[^1]",
        "<b>",
        "</b>",
        "\t",
        "  ",
        "\\",
        "!!!",
        "|",
        "&amp;",
        "---",
    ]
)
_line = st.one_of(
    st.lists(_inline, min_size=0, max_size=6).map(" ".join),
    st.sampled_from(
        [
            "# H",
            "## Heading { #id }",
            "### Sub {#x}",
            '!!! warning "Avviso"',
            "!!! recommendation",
            "??? downloads",
            "???+ tip",
            "???",
            '=== "Tab"',
            "/// tip | T",
            "///",
            '<div class="admonition note" markdown>',
            '<div class="grid cards" markdown>',
            "</div>",
            '<details class="downloads" markdown>',
            "<summary>Scarica</summary>",
            "</details>",
            "- item",
            "1. item",
            "> quote",
            "```",
            "~~~",
            "| a | b |",
            "|---|---|",
            '--8<-- "x.md"',
            "*[HTML]: Hyper",
            "[^1]: note",
            "---",
            "title: x",
            "",
        ]
    ),
)
_indent = st.sampled_from(["", "", "    ", "        ", "  ", "\t", " \u00a0"])
_document = st.lists(st.tuples(_indent, _line), max_size=40).flatmap(
    lambda lines: st.sampled_from(["\n", "\r\n"]).map(lambda nl: nl.join(i + t for i, t in lines) + nl)
)


def _lint(english: str, translation: str) -> None:
    started = time.monotonic()
    try:
        source = parse_page(SourceText.from_bytes("en.md", english.encode("utf-8")), "en")
        target = parse_page(SourceText.from_bytes("it.md", translation.encode("utf-8")), "it")
    except InputError:
        return  # a clean, reported refusal (e.g. broken front matter) is fine
    alignment = align(source, target)
    for pair in alignment.pairs:
        assert pair.source is not None or pair.target is not None
    findings = RUNNER.lint_pages(source, target)
    lines = len(target.source.lines)
    for finding in findings:
        assert 1 <= finding.span.start.line <= lines + 1, finding
        assert finding.span.start.column >= 1
    assert time.monotonic() - started < HANG_GUARD


def _self_aligned(text: str) -> None:
    try:
        page = parse_page(SourceText.from_bytes("en.md", text.encode("utf-8")))
        other = parse_page(SourceText.from_bytes("it.md", text.encode("utf-8")))
    except InputError:
        return
    alignment = align(page, other)
    bad = [(p.how, (p.source or p.target).kind) for p in alignment.pairs if p.how in ("missing", "extra")]
    assert not bad, bad


@FAST
@given(_document, _document)
def test_random_markdown_never_crashes(english: str, translation: str) -> None:
    _lint(english, translation)


@FAST
@given(_document)
def test_random_markdown_aligns_with_itself(text: str) -> None:
    _self_aligned(text)


_mutation = st.tuples(
    st.sampled_from(["delete", "duplicate", "swap", "indent", "dedent", "insert", "crlf"]),
    st.integers(min_value=0, max_value=10_000),
    st.integers(min_value=0, max_value=10_000),
    _line,
    st.just(""),
    st.just(0),
)


@FAST
@given(st.sampled_from(range(len(PAGES))), st.lists(_mutation, min_size=1, max_size=8))
def test_mutated_corpus_pages_never_crash(index: int, mutations: list[Mutation]) -> None:
    english = PAGES[index]
    _lint(english, mutate(english, mutations))


@settings(max_examples=20, derandomize=True, deadline=None, database=None)
@given(st.sampled_from(range(len(PAGES))), st.lists(_mutation, min_size=1, max_size=4))
def test_mutated_corpus_page_aligns_with_itself(index: int, mutations: list[Mutation]) -> None:
    _self_aligned(mutate(PAGES[index], mutations))
