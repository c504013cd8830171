"""TM568: code includes (`{* file hl[..] *}`, `{! file !}`) survive translation unchanged.

FastAPI-style sites include their example code with two Python-Markdown preprocessors:
markdown-include-variants (`{* ../../docs_src/x/tutorial001.py hl[3,5] *}`, a line of its
own, nothing before `{*` or after `*}`) and mdx_include (`{! path !}` anywhere in a line).
Both run on the raw lines before any other syntax, so the comparison is by line, within
each pair of aligned sections: a translated include is the English one, byte for byte.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from linter.align.aligner import Alignment, Pair
from linter.engine.findings import SAFE, Fix, Severity
from linter.engine.rule import Report, Rule, RuleContext
from linter.parse.positions import Span
from linter.parse.tree import Node, Page, Section
from linter.patterns import lazy
from linter.records import Value

from .facts import match_in_order, quote

# markdown_include_variants' own line expression (re.match on each line, `$` before a line end).
_VARIANTS = lazy(r"^\{\*\s*(\S+)\s*(.*)\*\}$")
_VARIANT_OPTION = lazy(r"(?<!\w)(\w+)\[([^\]]+)\]")  # from a word's start: one try per word
# A line that looks like one but that the extension does not read (indented, escaped, spaces after).
_VARIANTS_LIKE = lazy(r"^[ \t]*\\?\{\*[ \t]*\S.*\*\}[ \t]*$", re.M)
# mdx_include's default expression: `{!`, recursion and indent flags, path, `[ln:..]`, `| encoding`, `!}`.
_MDX = lazy(r"(?P<escape>\\)?\{![+-]?>?\s*(?P<path>[^]|[]+?)(?:\s*\[ln:[\d.,-]+\])?\s*(?:\|\s*.+?\s*)?!\}")
EXTENSIONS = ("markdown_include_variants", "mdx_include")


class Include(Value):
    """One include directive as written, the file it names, and where it is."""

    written: str  # the directive, without the spaces around it
    text: str  # the bytes its span covers (a variants include: the whole line)
    path: str
    works: bool  # whether the extension reads it (false: it shows as text)
    span: Span
    block: Node  # the deepest node holding it
    section: Node  # the section holding it (the page root before the first heading)

    __slots__ = ("written", "text", "path", "works", "span", "block", "section")

    def __init__(self, written: str, text: str, path: str, works: bool, span: Span, block: Node, section: Node) -> None:
        self.written = written
        self.text = text
        self.path = path
        self.works = works
        self.span = span
        self.block = block
        self.section = section

    @property
    def key(self) -> tuple[str, bool]:
        return self.written, self.works


def includes(page: Page) -> list[Include]:
    """The include directives of a page, in document order."""
    text = page.source.text
    if "{*" not in text and "{!" not in text:
        return []
    src = page.source
    found: list[tuple[int, int, str, str, bool]] = []  # a variants include spans its whole line
    for match in _VARIANTS_LIKE.finditer(text) if "{*" in text else ():
        line = match.group(0)
        found.append((match.start(), match.end(), line.strip(), _variant_path(line), bool(_VARIANTS.match(line))))
    # Up to the last `!}`: an include left open past it would be looked for to the page's end, for each `{!`.
    for match in _MDX.finditer(text, 0, text.rfind("!}") + 2) if "{!" in text else ():
        found.append((match.start(), match.end(), match.group(0), match.group("path"), not match.group("escape")))
    out = []
    for start, end, written, path, works in sorted(found):
        span = Span(src.pos(start), src.pos(end))
        block = _holder(page.root, span)
        out.append(Include(written, text[start:end], path, works, span, block, _section_of(block)))
    return out


def _variant_path(line: str) -> str:
    match = _VARIANTS.match(line.strip().lstrip("\\"))
    return match.group(1) if match else ""


def _holder(root: Node, span: Span) -> Node:
    """The deepest node whose span holds `span`'s start."""
    node = root
    while True:
        inner = next((child for child in node.children if child.span.start <= span.start < child.span.end), None)
        if inner is None:
            return node
        node = inner


def _section_of(node: Node) -> Node:
    while not isinstance(node, Section) and node.parent is not None:
        node = node.parent
    return node


def _describe(include: Include) -> str:
    parts = _VARIANT_OPTION.findall(include.written)
    return ", ".join(f"{name}[{value}]" for name, value in parts) or "no options"


