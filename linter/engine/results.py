"""Pair results kept across runs: a pair is linted again only when something it read has changed.

A pair's entry is keyed by both pages' paths, language and content. It records what the pair's
rules looked up beyond the pair (other pages through the Site, the English history) with a
fingerprint of each; a lookup recomputes those fingerprints, so a changed English page
invalidates its translations and every page whose rules read it, and nothing else.

An entry is `{"reads": [[kind, argument, fingerprint], …], "findings": [row, …]}`, a finding a
flat row of plain JSON values (see `_row`): a warm run reads every pair's entry, and rows parse
in C and build their Findings without a hook per object. A pair that could not be read (broken
front matter, not UTF-8) has no findings and `"unreadable": [path, reason, line]`, the InputError
linting it raised: a lookup raises it again, so such a page is not parsed again every run.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from linter.engine.cache import Cache, digest, file_digest
from linter.engine.findings import Edit, Finding, Fix, Severity
from linter.engine.site import Site
from linter.errors import InputError
from linter.parse.positions import Pos, Span
from linter.records import Value

Reads = dict[tuple[str, str], str | None]


class PairResults:
    """Findings of pairs by content, with the site facts they depend on."""

    def __init__(self, cache: Cache, history: Callable[[str], str] | None = None) -> None:
        self.cache = cache
        self.history = history  # English path -> fingerprint of its revisions; None when history is off
        self._history_prints: dict[str, str | None] = {}  # the history does not change during a run

    def key(
        self, source: str, translation: str, lang: str, digest_of: Callable[[str], str | None] = file_digest
    ) -> str | None:
        """The pair's entry; `digest_of` hashes a file (a run's Site hashes each file once)."""
        mine, theirs = digest_of(source), digest_of(translation)
        if mine is None or theirs is None:
            return None  # unreadable: reported fresh every time
        return digest(source, translation, lang, mine, theirs)

    def get(self, key: str, site: Site | None) -> list[Finding] | None:
        """The pair's findings if its entry still holds (see `valid`), else None; raises the InputError of an
        unreadable pair."""
        stored = self.entry(key)
        return None if stored is None else self.valid(stored, site)

    def entry(self, key: str) -> Stored | None:
        """The stored findings and reads of a pair, not yet checked against today's site."""
        entry: Any = self.cache.get(key)
        try:
            rows, reads = entry["findings"], entry["reads"]
            return Stored(key, [_finding(row) for row in rows], _reads(reads), rows, _error(entry.get("unreadable")))
        except (TypeError, ValueError, KeyError, AttributeError):  # not an entry of this shape: a miss
            return None

    def unreadable(self, key: str) -> bool:
        """Whether the entry under the key records a pair that could not be read."""
        stored = self.entry(key)
        return stored is not None and stored.error is not None

    def valid(self, stored: Stored, site: Site | None) -> list[Finding] | None:
        """The entry's findings if everything the pair read answers as it did, else None; an unreadable
        pair's InputError is raised.

        A read may answer as before from changed content (a linked page edited between its
        headings): the entry is rewritten with today's fingerprints, so the next run compares
        hashes instead of parsing that page again.
        """
        now: Reads = {}
        for read, seen in stored.reads.items():
            current = self._current(read, site, seen)
            if current is None:
                return None
            now[read] = current
        if now != stored.reads:
            self._put(stored.key, stored.rows, now, stored.error)
        if stored.error is not None:
            raise InputError(*stored.error)
        return stored.findings

    def put(
        self,
        key: str,
        findings: list[Finding],
        reads: set[tuple[str, str]],
        site: Site | None,
        error: InputError | None = None,
    ) -> None:
        """Keep the pair's findings, or the InputError that made it unreadable, with what it read."""
        prints = {read: self._print(read, site) for read in sorted(reads)}
        self._put(key, [_row(f) for f in findings], prints, None if error is None else _fields(error))

    def _put(self, key: str, rows: list[Any], reads: Reads, error: _Error | None = None) -> None:
        entry: dict[str, Any] = {"findings": rows, "reads": [[kind, arg, seen] for (kind, arg), seen in reads.items()]}
        if error is not None:
            entry["unreadable"] = list(error)
        self.cache.put(key, entry)

    def _current(self, read: tuple[str, str], site: Site | None, seen: object) -> str | None:
        kind, arg = read
        if kind == "history" or site is None:
            now = self._print(read, site)
            return now if now == seen else None
        return site.current(kind, arg, seen) if isinstance(seen, str) else None

    def _print(self, read: tuple[str, str], site: Site | None) -> str | None:
        kind, arg = read
        if kind == "history":
            if arg not in self._history_prints:  # every language of a page asks
                self._history_prints[arg] = self.history(arg) if self.history is not None else None
            return self._history_prints[arg]
        return site.fingerprint(kind, arg) if site is not None else None


