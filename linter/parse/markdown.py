"""Markdown → page tree, as MkDocs (Python-Markdown + pymdown-extensions) structures a page.

markdown-it-py tokenises once (tokenizer.py configures it); this module folds the token stream into sections,
containers (admonitions, details, tabs, `<div markdown>`) and blocks, and records
inline facts with file positions found in the block's own source lines.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

from markdown_it.token import Token

from linter.collector import paused_gc
from linter.errors import InputError
from linter.parse import html_facts
from linter.parse.dialect import DEFAULT, Dialect
from linter.parse.frontmatter import parse_front_matter
from linter.parse.positions import Pos, Span
from linter.parse.slug import heading_ids, slugify, split_heading_attrs
from linter.parse.source import SourceText
from linter.parse.tokenizer import OUTLINE, markdown_parser
from linter.parse.tree import (
    Admonition,
    Block,
    Code,
    Emphasis,
    FootnoteRef,
    Icon,
    Image,
    Inline,
    Link,
    Node,
    Page,
    Section,
)
from linter.patterns import lazy

ICON = lazy(r":((?:material|octicons|fontawesome|simple)-[a-z0-9\-]+):")
# A `<summary>` takes its text up to `</summary>`, never across another div/details/summary tag.
_HTML_TAG = lazy(
    r"<(?P<closing>/?)(?P<name>div|details|(?P<summary>summary))\b(?P<attrs>[^>]*)>"
    r"(?(summary)(?:(?P<text>[^<]*(?:<(?!/?(?:div|details|summary)\b)[^<]*)*)</summary>)?)",
    re.I,
)
_CLASS = lazy(r"""\bclass\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)
_MARKDOWN_ATTR = lazy(r"\bmarkdown(?:\s*=\s*[\"']?(?:1|block|span)[\"']?)?(?=[\s>/]|$)", re.I)
_SNIPPET = lazy(r'^-{1,}8<-{1,}\s+"?([^"]*)"?\s*$')
_ABBR = lazy(r"^\*\[[^\]]+\]:")
# Where `[^label]:` is written (anywhere, overlapping: as str.find would look for each label).
_DEFINITION = lazy(r"(?=\[\^([^\]\n]*)\]:)")
_TAGS = lazy(r"<[^<>]+>")  # not `[^>]`: a line of `<` would be scanned from each one
_LEAVES = {"paragraph_open": "paragraph", "table_open": "table", "dl_open": "deflist"}
# Close tokens of the nodes markdown-it's open tokens made (`_Builder.opened`).
_CLOSES = frozenset(
    (
        "bullet_list_close",
        "ordered_list_close",
        "list_item_close",
        "blockquote_close",
        "footnote_block_close",
        "footnote_close",
        "container_close",
    )
)
# A link's and an image's attributes that are facts of their own, not of `attrs`.
_LINK_KEYS = frozenset(("href", "title"))
_IMAGE_KEYS = frozenset(("src", "alt"))
# Tokens read for an emphasis's opening as written: real ones nest three markers at most.
_OPENING_TOKENS = 64
# Deeper trees are not documentation, and tree walks recurse.
_MAX_DEPTH = 100


def parse_page(src: SourceText, lang: str = "", dialect: Dialect = DEFAULT, outline: bool = False) -> Page:
    """Parse a page as `dialect` renders it; raises InputError for what cannot be a page (e.g. broken front matter).

    `outline`: only the headings get their inline content (text, facts); every other block has
    none. Two thirds cheaper, for pages only whose headings and ids are read (link targets).
    """
    with paused_gc():
        try:
            tokens = markdown_parser(dialect=dialect).parse(src.text, {OUTLINE: True} if outline else None)
        except RecursionError:
            raise InputError(src.path, "nested too deeply to parse") from None
        return _Builder(src, tokens).build(lang, dialect)


