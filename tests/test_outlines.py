"""Outline cache entries: the page rebuilt from one answers as the parsed page does."""

from __future__ import annotations

import pytest

from linter.engine.outlines import outline_entry, outline_page
from linter.parse.dialect import DEFAULT
from linter.parse.markdown import parse_page
from linter.parse.slug import heading_ids
from linter.parse.source import SourceText
from linter.parse.tree import Section

PAGE = """---
title: Page
---

# Título

## Instalación { #setup }

Texto.

!!! note "Nota"

    ### Dentro de la nota

    Más texto.

## Уровень

### Instalación

<div markdown>

#### En HTML { #html-id }

</div>
"""


def facts(page) -> list[tuple[str, object, object, str]]:
    """Each heading id with its node's kind, start and text, in order."""
    return [
        (key, node.kind, node.span.start, node.title if isinstance(node, Section) else node.text)
        for key, node in heading_ids(page).items()
    ]


@pytest.mark.parametrize("outline", [False, True])
def test_the_rebuilt_page_has_the_parsed_pages_headings(outline: bool) -> None:
    parsed = parse_page(SourceText("es/page.md", PAGE), "es", DEFAULT, outline)
    rebuilt = outline_page("es/page.md", "es", DEFAULT, outline_entry(parsed))
    assert rebuilt is not None and rebuilt.path == "es/page.md"
    assert facts(rebuilt) == facts(parsed)
    assert [(s.level, s.anchor, s.explicit_anchor) for s in rebuilt.sections()] == [
        (s.level, s.anchor, s.explicit_anchor) for s in parsed.sections()
    ]
    assert outline_entry(rebuilt) == outline_entry(parsed)
    assert "setup" in heading_ids(rebuilt) and "html-id" in heading_ids(rebuilt)


@pytest.mark.parametrize(
    "entry",
    [
        None,
        {"findings": []},
        [[1, 1]],
        [[1, "1"], []],
        [[1, 1], [["s", 1, 1, 2, 1, 2, "Title", "title", False]]],  # a field short
        [[1, 1], [["x", 1, 1, 2, 1, 2, "Title", "title", False, ""]]],
        [[1, 1], [["s", 1, 1, 2, 1, True, "Title", "title", False, ""]]],  # a bool for the level
    ],
)
def test_an_entry_of_another_shape_is_no_outline(entry: object) -> None:
    assert outline_page("es/page.md", "es", DEFAULT, entry) is None
