"""TM55x-TM59x: inline markup (emphasis, code, icons, attribute lists, footnotes, snippets, HTML) survives."""

from __future__ import annotations

from linter.rule import Rule

RULES: tuple[type[Rule], ...] = ()