class _Builder:
    def __init__(self, src: SourceText, tokens: Sequence[Token]) -> None:
        self.src = src
        self.tokens = tokens
        self.root = Node(kind="page", span=Span(Pos(1, 1), src.pos(len(src.text))))
        self.stack: list[Node] = [self.root]
        # The nodes markdown-it's open tokens made, for their close tokens: a `</div>` may have closed them already.
        self.opened: list[Node] = []
        self.front_matter = None
        self.problems: list[tuple[str, Span]] = []
        self.definitions: dict[str, int] | None = None  # footnote label → offset of its `[^label]:`

    # -- tree plumbing --------------------------------------------------------------------

    def build(self, lang: str, dialect: Dialect) -> Page:
        index, count = 0, len(self.tokens)
        while index < count:
            index = self._token(index)
        while len(self.stack) > 1:
            self._pop()
        page = Page(
            source=self.src,
            root=self.root,
            front_matter=self.front_matter,
            lang=lang,
            problems=self.problems,
            dialect=dialect,
        )
        # The ids MkDocs gives: a repeated or non-Latin heading's slug numbered `_1`, `_2`, … by position.
        for anchor, node in heading_ids(page).items():
            if isinstance(node, Section):
                node.anchor = anchor
        return page

    def _push(self, node: Node) -> Node:
        if len(self.stack) > _MAX_DEPTH:  # HTML containers are not bounded by markdown-it's maxNesting
            raise InputError(self.src.path, f"nested more than {_MAX_DEPTH} levels deep", node.span.start.line)
        self.stack[-1].add(node)
        self.stack.append(node)
        return node

    def _open(self, node: Node) -> None:
        self.opened.append(self._push(node))

    def _close(self) -> None:
        """A markdown-it close token: pop its node unless an HTML close tag already did."""
        node = self.opened.pop() if self.opened else None
        if node is not None and any(open_node is node for open_node in self.stack):
            while self.stack[-1] is not node:
                self._pop()
            self._pop()

    def _pop(self) -> None:
        node = self.stack.pop()
        if node.children:
            last = node.children[-1].span.end
            if last > node.span.end:
                node.span = Span(node.span.start, last)

    def _close_sections(self, level: int) -> None:
        while isinstance(self.stack[-1], Section) and self.stack[-1].level >= level:
            self._pop()

    def _span(self, token: Token) -> Span:
        begin, end = token.map or (0, 1)
        return self.src.line_span(begin, end)

    def _find_close(self, index: int) -> int:
        """Index of the token that closes the one opened at `index`."""
        depth = 0
        for pos in range(index, len(self.tokens)):
            depth += self.tokens[pos].nesting
            if depth == 0:
                return pos
        return len(self.tokens) - 1

    # -- tokens ---------------------------------------------------------------------------

    def _token(self, index: int) -> int:
        token = self.tokens[index]
        kind = token.type
        if kind in _LEAVES:
            return self._leaf(index)
        if kind in _CLOSES:
            self._close()
        elif kind == "list_item_open":
            self._open(Block(kind="item", span=self._span(token), info=token.info))
        elif kind == "heading_open":
            return self._heading(index)
        elif kind == "front_matter":
            begin, end = token.map or (0, 1)
            self.front_matter = parse_front_matter(self.src, begin, end, token.content)
        elif kind in ("fence", "code_block"):
            self.stack[-1].add(Block(kind="code", span=self._span(token), raw=token.content, info=token.info.strip()))
        elif kind == "html_block":
            self._html(token)
        elif kind == "hr":
            self.stack[-1].add(Block(kind="hr", span=self._span(token)))
        elif kind == "container_open":
            self._container(token)
        elif kind in ("bullet_list_open", "ordered_list_open"):
            self._open(Block(kind="list", span=self._span(token), info=token.markup))
        elif kind == "blockquote_open":
            self._open(Block(kind="quote", span=self._span(token)))
        elif kind == "footnote_block_open":
            self._open(Block(kind="footnotes", span=self._span(token) if token.map else self.root.span))
        elif kind == "footnote_open":
            label = str(token.meta.get("label", ""))
            self._open(Block(kind="footnote", span=self._footnote_span(label), info=label))
        return index + 1

    def _footnote_span(self, label: str) -> Span:
        if self.definitions is None:  # each label's first `[^label]:`, found in one pass for all footnotes
            self.definitions = {}
            for match in _DEFINITION.finditer(self.src.text):
                self.definitions.setdefault(match.group(1), match.start())
        offset = self.definitions.get(label, -1)
        start = self.src.pos(max(offset, 0))
        return Span(start, Pos(start.line, len(self.src.lines[start.line - 1]) + 1))

    def _heading(self, index: int) -> int:
        token = self.tokens[index]
        inline_token = self.tokens[index + 1]
        level = int(token.tag[1])
        span = self._span(token)
        anchor = split_heading_attrs(inline_token.content)[1]
        inline = self._inline(inline_token, span)
        title = split_heading_attrs(inline.text)[0].strip()
        top = all(isinstance(node, Section) or node is self.root for node in self.stack)
        if top:
            self._close_sections(level)
            section = Section(
                kind="section",
                span=span,
                level=level,
                title=title,
                anchor=anchor or slugify(_TAGS.sub("", title)),
                explicit_anchor=anchor is not None,
                heading=inline,
                heading_span=span,
            )
            self._push(section)
        else:  # a heading inside a container is a block of that container
            self.stack[-1].add(Block(kind="heading", span=span, inline=inline, info=token.tag))
        return index + 3

    def _leaf(self, index: int) -> int:
        tokens = self.tokens
        token = tokens[index]
        span = self._span(token)
        kind = _LEAVES[token.type]
        if kind == "paragraph" and tokens[index + 2].type == "paragraph_close":  # as markdown-it makes them
            close = index + 2
            inline = self._inline(tokens[index + 1], span)
        else:
            close = self._find_close(index)
            inlines = [t for t in tokens[index:close] if t.type == "inline"]
            inline = self._inline(inlines[0], span) if len(inlines) == 1 else self._cells(inlines, span)
        raw = "\n".join(self.src.lines[span.start.line - 1 : span.end.line])
        info = ""
        if kind == "paragraph":
            first = raw.strip()
            snippet = _SNIPPET.match(first)
            if snippet:
                kind, info = "snippet", snippet.group(1)
            elif _ABBR.match(first):
                kind = "abbr"
        self.stack[-1].add(Block(kind=kind, span=span, inline=inline, raw=raw, info=info))
        return close + 1

    def _container(self, token: Token) -> None:
        meta = token.meta
        span = self._span(token)
        line = self.src.lines[span.start.line - 1]
        indent = len(line) - len(line.lstrip())
        header = Span(Pos(span.start.line, indent + 1), Pos(span.start.line, len(line) + 1))
        if meta["kind"] == "tab":
            self._open(Block(kind="tab", span=span, info=meta["title"] or ""))
            return
        marker = token.markup
        self._open(
            Admonition(
                kind="admonition",
                span=span,
                tag=meta["tag"],
                title=meta["title"],
                syntax=marker if meta["kind"] != "blocks" else "///",
                header_span=header,
            )
        )

    def _html(self, token: Token) -> None:
        """`<div class="admonition x" markdown>`, `<details class="x" markdown>`, grids, and their ends."""
        span = self._span(token)
        content = token.content
        rest = _HTML_TAG.sub("", content).strip()
        for match in _HTML_TAG.finditer(content):
            closing, name, attrs = match.group("closing"), match.group("name").lower(), match.group("attrs")
            line = span.start.line + content.count("\n", 0, match.start())
            column = match.start() - (content.rfind("\n", 0, match.start()) + 1) + 1
            tag_span = Span(Pos(line, column), Pos(line, column + len(match.group(0))))
            if name == "summary":
                if closing:
                    continue
                if isinstance(self.stack[-1], Admonition) and self.stack[-1].syntax == "details":
                    self.stack[-1].title = " ".join(_TAGS.sub("", match.group("text") or "").split())
                continue
            if closing:
                self._close_html(name, tag_span)
                continue
            classes = _class_list(attrs)
            markdown = bool(_MARKDOWN_ATTR.search(attrs))
            node_span = Span(tag_span.start, span.end)
            if name == "details" or "admonition" in classes:
                tags = [c for c in classes if c != "admonition"]
                self._push(
                    Admonition(
                        kind="admonition",
                        span=node_span,
                        tag=tags[0] if tags else "",
                        syntax="details" if name == "details" else "div",
                        header_span=tag_span,
                        markdown=markdown,
                    )
                )
            else:
                kind = "grid" if "cards" in classes else "div"
                self._push(Block(kind=kind, span=node_span, info=" ".join(classes), markdown=markdown))
        if rest:
            inline = Inline(text=_plain_html(rest))
            if "<" in rest:
                begin = self.src.offset(span.start.line)
                inline.links, inline.images = html_facts.block_facts(self.src, content, begin)
            self.stack[-1].add(Block(kind="html", span=span, raw=content, inline=inline))

    def _close_html(self, name: str, tag_span: Span) -> None:
        wanted = ("details",) if name == "details" else ("div",)
        for depth in range(len(self.stack) - 1, 0, -1):
            node = self.stack[depth]
            if _html_name(node) in wanted:
                while len(self.stack) > depth:
                    self._pop()
                node.span = Span(node.span.start, tag_span.end)
                return
            if isinstance(node, Section):
                break
        self.problems.append((f"</{name}> closes nothing", tag_span))

    # -- inline facts ---------------------------------------------------------------------

    def _inline(self, token: Token, span: Span) -> Inline:
        return self._reader(span).read(token.children or [])

    def _reader(self, span: Span) -> _InlineReader:
        src = self.src
        return _InlineReader(src, src.offset(span.start.line), src.offset(span.end.line, span.end.column))

    def _cells(self, inlines: list[Token], span: Span) -> Inline:
        """The inline content of a table's cells (or a definition list's parts) as one: their facts in
        order, their texts joined by a space. Each cell is looked for in its own row after the cell
        before it.

        (Searched from the table's start, a cell found its text in the first row that had it,
        and a table of 10,000 rows took seconds.)
        """
        inline = Inline()
        words: list[str] = []
        row: list[int] | None = None
        reader = None
        for token in inlines:
            if reader is None or token.map is None or token.map != row:  # a row's cells share its reader
                reader = self._reader(self.src.line_span(*token.map) if token.map else span)
                row = token.map
            reader.read_into(token.children or [], inline, words)
            words.append(" ")
        inline.text = " ".join("".join(words).split())
        return inline


