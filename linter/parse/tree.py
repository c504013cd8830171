"""The page tree: sections, admonitions (cards among them) and blocks, with inline facts.

Every node has a span in its own file. Nodes are identity-hashed so that an
alignment can key on them; treat them as read-only once built.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterator, Mapping
from typing import Any, ClassVar

from linter.parse.dialect import DEFAULT, Dialect
from linter.parse.positions import Span
from linter.parse.source import SourceText
from linter.records import Value


class Link(Value):
    """A link in a block's inline content: address, text, title and attributes."""

    url: str
    text: str
    span: Span
    title: str | None
    attrs: tuple[tuple[str, str], ...]

    __slots__ = ("url", "text", "span", "title", "attrs")

    def __init__(
        self, url: str, text: str, span: Span, title: str | None = None, attrs: tuple[tuple[str, str], ...] = ()
    ) -> None:
        self.url = url
        self.text = text
        self.span = span
        self.title = title
        self.attrs = attrs


class Image(Value):
    """An image (or an HTML img, iframe or video) in a block's inline content."""

    src: str
    alt: str
    span: Span
    attrs: tuple[tuple[str, str], ...]
    element: str  # "img", "iframe" or "video" when written as HTML

    __slots__ = ("src", "alt", "span", "attrs", "element")

    def __init__(
        self, src: str, alt: str, span: Span, attrs: tuple[tuple[str, str], ...] = (), element: str = ""
    ) -> None:
        self.src = src
        self.alt = alt
        self.span = span
        self.attrs = attrs
        self.element = element


class Code(Value):
    """A code span in a block's inline content."""

    text: str
    span: Span

    __slots__ = ("text", "span")

    def __init__(self, text: str, span: Span) -> None:
        self.text = text
        self.span = span


class Icon(Value):
    """An icon shortcode (`:material-menu:`) in a block's inline content."""

    name: str
    span: Span

    __slots__ = ("name", "span")

    def __init__(self, name: str, span: Span) -> None:
        self.name = name
        self.span = span


class Emphasis(Value):
    """An emphasis or strong run in a block's inline content, with its marker."""

    marker: str  # "**", "*", "__", "_"
    text: str
    span: Span

    __slots__ = ("marker", "text", "span")

    def __init__(self, marker: str, text: str, span: Span) -> None:
        self.marker = marker
        self.text = text
        self.span = span


class FootnoteRef(Value):
    """A footnote reference (`[^2]`) in a block's inline content."""

    label: str
    span: Span

    __slots__ = ("label", "span")

    def __init__(self, label: str, span: Span) -> None:
        self.label = label
        self.span = span


class Inline(Value):
    """What a block's inline content holds; the facts translation must not change."""

    text: str  # plain text as a reader sees it (markup, URLs and code removed)
    links: list[Link]
    images: list[Image]
    code: list[Code]
    icons: list[Icon]
    emphasis: list[Emphasis]
    footnotes: list[FootnoteRef]

    __slots__ = ("text", "links", "images", "code", "icons", "emphasis", "footnotes")

    def __init__(
        self,
        text: str = "",
        links: list[Link] | None = None,
        images: list[Image] | None = None,
        code: list[Code] | None = None,
        icons: list[Icon] | None = None,
        emphasis: list[Emphasis] | None = None,
        footnotes: list[FootnoteRef] | None = None,
    ) -> None:
        self.text = text
        self.links = [] if links is None else links
        self.images = [] if images is None else images
        self.code = [] if code is None else code
        self.icons = [] if icons is None else icons
        self.emphasis = [] if emphasis is None else emphasis
        self.footnotes = [] if footnotes is None else footnotes

    def invariants(self) -> list[str]:
        """Tokens that survive translation, for alignment and staleness fingerprints."""
        out = [f"u:{link.url}" for link in self.links]
        out += [f"i:{image.src}" for image in self.images]
        out += [f"c:{code.text}" for code in self.code]
        out += [f"k:{icon.name}" for icon in self.icons]
        out += [f"f:{ref.label}" for ref in self.footnotes]
        return out


class Node:
    """A block of a page's tree (section, paragraph, card, admonition, list item...), with its place and children."""

    kind: str
    span: Span
    children: list[Node]
    parent: Node | None
    inline: Inline | None  # for blocks with inline content
    markdown: bool  # an HTML container's `markdown` attribute (md_in_html renders its content)

    __slots__ = ("kind", "span", "children", "parent", "inline", "markdown")
    # What a node is pickled as: its fields but `parent`, which `_node` sets from the parent's `children`.
    # (A node pickled as its slots' state, a dict each, took two fifths longer, and a big page parsed on a
    # fork is pickled back.)
    _names: ClassVar[tuple[str, ...]] = ("kind", "span", "children", "inline", "markdown")
    _pickled: ClassVar[Callable[[Node], tuple[Any, ...]]] = operator.attrgetter(*_names)

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls._names = (*cls._names, *cls.__dict__.get("__slots__", ()))
        cls._pickled = operator.attrgetter(*cls._names)

    def __reduce__(self) -> tuple[Callable[..., Node], tuple[Any, ...]]:
        return _node, (type(self), *self._pickled(self))

    def __init__(
        self,
        *,
        kind: str,
        span: Span,
        children: list[Node] | None = None,
        parent: Node | None = None,
        inline: Inline | None = None,
        markdown: bool = True,
    ) -> None:
        self.kind = kind
        self.span = span
        self.children = [] if children is None else children
        self.parent = parent
        self.inline = inline
        self.markdown = markdown

    def walk(self) -> Iterator[Node]:
        """This node and all below it, in document order (one generator, not one per level: rules walk a lot)."""
        stack = [self]
        while stack:
            node = stack.pop()
            yield node
            if node.children:
                stack.extend(reversed(node.children))

    def add(self, child: Node) -> Node:
        child.parent = self
        self.children.append(child)
        return child

    @property
    def text(self) -> str:
        return self.inline.text if self.inline else ""

    def invariants(self) -> list[str]:
        """Invariant facts of this node and everything below it."""
        out: list[str] = []
        for node in self.walk():
            if node.inline is not None:
                out.extend(node.inline.invariants())
        return out

    def label(self) -> str:
        """How a message names this node to a translator."""
        return self.kind


