"""TM556-TM558: attribute lists (`{ .md-button }`) keep their classes and their place.

Attribute lists of headings are the heading id's, those of images rules/images.py's.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Iterator
from functools import lru_cache

from linter.align.aligner import Alignment, BlockGroup, Pair, own_inline
from linter.align.analysis import analysis
from linter.engine.findings import SAFE, UNSAFE, Fix, Severity
from linter.engine.rule import Report, Rule, RuleContext
from linter.parse.positions import Pos, Span
from linter.parse.tree import Node, Section
from linter.patterns import lazy

from .facts import (
    MARKUP,
    Diff,
    Fact,
    compare_facts,
    fact_report,
    group_of,
    groups_of,
    link_kept,
    link_span,
    page_side,
    quote,
    scanned,
    url_in_markup,
)

# `{ .class #id key=value }` (attr_list); full-width braces are matched to be reported as broken.
# The body is greedy and stripped where read: a lazy one before `[ ]*}` is quadratic in spaces.
_ATTR_LIST = lazy(r"(?P<open>[{｛]):?[ \u3000]*(?P<body>(?:[.#]|[\w-]+=)[^{｛}｝\n]*)(?P<close>[}｝])")
_ATTR_TOKEN = lazy(r"""[^ =}]+="[^"]*"|[^ =}]+='[^']*'|[^ =}]+=[^ =}]+|[^ =}]+""")
# Attribute values that are text for readers, translated like any other text.
_LINK_END = lazy(r"""\s*(?:"[^"]*"|'[^']*')?\s*\)""")  # a link's optional title and closing parenthesis
_TEXT_ATTRS = frozenset({"title", "alt", "aria-label"})
# A text attribute's value: quoted (the closing quote may be lost), or words up to the next attribute.
_TEXT_VALUE = r"""(?:"([^"}｝]*)"?|'([^'}｝]*)'?|(.+?))(?=\s+[.#]|\s+[\w-]+=|\s*[}｝]|$)"""
# A link or image destination: `url`, `<url>`, `url "title"`.
_DESTINATION = lazy(r"""[ \t]*<?([^\s()<>]+)>?(?:[ \t]+(?:"[^"]*"|'[^']*'))?[ \t]*""")

_Attrs = tuple[str, tuple[str, ...], tuple[tuple[str, str | None], ...]]  # id, classes, other attributes


@lru_cache(maxsize=1024)
def _parse_attrs(body: str) -> _Attrs:
    """What attr_list makes of the list: `.a.b` is ONE class "a.b", a bare word a valueless attribute."""
    ident, classes, attrs = "", [], []
    for token in _ATTR_TOKEN.findall(body):
        if "=" in token:
            name, value = token.split("=", 1)
            attrs.append((name, "" if name in _TEXT_ATTRS else value.strip("\"'")))
        elif token.startswith("."):
            classes.append(token[1:])
        elif token.startswith("#"):
            ident = token[1:]
        else:
            attrs.append((token, None))
    return ident, tuple(sorted(classes)), tuple(sorted(attrs, key=lambda kv: (kv[0], kv[1] or "")))


def _attr_facts(alignment: Alignment, nodes: Iterable[Node], english: bool, images: frozenset[str]) -> list[Fact]:
    """Attribute lists of blocks, except in headings (the heading id's) and on `images` (links.py's)."""
    side = page_side(alignment, english)
    found = side.scan(_ATTR_LIST)
    facts = []
    for node in nodes:
        if node not in found or isinstance(node, Section) or node.kind == "heading":
            continue
        for match in found[node]:
            start, end = match.span()
            url = _destination_before(side.text, start)
            if url.lstrip("./") in images:
                continue
            place = _placement(side.text, start, end, side.end_of(node)) if node.kind == "paragraph" else "inline"
            if match.group("open") != "{" or match.group("close") != "}":
                place = "text"
            at = (side.src, start, end)
            attrs = _parse_attrs(match.group("body").rstrip(" \u3000"))
            facts.append(Fact(attrs, match.group(0), node, at, url, place))
    return facts


