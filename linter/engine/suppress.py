"""What drops findings by where they are: config ignores, inline directives, the suppression file.

Inline directives are HTML comments, with rule ids, id prefixes or names (none: every rule):

    <!-- transmark-disable-next-line RULE... -->   the block that follows (a heading: its line)
    <!-- transmark-disable RULE... -->             up to `transmark-enable` or the end of the page
    <!-- transmark-enable -->
    <!-- transmark-disable-file RULE... -->

A directive in an English page covers that spot in every translation: it is matched against
the finding's English counterpart, since Crowdin may not carry comments into translations.
The suppression file names translated spots by language, English page and structural key
(linter.keys), so it survives the next Crowdin export moving lines. Malformed directives
(TM001) and suppressions that suppress nothing (TM002) are reported as findings.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path

from linter.engine.crash import InternalError
from linter.engine.digests import MARK
from linter.engine.findings import Finding, Severity
from linter.engine.keys import Ordinals, node_path
from linter.engine.rule import Rule
from linter.engine.unreadable import UnreadablePage
from linter.errors import ConfigError, InputError
from linter.parse.positions import Pos, Span
from linter.parse.source import read_file
from linter.parse.tree import Node, Page, Section
from linter.patterns import lazy
from linter.project.config import read_toml
from linter.project.discovery import compile_globs, display_path, root_relative
from linter.project.target import Target
from linter.records import Value


class InvalidSuppression(Rule):
    """A transmark directive is malformed or names an unknown rule.

    ## What it does
    Reports `<!-- transmark-… -->` comments that transmark cannot apply: an unknown directive,
    an unknown rule, a `transmark-enable` without an open `transmark-disable`, or a
    `transmark-disable-next-line` with nothing after it. The engine reports it while applying
    suppressions; it is not checked pair by pair.

    ## Why is this bad?
    A directive that does not apply suppresses nothing, so the finding it was written for
    comes back.

    ## Example
    ```markdown title="Page"
    <!-- transmark-disabel-next-line untranslated-paragraph -->
    Docker Compose
    ```

    ```markdown title="Use instead"
    <!-- transmark-disable-next-line untranslated-paragraph -->
    Docker Compose
    ```
    """

    id = "TM001"
    name = "invalid-suppression"
    summary = "a transmark directive is malformed or names an unknown rule"
    severity = Severity.WARNING
    kinds = ()


class UnusedSuppression(Rule):
    """A suppression no longer matches any finding.

    ## What it does
    Reports inline directives and suppression-file entries that suppressed nothing in this run.
    A directive in an English page is judged only when every translation of that page was
    checked, a suppression-file entry only when a page it names was checked, and neither when
    none of the rules it names ran.

    ## Why is this bad?
    A stale suppression hides the next real defect at that spot.

    ## Example
    ```markdown title="Page"
    <!-- transmark-disable-next-line untranslated-paragraph -->
    Un párrafo ya traducido.
    ```

    ```markdown title="Use instead"
    Un párrafo ya traducido.
    ```
    """

    id = "TM002"
    name = "unused-suppression"
    summary = "a suppression no longer matches any finding"
    severity = Severity.WARNING
    kinds = ()


INVALID, UNUSED = InvalidSuppression, UnusedSuppression
ENGINE_RULES = (UnreadablePage, INVALID, UNUSED, InternalError)
KINDS = ("disable-next-line", "disable", "enable", "disable-file")
_DIRECTIVE = lazy(r"<!--\s*transmark-([A-Za-z-]*)(.*?)-->", re.S)
_SEPARATOR = lazy(r"[\s,]+")


class Catalogue:
    """Every rule a selector may name: the registry's and the engine's own."""

    def __init__(self, rules: Iterable[tuple[str, str]]) -> None:
        self.names = dict(rules) | {rule.id: rule.name for rule in ENGINE_RULES}  # id -> name

    def resolve(self, selector: str) -> frozenset[str]:
        """Rule ids an id, id prefix (`TM4`) or name selects; ConfigError when none does."""
        found = frozenset(
            rule_id
            for rule_id, name in self.names.items()
            if selector and (selector == name or rule_id.startswith(selector.upper()))
        )
        if not found:
            raise ConfigError(f'unknown rule or prefix "{selector}" (see `transmark rules`)')
        return found

    def resolve_all(self, selectors: Iterable[str], where: str) -> frozenset[str]:
        ids: set[str] = set()
        for selector in selectors:
            try:
                ids |= self.resolve(selector)
            except ConfigError as exc:
                raise ConfigError(f"{where}: {exc}") from None
        return frozenset(ids)


def engine_severities(
    catalogue: Catalogue,
    select: Sequence[str],
    ignore: Sequence[str],
    settings: Mapping[str, Mapping[str, object]],
    where: Callable[[str], str],
) -> dict[str, Severity]:
    """The engine rules that run (selectors already checked), with their configured severity."""
    chosen = catalogue.resolve_all(select, "select") if select else frozenset(catalogue.names)
    dropped = catalogue.resolve_all(ignore, "ignore")
    severities = {}
    for rule in ENGINE_RULES:
        severity = rule.severity
        options = next((v for k, v in settings.items() if k in (rule.id, rule.name)), {})
        for key, value in options.items():
            if key != "severity":
                raise ConfigError(f'{where(f"rules.{rule.name}")}: unknown option "{key}" (only "severity")')
            try:
                severity = Severity.parse(str(value))
            except ValueError as exc:
                raise ConfigError(f"{where(f'rules.{rule.name}')}: severity: {exc}") from None
        if rule.id in chosen and rule.id not in dropped:
            severities[rule.id] = severity
    return severities


def is_engine_rule(key: str) -> bool:
    return any(key in (rule.id, rule.name) for rule in ENGINE_RULES)


class Ignores:
    """`per-path-ignores` (globs matched against the translation or its English page, relative to the
    configuration's folder) and `per-language-ignores`."""

    def __init__(
        self,
        catalogue: Catalogue,
        per_path: Mapping[str, Sequence[str]],
        per_language: Mapping[str, Sequence[str]],
        where: Callable[[str], str],
    ) -> None:
        self.by_path = [
            (compile_globs([glob]), catalogue.resolve_all(rules, f"{where('per-path-ignores')} {glob!r}"))
            for glob, rules in per_path.items()
        ]
        self.by_language = {
            lang: catalogue.resolve_all(rules, f"{where('per-language-ignores')} {lang!r}")
            for lang, rules in per_language.items()
        }

    def __bool__(self) -> bool:
        return bool(self.by_path or self.by_language)

    def keep(self, finding: Finding, paths: Sequence[str]) -> bool:
        """`paths`: the finding's translation and English page, root-relative."""
        if finding.rule_id in self.by_language.get(finding.lang, ()):
            return False
        return not any(
            finding.rule_id in rules and any(glob.fullmatch(path) for path in paths) for glob, rules in self.by_path
        )


class Directive:
    """A `<!-- transmark-... -->` comment in a page, turning rules off for a line, a block or the page."""

    path: str  # the page it is in
    span: Span
    kind: str
    rules: frozenset[str] | None  # None: every rule
    key: str  # its html block's structural path, for baselines
    regions: list[tuple[int, int]]  # covered lines, inclusive
    used: bool

    __slots__ = ("path", "span", "kind", "rules", "key", "regions", "used")

    def __init__(
        self,
        path: str,
        span: Span,
        kind: str,
        rules: frozenset[str] | None,
        key: str,
        regions: list[tuple[int, int]] | None = None,
        used: bool = False,
    ) -> None:
        self.path = path
        self.span = span
        self.kind = kind
        self.rules = rules
        self.key = key
        self.regions = [] if regions is None else regions
        self.used = used

    def text(self) -> str:
        return f"transmark-{self.kind}" + (" " + " ".join(sorted(self.rules)) if self.rules else "")

    def covers(self, rule_id: str, line: int | None) -> bool:
        if self.rules is not None and rule_id not in self.rules:
            return False
        return line is not None and any(first <= line <= last for first, last in self.regions)


class PageDirectives:
    """A page's suppression directives, the comments that are wrong, and its nodes by structural path."""

    directives: list[Directive]
    problems: list[tuple[Span, str, str]]  # (span, message, key)
    by_key: dict[str, Node]  # structural path -> node: English lines of findings without a counterpart span

    __slots__ = ("directives", "problems", "by_key")

    def __init__(
        self, directives: list[Directive], problems: list[tuple[Span, str, str]], by_key: dict[str, Node]
    ) -> None:
        self.directives = directives
        self.problems = problems
        self.by_key = by_key


def scan(page: Page, catalogue: Catalogue) -> PageDirectives:
    """The directives of a page, in order, with their regions resolved."""
    found: dict[int, tuple[re.Match[str], Node]] = {}
    text = page.source.text
    for node in page.root.walk():
        if node.kind != "html":
            continue
        start, end = page.source.offset(node.span.start.line, node.span.start.column), _end_offset(page, node)
        # Up to the last `-->`: a comment left open would be read to the end for each `<!-- transmark-`.
        for match in _DIRECTIVE.finditer(text, start, text.rfind("-->", start, end) + 3):
            found.setdefault(match.start(), (match, node))
    ordinals: Ordinals = {}
    result = PageDirectives([], [], {node_path(node, ordinals): node for node in page.root.walk()})
    open_: list[Directive] = []
    last_line = len(page.source.lines)
    for offset in sorted(found):
        match, node = found[offset]
        span = Span(page.source.pos(match.start()), page.source.pos(match.end()))
        key = node_path(node, ordinals)
        directive = _directive(page, match, span, key, catalogue, result.problems)
        if directive is None:
            continue
        if directive.kind == "enable":
            _close(directive, open_, span, key, result.problems)
            continue
        if directive.kind == "disable":
            open_.append(directive)
        elif directive.kind == "disable-file":
            directive.regions.append((1, last_line))
        else:
            region = _next_block(page, span.end.line)
            if region is None:
                result.problems.append((span, "transmark-disable-next-line has no line after it", key))
                continue
            directive.regions.append(region)
        result.directives.append(directive)
    for directive in open_:  # a disable without enable lasts to the end of the page
        directive.regions.append((directive.span.start.line, last_line))
    return result


def _end_offset(page: Page, node: Node) -> int:
    end = node.span.end
    return page.source.offset(min(end.line, len(page.source.lines)), 1) + end.column - 1


def _directive(
    page: Page,
    match: re.Match[str],
    span: Span,
    key: str,
    catalogue: Catalogue,
    problems: list[tuple[Span, str, str]],
) -> Directive | None:
    kind, arguments = match[1], match[2]
    if kind not in KINDS:
        import difflib  # only for a mistyped directive: not on every run's start-up

        close = difflib.get_close_matches(kind, KINDS, n=1)
        hint = f'did you mean "transmark-{close[0]}"?' if close else "use " + ", ".join(f"transmark-{k}" for k in KINDS)
        problems.append((span, f'unknown directive "transmark-{kind}" ({hint})', key))
        return None
    selectors = [s for s in _SEPARATOR.split(arguments.strip()) if s]
    rules: set[str] = set()
    for selector in selectors:
        try:
            rules |= catalogue.resolve(selector)
        except ConfigError:
            problems.append((span, f'unknown rule "{selector}" in transmark-{kind}', key))
    if selectors and not rules:
        return None  # naming only unknown rules must not disable every rule
    return Directive(page.path, span, kind, frozenset(rules) if selectors else None, key)


def _close(
    enable: Directive,
    open_: list[Directive],
    span: Span,
    key: str,
    problems: list[tuple[Span, str, str]],
) -> None:
    """`enable` ends every open disable; `enable RULES` those that name only some of RULES."""
    closing = [d for d in open_ if enable.rules is None or (d.rules is not None and d.rules <= enable.rules)]
    if not closing:
        problems.append((span, f"{enable.text()} has no open transmark-disable to end", key))
    for directive in closing:
        directive.regions.append((directive.span.start.line, span.end.line))
        open_.remove(directive)


def _next_block(page: Page, after: int) -> tuple[int, int] | None:
    """Lines of the block that starts on the first non-blank line after line `after` (a heading: its line)."""
    lines = page.source.lines
    index = after  # 0-based index of the line after `after`
    while index < len(lines) and not lines[index].strip():
        index += 1
    if index >= len(lines):
        return None
    line = index + 1
    for node in page.root.walk():
        if node.parent is None or node.span.start.line != line:
            continue
        if isinstance(node, Section):
            return line, node.heading_span.end.line if node.heading_span else line
        end = node.span.end
        last = end.line - 1 if end.column == 1 and end.line > line else end.line
        return line, last
    return line, line


class Entry:
    """One `[[suppress]]` of the suppression file."""

    line: int
    page: str
    lang: str | None
    at: str | None
    rules: frozenset[str] | None
    glob: re.Pattern[str]
    used: bool

    __slots__ = ("line", "page", "lang", "at", "rules", "glob", "used")

    def __init__(
        self,
        line: int,
        page: str,
        lang: str | None,
        at: str | None,
        rules: frozenset[str] | None,
        glob: re.Pattern[str],
        used: bool = False,
    ) -> None:
        self.line = line
        self.page = page
        self.lang = lang
        self.at = at
        self.rules = rules
        self.glob = glob
        self.used = used

    def applies_to(self, lang: str, page: str) -> bool:
        return (self.lang is None or self.lang == lang) and self.glob.fullmatch(page) is not None

    def covers(self, finding: Finding, page: str) -> bool:
        if self.rules is not None and finding.rule_id not in self.rules:
            return False
        if not self.applies_to(finding.lang, page):
            return False
        return self.at is None or finding.key == self.at or finding.key.startswith(self.at + "/")

    def describe(self) -> str:
        where = f' at "{self.at}"' if self.at else ""
        lang = f'"{self.lang}"' if self.lang else "every language"
        return f'suppression for {lang}, page "{self.page}"{where}'


_ENTRY_KEYS = {"page": str, "lang": str, "at": str, "rules": list, "reason": str}


def load_entries(path: Path, catalogue: Catalogue) -> list[Entry]:
    """Read a suppression file: `[[suppress]]` tables with page, lang, at, rules and reason."""
    shown = display_path(path)
    data = read_toml(path)
    unknown = sorted(set(data) - {"suppress"})
    if unknown:
        raise ConfigError(f'{shown}: unknown key "{unknown[0]}" (use [[suppress]] tables)')
    tables = data.get("suppress", [])
    if not isinstance(tables, list) or not all(isinstance(t, dict) for t in tables):
        raise ConfigError(f'{shown}: "suppress" must be an array of tables ([[suppress]])')
    header_lines = _header_lines(path, len(tables))
    entries = []
    for number, (table, line) in enumerate(zip(tables, header_lines, strict=True), 1):
        where = f"{shown}:{line}: [[suppress]] #{number}"
        for key, value in table.items():
            kind = _ENTRY_KEYS.get(key)
            if kind is None:
                raise ConfigError(f'{where}: unknown key "{key}" (use {", ".join(_ENTRY_KEYS)})')
            if not isinstance(value, kind) or (kind is list and not all(isinstance(v, str) for v in value)):
                expected = "an array of strings" if kind is list else "a string"
                raise ConfigError(f'{where}: "{key}" must be {expected}')
        if "page" not in table:
            raise ConfigError(f'{where}: "page" is missing (the English page, relative to the configuration)')
        rules = table.get("rules")
        lang = table.get("lang")
        entries.append(
            Entry(
                line,
                table["page"],
                None if lang in (None, "*") else lang,
                table.get("at"),
                None if rules is None else catalogue.resolve_all(rules, f'{where}: "rules"'),
                compile_globs([table["page"]]),
            )
        )
    return entries


def _header_lines(path: Path, count: int) -> list[int]:
    """Line of each `[[suppress]]` header, for messages; 1 where the file uses another TOML form."""
    lines = [
        n for n, text in enumerate(path.read_text(encoding="utf-8").split("\n"), 1) if text.strip() == "[[suppress]]"
    ]
    return lines if len(lines) == count else [1] * count


class Suppressions(Value):
    """Applies directives and suppression-file entries to one run's findings."""

    catalogue: Catalogue
    root: Path  # page names in the suppression file are relative to it
    active: frozenset[str]  # ids of the registry rules that ran
    severities: Mapping[str, Severity]  # engine rules that run
    load: Callable[[str, str], Page]  # (path, lang) -> parsed page
    languages_of: Callable[[str], set[str]]  # English path -> languages it has translations in
    entries: list[Entry]
    entries_path: Path | None
    # Whether a page held `transmark-` when the run hashed it (Site.marked): False spares reading it again.
    marked: Callable[[str], bool | None]

    __slots__ = (
        "catalogue",
        "root",
        "active",
        "severities",
        "load",
        "languages_of",
        "entries",
        "entries_path",
        "marked",
    )

    def __init__(
        self,
        catalogue: Catalogue,
        root: Path,
        active: frozenset[str],
        severities: Mapping[str, Severity],
        load: Callable[[str, str], Page],
        languages_of: Callable[[str], set[str]],
        entries: list[Entry] | None = None,
        entries_path: Path | None = None,
        marked: Callable[[str], bool | None] = lambda path: None,
    ) -> None:
        self.catalogue = catalogue
        self.root = root
        self.active = active
        self.severities = severities
        self.load = load
        self.languages_of = languages_of
        self.entries = [] if entries is None else entries
        self.entries_path = entries_path
        self.marked = marked

    def apply(self, findings: Sequence[Finding], targets: Sequence[Target]) -> tuple[list[Finding], list[Finding]]:
        """The findings no suppression covers (in their order), and TM001/TM002 findings about the suppressions."""
        by_translation = {str(t.translation): t for t in targets}
        pages: dict[str, PageDirectives | None] = {}
        for target in targets:
            for path, page_lang in ((str(target.source), "en"), (str(target.translation), target.lang)):
                if path not in pages:
                    pages[path] = self._directives(path, page_lang)
        if not self.entries and all(page is None for page in pages.values()):  # no directive anywhere
            return list(findings), self._report(targets, pages)
        kept = [f for f in findings if not self._suppressed(f, by_translation, pages)]
        return kept, self._report(targets, pages)

    def _directives(self, path: str, lang: str) -> PageDirectives | None:
        if self.marked(path) is False:
            return None
        try:
            if MARK not in read_file(path):  # a pipe or a device is refused, not read
                return None  # most pages: no parse needed
            return scan(self.load(path, lang), self.catalogue)
        except (OSError, InputError, RecursionError):
            return None  # the runner reports unreadable pages

    def _suppressed(
        self,
        finding: Finding,
        by_translation: Mapping[str, Target],
        pages: Mapping[str, PageDirectives | None],
    ) -> bool:
        pair = by_translation.get(finding.path)
        if pair is not None:
            source = str(pair.source)
        elif finding.path in pages and not finding.lang:  # breakage of every language, reported for English
            source = finding.path
        else:
            return False
        covering = [e for e in self.entries if e.covers(finding, root_relative(source, self.root))]
        own = pages.get(finding.path) if pair is not None else None
        if own is not None:
            covering += [d for d in own.directives if d.covers(finding.rule_id, finding.span.start.line)]
        english = pages.get(source)
        if english is not None:
            line = _english_line(finding, english)
            covering += [d for d in english.directives if d.covers(finding.rule_id, line)]
        for item in covering:
            item.used = True
        return bool(covering)

    def _report(self, targets: Sequence[Target], pages: Mapping[str, PageDirectives | None]) -> list[Finding]:
        out: list[Finding] = []
        linted: dict[str, set[str]] = {}
        lang_of: dict[str, str] = {}
        for target in targets:
            linted.setdefault(str(target.source), set()).add(target.lang)
            lang_of[str(target.translation)] = target.lang
        for path, directives in pages.items():
            if directives is None:
                continue
            english = path in linted
            lang = "" if english else lang_of[path]
            for span, message, key in directives.problems:
                out += self._finding(INVALID, path, span, message, lang, key)
            copies = set() if english else self._english_texts(path, targets, pages)
            for directive in directives.directives:
                if directive.used or not self._judged(directive.rules) or directive.text() in copies:
                    continue
                if english and not linted[path] >= self.languages_of(path):
                    continue  # it may suppress something in a language this run did not check
                where = " in any language" if english else ""
                message = f"{directive.text()} suppresses nothing{where}"
                out += self._finding(UNUSED, path, directive.span, message, lang, directive.key)
        out += self._unused_entries(targets)
        return out

    def _english_texts(
        self, translation: str, targets: Sequence[Target], pages: Mapping[str, PageDirectives | None]
    ) -> set[str]:
        """Directives of the English page: a translation that kept one is not reported twice."""
        source = next(t.source for t in targets if str(t.translation) == translation)
        english = pages.get(str(source))
        return {d.text() for d in english.directives} if english is not None else set()

    def _unused_entries(self, targets: Sequence[Target]) -> list[Finding]:
        if self.entries_path is None:
            return []
        checked = {(t.lang, root_relative(t.source, self.root)) for t in targets}
        out = []
        for entry in self.entries:
            if entry.used or not self._judged(entry.rules):
                continue
            if not any(entry.applies_to(lang, page) for lang, page in checked):
                continue
            span = Span(Pos(entry.line, 1), Pos(entry.line, len("[[suppress]]") + 1))
            key = f"suppress:{entry.lang or '*'}:{entry.page}:{entry.at or ''}"
            message = f"{entry.describe()} suppresses nothing"
            out += self._finding(UNUSED, str(display_path(self.entries_path)), span, message, entry.lang or "", key)
        return out

    def _judged(self, rules: frozenset[str] | None) -> bool:
        """Whether "suppressed nothing" means anything: some rule it names ran."""
        return rules is None or bool(rules & self.active)

    def _finding(self, rule: type[Rule], path: str, span: Span, message: str, lang: str, key: str) -> list[Finding]:
        severity = self.severities.get(rule.id)
        if severity is None:
            return []
        return [Finding(rule.id, rule.name, severity, path, span, message, lang=lang, key=key)]


def _english_line(finding: Finding, english: PageDirectives) -> int | None:
    """The line of the finding's English counterpart: where a directive in the English page applies."""
    if finding.source_span is not None:
        return finding.source_span.start.line
    node = english.by_key.get(finding.key)
    return node.span.start.line if node is not None else None
