"""Which English revision a translation was made from, and its blocks that English has changed since.

Each revision of the English page is scored against the translation (fingerprint.py says how).
Revisions with equal scores tie; the newest of them is named, unless the translation's front
matter records one of them as its base (MDN's `l10n.sourceCommit`). What English changed since
is in changes.py.

Fingerprints (the tokens, and per block its facts) are cached by blob id (see history.py),
so a history is parsed once, whatever the number of languages.
"""

from __future__ import annotations

import difflib
import textwrap
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlunsplit

from linter.align.aligner import Alignment, align
from linter.engine.cache import digest as content_digest
from linter.engine.site import scan_headings
from linter.history.changes import Change, section_changes
from linter.history.fingerprint import (
    CACHE_NAMESPACE,
    CLOSE,
    TIE,
    Fingerprint,
    Headings,
    Score,
    blob_as_parsed,
    block_facts,
    fingerprint,
    headings_of,
    node_lines,
    page_fingerprint,
    page_tokens,
    rank,
    section_anchor,
    short_digest,
    syntax_suffix,
)
from linter.history.headings import OldHeadings, old_headings
from linter.history.history import FingerprintCache, Histories, History, HistoryError, Revision
from linter.history.stamps import Stamp, check_stamp
from linter.parse.dialect import DEFAULT, Dialect
from linter.parse.markdown import parse_page
from linter.parse.source import SourceText
from linter.parse.tree import Node, Page, Section
from linter.parse.urls import split_url
from linter.patterns import lazy
from linter.records import Value

_SAME_BLOCK = 0.5  # word similarity above which two English texts are versions of one block
_HEADINGS = "-h"  # what the cache key of a history's headings (a digest of its blobs) ends in
_WORD = lazy(r"\w+")

_Hit = tuple[Revision, int, int]  # a revision and a block's lines in it


# -- stale blocks ----------------------------------------------------------------------------


class StaleBlock(Value):
    """A translated block whose facts are those of an older English block, not of the current one."""

    node: Node  # in the translation
    current: Node  # its English counterpart today
    revision: Revision  # the newest revision whose block had the translation's facts
    changed: Revision  # the revision after it, which edited the block
    then: str  # the English block at `revision`
    then_line: int  # its first line there
    now: str  # the current English block

    __slots__ = ("node", "current", "revision", "changed", "then", "then_line", "now")

    def __init__(
        self, node: Node, current: Node, revision: Revision, changed: Revision, then: str, then_line: int, now: str
    ) -> None:
        self.node = node
        self.current = current
        self.revision = revision
        self.changed = changed
        self.then = then
        self.then_line = then_line
        self.now = now


def _headings_from_json(data: Any, blobs: Sequence[str]) -> dict[str, Headings] | None:
    """The revisions' headings as cached; None when absent or damaged (read again)."""
    if not isinstance(data, dict) or sorted(data) != sorted(blobs):
        return None
    try:
        return {blob: headings_of(data[blob]) for blob in blobs}
    except (TypeError, ValueError):
        return None


def _older_blocks(prints: Sequence[tuple[Revision, Fingerprint]]) -> dict[tuple[str, str, str], _Hit]:
    """(section, kind, facts) of blocks English had before and has no more, at their newest revision."""
    now = {(anchor, kind, digest) for anchor, kind, digest, _, _ in prints[0][1].blocks}
    older: dict[tuple[str, str, str], _Hit] = {}
    for revision, fp in prints[1:]:
        for anchor, kind, digest, first, last in fp.blocks:
            key = (anchor, kind, digest)
            if key not in now:
                older.setdefault(key, (revision, first, last))
    return older


def _block_text(text: SourceText, first: int, last: int) -> str:
    return textwrap.dedent("\n".join(text.lines[first - 1 : last])).strip("\n")


# -- the answer ------------------------------------------------------------------------------


class Recorded(Value):
    """The base a translation's front matter records (`l10n.sourceCommit`) and whether its structure agrees."""

    commit: str
    revision: Revision | None  # None when the history has no such commit
    score: float | None
    agrees: bool

    __slots__ = ("commit", "revision", "score", "agrees")

    def __init__(self, commit: str, revision: Revision | None, score: float | None, agrees: bool) -> None:
        self.commit = commit
        self.revision = revision
        self.score = score
        self.agrees = agrees


