"""The rule plugin interface: metadata as class variables, a generator over aligned pairs.

A rule never reads files, never sets its own id or severity on a finding, and
never imports a language detector: it sees one aligned pair at a time and the
context, and yields Reports; the runner turns them into Findings.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from linter.align.aligner import Alignment, Pair
from linter.engine.findings import Fix, Severity
from linter.engine.memo import About, fresh
from linter.engine.site import Site
from linter.parse.positions import Span
from linter.parse.tree import Node
from linter.records import Value


class Option(Value):
    """One typed rule option; the default and the type live together so they cannot drift."""

    default: Any
    type: type | tuple[type, ...]
    help: str
    # Checks a configured value beyond its type; raises ValueError saying what is wrong.
    validate: Callable[[Any], None] | None

    __slots__ = ("default", "type", "help", "validate")

    def __init__(
        self, default: Any, type: type | tuple[type, ...], help: str, validate: Callable[[Any], None] | None = None
    ) -> None:
        self.default = default
        self.type = type
        self.help = help
        self.validate = validate


@dataclass(frozen=True)
class Report:
    """What a rule yields: where in the translation, what is wrong, and the English counterpart."""

    message: str
    node: Node | None = None  # translated node; None with `span` for a missing one
    span: Span | None = None  # narrower than node.span (an image inside a paragraph)
    source: Node | None = None  # defaults to the node's counterpart
    source_span: Span | None = None
    key: str | None = None  # structural key when the node does not say it (e.g. "front-matter/icon")
    fix: Fix | None = None  # the repair, taken from the English counterpart, when there is one


class RuleContext(Value):
    """What a rule may read besides the pair it is given: the whole alignment, its options, the site, the history."""

    alignment: Alignment
    options: Mapping[str, Any]
    lang: str
    is_english: Callable[[str], bool]
    site: Site | None  # other pages of the run; None when a rule is run on a lone pair
    history: Any  # linter.origin.SourceHistory with `check --source-history`, else None
    # recall(kind, text, compute, valid): compute(), a costly pure judgement of `text` (JSON-able: bools, str,
    # numbers, tuples), kept across runs for the page being linted; `valid` tells a stored answer's shape.
    # `text` may be a function giving it, called only when answers are kept (see engine/memo.py).
    recall: Callable[[str, About, Callable[[], Any], Callable[[Any], bool]], Any]

    __slots__ = ("alignment", "options", "lang", "is_english", "site", "history", "recall")

    def __init__(
        self,
        alignment: Alignment,
        options: Mapping[str, Any],
        lang: str,
        is_english: Callable[[str], bool] = lambda text: False,
        site: Site | None = None,
        history: Any = None,
        recall: Callable[[str, About, Callable[[], Any], Callable[[Any], bool]], Any] = fresh,
    ) -> None:
        self.alignment = alignment
        self.options = options
        self.lang = lang
        self.is_english = is_english
        self.site = site
        self.history = history
        self.recall = recall

    def counterpart(self, node: Node) -> Node | None:
        return self.alignment.counterpart(node)


class Rule:
    """Base class. Subclasses set the metadata and implement `check`.

    The docstring is the rule's documentation, with the sections `## What it does`,
    `## Why is this bad?`, `## Example` (fenced blocks titled English, Translation,
    Use instead) and optionally `## Known false positives`.
    """

    id: ClassVar[str]
    name: ClassVar[str]
    summary: ClassVar[str]
    severity: ClassVar[Severity] = Severity.WARNING
    # Pair kinds the runner hands to `check` ("page" = once per page, with the two roots).
    kinds: ClassVar[tuple[str, ...]] = ("page",)
    options: ClassVar[Mapping[str, Option]] = {}
    # Python-Markdown extensions (mkdocs.yml names) whose syntax the rule checks: it runs only on sites using them.
    extensions: ClassVar[tuple[str, ...]] = ()
    # "safe" or "unsafe" when the rule's reports carry a Fix (linter.engine.findings), else None.
    fix_safety: ClassVar[str | None] = None
    # Its findings say which text is still English, block by block. A fix that only moves text across lines
    # (a footnote definition put on a line of its own) regroups them, one joined paragraph reported as the parts
    # it was, without leaving more English on the page: `fix` does not count that against the fix.
    judges_language: ClassVar[bool] = False
    # What the rule costs on a page of 1 MB, in hundredths of a CPU second (bench/bigpages.py, its costliest shape):
    # a big pair's rules are shared by two processes, which start with the costliest (engine/halves.py).
    cost: ClassVar[int] = 1
    # Rules that work out the same costly analysis of a pair (its pages' markup scanned, its links compared) name one
    # family; a big pair's rules are shared with a fork family by family, so each works it out on one process only.
    # Without a name, a rule's family is its module.
    family: ClassVar[str] = ""

    def check(self, pair: Pair, ctx: RuleContext) -> Iterator[Report]:
        raise NotImplementedError