class _InlineReader:
    """Walks inline tokens; finds each fact's position in the block's own lines."""

    inline: Inline  # what the children being read add to: set by read_into
    words: list[str]

    def __init__(self, src: SourceText, begin: int, end: int) -> None:
        self.src, self.begin, self.end = src, begin, end
        self.cursor = begin
        self.absent: set[str] = set()  # not in the block: a reference link's URL, looked for once
        self.structure: _Structure | None = None  # of the children being read, once a link or emphasis asks

    def read(self, children: Sequence[Token]) -> Inline:
        """The inline content of `children`."""
        inline = Inline()
        words: list[str] = []
        self.read_into(children, inline, words)
        inline.text = " ".join("".join(words).split())
        return inline

    def read_into(self, children: Sequence[Token], inline: Inline, words: list[str]) -> None:
        """The facts of `children` added to `inline` and their text to `words`, looked for from where the
        last read ended (a table row's cells, whose facts and text are the table's)."""
        self.inline, self.words, self.structure = inline, words, None
        index, count = 0, len(children)
        while index < count:
            token = children[index]
            if token.type == "text" and ":" not in token.content:  # most are: words, without an icon
                words.append(token.content)
                index += 1
            else:
                index = self._child(children, index)

    def _structure(self, children: Sequence[Token]) -> _Structure:
        if self.structure is None:
            self.structure = _Structure(children)
        return self.structure

    def _locate(self, needle: str, back_to: str = "") -> Span:
        """Where `needle` is written: from the cursor on, else before it. A needle the block does not have
        is searched for once: a paragraph of 13,000 reference links searched all of it twice for each."""
        if needle in self.absent:
            offset = -1
        else:
            offset = self.src.find(needle, self.cursor, self.end)
            if offset < 0:  # before the cursor: what runs past it was searched
                offset = self.src.find(needle, self.begin, min(self.end, self.cursor + len(needle) - 1))
            if offset < 0:
                self.absent.add(needle)
        if offset < 0:
            start = self.src.pos(self.cursor)
            return Span(start, start)
        if back_to:
            opener = self.src.text.rfind(back_to, self.begin, offset)
            if opener >= 0:
                start_offset = opener - 1 if back_to == "[" and self.src.text[opener - 1 : opener] == "!" else opener
            else:
                start_offset = offset
        else:
            start_offset = offset
        self.cursor = offset + len(needle)
        return Span(self.src.pos(start_offset), self.src.pos(offset + len(needle)))

    def _child(self, children: Sequence[Token], index: int) -> int:
        token = children[index]
        kind = token.type
        if kind == "text":
            self._text(token.content)
        elif kind in ("softbreak", "hardbreak"):
            self.words.append(" ")
        elif kind == "code_inline":
            self.inline.code.append(Code(token.content, self._locate(token.content)))
        elif kind == "image":
            src_url = str(token.attrs.get("src", ""))
            span = self._locate(src_url, back_to="[")
            self.inline.images.append(Image(src_url, token.content, span, _attrs(token, _IMAGE_KEYS)))
        elif kind == "link_open":
            return self._link(children, index)
        elif kind in ("strong_open", "em_open"):
            structure = self._structure(children)
            close = structure.close(index)
            inner = structure.text(index + 1, close)
            cursor = self.cursor
            # The opening as written: this marker, nested openers right after it (`***x`), then text
            # (the first few openers: thousands nest in a run of `*`).
            opening = token.markup
            for position in range(index + 1, min(close, index + 1 + _OPENING_TOKENS)):
                child = children[position]
                if child.type in ("strong_open", "em_open"):
                    opening += child.markup
                    continue
                if child.type == "text" and not child.content:
                    continue  # markdown-it leaves empty text tokens where delimiters were
                if child.type == "text":
                    opening += child.content[:20]
                break
            span = self._locate(opening)
            # The children are read next, from just after this marker.
            if span.start != span.end:
                cursor = self.src.offset(span.start.line, span.start.column) + len(token.markup)
            self.cursor = cursor
            self.inline.emphasis.append(Emphasis(token.markup, inner, span))
        elif kind == "footnote_ref":
            label = str(token.meta.get("label", ""))
            self.inline.footnotes.append(FootnoteRef(label, self._locate(f"[^{label}]")))
        elif kind == "html_inline":
            return self._html(children, index)  # other tags are markup; their text arrives as text tokens
        return index + 1

    def _html(self, children: Sequence[Token], index: int) -> int:
        """`<a href>` … `</a>` as a link, `<img>`, `<iframe>`, `<video>` as images."""
        found = html_facts.element(children[index].content)
        if found is None:
            return index + 1
        name, attrs = found
        span = self._locate(children[index].content)
        if name != "a":
            self.inline.images.append(html_facts.media(name, attrs, span))
            return index + 1
        close = next(
            (pos for pos in range(index + 1, len(children)) if html_facts.CLOSING_A.fullmatch(children[pos].content)),
            len(children),
        )
        start_words = len(self.words)
        pos = index + 1
        while pos < close:
            pos = self._child(children, pos)
        end = self._locate(children[close].content).end if close < len(children) else span.end
        text = " ".join("".join(self.words[start_words:]).split())
        self.inline.links.append(html_facts.link(attrs, text, Span(span.start, end)))
        return close + 1

    def _text(self, content: str) -> None:
        if ":" in content:  # every icon has one
            icons = self.inline.icons
            found = len(icons)
            for match in ICON.finditer(content):
                icons.append(Icon(match.group(1), self._locate(match.group(0))))
            if len(icons) > found:
                content = ICON.sub("", content)
        self.words.append(content)

    def _link(self, children: Sequence[Token], index: int) -> int:
        token = children[index]
        if index + 2 < len(children) and children[index + 1].nesting == 0 and children[index + 2].nesting < 0:
            close = index + 2  # `[text](url)`: as _Structure would pair them, without reading every token
        else:
            close = self._structure(children).close(index)
        href = str(token.attrs.get("href", ""))
        label = children[index + 1] if close == index + 2 else None
        if label is not None and label.type == "text" and ":" not in label.content:  # most: words, no icon
            self.words.append(label.content)
            text = " ".join(label.content.split())
        else:
            start_words = len(self.words)
            for pos in range(index + 1, close):
                self._child(children, pos)
            text = " ".join("".join(self.words[start_words:]).split())
        # An autolink's address follows its `<`; searching back for a `[` crossed the block (a line of
        # 87,000 autolinks: 0.9 s) and began the span at any earlier link's bracket.
        span = self._locate(href, back_to="<" if token.markup == "autolink" else "[")
        title = token.attrs.get("title")
        self.inline.links.append(
            Link(href, text, span, str(title) if title is not None else None, _attrs(token, _LINK_KEYS))
        )
        return close + 1