class Origin(Value):
    """The English revision a translation was most likely made from, with the scores that chose it."""

    path: str
    history: History
    best: Score
    runner_up: Score | None
    tied: list[Score]  # other revisions with the best score
    recorded: Recorded | None
    newer: int  # revisions of the English page after the origin
    changes: list[Change]  # English sections changed since the origin
    stale: list[StaleBlock]

    __slots__ = ("path", "history", "best", "runner_up", "tied", "recorded", "newer", "changes", "stale")

    def __init__(
        self,
        path: str,
        history: History,
        best: Score,
        runner_up: Score | None,
        tied: list[Score],
        recorded: Recorded | None,
        newer: int,
        changes: list[Change],
        stale: list[StaleBlock],
    ) -> None:
        self.path = path
        self.history = history
        self.best = best
        self.runner_up = runner_up
        self.tied = tied
        self.recorded = recorded
        self.newer = newer
        self.changes = changes
        self.stale = stale

    @property
    def confidence(self) -> str:
        """How far ahead of the runner-up the origin is: "tie", "close" or "clear"."""
        if self.runner_up is None:
            return "clear"
        margin = self.best.score - self.runner_up.score
        return "tie" if margin < TIE else "close" if margin < CLOSE else "clear"


def recorded_commit(page: Page) -> str | None:
    """MDN's convention: `l10n: {sourceCommit: <sha>}` in a translation's front matter."""
    data = page.front_matter.data if page.front_matter is not None else {}
    l10n = data.get("l10n")
    commit = l10n.get("sourceCommit") if isinstance(l10n, dict) else None
    return str(commit).strip() if commit else None


