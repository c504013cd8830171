"""align(): self-alignment, moved, missing/extra, renamed headings, Crowdin-joined blocks."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from linter.align.aligner import align, profile_source
from linter.engine.registry import Registry
from linter.engine.runner import Runner, configure
from linter.parse.markdown import parse_page
from linter.parse.source import SourceText
from linter.parse.tree import Node, Page

CORPUS = Path(__file__).resolve().parent.parent / "fixtures" / "corpus"  # a few real pages
PAGES = ["en/basics/why-privacy-matters.md", "he/basics/threat-modeling.md", "en/about.md", "es/about.md"]
HOWS = {"root", "anchor", "title", "content", "position", "identical", "moved", "joined", "split", "missing", "extra"}


def parse(text: str, path: str = "x.md") -> Page:
    return parse_page(SourceText.from_bytes(path, text.encode("utf-8")))


@pytest.mark.parametrize("name", PAGES)
def test_corpus_page_aligned_with_itself(name: str) -> None:
    path = CORPUS / name
    source, target = parse_page(SourceText.read(path)), parse_page(SourceText.read(path))
    alignment = align(source, target)
    assert all(p.source is not None and p.target is not None for p in alignment.pairs)
    assert all(p.how in HOWS for p in alignment.pairs)
    src_nodes = list(source.root.walk())
    tgt_nodes = list(target.root.walk())
    for s, t in zip(src_nodes, tgt_nodes, strict=True):
        assert alignment.counterpart(s) is t, f"{s.kind} at {s.span.start} paired elsewhere"
    # Identical text is "untranslated" by design; every structural rule must stay silent.
    rules = configure(Registry.load(), ignore=["TM4"])
    assert Runner(rules, is_english=lambda text: False).lint_pages(source, target) == []


def test_shuffled_sections_are_reported_moved() -> None:
    en = parse("## A\n\n[a](https://a.org) [a2](https://a2.org)\n\n## B\n\n[b](https://b.org) [b2](https://b2.org)\n")
    it = parse("## B\n\n[b](https://b.org) [b2](https://b2.org)\n\n## A\n\n[a](https://a.org) [a2](https://a2.org)\n")
    pairs = align(en, it).pairs_of("section")
    hows = sorted(p.how for p in pairs)
    assert "moved" in hows and "missing" not in hows and "extra" not in hows


def test_missing_and_extra_sections() -> None:
    en = parse("## A\n\n[a](https://a.org)\n\n## B\n\n[b](https://b.org)\n")
    it = parse("## A\n\n[a](https://a.org)\n\n#### Z\n\n[z](https://z.org)\n")
    alignment = align(en, it)
    pairs = list(alignment.pairs_of("section"))
    missing = [p.source.title for p in pairs if p.how == "missing"]
    extra = [p.target.title for p in pairs if p.how == "extra"]
    assert missing == ["B"], [(p.how, p.source and p.source.title, p.target and p.target.title) for p in pairs]
    assert extra == ["Z"]  # another level and no shared facts: not B renamed


def test_renamed_heading_pairs_by_content() -> None:
    en = parse("## Encrypted Messengers\n\n[Signal](https://signal.org) [Molly](https://molly.im)\n")
    it = parse("## Messaggistica crittografata\n\n[Signal](https://signal.org) [Molly](https://molly.im)\n")
    alignment = align(en, it)
    (pair,) = list(alignment.pairs_of("section"))
    assert pair.source.title == "Encrypted Messengers" and pair.target.title == "Messaggistica crittografata"
    assert pair.how == "content" and pair.score > 0.5


def test_explicit_anchor_pairs() -> None:
    en = parse("## Criteria { #criteria }\n\ntext\n")
    it = parse("## Criteri { #criteria }\n\ntesto\n")
    (pair,) = list(align(en, it).pairs_of("section"))
    assert pair.how == "anchor" and pair.score == 1.0


def test_crowdin_joined_blocks_pair_as_joined() -> None:
    en = parse("[a](https://a.org) uno.\n\n[b](https://b.org) due.\n\n[c](https://c.org) tre.\n")
    it = parse("[a](https://a.org) uno. [b](https://b.org) due.\n\n[c](https://c.org) tre.\n")
    alignment = align(en, it)
    joined = [p for p in alignment.pairs if p.how == "joined"]
    assert len(joined) == 1
    assert joined[0].target is it.root.children[0]
    assert not [p for p in alignment.pairs if p.how in ("missing", "extra")]


def test_split_blocks_pair_as_split() -> None:
    en = parse("[a](https://a.org) uno. [b](https://b.org) due.\n")
    it = parse("[a](https://a.org) uno.\n\n[b](https://b.org) due.\n")
    hows = [p.how for p in align(en, it).pairs]
    assert "split" in hows and "extra" not in hows


def test_every_pair_says_how_and_sorted_by_target() -> None:
    en = parse("# T\n\n!!! note\n\n    [x](https://x.org)\n\n## S\n\ntext\n")
    it = parse('# T\n\n!!! note "Nota"\n\n    [x](https://x.org)\n\n## S\n\ntesto\n')
    alignment = align(en, it)
    assert alignment.pairs[0].how == "root"
    assert all(p.how in HOWS and 0.0 <= p.score <= 1.0 for p in alignment.pairs)
    starts = [p.target.span.start for p in alignment.pairs if p.target is not None]
    assert starts == sorted(starts)
    kinds = {p.kind for p in alignment.pairs}
    assert {"section", "admonition", "paragraph"} <= kinds
    for pair in alignment.pairs:
        if pair.source is not None and pair.target is not None:
            assert alignment.counterpart(pair.source) is pair.target


def test_anchor_in_target_for_missing_node() -> None:
    en = parse("## A\n\nuno\n\n## B\n\ndue\n")
    it = parse("## A\n\nuno\n")
    alignment = align(en, it)
    missing = next(p for p in alignment.pairs if p.how == "missing")
    assert alignment.anchor_in_target(missing.source).start.line == 3


def test_english_profiles_worked_out_ahead_align_the_same() -> None:
    english, spanish = (parse_page(SourceText.read(CORPUS / name)) for name in ("en/about.md", "es/about.md"))
    facts: dict[Node, Any] = {}
    profile_source(english, facts)
    assert facts.keys() == {node for node in english.root.walk()}
    ahead, alone = align(english, spanish, facts), align(english, spanish)
    assert [(p.source, p.target, p.how, p.score) for p in ahead.pairs] == [
        (p.source, p.target, p.how, p.score) for p in alone.pairs
    ]
