"""TM6xx: front matter keys and values."""

from __future__ import annotations

from linter.rule import Rule

RULES: tuple[type[Rule], ...] = ()