class OriginFinder:
    """Finds origins; keeps fingerprints and parsed revisions for every translation of the run."""

    def __init__(self, cache: FingerprintCache | None = None, dialect: Dialect = DEFAULT) -> None:
        """`dialect`: the site's, which every revision is parsed in (as the run parses its pages)."""
        self.cache = cache if cache is not None else FingerprintCache(None, CACHE_NAMESPACE)
        self.dialect = dialect
        self._suffix = syntax_suffix(dialect)
        self._prints: dict[History, list[tuple[Revision, Fingerprint]]] = {}
        self._texts_seen: dict[History, dict[str, int]] = {}
        self._pages: dict[str, Page] = {}
        self._texts: dict[str, SourceText] = {}

    def prints(self, history: History, current: Page | None = None) -> list[tuple[Revision, Fingerprint]]:
        """Every revision with its fingerprint, newest first; only uncached contents are read and parsed.

        `current`: the English page as the run parsed it. When a revision has its text (usually the newest),
        its fingerprint comes from that tree: a run without a cache parsed every English page twice, and
        read it from git once more.
        """
        found = self._prints.get(history)
        if found is not None:
            return found
        by_blob: dict[str, Fingerprint] = {}
        missing: dict[str, Revision] = {}
        for revision in history.revisions:
            if revision.blob in by_blob or revision.blob in missing:
                continue
            cached = self.cache.get(revision.blob + self._suffix)
            fp = Fingerprint.from_json(cached) if cached is not None else None
            if fp is None:
                missing[revision.blob] = revision
            else:
                by_blob[revision.blob] = fp
        own = blob_as_parsed(current, self.dialect) if current is not None and missing else None
        texts = history.texts(r for r in missing.values() if r.blob != own) if missing else {}
        for revision in missing.values():
            text = texts.get(revision.blob)
            if revision.blob == own and current is not None:
                fp = page_fingerprint(current)
            else:
                fp = fingerprint(text, self.dialect) if text is not None else Fingerprint((), (), broken=True)
            by_blob[revision.blob] = fp
            self.cache.put(revision.blob + self._suffix, fp.as_json())
        found = self._prints[history] = [(revision, by_blob[revision.blob]) for revision in history.revisions]
        return found

    def headings(self, history: History) -> dict[str, Headings]:
        """Each revision's headings by blob, as linter.engine.site scans them: from the fingerprints when this
        finder has them, else from the revisions' lines, unparsed, kept in the cache as one entry for the
        history. A run asks for the old headings of every English page it lints or links to; fingerprints (a
        parse of every revision) only for pages with a translated block that may be stale.
        """
        known = self._prints.get(history)
        if known is not None:
            return {revision.blob: fp.headings for revision, fp in known}
        blobs = list(dict.fromkeys(revision.blob for revision in history.revisions))
        key = content_digest(*blobs) + _HEADINGS
        found = _headings_from_json(self.cache.get(key), blobs)
        if found is None:
            texts = history.texts(history.revisions)
            found = {blob: tuple(scan_headings(texts[blob].lines)) if blob in texts else () for blob in blobs}
            self.cache.put(key, {blob: [list(heading) for heading in found[blob]] for blob in blobs})
        return found

    def last_seen(self, history: History, text: str, current: Page | None = None) -> tuple[Revision, Revision] | None:
        """The newest older revision with a block or heading reading `text` (as read), and the one that changed it.

        None when no revision has it, or when the current one still does.
        """
        newest = self._texts_seen.get(history)
        if newest is None:
            newest = self._texts_seen[history] = {}
            for index, (_, fp) in enumerate(self.prints(history, current)):
                for token in fp.tokens:
                    if token.startswith("T:"):
                        newest.setdefault(token, index)
        index = newest.get(f"T:{short_digest(text)}", 0)
        return (history.revisions[index], history.revisions[index - 1]) if index > 0 else None

    def text(self, history: History, revision: Revision) -> SourceText:
        self._fetch(history, [revision])
        text = self._texts.get(revision.blob)
        if text is None:
            raise HistoryError(f"{history.label}: revision {revision.short} cannot be read as a page")
        return text

    def _fetch(self, history: History, revisions: Sequence[Revision]) -> None:
        """Read the texts of several revisions at once (one `git cat-file` for all)."""
        wanted = [revision for revision in revisions if revision.blob not in self._texts]
        if wanted:
            self._texts.update(history.texts(wanted))

    def page(self, history: History, revision: Revision) -> Page:
        page = self._pages.get(revision.blob)
        if page is None:
            page = self._pages[revision.blob] = parse_page(self.text(history, revision), "en", self.dialect)
        return page

    def find(self, translation: Page, history: History, *, changes: bool = True, stale: bool = True) -> Origin:
        prints = self.prints(history)
        commit = recorded_commit(translation)
        base = history.at(commit) if commit else None
        scores = rank(page_tokens(translation), prints, also=base)
        if not scores:
            raise HistoryError(f"{history.label}: no revision can be parsed as a page")
        top = round(scores[0].score, 9)
        tied = [s for s in scores if round(s.score, 9) == top]
        best = next((s for s in tied if s.revision == base), tied[0])
        others = [s for s in scores if s is not best]
        recorded = None
        if commit is not None:
            score = next((s.score for s in scores if s.revision == base), None)
            recorded = Recorded(commit, base, score, base is not None and best.revision == base)
        current = history.current
        changed: list[Change] = []
        if changes and best.revision.blob != current.blob:
            self._fetch(history, [best.revision, current])
            old, new = self.page(history, best.revision), self.page(history, current)
            changed = section_changes(old, new, best.revision.describe(), current.describe())
        return Origin(
            path=translation.path,
            history=history,
            best=best,
            runner_up=others[0] if others else None,
            tied=[s for s in tied if s is not best],
            recorded=recorded,
            newer=history.revisions.index(best.revision),
            changes=changed,
            stale=self.stale_blocks(translation, history) if stale else [],
        )

    def stale_blocks(self, translation: Page, history: History, alignment: Alignment | None = None) -> list[StaleBlock]:
        """Translated blocks whose facts (URLs, images, code) are exactly those of an older English block.

        The older block must be in the section of the same id as the current counterpart, read
        much like it, and be gone from the current English: the English block was edited after
        the translation. `alignment` (the current English with `translation`, as `check` has it)
        saves aligning again.
        """
        current = alignment.source if alignment is not None else None
        if alignment is None:
            alignment = align(self.page(history, history.current), translation)
        candidates = []  # blocks whose facts are not their English block's: only they can be stale
        for pair in alignment.pairs:
            s, t = pair.source, pair.target
            if s is None or t is None or isinstance(s, Section) or pair.how in ("joined", "split"):
                continue
            facts = sorted(block_facts(t))
            if facts and facts != sorted(block_facts(s)):
                candidates.append((s, t, (section_anchor(s), s.kind, short_digest("\n".join(facts)))))
        if not candidates:
            return []  # the revisions are not fingerprinted: most pairs (6 in 7 of the corpus's) end here
        older = _older_blocks(self.prints(history, current))
        hits = [(s, t, *older[key]) for s, t, key in candidates if key in older]
        self._fetch(history, [revision for _, _, revision, _, _ in hits])
        found = []
        for s, t, revision, first, last in hits:
            then = _block_text(self.text(history, revision), first, last)
            now = _block_text(alignment.source.source, *node_lines(s))
            # Two English versions of one block read alike; if not, the translated block is paired
            # with another block than the one it was translated from.
            if _similarity(then, now) < _SAME_BLOCK:
                continue
            old = _node_at(self.page(history, revision), s.kind, first)
            if old is not None and (reads_alike(old, s) or old.text == t.text != s.text):
                continue  # a cosmetic edit; or old English text left untranslated (stale-untranslated-paragraph's)
            changed = history.revisions[history.revisions.index(revision) - 1]
            found.append(StaleBlock(t, s, revision, changed, then, first, now))
        return found


