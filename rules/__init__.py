"""Built-in rules. Each family module exports RULES; BUILTIN_RULES joins them in catalogue order.

The entry point `transmark.rules:builtin` exposes the tuple, so built-ins register the
way third-party plugins do.
"""

from __future__ import annotations

from linter.engine.rule import Rule

from . import (
    admonitions,
    anchors,
    attributes,
    breakage,
    cards,
    code,
    emphasis,
    footnotes_snippets,
    frontmatter,
    headings,
    html,
    html_boxes,
    icons,
    images,
    includes,
    link_text,
    links,
    names,
    paragraphs,
    structure,
    tables,
    tabs,
    text,
    truncation,
)

BUILTIN_RULES: tuple[type[Rule], ...] = tuple(
    rule
    for module in (
        structure,
        anchors,
        truncation,
        headings,
        cards,
        admonitions,
        html_boxes,
        paragraphs,
        text,
        names,
        link_text,
        links,
        images,
        emphasis,
        code,
        icons,
        attributes,
        footnotes_snippets,
        includes,
        html,
        tabs,
        tables,
        breakage,
        frontmatter,
    )
    for rule in module.RULES
)


def builtin() -> tuple[type[Rule], ...]:
    """Entry point target."""
    return BUILTIN_RULES
