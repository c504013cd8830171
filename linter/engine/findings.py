"""Severity and Finding: what the runner hands to reporters."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from linter.parse.positions import Span


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


@dataclass(frozen=True, slots=True)
class Finding:
    rule_id: str
    rule_name: str
    severity: Severity
    path: str  # the translation
    span: Span
    message: str  # translator's words, no trailing period
    source_path: str | None = None  # the English counterpart
    source_span: Span | None = None
    fixable: bool = False
    lang: str = ""
    key: str = ""  # structural position (linter.keys): what suppressions and baselines match on

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
