"""Alignment is local: an English section the translation lacks changes no other finding.

The real Crowdin exports in fixtures/seeds are linted against their English revision, then
against that revision with one more section (made-up words, an address and code no page has)
inserted before one of its headings. Every finding of the first run must come back at the
same place and structural key, and the new section must be reported missing by its own name.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_seeds import ORIGIN, SEEDS

from linter.align.aligner import Alignment, align
from linter.engine.findings import Finding
from linter.engine.registry import Registry
from linter.engine.runner import Runner, configure
from linter.parse.markdown import parse_page
from linter.parse.positions import Pos, Span
from linter.parse.source import SourceText
from linter.parse.tree import Node, Page

RUNNER = Runner(configure(Registry.load()), is_english=lambda text: text.isascii() and len(text.split()) > 4)
PAIRS = [
    (
        (SEEDS / "en" / english).read_text(encoding="utf-8"),
        next(SEEDS.glob(f"{seed}_*.txt")).read_text(encoding="utf-8"),
    )
    for seed, english in sorted(ORIGIN.items())
]

_words = st.lists(st.sampled_from(["zorvat", "plinn", "quedra", "moskel", "talvi", "brennit", "uskar"]), min_size=3)
_sentence = _words.map(lambda words: " ".join(words).capitalize() + ".")
_block = st.one_of(
    _sentence,
    st.tuples(_sentence, st.integers(0, 99)).map(lambda b: f"{b[0]} [Quedra](https://inserted.example/{b[1]})."),
    st.lists(_sentence, min_size=1, max_size=3).map(lambda items: "\n".join(f"- {item}" for item in items)),
    _words.map(lambda words: "```\n" + "_".join(words) + "()\n```"),
    _sentence.map(lambda text: f"!!! note\n\n    {text}"),
)


def _parse(path: str, text: str, lang: str) -> Page:
    return parse_page(SourceText.from_bytes(path, text.encode("utf-8")), lang)


def _where(finding: Finding) -> tuple[str, int, int, str]:
    """A finding's rule, place in the translation and structural key; messages may quote English lines."""
    return finding.rule_id, finding.span.start.line, finding.span.start.column, finding.key


def _insert(english: str, page: Page, index: int, level: int, blocks: list[str]) -> tuple[str, str]:
    """English with a new section before one of its headings (not the first), and the new title.

    Its level is at least the next heading's, so it takes no subsection away from its neighbour.
    """
    headings = [section for section in page.sections() if section.level > 1][1:]
    following = headings[index % len(headings)]
    title = f"Zorvat plinn {index}"
    lines = english.split("\n")
    at = following.span.start.line - 1
    section = ["", f"{'#' * max(level, following.level)} {title}", "", "\n\n".join(blocks), ""]
    return "\n".join(lines[:at] + section + lines[at:]), title


@settings(
    max_examples=60,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    st.sampled_from(range(len(PAIRS))),
    st.integers(0, 1000),
    st.integers(2, 4),
    st.lists(_block, min_size=1, max_size=4),
)
def test_inserted_english_section_moves_no_other_finding(pair: int, index: int, level: int, blocks: list[str]) -> None:
    english, translation = PAIRS[pair]
    target = _parse("it.md", translation, "it")
    source = _parse("en.md", english, "en")
    before = sorted(_where(f) for f in RUNNER.lint_pages(source, target))
    grown, title = _insert(english, source, index, level, blocks)
    after = RUNNER.lint_pages(_parse("en.md", grown, "en"), target)
    named = [f for f in after if f.rule_id == "TM102" and f'"{title}"' in f.message]
    cut = [f for f in after if f.rule_id == "TM109"]
    assert named or cut, f"{title} not reported missing"
    assert sorted(_where(f) for f in after if f not in named) == before


def test_seed_pairs_are_read() -> None:
    assert len(PAIRS) == len(ORIGIN) and all(Path(SEEDS / "en" / name).is_file() for name in ORIGIN.values())


def _anchor_by_search(alignment: Alignment, source_node: Node) -> Span:
    """Where a missing node goes, by the definition: after the translation of the nearest paired sibling
    before it, else at the start of its container's translation, else up one container."""
    node: Node | None = source_node
    while node is not None and node.parent is not None:
        siblings = node.parent.children
        for previous in reversed(siblings[: siblings.index(node)]):
            if (found := alignment.counterpart(previous)) is not None:
                return Span(found.span.end, found.span.end)
        if (parent_target := alignment.counterpart(node.parent)) is not None:
            return Span(parent_target.span.start, parent_target.span.start)
        node = node.parent
    return Span(Pos(1, 1), Pos(1, 1))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, len(PAIRS) - 1), st.lists(st.integers(0, 10_000), max_size=8))
def test_a_missing_node_is_anchored_after_its_paired_predecessor(pair: int, cuts: list[int]) -> None:
    """anchor_in_target, read from each container's children once, is where the definition puts it."""
    english, translation = PAIRS[pair]
    lines = translation.split("\n")
    for cut in cuts:  # translated blocks taken out, so English nodes are left unpaired
        del lines[cut % len(lines) : cut % len(lines) + 3]
    alignment = align(_parse("en.md", english, "en"), _parse("it.md", "\n".join(lines), "it"))
    for node in alignment.source.root.walk():  # unpaired ones, and paired ones whose neighbours are not
        assert alignment.anchor_in_target(node) == _anchor_by_search(alignment, node)
