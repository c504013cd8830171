"""Breakage that Crowdin's export puts into every language identically, reported once for the English page.

Crowdin rebuilds every language from the same source segments, so an export bug
(content tabs escaped as `\\===`, `{.md-button.md-button--primary}` merged into one
class) shows up at the same spot of every translation, with the same broken text.
Thirty copies of it bury the findings translators can act on; one finding on the
English page tells a maintainer where to fix it once. A difference that reads
differently from language to language is each translation's own, and stays there.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from linter.engine.findings import Finding, Severity

# Fewer languages than this agreeing is not evidence of an export bug.
MIN_LANGUAGES = 3


def collapse_systemic(
    findings: Sequence[Finding], triples: Iterable[tuple[str, str, str]], share: float = 1.0
) -> list[Finding]:
    """Replace the same breakage (same rule, English spot and message) found in at least `share` of the
    run's languages of a page, and in MIN_LANGUAGES or more, by one finding on the English page.

    Only breakage (warning and error) collapses: untranslated text is each language's own progress.
    """
    languages: dict[str, set[str]] = {}
    for source, _translation, lang in triples:
        languages.setdefault(source, set()).add(lang)
    groups: dict[tuple[str, str, str, int, str], list[Finding]] = {}
    for finding in findings:
        if finding.severity >= Severity.WARNING and finding.source_path and finding.source_span:
            key = (finding.source_path, finding.rule_id, finding.key, finding.source_span.start.line, finding.message)
            groups.setdefault(key, []).append(finding)
    collapsed: set[int] = set()
    merged: list[Finding] = []
    for (source, *_rest), group in groups.items():
        langs = {finding.lang for finding in group}
        run = languages.get(source, set())
        if len(langs) < MIN_LANGUAGES or not langs <= run or len(langs) < share * len(run):
            continue
        collapsed.update(id(finding) for finding in group)
        merged.append(_for_source_page(group, len(langs), len(run)))
    kept = [finding for finding in findings if id(finding) not in collapsed]
    return sorted(kept + merged, key=Finding.sort_key)


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
        message=f"in {where}, so fix it once, at the source or in the export: {first.message}",
        source_path=first.source_path,
        source_span=first.source_span,
        lang="",
        key=first.key,
    )
