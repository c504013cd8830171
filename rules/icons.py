"""TM554-TM555: icon shortcodes stay as in English and render."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from linter.align.aligner import Alignment, BlockGroup, own_inline
from linter.engine.findings import SAFE, UNSAFE, Fix, Severity
from linter.engine.rule import Report, Rule, RuleContext
from linter.parse.positions import Pos, Span
from linter.parse.tree import Node
from linter.patterns import lazy

from .facts import (
    BlockGroupRule,
    Fact,
    compare_facts,
    diff_reports,
    groups_of,
    having,
    link_kept,
    link_span,
    page_side,
)

# A shortcode with spaces or full-width colons around its name: shown as text (`:name:` is not matched).
_BROKEN_ICON = lazy(
    r"(?:：[ \t\u00a0\u3000]*|:[ \t\u00a0\u3000]+)(?P<a>(?:material|octicons|fontawesome|simple)-[a-z0-9-]+)"
    r"[ \t\u00a0\u3000]*[:：]"
    r"|:(?P<b>(?:material|octicons|fontawesome|simple)-[a-z0-9-]+)(?:[ \t\u00a0\u3000]+[:：]|：)"
)


def _broken_icons(alignment: Alignment, node: Node, english: bool) -> list[tuple[str, Span, str]]:
    """(icon name, span, as written) of each malformed shortcode of a block."""
    side = page_side(alignment, english)
    return [
        (m.group("a") or m.group("b"), side.span(m.start(), m.end()), m.group(0))
        for m in side.scan(_BROKEN_ICON).get(node, ())
    ]


def _icon_names(nodes: Iterable[Node]) -> list[str]:
    return [icon.name for node in nodes if (inline := own_inline(node)) is not None for icon in inline.icons]


def _icon_facts(nodes: Iterable[Node]) -> list[Fact]:
    facts = []
    for node in nodes:
        inline = own_inline(node)
        for icon in inline.icons if inline is not None else ():
            link = next((li for li in inline.links if li.span.start <= icon.span.start <= li.span.end), None)
            facts.append(Fact(icon.name, f":{icon.name}:", node, icon.span, link.url if link else ""))
    return facts


class MismatchedIcon(BlockGroupRule):
    """An icon shortcode differs from the English block's, or was added or dropped.

    ## What it does
    Compares the icon shortcodes (`:octicons-home-16:`, `:material-check:`,
    `:fontawesome-brands-android:`, `:simple-signal:`) of every translated
    block with its English block's. Icons are not text: a translation keeps
    each one as it is.

    ## Why is this bad?
    A dropped icon leaves a card link without its symbol (the privacy policy,
    documentation and source links of a card are icons only), and a changed
    one shows the wrong symbol or none at all.

    ## Example
    ```markdown title="English"
    [:octicons-home-16: Homepage](https://openwrt.org){ .md-button .md-button--primary }
    ```
    ```markdown title="Translation"
    [Домашня сторінка](https://openwrt.org){ .md-button .md-button--primary }
    ```
    ```markdown title="Use instead"
    [:octicons-home-16: Домашня сторінка](https://openwrt.org){ .md-button .md-button--primary }
    ```

    ## Fix
    Safe: writes the English icon in place of another one in the same link,
    and writes an icon that opens an English link's text back at the start of
    the translated link's text. An icon replaced outside a link (which icon
    stands for which is then a guess) is unsafe; an added icon, or one dropped
    from running text, is left.
    """

    id = "TM554"
    cost = 4
    extensions = ("pymdownx.emoji",)
    name = "mismatched-icon"
    summary = "An icon shortcode differs from English, or was added or dropped"
    severity = Severity.WARNING
    fix_safety = SAFE

    def groups(self, alignment: Alignment) -> list[BlockGroup]:
        with_icons = having(alignment, "icons")
        broken = groups_of(alignment, page_side(alignment, False).scan(_BROKEN_ICON))
        return with_icons + [group for group in broken if group not in with_icons]

    def check_group(self, group: BlockGroup, ctx: RuleContext) -> Iterator[Report]:
        broken = {name for node in group.translation for name, _, _ in _broken_icons(ctx.alignment, node, False)}
        if not broken and _icon_names(group.english) == _icon_names(group.translation):
            return
        english = [fact for fact in _icon_facts(group.english) if fact.key not in broken]
        kept = link_kept(ctx.alignment, group)
        diff = compare_facts(english, _icon_facts(group.translation), group.translation[0], kept)

        def fix(english: Fact, translated: Fact | None) -> Fix | None:
            return _swap_fix(english, translated) if translated else _opening_fix(ctx.alignment, group, english)

        yield from diff_reports(diff, group, "icon", lambda fact: link_span(group, fact.anchor), fix)


def _swap_fix(english: Fact, translated: Fact) -> Fix:
    safety = SAFE if english.anchor and english.anchor == translated.anchor else UNSAFE
    return Fix.replace(translated.span, english.shown, f'write "{english.shown}"', safety)


def _opening_fix(alignment: Alignment, group: BlockGroup, english: Fact) -> Fix | None:
    """An icon that opens its English link's text, written at the start of the translated link's text."""
    at = link_span(group, english.anchor) if english.anchor else None
    source, target = alignment.source.source, alignment.target.source
    start = source.offset(english.span.start.line, english.span.start.column)
    if (
        at is None
        or source.text[start - 1 : start] != "["
        or target.text[target.offset(at.start.line, at.start.column)] != "["
    ):
        return None
    after = source.text[start + len(english.shown) : start + len(english.shown) + 1]
    written = english.shown + (" " if after == " " else "")
    inside = Pos(at.start.line, at.start.column + 1)
    return Fix.replace(Span(inside, inside), written, f'write "{english.shown}"')


class BrokenIconShortcode(BlockGroupRule):
    """An icon shortcode is malformed and shows as text.

    ## What it does
    Flags an icon shortcode with spaces or full-width colons around its name
    (`: octicons-home-16 :`, `：material-check：`) that the English block does
    not have.

    ## Why is this bad?
    Only `:name:` written exactly becomes an icon; anything else is printed as
    text, colons and all.

    ## Example
    ```markdown title="English"
    These options can be found in :material-menu: → **Settings**.
    ```
    ```markdown title="Translation"
    Estas opciones se encuentran en : material-menu: → **Configuración**.
    ```
    ```markdown title="Use instead"
    Estas opciones se encuentran en :material-menu: → **Configuración**.
    ```

    ## Fix
    Safe: writes the shortcode as `:name:`, without the spaces or full-width
    colons.
    """

    id = "TM555"
    extensions = ("pymdownx.emoji",)
    name = "broken-icon-shortcode"
    summary = "An icon shortcode is malformed and shows as text"
    severity = Severity.WARNING
    fix_safety = SAFE

    def groups(self, alignment: Alignment) -> list[BlockGroup]:
        return groups_of(alignment, page_side(alignment, False).scan(_BROKEN_ICON))

    def check_group(self, group: BlockGroup, ctx: RuleContext) -> Iterator[Report]:
        english = {written for node in group.english for _, _, written in _broken_icons(ctx.alignment, node, True)}
        for node in group.translation:
            for name, span, written in _broken_icons(ctx.alignment, node, False):
                if written not in english:
                    yield Report(
                        f'"{written}" shows as text: write the icon as ":{name}:"',
                        node=node,
                        span=span,
                        source=group.english[0],
                        fix=Fix.replace(span, f":{name}:", f'write ":{name}:"'),
                    )


RULES: tuple[type[Rule], ...] = (
    MismatchedIcon,
    BrokenIconShortcode,
)
