"""The maintainers' report: every language and page at a glance, as one HTML file or a terminal table.

Built from a site run's findings; nothing here lints. A cell of the matrix is one
page in one language, coloured by its worst breakage, else by how much of it is
still English. The HTML is self-contained (inline CSS, JS and SVG): it is mailed,
attached to CI runs and opened from disk.
"""

from __future__ import annotations

import html
import math
import os
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from linter.engine.findings import Finding, Severity
from linter.project.target import Target

# Rules whose findings measure translation progress, not breakage.
UNTRANSLATED_PAGE = "TM402"
UNTRANSLATED_TEXT = ("TM401", "TM403")
OUTDATED = ("candidate_outdated", "outdated_low_severity")  # statuses marked ↻ in the matrix
# Excerpt lines either side of a finding, and the most findings a cell shows with excerpts.
_CONTEXT = 1
_EXCERPTS_PER_CELL = 40
_LINE_CHARS = 240


@dataclass
class Cell:
    """One page in one language."""

    lang: str
    page: str  # English page, relative to the source folder
    translation: str
    source: str
    findings: list[Finding] = field(default_factory=list)
    paragraphs: int = 0  # text blocks of the English page
    status: str = ""  # `transmark status`'s word for the page: up_to_date, candidate_outdated, ...

    def count(self, severity: Severity) -> int:
        return sum(f.severity == severity and f.rule_id not in _PROGRESS for f in self.findings)

    @property
    def untranslated(self) -> float:
        """Share of the page still in English (0..1)."""
        if any(f.rule_id == UNTRANSLATED_PAGE for f in self.findings):
            return 1.0
        whole = sum(f.rule_id == UNTRANSLATED_TEXT[0] for f in self.findings)
        part = sum(f.rule_id == UNTRANSLATED_TEXT[1] for f in self.findings)
        return min(1.0, (whole + part / 2) / self.paragraphs) if self.paragraphs else 0.0

    @property
    def state(self) -> str:
        if self.count(Severity.ERROR):
            return "error"
        if self.count(Severity.WARNING):
            return "warning"
        if self.untranslated >= 0.5:
            return "english"
        return "partial" if self.untranslated > 0 else "clean"

    @property
    def anchor(self) -> str:
        return "cell-" + _slug(f"{self.lang}-{self.page}")


_PROGRESS = (UNTRANSLATED_PAGE, *UNTRANSLATED_TEXT)


@dataclass
class SiteReport:
    """A run's findings grouped by language and page, as the report shows them."""

    cells: dict[tuple[str, str], Cell]
    systemic: list[Finding]  # found identically in every language: reported for the English page
    languages: list[str]
    pages: list[str]

    def by_language(self, lang: str) -> list[Cell]:
        return [self.cells[(lang, page)] for page in self.pages if (lang, page) in self.cells]

    def outliers(self) -> list[tuple[str, str, list[Finding]]]:
        """(page, language, structure findings) where the other languages agree the page is whole."""
        found = []
        for page in self.pages:
            cells = [self.cells[(lang, page)] for lang in self.languages if (lang, page) in self.cells]
            broken = {c.lang: [f for f in c.findings if f.rule_id.startswith("TM1")] for c in cells}
            whole = sum(not fs for fs in broken.values())
            for lang, fs in broken.items():
                if fs and whole >= max(2, math.ceil(0.75 * (len(cells) - 1))):
                    found.append((page, lang, fs))
        return found


def build(
    findings: Sequence[Finding],
    targets: Iterable[Target],
    paragraphs: Callable[[str], int],
    statuses: Mapping[str, str] | None = None,
) -> SiteReport:
    """Group a run's findings by (language, page); `paragraphs` counts an English page's text blocks;
    `statuses` gives translations' status (`transmark status`) by path."""
    targets = list(targets)
    base = _common_dir([str(t.source) for t in targets])
    cells: dict[tuple[str, str], Cell] = {}
    by_translation: dict[str, Cell] = {}
    counts: dict[str, int] = {}
    for target in targets:
        source, translation = str(target.source), str(target.translation)
        page = os.path.relpath(source, base) if base else source
        if source not in counts:
            counts[source] = paragraphs(source)
        cell = Cell(target.lang, page.replace(os.sep, "/"), translation, source, paragraphs=counts[source])
        cell.status = (statuses or {}).get(translation, "")
        cells[(target.lang, cell.page)] = by_translation[translation] = cell
    systemic = []
    for finding in findings:
        cell = by_translation.get(finding.path)
        if cell is None:
            systemic.append(finding)
        else:
            cell.findings.append(finding)
    return SiteReport(
        cells,
        systemic,
        sorted({lang for lang, _ in cells}),
        sorted({page for _, page in cells}),
    )