def _node_at(page: Page, kind: str, line: int) -> Node | None:
    return next((n for n in page.root.walk() if n.kind == kind and n.span.start.line == line), None)


def canonical_url(url: str) -> str:
    """A URL without what link canonicalisation changes: http/https, `www.`, host case, trailing `/` or index page."""
    parts = split_url(url.strip())
    scheme = "https" if parts.scheme in ("http", "https") else parts.scheme
    path = parts.path.rstrip("/")
    for index in ("/index.md", "/index.html", "/index.htm"):
        path = path.removesuffix(index)
    return urlunsplit((scheme, parts.netloc.lower().removeprefix("www."), path, parts.query, parts.fragment))


def _canonical_facts(node: Node) -> list[str]:
    facts = block_facts(node)
    return sorted(f"{f[:2]}{canonical_url(f[2:])}" if f[:2] in ("u:", "i:") else f for f in facts)


def reading(node: Node) -> tuple[str, ...]:
    """A block as a reader gets it: kind, text as read, facts with canonical URLs. Whitespace, line breaks,
    emphasis markers and link canonicalisation leave it the same."""
    return (node.kind, node.text, *_canonical_facts(node))


def reads_alike(a: Node, b: Node) -> bool:
    """Two English versions of a block that differ only cosmetically."""
    return reading(a) == reading(b)


def _similarity(a: str, b: str) -> float:
    """Word-level similarity of two English texts, URLs included (split at punctuation)."""
    return difflib.SequenceMatcher(None, _WORD.findall(a), _WORD.findall(b), autojunk=False).ratio()


class SourceHistory:
    """What `check` needs to report stale blocks: every English page's history, walked once per run.

    A page outside git, or never committed, has no history: its stale blocks are none.
    """

    def __init__(
        self,
        where: Path | None = None,
        cache_dir: Path | None = None,
        stamp_keys: Sequence[str] = (),
        dialect: Dialect = DEFAULT,
        follow: bool = False,
    ) -> None:
        """`follow`: see Histories."""
        self.histories = Histories(where, cache_dir, follow)
        self.stamp_keys = tuple(stamp_keys)  # front-matter keys of source-commit stamps
        self.finder = OriginFinder(FingerprintCache(cache_dir, CACHE_NAMESPACE), dialect)
        self._broken: set[str] = set()
        self._old_headings: dict[str, OldHeadings | None] = {}

    def old_headings(self, page: Page) -> OldHeadings | None:
        """Headings older revisions of the English `page` had and it has not; None without a history."""
        if page.path not in self._old_headings:
            history = self.of(page.path)
            if history is None:
                self._old_headings[page.path] = None
            else:
                self._old_headings[page.path] = old_headings(page, history, self.finder.headings(history))
        return self._old_headings[page.path]

    def of(self, path: str) -> History | None:
        """The English page's history; None without one (a git failure is remembered, not retried)."""
        if path in self._broken:
            return None
        try:
            return self.histories.of(Path(path))
        except HistoryError:
            self._broken.add(path)
            return None

    def revisions_print(self, path: str) -> str:
        """The English page's revisions as a short hash: findings that read the history stay valid while it holds."""
        history = self.of(path)
        return (
            "none"
            if history is None
            else content_digest(*(f"{r.commit}:{r.date}:{r.blob}:{r.path}" for r in history.revisions))
        )

    def stale_blocks(self, alignment: Alignment) -> list[StaleBlock]:
        history = self.of(alignment.source.path)
        return [] if history is None else self.finder.stale_blocks(alignment.target, history, alignment)

    def last_seen(self, alignment: Alignment, text: str) -> tuple[Revision, Revision] | None:
        """Where English last had `text` (a block or a heading of the pair's English page), and what changed it."""
        history = self.of(alignment.source.path)
        return None if history is None else self.finder.last_seen(history, text, alignment.source)

    def bad_stamp(self, alignment: Alignment) -> Stamp | None:
        """The translation's source-commit stamp when it names a commit the English history lacks, or one newer
        than the translation (its own commits tell, in the site's repository)."""
        history = self.of(alignment.source.path)
        if history is None:
            return None
        own = self.of(alignment.target.path) if self.histories.where is None else None
        stamp = check_stamp(alignment.target, history, self.stamp_keys, own.current.date if own is not None else None)
        return stamp if stamp is not None and stamp.problem else None
