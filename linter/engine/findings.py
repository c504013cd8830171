"""Severity, Finding and the Fix a finding may carry: what the runner hands to reporters."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from linter.parse.positions import Span
from linter.records import Value


class Severity(enum.IntEnum):
    INFO = 1
    WARNING = 2
    ERROR = 3

    def __str__(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, value: str) -> Severity:
        try:
            return cls[value.upper()]
        except KeyError:
            raise ValueError(f'unknown severity "{value}" (use error, warning or info)') from None


SAFE, UNSAFE = "safe", "unsafe"


class Edit(Value):
    """Replace the translation's text in `span` (end exclusive) by `text` ("\\n" line ends)."""

    span: Span
    text: str

    __slots__ = ("span", "text")

    def __init__(self, span: Span, text: str) -> None:
        self.span = span
        self.text = text


class Fix(Value):
    """A repair taken from the English page: edits to the translation, and whether it is safe.

    A safe fix restores what must equal English (a keyword, a URL); an unsafe one may
    change what the reader sees beyond that, so `fix` applies it only with --unsafe-fixes.
    """

    edits: tuple[Edit, ...]
    safety: str  # SAFE or UNSAFE
    description: str  # what it does, for a translator: 'write "recommendation"'

    __slots__ = ("edits", "safety", "description")

    def __init__(self, edits: tuple[Edit, ...], safety: str, description: str) -> None:
        self.edits = edits
        self.safety = safety
        self.description = description

    @classmethod
    def replace(cls, span: Span, text: str, description: str, safety: str = SAFE) -> Fix:
        return cls((Edit(span, text),), safety, description)


@dataclass(frozen=True, slots=True)
class Finding:
    """One defect in a translated page: the rule, where it is in the translation and in English, and what to say."""

    rule_id: str
    rule_name: str
    severity: Severity
    path: str  # the translation
    span: Span
    message: str  # translator's words, no trailing period
    source_path: str | None = None  # the English counterpart
    source_span: Span | None = None
    fix: Fix | None = None
    lang: str = ""
    key: str = ""  # structural position (linter.keys): what suppressions and baselines match on
    shown: str = ""  # what is broken as the translation has it, for breakage with an English spot (engine/systemic.py)

    @property
    def fixable(self) -> bool:
        return self.fix is not None

    def sort_key(self) -> tuple[object, ...]:
        """A total order: (path, line, column, rule, message), then every other field, so that equal
        positions never leave the order to chance."""
        source = (self.source_span.start.line, self.source_span.start.column) if self.source_span else (0, 0)
        return (
            self.path,
            self.span.start.line,
            self.span.start.column,
            self.rule_id,
            self.message,
            self.span.end.line,
            self.span.end.column,
            self.source_path or "",
            *source,
            self.lang,
            self.key,
            int(self.severity),
            self.fixable,
        )
