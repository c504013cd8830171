"""What a rule may look up beyond its own pair: the site's other English and translated pages.

Everything here is loaded on first use, so a pre-commit run over one page pays for
the rest of the site only when a rule actually asks (a heading that matches no
English heading of its own page, a link into another page).
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, TypeGuard
from urllib.parse import unquote

from linter.engine.cache import Cache, digest
from linter.engine.digests import FileDigests
from linter.errors import InputError
from linter.parse.slug import heading_ids, split_heading_attrs
from linter.parse.source import SourceText
from linter.parse.tree import Node, Page, Section
from linter.parse.urls import split_url
from linter.patterns import lazy
from linter.project.target import Entry, Target, entry_of

_ATX = lazy(r"^ {0,3}(#{1,6})[ \t]+(.*)$")
_FENCE = lazy(r"^ {0,3}(`{3,}|~{3,})")
_INLINE_LINK = lazy(r"!?\[([^\[\]]*)\]\([^()]*\)")  # no nested brackets: one pass over a long line
# Icon shortcodes and emphasis/code/HTML markup: what a reader does not see of a heading.
_MARKUP = lazy(r":(?:material|octicons|fontawesome|simple)-[a-z0-9\-]+:|[*`]|<[^<>]+>|(?<!\w)_|_(?!\w)")

# Every translated page of the site, listed when a rule first looks beyond its own pair.
Targets = Callable[[], Iterable[Entry]]
# (path, lang, outline) -> the page; with `outline` only its headings need inline content.
Load = Callable[[str, str, bool], Page]


def heading_key(title: str) -> str:
    return " ".join(title.split()).casefold()


class Site:
    def __init__(self, targets: Targets, load: Load, store: Cache | None = None) -> None:
        self._targets = targets
        self._store = store  # the run's cache: site facts keyed by the files they come from
        self._load = load  # (path, lang, outline) -> Page; the runner's cache
        self._index: dict[str, dict[str, str]] | None = None  # English path -> lang -> translation
        self._headings: dict[str, list[tuple[str, int]]] | None = None
        self._ids: dict[tuple[str, str], tuple[Page | None, dict[str, Node] | None]] = {}
        # What the pair being linted looked up (kind, argument): a cached result is valid while these are unchanged.
        self.reads: set[tuple[str, str]] | None = None
        self._prints: dict[tuple[str, str], str] = {}
        self._digests: dict[str, str | None] = {}  # files do not change during a run (a fix writes after it)
        self._hashes = FileDigests(store)  # and their hashes of earlier runs, by stat
        self._files: dict[str, bool] = {}  # whether a page's path is a file, as `_digests`
        self.cache: dict[object, Any] = {}  # site-wide analyses rules share (e.g. which page links where)

    @classmethod
    def of_targets(cls, targets: Iterable[Target], load: Load) -> Site:
        fixed = [entry_of(target) for target in targets]
        return cls(lambda: fixed, load)

    def _by_source(self) -> dict[str, dict[str, str]]:
        if self._index is None:
            self._index = {}
            for lang, source, translation in self._targets():
                self._index.setdefault(_norm(source), {})[lang] = translation
        return self._index

    def source_paths(self) -> list[str]:
        self._read("sources", "")
        return sorted(self._by_source())

    def _read(self, kind: str, arg: str) -> None:
        if self.reads is not None:
            self.reads.add((kind, arg))

    def file_digest(self, path: str) -> str | None:
        """The file's content hash (see cache.file_digest), computed once per run."""
        if path not in self._digests:
            self._digests[path] = self._hashes(path)
        return self._digests[path]

    def marked(self, path: str) -> bool | None:
        """Whether the file held a `transmark-` comment when this run hashed it; None when it did not hash it."""
        return self._hashes.marked(path)

    def save_digests(self) -> None:
        """Keep the hashes of files this run read for the next run (see engine/digests.py)."""
        self._hashes.save()

    def fingerprint(self, kind: str, arg: str) -> str:
        """What a read (see `reads`) saw, as a short hash: the same value means the same answer today."""
        key = (kind, arg)
        if key not in self._prints:
            if kind in ("page", "outline"):
                lang, _, source = arg.partition(":")
                path = self._resolve_page(source, lang)
                self._prints[key] = "none" if path is None else f"{path}:{self.file_digest(path)}"
                if kind == "outline" and path is not None:
                    self._prints[key] += f":{self._outline(path, lang)}"
            elif kind == "sources":
                self._prints[key] = digest(*sorted(self._by_source()))
            else:  # "headings": every English page's heading lines
                self._prints[key] = digest(*(f"{path}:{self.file_digest(path)}" for path in sorted(self._by_source())))
        return self._prints[key]

    def current(self, kind: str, arg: str, seen: str) -> str | None:
        """The read's fingerprint today if it answers as it did when it had `seen`, else None.

        An outline read of a page changed only between its headings answers as before: only then
        is the page parsed, and its new fingerprint returned.
        """
        if kind != "outline":
            now = self.fingerprint(kind, arg)
            return now if now == seen else None
        lang, _, source = arg.partition(":")
        path = self._resolve_page(source, lang)
        if path is None or seen == "none":
            return seen if path is None and seen == "none" else None
        file_then, _, outline_then = seen.rpartition(":")
        if file_then == f"{path}:{self.file_digest(path)}":
            return seen
        now = self.fingerprint(kind, arg)
        return now if now.rpartition(":")[2] == outline_then else None

    def _outline(self, path: str, lang: str) -> str:
        """A hash of the page's headings as rules see them: kind, level, text, id and place of each."""
        try:
            page = self._load(path, lang, True)
        except (InputError, RecursionError):
            return "unreadable"
        return digest(
            *(
                f"{node.span.start}:{getattr(node, 'level', '')}:{_heading_text(node)}:"
                f"{getattr(node, 'anchor', '')}:{getattr(node, 'explicit_anchor', '')}"
                for node in page.root.walk()
                if isinstance(node, Section) or node.kind == "heading"
            )
        )

    def _resolve_page(self, source: str, lang: str) -> str | None:
        key = _norm(source)
        path = key if lang == "en" else self._by_source().get(key, {}).get(lang)
        if path is None:
            return None
        if path not in self._files:
            self._files[path] = Path(path).is_file()
        return path if self._files[path] else None

    def page(self, source: str, lang: str = "en", outline: bool = False) -> Page | None:
        """The English page (lang "en") or its translation into `lang`; None when the site has none.

        `outline`: the caller reads only the page's headings, so a cached result that used it stays
        valid when the page changes elsewhere.
        """
        self._read("outline" if outline else "page", f"{lang}:{_norm(source)}")
        path = self._resolve_page(source, lang)
        if path is None:
            return None
        try:
            return self._load(path, lang, outline)
        except (InputError, RecursionError):
            return None  # a broken neighbour is reported when it is linted itself

    def same_page(self, page: Page, path: str) -> bool:
        """Whether the site's English page at `path` is `page` or another revision of it.

        In pair mode the English page may be a file outside the site (an old revision beside a
        site holding the current one): it is the site's page of the same file name, or the one
        that has most of its links.
        """
        mine, theirs = _norm(page.path), _norm(path)
        if mine == theirs or not self._outside(mine):
            return mine == theirs
        key = ("same-page", mine, theirs)
        found = self.cache.get(key)
        if found is None:
            other = self.page(theirs)
            links = {fact for fact in page.root.invariants() if fact[0] == "u"}
            shared = links & {fact for fact in other.root.invariants()} if other is not None else set()
            found = self.cache[key] = posixpath.basename(mine) == posixpath.basename(theirs) or (
                bool(links) and len(shared) * 2 >= len(links)
            )
        return found

    def _outside(self, source: str) -> bool:
        """Whether an English page of the run lies outside the folder of the site's other English pages."""
        key = ("outside", source)
        if key not in self.cache:
            self._read("sources", "")
            others = [os.path.abspath(path) for path in self._by_source() if path != source]
            home = os.path.commonpath(others) if others else ""
            self.cache[key] = bool(home) and os.path.commonpath([home, os.path.abspath(source)]) != home
        return bool(self.cache[key])

    def headings(self) -> dict[str, list[tuple[str, int]]]:
        """Every English heading of the site by its folded title, with (page, line): where translation
        memory finds the headings it pastes. Read from the heading lines, not parsed: a one-page run
        that needs it must not parse the whole site."""
        self._read("headings", "")
        if self._headings is None:
            key = self.heading_index_key() if self._store is not None else ""
            found = self._store.get(key) if self._store is not None else None
            if _is_heading_index(found):  # JSON keeps (page, line) as a list
                self._headings = {title: [(page, line) for page, line in places] for title, places in found.items()}
            else:
                self._headings = {}
                for source in self.source_paths():
                    for line, title in _scan_headings(source):
                        self._headings.setdefault(heading_key(title), []).append((source, line))
                if self._store is not None:
                    self._store.put(key, self._headings)
        return self._headings

    def heading_index_key(self) -> str:
        """The cache entry of `headings` for today's English pages."""
        return digest("headings", self.fingerprint("headings", ""))

    def links(self, source: str) -> list[str] | None:
        """The addresses an English page links to and the images it shows (its `u:` and `i:` invariants, in
        document order); None when the site has no such page or it cannot be read.

        Kept in the cache by the page's content: an index of every page's links (which page a pasted
        paragraph comes from) reads them there in a warm run instead of parsing the whole site.
        """
        self._read("page", f"en:{_norm(source)}")
        path = self._resolve_page(source, "en")
        if path is None:
            return None
        key = self._links_key(path)
        found = self._store.get(key) if self._store is not None and key is not None else None
        if isinstance(found, list) and all(type(fact) is str and fact[:2] in ("u:", "i:") for fact in found):
            return found
        try:
            page = self._load(path, "en", False)
        except (InputError, RecursionError):
            return None
        facts = [fact for fact in page.root.invariants() if fact[0] in "ui"]
        if self._store is not None and key is not None:
            self._store.put(key, facts)
        return facts

    def _links_key(self, path: str) -> str | None:
        content = self.file_digest(path)
        return None if content is None else digest("links", content)

    def cache_keys(self) -> list[str]:
        """The cache entries of the site's own facts today: the heading index, the English pages' links
        and the files' hashes."""
        links = [self._links_key(path) for path in self._by_source()]
        return [self.heading_index_key(), *(key for key in links if key is not None), self._hashes.key]

    def heading_ids(self, source: str, lang: str) -> dict[str, Node] | None:
        """The heading ids of a page in `lang` ("en" for English) as MkDocs assigns them; None when not in the run."""
        key = (_norm(source), lang)
        page = self.page(source, lang, outline=True)
        cached = self._ids.get(key)
        # The ids are nodes of one parse: a page parsed again (the runner lets go of a translation it
        # has linted) gets its own, or a rule comparing them with that page's nodes finds none.
        if cached is None or cached[0] is not page:
            cached = self._ids[key] = (page, None if page is None else heading_ids(page))
        return cached[1]

    def anchors(self, source: str, lang: str) -> frozenset[str] | None:
        """Heading ids of a page in `lang`; None when that page is not part of the run."""
        ids = self.heading_ids(source, lang)
        return None if ids is None else frozenset(ids)

    def resolve(self, source: str, url: str) -> tuple[str, str] | None:
        """(English page, fragment) a relative Markdown link from `source` points to, or None."""
        parts = split_url(url)
        if parts.scheme or parts.netloc:
            return None
        if not parts.path:
            return _norm(source), unquote(parts.fragment)
        if not parts.path.endswith(".md"):
            return None
        base = posixpath.dirname(_norm(source))
        return posixpath.normpath(posixpath.join(base, unquote(parts.path))), unquote(parts.fragment)


