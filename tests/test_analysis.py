"""linter/align/analysis.py: an analysis runs once per alignment and argument tuple."""

from __future__ import annotations

from linter.align.aligner import Alignment
from linter.align.analysis import analysis, page_analysis
from linter.parse.markdown import parse_page
from linter.parse.source import SourceText
from linter.parse.tree import Page


def _alignment() -> Alignment:
    page = parse_page(SourceText("en.md", "# Title\n\nText.\n"))
    return Alignment(page, page)


def test_an_analysis_is_computed_once_per_alignment_and_arguments() -> None:
    calls: list[tuple[int, bool]] = []

    @analysis
    def lines(alignment: Alignment, english: bool) -> int:
        calls.append((id(alignment), english))
        return len((alignment.source if english else alignment.target).source.lines)

    first, second = _alignment(), _alignment()
    assert lines(first, True) == lines(first, True) == 4
    lines(first, False)
    lines(second, True)
    assert calls == [(id(first), True), (id(first), False), (id(second), True)]


def test_a_page_analysis_is_shared_by_every_alignment_of_the_page() -> None:
    calls: list[str] = []

    @page_analysis
    def titles(page: Page) -> list[str]:
        calls.append(page.path)
        return [section.title for section in page.sections()]

    english = parse_page(SourceText("en.md", "# Title\n\nText.\n"))
    translations = [parse_page(SourceText(f"{lang}.md", "# Titolo\n\nTesto.\n")) for lang in ("it", "es")]
    for translation in translations:
        assert titles(Alignment(english, translation).source) == ["Title"]
    assert calls == ["en.md"]
    english.analyses.clear()  # what the runner does when it moves on to the next English page
    titles(english)
    assert calls == ["en.md", "en.md"]
