"""Checking a gettext catalog with the page rules: per entry, and on the page rebuilt from it.

Every translated entry becomes a pair of one-segment pages (msgid as English, msgstr
as translation) and the rules that make sense on one segment run on it. When the
catalog's `#:` references lead to its English Markdown page, the page is also rebuilt
from English + catalog, as `po2md` writes it, and the rules about a page's structure
run on that. Findings are moved back to the PO file: the line and column inside the
msgstr that produced the node, with the English page (or the msgid) as counterpart.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from linter.align.aligner import Pair
from linter.collector import paused_gc
from linter.engine.findings import Finding, Severity
from linter.engine.rule import Option, Report, Rule, RuleContext
from linter.engine.runner import ActiveRule, Runner
from linter.engine.site import Site
from linter.errors import InputError
from linter.parse.markdown import parse_page
from linter.parse.positions import Pos, Span
from linter.parse.source import SourceText
from linter.parse.tree import Page
from linter.po.catalog import FUZZY, OBSOLETE, TRANSLATED, UNTRANSLATED, Catalog, Entry, read_catalog
from linter.po.mapped import Mapped
from linter.po.segments import Placement, Rebuilt, english_segments, expand, link_placeholders, place, rebuild, wrapping
from linter.project.discovery import display_path

SEGMENT, PAGE, CATALOG = "segment", "page", "catalog"
MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdx")
# Until rules declare `scope`, these families are about a page's skeleton (sections, cards).
_PAGE_FAMILIES = ("TM1", "TM2")
_PAGE_RULES = ("untranslated-page",)
# A page finding that replaces segment findings of other rules, as it does on a Markdown page:
# a page still English as a whole is one finding, not one per entry.
_REPLACES = {"untranslated-page": ("untranslated-paragraph", "untranslated-front-matter")}


def scope(rule: type[Rule]) -> str:
    """SEGMENT: the rule can judge one paragraph, heading text, list item or table cell alone.

    PAGE: it needs the whole page (sections missing or moved, cards), so on a catalog
    it runs on the rebuilt page only. CATALOG: it judges the catalog itself.
    """
    declared = getattr(rule, "scope", None)
    if declared in (SEGMENT, PAGE, CATALOG):
        return declared
    if "section" in rule.kinds or rule.name in _PAGE_RULES or rule.id.startswith(_PAGE_FAMILIES):
        return PAGE
    return SEGMENT


class UnfinishedCatalogEntry(Rule):
    """A catalog entry is untranslated, fuzzy or obsolete, so the site shows English there.

    ## What it does
    Counts the entries of a gettext catalog that are not used as translations:
    untranslated (empty msgstr), fuzzy (flagged for review; `po2md` and `msgfmt`
    ignore them) and obsolete (`#~`, no longer in the English page). One finding per
    kind and catalog, at the first such entry; with `each = true`, one per entry.
    These entries are never checked as translations.

    ## Why is this bad?
    It is translation progress rather than breakage: the page falls back to English
    for those segments. Hence the default severity `info`.

    ## Example
    ```po title="Translation"
    #, fuzzy
    msgid "These messengers are great for securing your sensitive communications."
    msgstr "Questi messenger sono ottimi."
    ```
    """

    id = "TM009"
    name = "unfinished-catalog-entry"
    summary = "Catalog entries that are untranslated, fuzzy or obsolete"
    severity = Severity.INFO
    kinds = ("catalog",)  # no page node has this kind: the rule never runs on Markdown pairs
    scope: ClassVar[str] = CATALOG
    options = {"each": Option(False, bool, "Report every unfinished entry instead of one count per kind")}

    def check(self, pair: Pair, ctx: RuleContext) -> Iterator[Report]:
        return iter(())


_STATE_WORDS = {
    UNTRANSLATED: ("untranslated", "has no translation yet"),
    FUZZY: ("fuzzy", "is marked fuzzy, so its translation is not used until reviewed"),
    OBSOLETE: ("obsolete", "is obsolete (no longer in the English page)"),
}


@dataclass(frozen=True)
class CatalogTarget:
    """A catalog to lint, with its language and, in pair mode, its English page."""

    path: Path
    lang: str = ""  # from the layout; else the catalog header's Language
    source: Path | None = None  # the English page, when given (pair mode); else from `#:` references


def lint_catalog(runner: Runner, target: CatalogTarget, root: Path | None = None) -> list[Finding]:
    """Findings for one catalog, with the runner's rules; raises InputError for a malformed file."""
    catalog = read_catalog(target.path, runner.max_bytes)
    if target.source is None and not _is_markdown_catalog(catalog):
        return []  # a program's catalog (references to .py, .rst …): not ours to judge
    lang = target.lang or catalog.language
    checker = _CatalogCheck(runner, catalog, lang)
    findings = checker.progress()
    english = _english_pages(runner, catalog, target, root)
    placements: dict[Entry, tuple[Page, Placement]] = {}
    replaced: set[tuple[Entry, str]] = set()  # (entry, rule) a page finding stands for
    for page, entries in english:
        placed = place(entries, english_segments(page), page.source.text)
        for entry, where in placed.items():
            placements.setdefault(entry, (page, where[0]))
        if any(entry.state == TRANSLATED for entry in placed):
            page_findings = checker.rebuilt_page(page, rebuild(page, placed, catalog.path))
            findings += page_findings
            for finding in page_findings:
                for rule in _REPLACES.get(finding.rule_name, ()):
                    replaced.update((entry, rule) for entry in placed)
    for entry in catalog.entries:
        if entry.state == TRANSLATED and _is_markdown(entry):
            found = checker.segment(entry, placements.get(entry))
            findings += [f for f in found if (entry, f.rule_name) not in replaced]
    return sorted(set(findings), key=Finding.sort_key)