def _common_dir(paths: Sequence[str]) -> str:
    """The folder English pages are named relative to: their common folder."""
    unique = sorted({os.path.abspath(p) for p in paths})
    if not unique:
        return ""
    return os.path.commonpath(unique) if len(unique) > 1 else os.path.dirname(unique[0])


def _slug(text: str) -> str:
    return "".join(ch if ch.isalnum() else "-" for ch in text)


# -- terminal and Markdown ------------------------------------------------------------------------


def language_rows(report: SiteReport) -> list[tuple[str, int, float, int, int, int]]:
    """(language, pages, untranslated share, errors, warnings, untranslated findings) per language."""
    rows = []
    for lang in report.languages:
        cells = report.by_language(lang)
        weight = sum(c.paragraphs for c in cells) or 1
        share = sum(c.untranslated * c.paragraphs for c in cells) / weight
        errors = sum(c.count(Severity.ERROR) for c in cells)
        warnings = sum(c.count(Severity.WARNING) for c in cells)
        progress = sum(f.rule_id in _PROGRESS for c in cells for f in c.findings)
        rows.append((lang, len(cells), share, errors, warnings, progress))
    return rows


def terminal(report: SiteReport) -> str:
    header = ("language", "pages", "English left", "errors", "warnings", "untranslated")
    rows = [(lang, str(n), f"{share:.0%}", str(e), str(w), str(u)) for lang, n, share, e, w, u in language_rows(report)]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    lines = [
        "  ".join(
            cell.rjust(width) if i else cell.ljust(width)
            for i, (cell, width) in enumerate(zip(row, widths, strict=True))
        )
        for row in [header, *rows]
    ]
    lines.insert(1, "  ".join("-" * width for width in widths))
    if report.systemic:
        lines.append(f"\n{len(report.systemic)} finding(s) in every language (export problems, one per English page)")
    worst = _worst_cells(report, 5)
    if worst:
        lines.append(
            "\nworst pages: " + ", ".join(f"{c.lang}/{c.page} ({c.count(Severity.ERROR)} errors)" for c in worst)
        )
    return "\n".join(lines) + "\n"


def markdown(report: SiteReport) -> str:
    out = [
        "## Translation report",
        "",
        "| language | pages | English left | errors | warnings |",
        "|---|--:|--:|--:|--:|",
    ]
    for lang, n, share, errors, warnings, _ in language_rows(report):
        out.append(f"| {lang} | {n} | {share:.0%} | {errors} | {warnings} |")
    worst = _worst_cells(report, 10)
    if worst:
        out += ["", "Worst pages:", ""]
        out += [
            f"- `{c.lang}/{c.page}`: {c.count(Severity.ERROR)} errors, {c.count(Severity.WARNING)} warnings"
            for c in worst
        ]
    if report.systemic:
        out += ["", f"{len(report.systemic)} export problem(s) found identically in every language."]
    return "\n".join(out) + "\n"


def _worst_cells(report: SiteReport, limit: int) -> list[Cell]:
    broken = [c for c in report.cells.values() if c.count(Severity.ERROR) or c.count(Severity.WARNING)]
    broken.sort(key=lambda c: (-c.count(Severity.ERROR), -c.count(Severity.WARNING), c.lang, c.page))
    return broken[:limit]


# -- HTML -------------------------------------------------------------------------------------------


def to_html(
    report: SiteReport, title: str, read_lines: Callable[[str], list[str]], link: Callable[[str, int], str]
) -> str:
    """The whole report; `read_lines` gives a file's lines for excerpts, `link` a finding's file URL."""
    esc = html.escape
    parts = [
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>",
        f"<title>{esc(title)}</title><style>{_asset('report.css')}</style></head><body>",
        f"<header><h1>{esc(title)}</h1>{_totals(report)}</header>",
        _filters(report),
        "<main>",
        _matrix(report),
        _languages(report),
        _systemic(report, link),
        _outliers(report),
        "<section id='pages'><h2>Findings by page</h2>",
    ]
    for cell in sorted(report.cells.values(), key=lambda c: (c.page, c.lang)):
        if cell.findings:
            parts.append(_cell_view(cell, read_lines, link))
    parts += ["</section></main>", f"<script>{_asset('report.js')}</script></body></html>"]
    return "".join(parts)


def _totals(report: SiteReport) -> str:
    cells = list(report.cells.values())
    states = Counter(c.state for c in cells)
    items = [f"{len(report.languages)} languages", f"{len(report.pages)} pages", f"{len(cells)} translated pages"]
    items += [f"<span class='dot {state}'></span>{states[state]} {label}" for state, label in _LEGEND]
    return "<p class='totals'>" + " · ".join(items) + "</p>"