def _destination_before(text: str, end: int) -> str:
    """The URL of the `](url)` that ends at `end`, or ""."""
    if not text.endswith(")", 0, end):
        return ""
    opener = text.rfind("](", 0, end)
    found = _DESTINATION.fullmatch(text, opener + 2, end - 1) if opener >= 0 else None
    return found.group(1) if found else ""


def _placement(text: str, start: int, end: int, block_end: int) -> str:
    """attr_list reads a list right after an element, or alone on a paragraph's last line; else it is text."""
    at = start - 1  # back over the spaces before it only: a line of 118,000 lists read its start for each (3 s)
    while at >= 0 and text[at] != "\n" and text[at].isspace():
        at -= 1
    if at < 0 or text[at] == "\n":
        return "text" if text[end:block_end].strip() else "block"
    return "text" if text[start - 1].isspace() else "inline"


@analysis
def _attr_diff(alignment: Alignment) -> list[tuple[BlockGroup, Diff]]:
    """Per group with attribute lists: which are the same, changed, missing or extra."""
    found = []
    for group in groups_of(alignment, scanned(alignment, _ATTR_LIST)):
        images = frozenset(
            image.src.lstrip("./")
            for node in group.english + group.translation
            if (inline := own_inline(node)) is not None
            for image in inline.images
        )
        english = _attr_facts(alignment, group.english, True, images)
        translation = _attr_facts(alignment, group.translation, False, images)
        if english or translation:
            kept = link_kept(alignment, group)
            found.append((group, compare_facts(english, translation, group.translation[0], kept)))
    return found


def _attr_hint(translated: Fact) -> str:
    """Why a translated list reads differently, for the mistakes seen in Crowdin exports."""
    _, classes, _ = translated.key
    if any("." in name for name in classes):
        return ": classes written together without a space become one class"
    if "" in classes:
        return ': a space after "." leaves the class name out'
    if translated.shown.count('"') % 2:
        return ": a quote is not closed"
    tokens = _ATTR_TOKEN.findall(translated.shown.strip("{}｛｝ "))
    for token, following in zip(tokens, tokens[1:], strict=False):
        name, _, value = token.partition("=")
        if name in _TEXT_ATTRS and value[:1] not in ("'", '"') and following[:1] not in (".", "#"):
            return f': a translated {name} with spaces needs quotes, {name}="…"'
    return ""


class ChangedAttributeList(Rule):
    """An attribute list has other classes, id or attributes than in English.

    ## What it does
    Compares the attribute lists (`{ .md-button .md-button--primary }`,
    `{ .card-link title="Documentation" }`, `{ #id }`) of every translated
    block with its English block's, as the site's attr_list extension reads
    them: spacing, `{.x}` for `{ .x }`, attribute order and a translated
    `title` do not count. A changed or added list is reported; headings and
    images are left to their own rules.

    ## Why is this bad?
    Classes are styling: `{.md-button.md-button--primary}` (no space) is one
    class the site does not know, so the homepage button of a card turns into a
    plain link. A translated title with spaces but no quotes is cut at its
    first word, and the rest becomes a stray attribute.

    ## Example
    ```markdown title="English"
    [:octicons-home-16: Homepage](https://simplex.chat){ .md-button .md-button--primary }
    ```
    ```markdown title="Translation"
    [:octicons-home-16: Página inicial](https://simplex.chat){.md-button.md-button--primary}
    ```
    ```markdown title="Use instead"
    [:octicons-home-16: Página inicial](https://simplex.chat){ .md-button .md-button--primary }
    ```

    Crowdin's export merges `.md-button .md-button--primary` into one class in
    every language alike: real breakage, of the export rather than of a
    translator, reported once per English page.

    ## Fix
    Safe: writes the English list in place of a changed one, keeping the
    translated text of a `title`, `alt` or `aria-label` (in quotes, so a title
    of several words is no longer cut). A list English does not have is left.
    """

    id = "TM556"
    family = MARKUP
    cost = 3
    extensions = ("attr_list",)
    name = "changed-attribute-list"
    summary = "An attribute list has other classes, id or attributes than in English"
    severity = Severity.WARNING
    kinds = ("page",)
    fix_safety = SAFE

    def check(self, pair: Pair, ctx: RuleContext) -> Iterator[Report]:
        for group, diff in _attr_diff(ctx.alignment):
            for english, translated in diff.changed:
                if translated.place != "text":
                    report = fact_report(
                        f'attribute list "{quote(translated.shown)}" where English has "{quote(english.shown)}"'
                        + _attr_hint(translated),
                        translated,
                        translated.node,
                        english,
                    )
                    yield dataclasses.replace(report, fix=_copy_fix(english, translated))
            for translated in diff.extra:
                if translated.place != "text":
                    yield fact_report(
                        f'attribute list "{quote(translated.shown)}" is not in English',
                        translated,
                        translated.node,
                        group.english[0],
                    )