def _node(cls: type[Node], *values: Any) -> Node:
    """A node loaded from its pickle (`Node.__reduce__`): its children are its own."""
    node = cls.__new__(cls)
    node.parent = None
    for name, value in zip(cls._names, values, strict=True):
        setattr(node, name, value)
    for child in node.children:
        child.parent = node
    return node


class Section(Node):
    """A heading and everything up to the next heading of the same or a higher level."""

    level: int
    title: str  # heading text as a reader sees it
    anchor: str  # the id MkDocs gives the heading
    explicit_anchor: bool  # set with `{ #id }`
    heading: Inline
    heading_span: Span | None

    __slots__ = ("level", "title", "anchor", "explicit_anchor", "heading", "heading_span")

    def __init__(
        self,
        *,
        level: int,
        title: str,
        anchor: str,
        explicit_anchor: bool = False,
        heading: Inline | None = None,
        heading_span: Span | None = None,
        **node: Any,
    ) -> None:
        Node.__init__(self, **node)
        self.level = level
        self.title = title
        self.anchor = anchor
        self.explicit_anchor = explicit_anchor
        self.heading = Inline() if heading is None else heading
        self.heading_span = heading_span

    def label(self) -> str:
        return f'heading "{self.title}"'


class Admonition(Node):
    """`!!!`/`???` admonitions, `<div class="admonition">`, `<details>` and `/// type` blocks."""

    tag: str  # the type keyword, e.g. "recommendation", "downloads"
    title: str | None
    syntax: str  # "!!!", "???", "???+", "div", "details", "///"
    header_span: Span | None  # the line that carries the type keyword

    __slots__ = ("tag", "title", "syntax", "header_span")

    def __init__(
        self,
        *,
        tag: str,
        title: str | None = None,
        syntax: str = "!!!",
        header_span: Span | None = None,
        **node: Any,
    ) -> None:
        Node.__init__(self, **node)
        self.tag = tag
        self.title = title
        self.syntax = syntax
        self.header_span = header_span

    @property
    def is_card(self) -> bool:
        return self.tag == "recommendation"

    def label(self) -> str:
        return "card" if self.is_card else f'"{self.tag}" admonition'

    def logo(self) -> Image | None:
        """A card's logo: the first image of its first block."""
        for node in self.walk():
            if node.inline is not None and node.inline.images:
                return node.inline.images[0]
        return None


class Block(Node):
    """A leaf or list-like block: paragraph, list, item, code, table, html, footnote, …"""

    raw: str  # exact source lines of the block (for code, tables, html)
    info: str  # fence info, html tag, footnote label, snippet path

    __slots__ = ("raw", "info")

    def __init__(
        self,
        *,
        raw: str = "",
        info: str = "",
        **node: Any,
    ) -> None:
        Node.__init__(self, **node)
        self.raw = raw
        self.info = info

    def label(self) -> str:
        return {"item": "list item", "code": "code block", "html": "HTML block"}.get(self.kind, self.kind)


class FrontMatter:
    """A page's YAML front matter: its data, where it is, and the line of each top-level key."""

    data: Mapping[str, Any]
    span: Span
    key_lines: Mapping[str, int]  # top-level key → 1-based line

    __slots__ = ("data", "span", "key_lines")

    def __init__(self, data: Mapping[str, Any], span: Span, key_lines: Mapping[str, int]) -> None:
        self.data = data
        self.span = span
        self.key_lines = key_lines


class Page:
    """A parsed page: its text, its block tree and front matter, and the structural problems found in it."""

    source: SourceText
    root: Node
    front_matter: FrontMatter | None
    lang: str
    problems: list[tuple[str, Span]]  # unbalanced HTML containers
    dialect: Dialect  # the syntaxes the site renders: what rules may expect
    # What analyses of this page alone found (linter.align.analysis.page_analysis): an English page's
    # translations share them.
    analyses: dict[object, Any]

    __slots__ = ("source", "root", "front_matter", "lang", "problems", "dialect", "analyses")

    def __init__(
        self,
        source: SourceText,
        root: Node,
        front_matter: FrontMatter | None = None,
        lang: str = "",
        problems: list[tuple[str, Span]] | None = None,
        dialect: Dialect = DEFAULT,
        analyses: dict[object, Any] | None = None,
    ) -> None:
        self.source = source
        self.root = root
        self.front_matter = front_matter
        self.lang = lang
        self.problems = [] if problems is None else problems
        self.dialect = dialect
        self.analyses = {} if analyses is None else analyses

    @property
    def path(self) -> str:
        return self.source.path

    def sections(self) -> list[Section]:
        return [node for node in self.root.walk() if isinstance(node, Section)]
