"""TM41x-TM49x: text rules (stray keywords, duplicated and foreign paragraphs)."""

from __future__ import annotations

from linter.rule import Rule

RULES: tuple[type[Rule], ...] = ()
