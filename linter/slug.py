"""Heading ids as MkDocs makes them, and `{ #id }` attribute lists on headings."""

from __future__ import annotations

import re
import unicodedata

_HEADING_ATTRS = re.compile(r"\s*\{:?\s*([^}]*)\}\s*$")
_ID = re.compile(r"(?:^|\s)#([\w\-:.]+)")
_STRIP = re.compile(r"[^\w\s-]")
_SPACES = re.compile(r"[-\s]+")


def split_heading_attrs(text: str) -> tuple[str, str | None]:
    """`Title { #id .class }` → ("Title", "id"); text without an attribute list is unchanged."""
    match = _HEADING_ATTRS.search(text)
    if not match:
        return text, None
    found = _ID.search(match.group(1))
    return text[: match.start()], (found.group(1) if found else None)


def slugify(text: str) -> str:
    """Python-Markdown's default `toc` slugify, which privacyguides.org uses (no custom slugify).

    Accents are folded and non-ASCII letters dropped, so a heading in Cyrillic, Hebrew or
    CJK gets an empty slug; MkDocs then numbers it (`_1`, `_2`, …) by position.
    """
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    text = _STRIP.sub("", text).strip().lower()
    return _SPACES.sub("-", text)