class MissingAttributeList(Rule):
    """An attribute list of the English block is missing.

    ## What it does
    Flags an English attribute list (`{ .md-button }`, `{ .card-link
    title="Documentation" }`, `{ .annotate }`) that has no counterpart in the
    translated block. Headings and images are left to their own rules.

    ## Why is this bad?
    The element loses its styling or behaviour: a button becomes a plain link,
    an icon link loses its tooltip, annotations stop working.

    ## Example
    ```markdown title="English"
    [Download](https://signal.org/download){ .md-button }
    ```
    ```markdown title="Translation"
    [Scarica](https://signal.org/download)
    ```
    ```markdown title="Use instead"
    [Scarica](https://signal.org/download){ .md-button }
    ```

    ## Fix
    Writes the English list right after the link it belongs to, when the
    translated block has that link once and nothing written after it looks like
    a list. Safe for classes and ids; unsafe when the list holds text
    (`title="Documentation"`), which then shows in English. A paragraph's own
    list (`{ .annotate }`) has no fix.
    """

    id = "TM557"
    family = MARKUP
    extensions = ("attr_list",)
    name = "missing-attribute-list"
    summary = "An attribute list of the English block is missing"
    severity = Severity.WARNING
    kinds = ("page",)
    fix_safety = SAFE

    def check(self, pair: Pair, ctx: RuleContext) -> Iterator[Report]:
        for _, diff in _attr_diff(ctx.alignment):
            for english, node in diff.missing:
                group = group_of(ctx.alignment, node)
                span = link_span(group, english.anchor)
                report = fact_report(f'attribute list "{quote(english.shown)}" is missing', None, node, english, span)
                if span is not None and english.place == "inline":
                    report = dataclasses.replace(report, fix=_list_after(ctx.alignment, group, english))
                yield report


def _list_after(alignment: Alignment, group: BlockGroup, english: Fact) -> Fix | None:
    """The English list inserted right after the only link to its address, when nothing list-like follows it."""
    links = [found for node in group.translation if (inline := own_inline(node)) for found in inline.links]
    mine = [found for found in links if found.url == english.anchor]
    written = url_in_markup(alignment.target.source, mine[0]) if len(mine) == 1 else None
    if written is None:
        return None
    url = written[0]
    line = alignment.target.source.lines[url.end.line - 1]
    closing = _LINK_END.match(line, url.end.column - 1)
    if closing is None or line[closing.end() :].lstrip(" \u3000")[:1] in ("{", "\uff5b"):
        return None  # a list cut off or moved: broken-attribute-list's, or a person's
    at = Pos(url.end.line, closing.end() + 1)
    safety = UNSAFE if any(_text_value(english.shown, name) is not None for name in _TEXT_ATTRS) else SAFE
    return Fix.replace(Span(at, at), english.shown, f'write "{english.shown}" after the link', safety)


