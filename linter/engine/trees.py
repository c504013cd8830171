"""English pages' parse trees as cache entries: a warm run or a hook reads an unchanged English page back
in a tenth of what parsing it costs (1.1 ms against 11 ms for privacyguides.org's vpn.md).

A run parses every English page once and shares it across languages; a warm run or a one-page hook
lints a few translations of many English pages, and parsed each of those again (about a seventh of a
warm run's CPU). A tree is pickled, the form in which workers already send pages back, and read by an
unpickler that builds nothing but transmark's own tree classes from plain values: an entry naming any
other class or function is a miss, so a tampered cache file cannot run code. The entry holds the pickle
as base64 text in the cache's JSON (a third larger, and the checksum and atomic writes of every entry).
It is keyed by the page's path and content; the cache's salt covers the dialect and the versions of
transmark and of its parser. It is made right after the parse, before rules attach analyses to the page.
"""

from __future__ import annotations

import binascii
import io
import pickle
from types import ModuleType
from typing import Any

from linter.engine.cache import digest
from linter.parse import dialect, source, tree
from linter.parse.tree import Page


def tree_key(path: str, content: str) -> str:
    """The cache key of the tree of the English page at `path` with content hash `content`."""
    return digest("tree", path, content)


def tree_entry(page: Page) -> str | None:
    """What the cache keeps of a freshly parsed page; None for a page too deeply nested to pickle."""
    try:
        data = pickle.dumps(page, protocol=5)
    except (RecursionError, pickle.PicklingError, TypeError):
        return None
    return binascii.b2a_base64(data, newline=False).decode("ascii")


def tree_page(entry: Any) -> Page | None:
    """The page an entry holds; None for anything else (damaged, foreign, naming what a tree never holds)."""
    if not isinstance(entry, str):
        return None
    try:
        page = _TreeLoader(io.BytesIO(binascii.a2b_base64(entry))).load()
    except Exception:  # a damaged pickle fails with whatever the opcode it stops at raises: a miss all the same
        return None
    return page if isinstance(page, Page) else None


def _own_classes(module: ModuleType) -> set[tuple[str, str]]:
    return {
        (module.__name__, name)
        for name, value in vars(module).items()
        if isinstance(value, type) and value.__module__ == module.__name__
    }


# What a pickled page names: its node and inline classes, the helpers that rebuild nodes and spans, its text
# and dialect, and the dates YAML front matter may hold.
_ALLOWED = frozenset(
    {
        *_own_classes(tree),
        ("linter.parse.tree", "_node"),
        ("linter.parse.positions", "_span"),
        (source.__name__, "SourceText"),
        (dialect.__name__, "Dialect"),
        *(("datetime", name) for name in ("date", "datetime", "time", "timedelta", "timezone")),
    }
)


class _TreeLoader(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        if (module, name) not in _ALLOWED:
            raise pickle.UnpicklingError(f"{module}.{name} is no part of a page")
        return super().find_class(module, name)