class _CatalogCheck:
    def __init__(self, runner: Runner, catalog: Catalog, lang: str) -> None:
        self.catalog = catalog
        self.lang = lang
        nowhere = Site(list, runner.site_page)  # a catalog's neighbours are not Markdown pages
        by_scope: dict[str, list[ActiveRule]] = {SEGMENT: [], PAGE: [], CATALOG: []}
        for active in runner.rules:
            by_scope[scope(type(active.rule))].append(active)
        self.segment_runner = Runner(by_scope[SEGMENT], runner.is_english, nowhere)
        self.page_runner = Runner(by_scope[PAGE], runner.is_english, nowhere)
        self.progress_rule = by_scope[CATALOG][0] if by_scope[CATALOG] else None

    def progress(self) -> list[Finding]:
        active = self.progress_rule
        if active is None:
            return []
        findings = []
        for state in (UNTRANSLATED, FUZZY, OBSOLETE):
            entries = [entry for entry in self.catalog.entries if entry.state == state]
            if not entries:
                continue
            word, sentence = _STATE_WORDS[state]
            shown = entries if active.options["each"] else entries[:1]
            for entry in shown:
                if len(shown) == 1 and len(entries) > 1:
                    message = f'{len(entries)} entries are {word}, the first: "{_clip(entry.msgid)}"'
                else:
                    message = f'entry "{_clip(entry.msgid)}" {sentence}'
                line = entry.msgstr_at.line if entry.msgstr_at is not None else entry.line
                findings.append(self._finding(active, Span(Pos(line, 1), Pos(line, 1)), message, entry))
        return findings

    def _finding(self, active: ActiveRule, span: Span, message: str, entry: Entry) -> Finding:
        return Finding(
            rule_id=active.rule.id,
            rule_name=active.rule.name,
            severity=active.severity,
            path=self.catalog.path,
            span=span,
            message=message,
            lang=self.lang,
            key=_entry_key(entry),
        )

    def segment(self, entry: Entry, placement: tuple[Page, Placement] | None) -> list[Finding]:
        """Segment rules on one entry: msgid and msgstr parsed as one-segment pages."""
        if not self.segment_runner.rules or entry.msgstr_at is None:
            return []
        values = placement[1].values if placement is not None else None
        if values is None:
            values = link_placeholders(entry.msgid)
        wrap = wrapping(placement[1].segment, entry.msgid) if placement is not None else ("", "")
        english = expand(entry.msgid, values, wrap=wrap)
        translation = expand(entry.msgstr, values, wrap=wrap)
        source_path = placement[0].path if placement is not None else self.catalog.path
        source = self._parse(SourceText(source_path, english.text), "en", entry, "msgid")
        target = self._parse(SourceText(self.catalog.path, translation.text), self.lang, entry, "msgstr")
        out = []
        for finding in self.segment_runner.lint_pages(source, target):
            english_path, english_span = self._counterpart(entry, placement, english, source, finding)
            out.append(
                dataclasses.replace(
                    finding,
                    span=_entry_span(entry, translation, target.source, finding.span),
                    source_path=english_path,
                    source_span=english_span,
                    key=f"{_entry_key(entry)}/{finding.key}",
                )
            )
        return out

    def _counterpart(
        self, entry: Entry, placement: tuple[Page, Placement] | None, english: Mapped, source: Page, finding: Finding
    ) -> tuple[str | None, Span | None]:
        """The segment in the English page when it was found there, else the msgid in the catalog."""
        if placement is not None:
            page, where = placement
            start = page.source.pos(where.start)
            return page.path, Span(start, start)
        if finding.source_span is None or entry.msgid_at is None:
            return None, None
        at = entry.msgid_at.pos(english.original(source.source.offset(*_line_col(finding.source_span))))
        return self.catalog.path, Span(at, at)

    def _parse(self, src: SourceText, lang: str, entry: Entry, which: str) -> Page:
        try:
            return parse_page(src, lang)
        except InputError as exc:
            where = entry.msgid_at if which == "msgid" else entry.msgstr_at
            line = where.line if where is not None else entry.line
            raise InputError(f"{self.catalog.path}:{line}", f"{which}: {exc.reason}") from None

    def rebuilt_page(self, english: Page, rebuilt: Rebuilt) -> list[Finding]:
        """Page rules on the translation rebuilt from the English page and the catalog."""
        if not self.page_runner.rules:
            return []
        try:
            target = parse_page(rebuilt.source, self.lang)
        except InputError as exc:
            raise InputError(self.catalog.path, f"the page rebuilt from it cannot be parsed: {exc.reason}") from None
        out = []
        for finding in self.page_runner.lint_pages(english, target):
            start = rebuilt.source.offset(*_line_col(finding.span))
            end = rebuilt.source.offset(finding.span.end.line, finding.span.end.column)
            found = rebuilt.entry_at(start, end)
            if found is None or found[0].msgstr_at is None:
                continue
            entry, offset = found
            at = entry.msgstr_at.pos(offset)
            out.append(dataclasses.replace(finding, span=Span(at, at)))
        return out