class BrokenAttributeList(Rule):
    """An attribute list no longer attaches to its element.

    ## What it does
    Flags an attribute list that the English writes right after its element
    (a link, an icon, an emphasis) when the translation separates it with a
    space (`(url) { .md-button }`), writes it with full-width braces
    (`｛ .md-button ｝`), or moves it to a line of its own.

    ## Why is this bad?
    attr_list only reads a list written right after its element, or alone on
    the last line of a paragraph, where it styles the paragraph. Otherwise
    readers see `{ .md-button }` as text; on its own line, the paragraph
    takes the class and the button turns into a plain link.

    ## Example
    ```markdown title="English"
    [Download](https://signal.org/download){ .md-button }
    ```
    ```markdown title="Translation"
    [Scarica](https://signal.org/download) { .md-button }
    ```
    ```markdown title="Use instead"
    [Scarica](https://signal.org/download){ .md-button }
    ```

    ## Fix
    Safe: removes the space or line break between the element and its list and
    writes full-width braces as `{ }`.
    """

    id = "TM558"
    family = MARKUP
    extensions = ("attr_list",)
    name = "broken-attribute-list"
    summary = "An attribute list no longer attaches to its element"
    severity = Severity.WARNING
    kinds = ("page",)
    fix_safety = SAFE

    def check(self, pair: Pair, ctx: RuleContext) -> Iterator[Report]:
        for group, diff in _attr_diff(ctx.alignment):
            moved = [(e, t) for e, t in diff.same + diff.changed if t.place != e.place and t.place != "inline"]
            moved += [(group.english[0], t) for t in diff.extra if t.place == "text"]
            for english, translated in moved:
                report = fact_report(
                    f'attribute list "{quote(translated.shown)}" {_PLACE_PROBLEMS[translated.place]}',
                    translated,
                    translated.node,
                    english,
                )
                yield dataclasses.replace(report, fix=_attach_fix(translated))


def _copy_fix(english: Fact, translated: Fact) -> Fix | None:
    """The English list written over the translated one, keeping the translated text of its `title`s."""
    written = english.shown
    for name in _TEXT_ATTRS:
        value = _text_value(translated.shown, name)
        if value is None:
            continue
        if '"' in value or _text_value(written, name) is None:
            return None  # no way to quote it, or English has no such text: nothing to keep it in
        quoted = f'{name}="{value}"'
        written = re.sub(rf"(?<![\w-]){name}=(?:\"[^\"]*\"|'[^']*'|[^ }}]+)", lambda _, q=quoted: q, written, count=1)
    if written == translated.shown:
        return None
    return Fix.replace(translated.span, written, f'write "{written}"')


def _text_value(written: str, name: str) -> str | None:
    """The text of a `title`-like attribute as the translator meant it: quoted, or every word up to the
    next class, id or attribute (a missing closing quote forgiven)."""
    match = re.search(rf"(?<![\w-]){name}\s*=\s*{_TEXT_VALUE}", written)
    if match is None:
        return None
    return next(group for group in match.groups() if group is not None).strip()


_FULL_WIDTH = str.maketrans({"｛": "{", "｝": "}", "\u3000": " "})


def _attach_fix(translated: Fact) -> Fix | None:
    """The list written right after its element: no space or line break before it, ASCII braces."""
    if isinstance(translated.at, Span):
        return None
    src, start, end = translated.at
    text, begin = src.text, start
    while begin > 0 and text[begin - 1] in " \t\u3000":
        begin -= 1
    if begin > 0 and text[begin - 1] == "\n" and begin > 1 and text[begin - 2] != "\n":
        begin -= 1  # alone on the line after its element's line: joined to it
    if begin == 0 or text[begin - 1] == "\n":
        return None  # nothing before it to attach to
    fixed = translated.shown.translate(_FULL_WIDTH)
    if begin == start and fixed == translated.shown:
        return None
    return Fix.replace(Span(src.pos(begin), src.pos(end)), fixed, f'write "{fixed}" right after its element')


_PLACE_PROBLEMS = {
    "text": "shows as text: write it right after its element, with no space, in ASCII braces",
    "block": "is on a line of its own, so it styles the paragraph instead of the element before it",
}


RULES: tuple[type[Rule], ...] = (
    ChangedAttributeList,
    MissingAttributeList,
    BrokenAttributeList,
)
