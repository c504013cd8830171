"""What a rule may look up beyond its own pair: the site's other English and translated pages.

Everything here is loaded on first use, so a pre-commit run over one page pays for
the rest of the site only when a rule actually asks (a heading that matches no
English heading of its own page, a link into another page).
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterable
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .errors import InputError
from .tree import Page, Section

# (lang, English path, translation path) for every page of the site.
Triples = Callable[[], Iterable[tuple[str, str, str]]]


def heading_key(title: str) -> str:
    return " ".join(title.split()).casefold()


class Site:
    def __init__(self, triples: Triples, load: Callable[[str, str], Page]) -> None:
        self._triples_fn = triples
        self._load = load  # (path, lang) -> Page; the runner's cache
        self._index: dict[str, dict[str, str]] | None = None  # English path -> lang -> translation
        self._headings: dict[str, list[tuple[str, Section]]] | None = None
        self._anchors: dict[tuple[str, str], frozenset[str] | None] = {}

    @classmethod
    def of_pairs(cls, triples: Iterable[tuple[str, str, str]], load: Callable[[str, str], Page]) -> Site:
        fixed = list(triples)
        return cls(lambda: fixed, load)

    def _by_source(self) -> dict[str, dict[str, str]]:
        if self._index is None:
            self._index = {}
            for lang, source, translation in self._triples_fn():
                self._index.setdefault(_norm(source), {})[lang] = translation
        return self._index

    def source_paths(self) -> list[str]:
        return sorted(self._by_source())

    def page(self, source: str, lang: str = "en") -> Page | None:
        """The English page (lang "en") or its translation into `lang`; None when the site has none."""
        key = _norm(source)
        path = key if lang == "en" else self._by_source().get(key, {}).get(lang)
        if path is None or not Path(path).is_file():
            return None
        try:
            return self._load(path, lang)
        except (InputError, RecursionError):
            return None  # a broken neighbour is reported when it is linted itself

    def headings(self) -> dict[str, list[tuple[str, Section]]]:
        """Every English heading of the site by its folded title: where translation memory finds them."""
        if self._headings is None:
            self._headings = {}
            for source in self.source_paths():
                page = self.page(source)
                for section in page.sections() if page is not None else ():
                    self._headings.setdefault(heading_key(section.title), []).append((source, section))
        return self._headings

    def anchors(self, source: str, lang: str) -> frozenset[str] | None:
        """Heading ids of a page in `lang`; None when that page is not part of the run."""
        key = (_norm(source), lang)
        if key not in self._anchors:
            page = self.page(source, lang)
            self._anchors[key] = None if page is None else frozenset(s.anchor for s in page.sections())
        return self._anchors[key]

    def resolve(self, source: str, url: str) -> tuple[str, str] | None:
        """(English page, fragment) a relative Markdown link from `source` points to, or None."""
        parts = urlsplit(url)
        if parts.scheme or parts.netloc:
            return None
        if not parts.path:
            return _norm(source), unquote(parts.fragment)
        if not parts.path.endswith(".md"):
            return None
        base = posixpath.dirname(_norm(source))
        return posixpath.normpath(posixpath.join(base, unquote(parts.path))), unquote(parts.fragment)


def _norm(path: str) -> str:
    return posixpath.normpath(str(path).replace("\\", "/"))