def _line_col(span: Span) -> tuple[int, int]:
    return span.start.line, span.start.column


def _entry_span(entry: Entry, translation: Mapped, src: SourceText, span: Span) -> Span:
    """A span in the parsed msgstr → the PO file's line and column of those characters."""
    assert entry.msgstr_at is not None
    start = entry.msgstr_at.pos(translation.original(src.offset(span.start.line, span.start.column)))
    if span.end == span.start:
        return Span(start, start)
    end = entry.msgstr_at.pos(translation.original(src.offset(span.end.line, span.end.column)))
    return Span(start, max(start, end))


def _entry_key(entry: Entry) -> str:
    """What suppressions and baselines match a catalog finding on: the entry's identity, not its line."""
    digest = hashlib.sha1(f"{entry.msgctxt or ''}\x04{entry.msgid}".encode()).hexdigest()[:12]
    return f"msgid:{digest}"


def _clip(text: str, limit: int = 50) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _is_markdown(entry: Entry) -> bool:
    return not entry.refs or any(path.lower().endswith(MARKDOWN_SUFFIXES) for path, _ in entry.refs)


def _is_markdown_catalog(catalog: Catalog) -> bool:
    return any(_is_markdown(entry) for entry in catalog.entries if entry.state != OBSOLETE)


def _english_pages(
    runner: Runner, catalog: Catalog, target: CatalogTarget, root: Path | None
) -> list[tuple[Page, list[Entry]]]:
    """Each English page the catalog was extracted from, with the entries referring to it."""
    live = [entry for entry in catalog.entries if entry.state != OBSOLETE]
    if target.source is not None:
        return [(runner.source_page(str(target.source)), live)]
    bases = _bases(Path(catalog.path), root)
    resolved: dict[str, str | None] = {}
    grouped: dict[str, list[Entry]] = {}
    for entry in live:
        for ref, _ in entry.refs:
            if ref not in resolved:
                resolved[ref] = _resolve(ref, bases)
            path = resolved[ref]
            if path is not None and entry not in grouped.setdefault(path, []):
                grouped[path].append(entry)
    return [(runner.source_page(path), entries) for path, entries in sorted(grouped.items())]


def _bases(po: Path, root: Path | None) -> Sequence[Path]:
    """Where a `#:` path may be relative to: the catalog's folder, the site root, the cwd."""
    bases = [po.parent]
    if root is not None:
        bases.append(root)
    bases.append(Path("."))
    return bases


def _resolve(ref: str, bases: Sequence[Path]) -> str | None:
    if not ref.lower().endswith(MARKDOWN_SUFFIXES):
        return None
    for base in bases:
        candidate = base / ref
        if candidate.is_file():
            return str(display_path(candidate))
    return None


def lint_catalogs(runner: Runner, targets: Sequence[CatalogTarget], root: Path | None = None) -> list[Finding]:
    """Every catalog's findings, sorted; the first malformed catalog ends the run (InputError)."""
    findings: list[Finding] = []
    with paused_gc():
        for target in targets:
            findings += lint_catalog(runner, target, root)
    return sorted(findings, key=Finding.sort_key)
