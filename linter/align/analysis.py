"""Analyses of one alignment that several rules read, computed once per alignment.

A rule module declares what it needs with `@analysis` on a function of the alignment
(and hashable arguments); calling it returns the memoised result, typed as the function
returns it. The memo lives on the alignment, so it goes when the page pair is done.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Concatenate, Generic, ParamSpec, TypeVar, cast

from linter.align.aligner import Alignment

P = ParamSpec("P")
T = TypeVar("T")


class Analysis(Generic[P, T]):
    """A function of an alignment whose result is kept on the alignment, per argument tuple."""

    def __init__(self, compute: Callable[Concatenate[Alignment, P], T]) -> None:
        self.compute = compute
        self.__name__ = compute.__name__
        self.__doc__ = compute.__doc__

    def __call__(self, alignment: Alignment, *args: P.args, **kwargs: P.kwargs) -> T:
        key: Hashable = (self, args, tuple(sorted(kwargs.items()))) if args or kwargs else self
        memo = alignment.cache
        if key in memo:
            return cast(T, memo[key])
        found = memo[key] = self.compute(alignment, *args, **kwargs)
        return found

    def __repr__(self) -> str:
        return f"<analysis {self.__name__}>"


def analysis(compute: Callable[Concatenate[Alignment, P], T]) -> Analysis[P, T]:
    """Declare `compute` an analysis: computed on first call per alignment and arguments, then reused."""
    return Analysis(compute)
