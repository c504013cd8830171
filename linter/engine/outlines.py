"""Page outlines (a page's headings alone) as cache entries, so a warm run reads them instead of parsing.

Rules look into other pages only for their headings (`Site.page(outline=True)`): the ids, titles,
levels and places of a page's sections and of the headings inside its containers. An entry holds
exactly those, in document order; the page rebuilt from it is those headings under one root, which
answers `Page.sections()`, `heading_ids` and the Site's outline fingerprint as the parsed page does.
"""

from __future__ import annotations

from typing import Any

from linter.engine.cache import digest
from linter.parse.dialect import Dialect
from linter.parse.positions import Pos, Span
from linter.parse.source import SourceText
from linter.parse.tree import Block, Inline, Node, Page, Section

# [kind, start line, start column, end line, end column, level, text, anchor, explicit anchor, tag]:
# plain JSON lists, which the cache reads back without rebuilding a tagged value per heading.
Heading = list[Any]
Entry = list[Any]  # [[root's end line, column], [heading, …]]


def outline_key(lang: str, content: str) -> str:
    """The cache key of the outline of a page in `lang` with content hash `content`."""
    return digest("outline", lang, content)


def outline_entry(page: Page) -> Entry:
    """What the cache keeps of a parsed page (outline or whole): its headings in document order."""
    headings: list[Heading] = []
    for node in page.root.walk():
        start, end = node.span.start, node.span.end
        if isinstance(node, Section):
            where = (start.line, start.column, end.line, end.column)
            headings.append(["s", *where, node.level, node.title, node.anchor, node.explicit_anchor, ""])
        elif node.kind == "heading":
            tag = node.info if isinstance(node, Block) else ""
            headings.append(["h", start.line, start.column, end.line, end.column, 0, node.text, "", False, tag])
    end = page.root.span.end
    return [[end.line, end.column], headings]


def outline_page(path: str, lang: str, dialect: Dialect, entry: Any) -> Page | None:
    """The page an entry describes, holding only its headings; None for an entry of another shape."""
    if not _is_entry(entry):
        return None
    (end_line, end_column), headings = entry
    root = Node(kind="page", span=Span(Pos(1, 1), Pos(end_line, end_column)))
    for kind, line, column, last, last_column, level, text, anchor, explicit, tag in headings:
        span = Span(Pos(line, column), Pos(last, last_column))
        if kind == "s":
            node: Node = Section(
                kind="section", span=span, level=level, title=text, anchor=anchor, explicit_anchor=explicit
            )
        else:
            node = Block(kind="heading", span=span, inline=Inline(text=text), info=tag)
        root.add(node)
    return Page(SourceText(path, ""), root, lang=lang, dialect=dialect)


_FIELDS = (str, int, int, int, int, int, str, str, bool, str)


def _is_entry(value: Any) -> bool:
    if not (isinstance(value, list) and len(value) == 2 and isinstance(value[1], list)):
        return False
    end, headings = value
    if not (isinstance(end, list) and len(end) == 2 and all(type(n) is int for n in end)):
        return False
    return all(
        isinstance(h, list)
        and len(h) == len(_FIELDS)
        and h[0] in ("s", "h")
        and all(type(v) is kind for v, kind in zip(h, _FIELDS, strict=True))
        for h in headings
    )
