"""Heading ids as MkDocs makes them, and `{ #id }` attribute lists on headings."""

from __future__ import annotations

import unicodedata

from linter.parse.tree import Node, Page, Section
from linter.patterns import lazy

_HEADING_ATTRS = lazy(r"\{:?\s*([^}]*)\}")
_ID = lazy(r"(?:^|\s)#([\w\-:.]+)")
_STRIP = lazy(r"[^\w\s-]")
_SPACES = lazy(r"[-\s]+")
_ID_COUNT = lazy(r"^(.*)_([0-9]+)$")


def heading_attr_list(line: str) -> tuple[int, int, str | None] | None:
    """Where a heading line's `{ … }` attribute list is (start, end offsets) and the id it sets."""
    opener = line.find("{")  # where a search would match, if anywhere: one pass, not one per `{`
    match = _HEADING_ATTRS.match(line, opener) if opener >= 0 else None
    if not match:
        return None
    found = _ID.search(match.group(1))
    return match.start(), match.end(), (found.group(1) if found else None)


def split_heading_attrs(text: str) -> tuple[str, str | None]:
    """`Title { #id .class }` → ("Title", "id"); text without an attribute list is unchanged."""
    end = len(text.rstrip())
    if not text.endswith("}", 0, end):
        return text, None
    # The list is the first `{` after the `}` before the last one: searched from there, so that a
    # long heading full of braces costs one pass.
    match = _HEADING_ATTRS.search(text, text.rfind("}", 0, end - 1) + 1, end)
    if match is None or match.end() != end:
        return text, None
    found = _ID.search(match.group(1))
    return text[: match.start()].rstrip(), (found.group(1) if found else None)


def slugify(text: str) -> str:
    """Python-Markdown's default `toc` slugify, which privacyguides.org uses (no custom slugify).

    Accents are folded and non-ASCII letters dropped, so a heading in Cyrillic, Hebrew or
    CJK gets an empty slug; MkDocs then numbers it (`_1`, `_2`, …) by position.
    """
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    text = _STRIP.sub("", text).strip().lower()
    return _SPACES.sub("-", text)


def heading_ids(page: Page) -> dict[str, Node]:
    """Heading ids as Python-Markdown's `toc` assigns them, with the heading of each.

    Explicit ids are taken first; the others are slugs made unique with `_1`, `_2`, …,
    which is also what a heading without Latin letters gets (its slug is empty).
    """
    headings = [node for node in page.root.walk() if isinstance(node, Section) or node.kind == "heading"]
    ids: dict[str, Node] = {}
    # Each slug's last numbered id: the next one with that slug is looked for after it, not from
    # `_1` again (10,000 headings "A" took 33 s). Ids are only added, so none before it is free.
    last: dict[str, str] = {}
    for node in headings:
        if isinstance(node, Section) and node.explicit_anchor:
            ids[node.anchor] = node
    for node in headings:
        if isinstance(node, Section):
            if node.explicit_anchor:
                continue
            slug = node.anchor
        else:
            text, explicit = split_heading_attrs(node.text)
            if explicit:
                ids.setdefault(explicit, node)
                continue
            slug = slugify(text)
        unique = last.get(slug, slug)
        while not unique or unique in ids:
            match = _ID_COUNT.match(unique)
            unique = f"{match.group(1)}_{int(match.group(2)) + 1}" if match else f"{unique}_1"
        ids[unique] = node
        last[slug] = unique
    return ids