def _is_heading_index(value: object) -> TypeGuard[dict[str, list[list[Any]]]]:
    """Whether a cache entry has the shape of `Site.headings` (anything else is read afresh)."""
    return isinstance(value, dict) and all(
        isinstance(title, str)
        and isinstance(places, list)
        and all(isinstance(p, list) and len(p) == 2 and isinstance(p[0], str) and type(p[1]) is int for p in places)
        for title, places in value.items()
    )


def _scan_headings(path: str) -> Iterator[tuple[int, str]]:
    """(line, title as a reader sees it) of a page's ATX headings outside code and front matter."""
    try:
        lines = SourceText.read(path).lines
    except InputError:
        return
    for number, _, title in scan_headings(lines):
        yield number, title


def scan_headings(lines: list[str]) -> Iterator[tuple[int, int, str]]:
    """(line, level, title as a reader sees it) of ATX headings outside code and front matter."""
    fence = ""
    start = 0
    if lines and lines[0].strip() == "---":  # front matter: its `# comments` are no headings
        start = next((i + 1 for i, line in enumerate(lines[1:], 1) if line.strip() in ("---", "...")), 0)
    for number, line in enumerate(lines[start:], start + 1):
        found = _FENCE.match(line)
        if found:
            marker = found.group(1)
            if not fence:
                fence = marker
            elif marker[0] == fence[0] and len(marker) >= len(fence):
                fence = ""
            continue
        match = None if fence else _ATX.match(line)
        if match:
            title = _INLINE_LINK.sub(r"\1", split_heading_attrs(_atx_title(match.group(2)))[0])
            yield number, len(match.group(1)), " ".join(_MARKUP.sub("", title).split())


def _atx_title(text: str) -> str:
    """An ATX heading's text without its closing `#`s (in code, not a lazy regex: that is quadratic in spaces)."""
    text = text.rstrip(" \t")
    bare = text.rstrip("#")
    return bare.rstrip(" \t") if bare != text and bare.endswith((" ", "\t")) else text


def _norm(path: str) -> str:
    return posixpath.normpath(str(path).replace("\\", "/"))


def _heading_text(node: Node) -> str:
    return node.title if isinstance(node, Section) else node.text
