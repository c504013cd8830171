"""The page tree: sections, admonitions (cards among them) and blocks, with inline facts.

Every node has a span in its own file. Nodes are identity-hashed so that an
alignment can key on them; treat them as read-only once built.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from linter.parse.dialect import DEFAULT, Dialect
from linter.parse.positions import Span, constructed
from linter.parse.source import SourceText


@constructed
@dataclass(frozen=True, slots=True)
class Link:
    """A link in a block's inline content: address, text, title and attributes."""

    url: str
    text: str
    span: Span
    title: str | None = None
    attrs: tuple[tuple[str, str], ...] = ()


@constructed
@dataclass(frozen=True, slots=True)
class Image:
    """An image (or an HTML img, iframe or video) in a block's inline content."""

    src: str
    alt: str
    span: Span
    attrs: tuple[tuple[str, str], ...] = ()
    element: str = ""  # "img", "iframe" or "video" when written as HTML


@constructed
@dataclass(frozen=True, slots=True)
class Code:
    """A code span in a block's inline content."""

    text: str
    span: Span


@constructed
@dataclass(frozen=True, slots=True)
class Icon:
    """An icon shortcode (`:material-menu:`) in a block's inline content."""

    name: str
    span: Span


@constructed
@dataclass(frozen=True, slots=True)
class Emphasis:
    """An emphasis or strong run in a block's inline content, with its marker."""

    marker: str  # "**", "*", "__", "_"
    text: str
    span: Span


@constructed
@dataclass(frozen=True, slots=True)
class FootnoteRef:
    """A footnote reference (`[^2]`) in a block's inline content."""

    label: str
    span: Span


@dataclass(slots=True)
class Inline:
    """What a block's inline content holds; the facts translation must not change."""

    text: str = ""  # plain text as a reader sees it (markup, URLs and code removed)
    links: list[Link] = field(default_factory=list)
    images: list[Image] = field(default_factory=list)
    code: list[Code] = field(default_factory=list)
    icons: list[Icon] = field(default_factory=list)
    emphasis: list[Emphasis] = field(default_factory=list)
    footnotes: list[FootnoteRef] = field(default_factory=list)

    def invariants(self) -> list[str]:
        """Tokens that survive translation, for alignment and staleness fingerprints."""
        out = [f"u:{link.url}" for link in self.links]
        out += [f"i:{image.src}" for image in self.images]
        out += [f"c:{code.text}" for code in self.code]
        out += [f"k:{icon.name}" for icon in self.icons]
        out += [f"f:{ref.label}" for ref in self.footnotes]
        return out


@dataclass(eq=False, slots=True, kw_only=True)
class Node:
    """A block of a page's tree (section, paragraph, card, admonition, list item...), with its place and children."""

    kind: str
    span: Span
    children: list[Node] = field(default_factory=list)
    parent: Node | None = field(default=None, repr=False)
    inline: Inline | None = None  # for blocks with inline content
    markdown: bool = True  # an HTML container's `markdown` attribute (md_in_html renders its content)

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


@dataclass(eq=False, slots=True, kw_only=True)
class Section(Node):
    """A heading and everything up to the next heading of the same or a higher level."""

    level: int
    title: str  # heading text as a reader sees it
    anchor: str  # the id MkDocs gives the heading
    explicit_anchor: bool = False  # set with `{ #id }`
    heading: Inline = field(default_factory=Inline)
    heading_span: Span | None = None

    def label(self) -> str:
        return f'heading "{self.title}"'


@dataclass(eq=False, slots=True, kw_only=True)
class Admonition(Node):
    """`!!!`/`???` admonitions, `<div class="admonition">`, `<details>` and `/// type` blocks."""

    tag: str  # the type keyword, e.g. "recommendation", "downloads"
    title: str | None = None
    syntax: str = "!!!"  # "!!!", "???", "???+", "div", "details", "///"
    header_span: Span | None = None  # the line that carries the type keyword

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


@dataclass(eq=False, slots=True, kw_only=True)
class Block(Node):
    """A leaf or list-like block: paragraph, list, item, code, table, html, footnote, …"""

    raw: str = ""  # exact source lines of the block (for code, tables, html)
    info: str = ""  # fence info, html tag, footnote label, snippet path

    def label(self) -> str:
        return {"item": "list item", "code": "code block", "html": "HTML block"}.get(self.kind, self.kind)


@dataclass(eq=False, slots=True)
class FrontMatter:
    """A page's YAML front matter: its data, where it is, and the line of each top-level key."""

    data: Mapping[str, Any]
    span: Span
    key_lines: Mapping[str, int]  # top-level key → 1-based line


@dataclass(eq=False, slots=True)
class Page:
    """A parsed page: its text, its block tree and front matter, and the structural problems found in it."""

    source: SourceText
    root: Node
    front_matter: FrontMatter | None = None
    lang: str = ""
    problems: list[tuple[str, Span]] = field(default_factory=list)  # unbalanced HTML containers
    dialect: Dialect = DEFAULT  # the syntaxes the site renders: what rules may expect
    # What analyses of this page alone found (linter.align.analysis.page_analysis): an English page's
    # translations share them.
    analyses: dict[object, Any] = field(default_factory=dict, repr=False)

    @property
    def path(self) -> str:
        return self.source.path

    def sections(self) -> list[Section]:
        return [node for node in self.root.walk() if isinstance(node, Section)]