_LEGEND = (
    ("error", "with errors"),
    ("warning", "with warnings"),
    ("english", "mostly English"),
    ("partial", "partly English"),
    ("clean", "clean"),
)


def _filters(report: SiteReport) -> str:
    rules = sorted(
        {(f.rule_id, f.rule_name) for c in report.cells.values() for f in c.findings}
        | {(f.rule_id, f.rule_name) for f in report.systemic}
    )
    options = "".join(
        f"<option value='{html.escape(rule_id)}'>{html.escape(rule_id)} {html.escape(name)}</option>"
        for rule_id, name in rules
    )
    langs = "".join(f"<option>{html.escape(lang)}</option>" for lang in report.languages)
    return (
        "<nav class='filters'>Filter: <select id='f-lang'><option value=''>all languages</option>"
        f"{langs}</select> <select id='f-rule'><option value=''>all rules</option>{options}</select> "
        "<select id='f-sev'><option value=''>all severities</option><option>error</option>"
        "<option>warning</option><option>info</option></select></nav>"
    )


def _matrix(report: SiteReport) -> str:
    esc = html.escape
    head = "".join(
        f"<th class='sortable lang' data-lang='{esc(lang)}' title='sort by {esc(lang)}'>{esc(lang)}</th>"
        for lang in report.languages
    )
    rows = []
    for page in report.pages:
        cells = []
        for lang in report.languages:
            cell = report.cells.get((lang, page))
            if cell is None:
                cells.append(f"<td class='none' data-lang='{esc(lang)}' data-score='-1'>–</td>")
                continue
            errors, warnings = cell.count(Severity.ERROR), cell.count(Severity.WARNING)
            label = f"{errors}E " if errors else ""
            label += f"{warnings}W " if warnings else ""
            label += f"{cell.untranslated:.0%}" if cell.untranslated else ("✓" if not label else "")
            score = errors * 1000 + warnings * 10 + cell.untranslated
            tip = f"{lang}/{page}: {errors} errors, {warnings} warnings, {cell.untranslated:.0%} still English"
            if cell.status:
                tip += f", {cell.status.replace('_', ' ')}"
                label += " ↻" if cell.status in OUTDATED else ""
            target = f"#{cell.anchor}" if cell.findings else ""
            inner = f"<a href='{target}'>{esc(label.strip())}</a>" if target else esc(label.strip())
            cells.append(
                f"<td class='cell {cell.state}' data-lang='{esc(lang)}' data-score='{score:.3f}' "
                f"data-status='{esc(cell.status)}' title='{esc(tip)}'>{inner}</td>"
            )
        rows.append(f"<tr><th class='page'>{esc(page)}</th>{''.join(cells)}</tr>")
    return (
        "<section id='matrix'><h2>Pages × languages</h2><p class='hint'>↻: English changed since the translation "
        "(`transmark status`). Click a language to sort pages by it, "
        "a page header to sort by name, a cell to see its findings.</p>"
        f"<table class='matrix'><thead><tr><th class='sortable page-head'>page</th>{head}</tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table></section>"
    )


def _languages(report: SiteReport) -> str:
    esc = html.escape
    rows = []
    worst = max((e + w for _, _, _, e, w, _ in language_rows(report)), default=0) or 1
    for lang, pages, share, errors, warnings, progress in language_rows(report):
        by_rule = Counter(
            f"{f.rule_id} {f.rule_name}"
            for c in report.by_language(lang)
            for f in c.findings
            if f.rule_id not in _PROGRESS
        )
        rules = ", ".join(f"{esc(rule)}: {n}" for rule, n in sorted(by_rule.items()))
        rows.append(
            f"<tr data-lang='{esc(lang)}'><th>{esc(lang)}</th><td>{pages}</td>"
            f"<td>{_bar(share, 1.0, 'english', f'{share:.0%}')}</td>"
            f"<td>{_stacked(errors, warnings, worst)}</td><td>{progress}</td><td class='rules'>{rules or '–'}</td></tr>"
        )
    return (
        "<section id='languages'><h2>Languages</h2><table class='langs'><thead><tr><th>language</th><th>pages</th>"
        "<th>still English</th><th>errors / warnings</th><th>untranslated findings</th>"
        "<th>breakage by rule</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table></section>"
    )


def _bar(value: float, full: float, css: str, label: str) -> str:
    width = 120 * (value / full if full else 0)
    return (
        f"<svg width='170' height='14' role='img' aria-label='{html.escape(label)}'>"
        "<rect width='120' height='14' class='track'/>"
        f"<rect width='{width:.1f}' height='14' class='{css}'/><text x='126' y='11'>{html.escape(label)}</text></svg>"
    )


