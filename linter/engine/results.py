"""Pair results kept across runs: a pair is linted again only when something it read has changed.

A pair's entry is keyed by both pages' paths, language and content. It records what the pair's
rules looked up beyond the pair (other pages through the Site, the English history) with a
fingerprint of each; a lookup recomputes those fingerprints, so a changed English page
invalidates its translations and every page whose rules read it, and nothing else.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from linter.engine.cache import Cache, digest, file_digest
from linter.engine.findings import Finding
from linter.engine.site import Site

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
        stored = self.entry(key)
        return None if stored is None else self.valid(stored, site)

    def entry(self, key: str) -> Stored | None:
        """The stored findings and reads of a pair, not yet checked against today's site."""
        entry: Any = self.cache.get(key)
        if not isinstance(entry, dict) or not isinstance(entry.get("findings"), list):
            return None
        reads = entry.get("reads")
        return Stored(key, entry["findings"], reads) if isinstance(reads, dict) else None

    def valid(self, stored: Stored, site: Site | None) -> list[Finding] | None:
        """The entry's findings if everything the pair read answers as it did, else None.

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
            self.cache.put(stored.key, {"findings": stored.findings, "reads": now})
        return stored.findings

    def put(self, key: str, findings: list[Finding], reads: set[tuple[str, str]], site: Site | None) -> None:
        self.cache.put(key, {"findings": findings, "reads": {read: self._print(read, site) for read in sorted(reads)}})

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


@dataclass
class Stored:
    """A pair's entry as an earlier run left it."""

    key: str
    findings: list[Finding]
    reads: Reads  # what the pair read beyond itself, with the fingerprint each had then