def _html_name(node: Node) -> str | None:
    """The HTML element a container was opened with, if any."""
    if isinstance(node, Admonition) and node.syntax in ("div", "details"):
        return node.syntax
    return "div" if node.kind in ("grid", "div") else None


class _Structure:
    """Where a block's inline tokens close and the text between them, found in one pass each: not
    per token (a run of 70,000 `*` nests thousands of emphases)."""

    def __init__(self, children: Sequence[Token]) -> None:
        self.children = children
        self.last = len(children) - 1
        self.closes: dict[int, int] = {}  # each open token's index → its close token's (an open one has none)
        opened: list[int] = []
        for index, child in enumerate(children):
            if child.nesting > 0:
                opened.append(index)
            elif child.nesting < 0 and opened:
                self.closes[opened.pop()] = index
        self.text_at: list[int] | None = None  # each token's offset in `texts`, once an emphasis asks (links do not)
        self.texts = ""

    def close(self, index: int) -> int:
        return self.closes.get(index, self.last)

    def text(self, start: int, stop: int) -> str:
        """The content of the text tokens from `start` to before `stop`."""
        if self.text_at is None:
            lengths = (len(child.content) if child.type == "text" else 0 for child in self.children)
            self.text_at = list(itertools.accumulate(lengths, initial=0))
            self.texts = "".join(child.content for child in self.children if child.type == "text")
        return self.texts[self.text_at[start] : self.text_at[stop]]


def _attrs(token: Token, skip: frozenset[str]) -> tuple[tuple[str, str], ...]:
    if token.attrs.keys() <= skip:  # most links and images have no other attribute
        return ()
    return tuple(sorted((key, str(value)) for key, value in token.attrs.items() if key not in skip))


def _class_list(attrs: str) -> list[str]:
    match = _CLASS.search(attrs)
    if not match:
        return []
    return (match.group(1) or match.group(2) or match.group(3) or "").split()


def _plain_html(html: str) -> str:
    return " ".join(_TAGS.sub(" ", html).split())
