"""TM5xx: links and images must keep their targets and syntax."""

from __future__ import annotations

from linter.rule import Rule

RULES: tuple[type[Rule], ...] = ()