def _stacked(errors: int, warnings: int, worst: int) -> str:
    e, w = 120 * errors / worst, 120 * warnings / worst
    return (
        f"<svg width='200' height='14' role='img' aria-label='{errors} errors, {warnings} warnings'>"
        f"<rect width='120' height='14' class='track'/><rect width='{e:.1f}' height='14' class='error'/>"
        f"<rect x='{e:.1f}' width='{w:.1f}' height='14' class='warning'/>"
        f"<text x='126' y='11'>{errors} / {warnings}</text></svg>"
    )


def _systemic(report: SiteReport, link: Callable[[str, int], str]) -> str:
    if not report.systemic:
        return ""
    rows = "".join(_finding_row(f, link) for f in report.systemic)
    return (
        "<section id='systemic'><h2>In every language: export problems</h2><p class='hint'>Found at the same place "
        "in every translation, so they come from the Crowdin export or the English page, not from translators. "
        f"Shown once, at the English page.</p><table class='findings'>{rows}</table></section>"
    )


def _outliers(report: SiteReport) -> str:
    found = report.outliers()
    if not found:
        return ""
    esc = html.escape
    items = "".join(
        f"<li data-lang='{esc(lang)}'><a href='#{report.cells[(lang, page)].anchor}'>{esc(lang)}/{esc(page)}</a>: "
        f"{len(fs)} structure finding(s) where the other languages have the page whole</li>"
        for page, lang, fs in found
    )
    return f"<section id='outliers'><h2>Outliers</h2><ul>{items}</ul></section>"


def _finding_row(f: Finding, link: Callable[[str, int], str]) -> str:
    esc = html.escape
    where = f"{f.path}:{f.span.start.line}:{f.span.start.column}"
    english = ""
    if f.source_path and f.source_span:
        line = f.source_span.start.line
        english = f" <a class='src' href='{esc(link(f.source_path, line))}'>English {esc(f.source_path)}:{line}</a>"
    return (
        f"<tr class='finding' data-rule='{esc(f.rule_id)}' data-sev='{f.severity}' data-lang='{esc(f.lang)}'>"
        f"<td class='sev {f.severity}'>{f.severity}</td><td>{esc(f.rule_id)} {esc(f.rule_name)}</td>"
        f"<td><a href='{esc(link(f.path, f.span.start.line))}'>{esc(where)}</a>{english}"
        f"<div>{esc(f.message)}</div></td></tr>"
    )


def _cell_view(cell: Cell, read_lines: Callable[[str], list[str]], link: Callable[[str, int], str]) -> str:
    esc = html.escape
    translated, english = read_lines(cell.translation), read_lines(cell.source)
    rows = []
    for index, f in enumerate(cell.findings):
        rows.append(_finding_row(f, link))
        if index < _EXCERPTS_PER_CELL and f.rule_id not in _PROGRESS:
            left = _excerpt(translated, f.span.start.line)
            right = (
                _excerpt(english, f.source_span.start.line)
                if f.source_span
                else "<p class='hint'>no English counterpart</p>"
            )
            rows.append(
                f"<tr class='excerpt' data-rule='{esc(f.rule_id)}' data-sev='{f.severity}'><td></td>"
                f"<td colspan='2'><div class='side'>{left}{right}</div></td></tr>"
            )
    return (
        f"<section class='cell-view' id='{cell.anchor}' data-lang='{esc(cell.lang)}'>"
        f"<h3>{esc(cell.lang)} · {esc(cell.page)} "
        f"<span class='dot {cell.state}'></span></h3><table class='findings'>{''.join(rows)}</table></section>"
    )


def _excerpt(lines: list[str], line: int) -> str:
    first, last = max(1, line - _CONTEXT), min(len(lines), line + _CONTEXT)
    out = []
    for number in range(first, last + 1):
        text = lines[number - 1]
        text = text if len(text) <= _LINE_CHARS else text[:_LINE_CHARS] + "…"
        mark = " class='hit'" if number == line else ""
        out.append(f"<span{mark}><b>{number}</b>{html.escape(text)}</span>")
    return f"<pre>{''.join(out)}</pre>"


def file_link(report_dir: Path) -> Callable[[str, int], str]:
    """Links relative to the report's folder, so the report works wherever the site is checked out."""

    def link(path: str, line: int) -> str:
        relative = os.path.relpath(os.path.abspath(path), report_dir.resolve())
        return f"{Path(relative).as_posix()}#L{line}"

    return link


def _asset(name: str) -> str:
    return resources.files("linter").joinpath("assets", name).read_text(encoding="utf-8")
