"""Breakage that Crowdin's export puts into every language identically, reported once for the English page.

Crowdin rebuilds every language from the same source segments, so an export bug
(content tabs escaped as `\\===`, `{.md-button.md-button--primary}` merged into one
class) shows up at the same spot of every translation, with the same broken text.
Thirty copies of it bury the findings translators can act on; one finding on the
English page tells a maintainer where to fix it once. A difference that reads
differently from language to language is each translation's own, and stays there.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence

from linter.engine.findings import Finding, Severity
from linter.parse.positions import Span
from linter.patterns import lazy
from linter.project.target import Target

_QUOTED = lazy(r'"([^"]*)"')
# Fewer languages than this agreeing is not evidence of an export bug.
MIN_LANGUAGES = 3


def collapse_systemic(findings: Sequence[Finding], targets: Iterable[Target], share: float = 1.0) -> list[Finding]:
    """Replace the same breakage (same rule, English spot and broken text) found in at least `share` of
    the run's languages of a page, and in MIN_LANGUAGES or more, by one finding on the English page.

    Only breakage (warning and error) collapses: untranslated text is each language's own progress.
    """
    languages: dict[str, set[str]] = {}
    for target in targets:
        languages.setdefault(str(target.source), set()).add(target.lang)
    spots: dict[tuple[str, str, str, int], list[Finding]] = {}
    for finding in findings:
        if finding.severity >= Severity.WARNING and finding.source_path and finding.source_span:
            spot = (finding.source_path, finding.rule_id, finding.key, finding.source_span.start.line)
            spots.setdefault(spot, []).append(finding)
    collapsed: set[int] = set()
    merged: list[Finding] = []
    for (source, *_rest), at_spot in spots.items():
        run = languages.get(source, set())
        needed = max(MIN_LANGUAGES, share * len(run))
        if len({finding.lang for finding in at_spot}) < needed:
            continue  # most spots
        defects: dict[str, list[Finding]] = {}
        for finding in at_spot:
            defects.setdefault(finding.shown or finding.message, []).append(finding)
        for group in defects.values():
            langs = {finding.lang for finding in group}
            if len(langs) < needed or not langs <= run:
                continue
            collapsed.update(id(finding) for finding in group)
            merged.append(_for_source_page(group, len(langs), len(run)))
    kept = [finding for finding in findings if id(finding) not in collapsed]
    return sorted(kept + merged, key=Finding.sort_key)


_LONG_TEXT = 10_000  # characters: a finding's lines on the corpus and the sites hold at most 1,107
_BESIDE = 1_000


def broken_text(message: str, lines: Sequence[str], span: Span) -> str:
    """What is broken, as the translation has it: the message's first quote that is in the lines of `span`
    (a finding's `shown`, worked out when it is found, while its page's lines are at hand).

    Messages name what is broken first (link "X", code "Y") and then what differs per language
    (the translation's own heading a link misses, an English name a translation may have kept);
    only what stands in the translation at that spot tells one export bug from several defects.
    A message quoting nothing found there is compared whole. Where the span's lines hold more than any
    paragraph of prose (a generated page, one paragraph of thousands of links), the spot is a thousand
    characters each side of the span's two ends: each of 16,000 findings on a 180 kB line searched all of it.
    """
    first, last = span.start.line - 1, span.end.line
    size = 0
    for index in range(first, last):
        size += len(lines[index]) + 1
        if size > _LONG_TEXT:
            start, end = span.start.column - 1, span.end.column - 1
            text = lines[first][max(0, start - _BESIDE) : start + _BESIDE] + "\n"
            text += lines[last - 1][max(0, end - _BESIDE) : end + _BESIDE]
            break
    else:
        text = "\n".join(lines[first:last])
    return next((quote for quote in _QUOTED.findall(message) if quote and quote in text), message)


def _for_source_page(group: Sequence[Finding], count: int, total: int) -> Finding:
    first = min(group, key=Finding.sort_key)  # the same in every run, whatever order the workers finished in
    assert first.source_path is not None and first.source_span is not None
    where = f"every translation ({count} languages)" if count == total else f"{count} of {total} translations"
    return Finding(
        rule_id=first.rule_id,
        rule_name=first.rule_name,
        severity=first.severity,
        path=first.source_path,
        span=first.source_span,
        message=f"in {where}, so fix it once, at the source or in the export: {_shared_message(group, first)}",
        source_path=first.source_path,
        source_span=first.source_span,
        lang="",
        key=first.key,
    )


def _shared_message(group: Sequence[Finding], first: Finding) -> str:
    """What every language's message says: up to the first clause that differs between them (`; there the
    heading is "Evitar la censura"` names one language's heading, no words for the English page)."""
    messages = sorted({finding.message for finding in group})
    if len(messages) == 1:
        return messages[0]
    cut = os.path.commonprefix(messages).rfind("; ")
    return messages[0][:cut] if cut > 0 else first.message
