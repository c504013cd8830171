"""Links, images and embedded media written as HTML: the same facts as their Markdown forms.

`<a href>` is a link, `<img src>` an image, `<iframe src>` and `<video src>` (or its
`<source src>`) embedded media, compared like images. Markdown-it hands inline HTML
over tag by tag (html_inline tokens) and block HTML as one string; both are read here.
"""

from __future__ import annotations

import re

from linter.parse.positions import Span
from linter.parse.source import SourceText
from linter.parse.tree import Image, Link
from linter.patterns import lazy

# An opening tag of an element that is a fact; its attributes are read by _ATTR.
ELEMENT = lazy(r"<(?P<name>a|img|iframe|video|source)(?=[\s/>])(?P<attrs>[^<>]*)>", re.I)
CLOSING_A = lazy(r"</a\s*>", re.I)
_ATTR = lazy(r"""([\w:.-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")
_TAGS = lazy(r"<[^<>]+>")  # not `[^>]`: a line of `<` would be scanned from each one
_ADDRESS = {"a": "href", "img": "src", "iframe": "src", "video": "src", "source": "src"}


def attributes(text: str) -> dict[str, str]:
    """The attributes of a tag's attribute text, names lower-cased; a bare name has the value ""."""
    found: dict[str, str] = {}
    for match in _ATTR.finditer(text):
        name = match.group(1).lower()
        found.setdefault(name, next((g for g in match.groups()[1:] if g is not None), ""))
    return found


def element(tag: str) -> tuple[str, dict[str, str]] | None:
    """(name, attributes) of an opening tag of a link, image or medium that has its address; else None."""
    match = ELEMENT.fullmatch(tag.strip())
    if match is None:
        return None
    name, attrs = match.group("name").lower(), attributes(match.group("attrs"))
    return (name, attrs) if attrs.get(_ADDRESS[name]) else None


def media(name: str, attrs: dict[str, str], span: Span) -> Image:
    """An `<img>`, `<iframe>`, `<video>` or `<source>` as an image fact (a `<source>` stands for its video)."""
    kind = "video" if name == "source" else name
    alt = attrs.get("alt", attrs.get("title", ""))
    rest = tuple(sorted((k, v) for k, v in attrs.items() if k in ("class", "align", "width", "height")))
    return Image(attrs["src"], alt, span, rest, element=kind)


def link(attrs: dict[str, str], text: str, span: Span) -> Link:
    rest = tuple(sorted((k, v) for k, v in attrs.items() if k == "class"))
    return Link(attrs["href"], text, span, attrs.get("title"), rest)


def block_facts(src: SourceText, html: str, begin: int) -> tuple[list[Link], list[Image]]:
    """The links and media of an HTML block whose text `html` is written at or after offset `begin`."""
    links: list[Link] = []
    images: list[Image] = []
    cursor = begin
    for match in ELEMENT.finditer(html):
        found = element(match.group(0))
        if found is None:
            continue
        name, attrs = found
        start = src.text.find(match.group(0), cursor)
        if start < 0:
            continue
        end = start + len(match.group(0))
        if name != "a":
            images.append(media(name, attrs, Span(src.pos(start), src.pos(end))))
            cursor = end
            continue
        closing = CLOSING_A.search(html, match.end())
        inner = html[match.end() : closing.start()] if closing else ""
        if closing is not None:
            close_at = src.text.find(closing.group(0), end)
            end = close_at + len(closing.group(0)) if close_at >= 0 else end
        text = " ".join(_TAGS.sub(" ", inner).split())
        links.append(link(attrs, text, Span(src.pos(start), src.pos(end))))
        cursor = start + len(match.group(0))
    return links, images