class ChangedCodeInclude(Rule):
    """A code include names another file or other options than English, or was dropped or added.

    ## What it does
    Compares the code includes of every translated section with its English
    section's: markdown-include-variants lines (`{* ../../docs_src/x.py hl[3,5] *}`)
    and mdx_include directives (`{! ../../docs_src/x.py !}`). Each must be
    written as in English: the same file, the same highlighted lines (`hl[..]`),
    included lines (`ln[..]`) and title, and still read by the extension (alone
    on its line, not escaped, nothing after `*}`). It runs on sites whose
    mkdocs.yml enables either extension, or whose English page uses the syntax.
    Translated text around an include is not compared.

    ## Why is this bad?
    The example shown is another file's, highlights other lines than the text
    explains, or is missing; an include the extension no longer reads shows as
    a line of text in place of the code.

    ## Example
    ```markdown title="English"
    {* ../../docs_src/first_steps/tutorial001_py310.py hl[3] *}
    ```
    ```markdown title="Translation"
    {* ../../docs_src/first_steps/tutorial001_py310.py hl[4] *}
    ```
    ```markdown title="Use instead"
    {* ../../docs_src/first_steps/tutorial001_py310.py hl[3] *}
    ```

    ## Fix
    Safe: writes the English directive in place of a changed or broken one
    paired with it in the same section (an include is code, never translated).
    A missing or added include is left to the translator.
    """

    id = "TM568"
    name = "changed-code-include"
    summary = "A code include names another file or other lines than English, or is missing"
    severity = Severity.ERROR
    kinds = ("page",)
    fix_safety = SAFE

    def check(self, pair: Pair, ctx: RuleContext) -> Iterator[Report]:
        alignment = ctx.alignment
        english = includes(alignment.source)
        if not english and not any(alignment.source.dialect.has(name) for name in EXTENSIONS):
            return  # the site does not include code this way
        translation = includes(alignment.target)
        if not english and not translation:
            return
        by_section: dict[Node, tuple[list[Include], list[Include]]] = {}
        for include in english:
            by_section.setdefault(include.section, ([], []))[0].append(include)
        for include in translation:
            source = alignment.counterpart(include.section)
            if source is not None:
                by_section.setdefault(source, ([], []))[1].append(include)
        for section, (english_side, translated_side) in by_section.items():
            if alignment.counterpart(section) is None:
                continue  # a missing section: missing-section's finding
            yield from _compare(alignment, english_side, translated_side)


def _compare(alignment: Alignment, english: list[Include], translation: list[Include]) -> Iterator[Report]:
    same, lost, added = match_in_order(english, translation, lambda include: include.key)
    # A lost include pairs with an added one naming the same file, then with the next in order.
    changed: list[tuple[Include, Include]] = []
    for old in list(lost):
        partner = next((new for new in added if new.path == old.path), None)
        if partner is not None:
            changed.append((old, partner))
            lost.remove(old)
            added.remove(partner)
    count = min(len(lost), len(added))
    changed += zip(lost[:count], added[:count], strict=True)
    for old, new in sorted(changed, key=lambda item: item[1].span.start):
        yield Report(
            _changed_message(old, new),
            span=new.span,
            source=old.section,
            source_span=old.span,
            fix=Fix.replace(new.span, old.text, f'write "{quote(old.written)}"'),
        )
    for old in lost[count:]:
        anchor = alignment.anchor_in_target(old.block)
        message = f'code include "{quote(old.written)}" is missing'
        yield Report(message, span=anchor, source=old.section, source_span=old.span)
    for new in added[count:]:
        yield Report(f'code include "{quote(new.written)}" is not in English', span=new.span, source=new.section)


def _changed_message(old: Include, new: Include) -> str:
    shown = quote(new.written)
    if old.works and not new.works:
        return f'code include "{shown}" shows as text because {_unread(new)}; English has "{quote(old.written)}"'
    if old.path != new.path:
        return f'code include names "{new.path}" where English includes "{old.path}"'
    if new.written.startswith("{*"):
        return f'code include "{shown}" has {_describe(new)} where English has {_describe(old)}'
    return f'code include "{shown}" where English has "{quote(old.written)}"'


def _unread(include: Include) -> str:
    """Why the extension does not read an include line."""
    if include.written.startswith("\\"):
        return "it is escaped"
    if include.text[:1] in " \t":
        return "it does not start the line"
    return "spaces follow it on the line"


RULES: tuple[type[Rule], ...] = (ChangedCodeInclude,)
