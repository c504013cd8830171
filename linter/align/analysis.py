"""Analyses of one alignment that several rules read, computed once per alignment.

A rule module declares what it needs with `@analysis` on a function of the alignment
(and hashable arguments); calling it returns the memoised result, typed as the function
returns it. The memo lives on the alignment, so it goes when the page pair is done.

`@context_analysis` is the same for a function of a rule's context (anything with an
`alignment`: the run's other pages, the language, the language detector, the history),
memoised on that context's alignment. What it reads of the context must therefore be the
same for every rule on the alignment; a rule's options are passed as arguments.

`@page_analysis` is for a function of one page alone (the English page's words, titles,
sentences): memoised on the page, so every translation aligned with it shares the result.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, Concatenate, Generic, ParamSpec, Protocol, TypeVar, cast

from linter.align.aligner import Alignment
from linter.parse.tree import Page

P = ParamSpec("P")
T = TypeVar("T")
S = TypeVar("S")


class Contextual(Protocol):
    """What `@context_analysis` needs of a context: the alignment its memo lives on."""

    @property
    def alignment(self) -> Alignment: ...


C = TypeVar("C", bound=Contextual)


class Analysis(Generic[S, P, T]):
    """A function of a subject (an alignment, a context holding one, a page) whose result is kept in
    the subject's memo (the alignment's, or the page's), per argument tuple."""

    def __init__(self, compute: Callable[Concatenate[S, P], T], memo_of: Callable[[S], dict[object, Any]]) -> None:
        self.compute = compute
        self.memo_of = memo_of
        self.__name__ = compute.__name__
        self.__doc__ = compute.__doc__

    def __call__(self, subject: S, *args: P.args, **kwargs: P.kwargs) -> T:
        key: Hashable = (self, args, tuple(sorted(kwargs.items()))) if args or kwargs else self
        memo = self.memo_of(subject)
        if key in memo:
            return cast(T, memo[key])
        found = memo[key] = self.compute(subject, *args, **kwargs)
        return found

    def __repr__(self) -> str:
        return f"<analysis {self.__name__}>"


def _alignment_memo(alignment: Alignment) -> dict[object, Any]:
    return alignment.cache


def _context_memo(context: Contextual) -> dict[object, Any]:
    return context.alignment.cache


def _page_memo(page: Page) -> dict[object, Any]:
    return page.analyses


def analysis(compute: Callable[Concatenate[Alignment, P], T]) -> Analysis[Alignment, P, T]:
    """Declare `compute` an analysis: computed on first call per alignment and arguments, then reused."""
    return Analysis(compute, _alignment_memo)


def context_analysis(compute: Callable[Concatenate[C, P], T]) -> Analysis[C, P, T]:
    """Declare `compute` an analysis of a rule's context: computed on first call per alignment and arguments."""
    return Analysis(compute, _context_memo)


def page_analysis(compute: Callable[Concatenate[Page, P], T]) -> Analysis[Page, P, T]:
    """Declare `compute` an analysis of one page: computed on first call per page and arguments, then
    reused for the page's life (an English page's, by all its translations)."""
    return Analysis(compute, _page_memo)