_Error = tuple[str, str, int | None]  # an InputError's path, reason and line


class Stored(Value):
    """A pair's entry as an earlier run left it."""

    key: str
    findings: list[Finding]
    reads: Reads  # what the pair read beyond itself, with the fingerprint each had then
    rows: list[Any]  # the findings as stored (rewritten as they are when only the fingerprints change)
    error: _Error | None  # why the pair could not be read, if it could not

    __slots__ = ("key", "findings", "reads", "rows", "error")

    def __init__(
        self, key: str, findings: list[Finding], reads: Reads, rows: list[Any], error: _Error | None = None
    ) -> None:
        self.key = key
        self.findings = findings
        self.reads = reads
        self.rows = rows
        self.error = error


def _fields(error: InputError) -> _Error:
    return error.path, error.reason, error.line


def _error(value: Any) -> _Error | None:
    """An unreadable pair's InputError fields as stored; TypeError for anything else."""
    if value is None:
        return None
    path, reason, line = value
    if type(path) is not str or type(reason) is not str or not (line is None or type(line) is int):
        raise TypeError("an unreadable pair's error is not (path, reason, line)")
    return path, reason, line


# A finding as a row: [rule id, rule name, severity, path, span, message, English path, English span,
# fix, language, key, shown]; a span is [line, column, end line, end column]; a fix [safety, description,
# [[line, column, end line, end column, text], …]].


def _row(f: Finding) -> list[Any]:
    source_span = None if f.source_span is None else _coords(f.source_span)
    fix = None
    if f.fix is not None:
        fix = [f.fix.safety, f.fix.description, [[*_coords(e.span), e.text] for e in f.fix.edits]]
    span = _coords(f.span)
    return [
        f.rule_id,
        f.rule_name,
        int(f.severity),
        f.path,
        span,
        f.message,
        f.source_path,
        source_span,
        fix,
        f.lang,
        f.key,
        f.shown,
    ]


def _reads(rows: list[Any]) -> Reads:
    reads: Reads = {}
    for kind, arg, seen in rows:
        if type(kind) is not str or type(arg) is not str or not (seen is None or type(seen) is str):
            raise TypeError("a read is not (kind, argument, fingerprint)")
        reads[kind, arg] = seen
    return reads


def _coords(span: Span) -> list[int]:
    return [span.start.line, span.start.column, span.end.line, span.end.column]


def _finding(row: list[Any]) -> Finding:
    """The Finding a row holds; TypeError or ValueError for anything else (a damaged or foreign entry)."""
    rule_id, rule_name, severity, path, span, message, source_path, source_span, fix, lang, key, shown = row
    if not all(type(v) is str for v in (rule_id, rule_name, path, message, lang, key, shown)):
        raise TypeError("a finding's text is not a string")
    if source_path is not None and type(source_path) is not str:
        raise TypeError("a finding's English path is not a string")
    return Finding(
        rule_id,
        rule_name,
        Severity(severity),
        path,
        _span(span),
        message,
        source_path,
        None if source_span is None else _span(source_span),
        None if fix is None else _fix(fix),
        lang,
        key,
        shown,
    )


def _span(coords: list[Any]) -> Span:
    line, column, end_line, end_column = coords
    if not type(line) is type(column) is type(end_line) is type(end_column) is int:
        raise TypeError("a span is not four integers")
    return Span(Pos(line, column), Pos(end_line, end_column))


def _fix(fix: list[Any]) -> Fix:
    safety, description, edits = fix
    if type(safety) is not str or type(description) is not str:
        raise TypeError("a fix's safety or description is not a string")
    return Fix(tuple(_edit(*edit) for edit in edits), safety, description)


def _edit(line: Any, column: Any, end_line: Any, end_column: Any, text: Any) -> Edit:
    if type(text) is not str:
        raise TypeError("an edit's text is not a string")
    return Edit(_span([line, column, end_line, end_column]), text)
