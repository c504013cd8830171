"""Regular expressions compiled on first use.

Compiling is the costly part of a pattern: the rules' and parser's 200 module-level patterns took
a tenth of a one-page hook run's start-up, and a page that is linted uses about half of them.
"""

from __future__ import annotations

import re
from typing import Any


class LazyPattern:
    """`re.compile(pattern, flags)`, compiled when one of its methods or attributes is first read.

    Each one read is then kept on the instance (`search` is the compiled pattern's bound method), so
    later calls cost what a compiled pattern's do. `pattern` and `flags` are there from the start.
    """

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern = pattern
        self.flags = flags

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):  # copy, pickle and the like ask for hooks a pattern need not have
            raise AttributeError(name)
        value = getattr(re.compile(self.pattern, self.flags), name)
        setattr(self, name, value)
        return value

    def __repr__(self) -> str:
        return f"lazy({self.pattern!r})"


_MADE: list[LazyPattern] = []  # every module-level pattern, for `compile_all`


def lazy(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """A module-level pattern: used like `re.compile(pattern, flags)`, compiled on first use."""
    made = LazyPattern(pattern, flags)
    _MADE.append(made)
    return made  # type: ignore[return-value]  # it answers a Pattern's methods


def compile_all() -> None:
    """Compile every module-level pattern not compiled yet (175 of transmark and its rules in about 20 ms): before
    a site run forks its workers, which would each compile most of them again."""
    for made in _MADE:
        made.search  # noqa: B018  # reading it compiles the pattern and keeps it
