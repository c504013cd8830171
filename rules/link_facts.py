"""What the link and image rules compare: one comparison per page, cached on the alignment.

The links and images of each group of aligned blocks, English against translation. A
group is the blocks that pairs connect, so a paragraph Crowdin joined with its neighbour
is compared with both English paragraphs at once. Links inside `downloads` collapsibles
are left to the downloads rule.

What is "broken" follows Python-Markdown, which renders the site (rules/link_markup.py reads it).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from difflib import SequenceMatcher
from functools import lru_cache
from posixpath import basename
from urllib.parse import unquote, urlunsplit

from linter.align.aligner import Alignment, BlockGroup, Pair, block_groups, own_inline
from linter.align.analysis import analysis
from linter.engine.findings import Fix
from linter.engine.rule import Report, Rule, RuleContext
from linter.parse.markdown import ICON
from linter.parse.positions import Span
from linter.parse.source import SourceText
from linter.parse.tree import Admonition, Image, Link, Node, Section
from linter.parse.urls import split_url
from linter.patterns import lazy
from linter.records import Value

from .card_facts import misplaced
from .facts import match_in_order
from .link_markup import NO_BANG, SPACED_BANG, Ref, Visible, VisibleUrls, node_text, quote_link

_MAX_SCORED = 2500  # leftover pairs scored for likeness in one group; beyond, pairing is by order
# `[text](url)` as a translator may break it: escaped, spaced, full-width (not an image: no `!` before)
_BRACKETED = lazy(
    r"(?<!!)(?P<open>\\?[\[【［])(?P<text>[^\[\]【】［］\n]*)(?P<close>[\]】］])(?P<gap>\s*)(?P<paren>[(（])"
    r"(?P<url>[^()（）\[\]\n]*)(?P<end>[)）])"  # no bracket inside either part: one pass over the text
)


# -- what the rules compare -------------------------------------------------------------------


class Comparison(Value):
    """Links of a block and its counterpart compared: changed, missing, extra, emptied and broken."""

    changed: list[tuple[Ref, Ref]]  # paired links, different URLs
    missing: list[tuple[Ref, Node]]  # English link, translated block
    extra: list[Ref]
    empty: list[tuple[Ref, Ref]]  # English text, translation has none
    broken: list[Visible]
    lost_marker: list[Visible]
    changed_src: list[tuple[Ref, Ref]]
    lost_attrs: list[tuple[Ref, Ref]]
    missing_images: list[tuple[Ref, Node | Span]]  # English image, where
    near: dict[tuple[Node, bool], set[str]]  # URLs by section

    __slots__ = (
        "changed",
        "missing",
        "extra",
        "empty",
        "broken",
        "lost_marker",
        "changed_src",
        "lost_attrs",
        "missing_images",
        "near",
    )

    def __init__(
        self,
        changed: list[tuple[Ref, Ref]] | None = None,
        missing: list[tuple[Ref, Node]] | None = None,
        extra: list[Ref] | None = None,
        empty: list[tuple[Ref, Ref]] | None = None,
        broken: list[Visible] | None = None,
        lost_marker: list[Visible] | None = None,
        changed_src: list[tuple[Ref, Ref]] | None = None,
        lost_attrs: list[tuple[Ref, Ref]] | None = None,
        missing_images: list[tuple[Ref, Node | Span]] | None = None,
        near: dict[tuple[Node, bool], set[str]] | None = None,
    ) -> None:
        self.changed = [] if changed is None else changed
        self.missing = [] if missing is None else missing
        self.extra = [] if extra is None else extra
        self.empty = [] if empty is None else empty
        self.broken = [] if broken is None else broken
        self.lost_marker = [] if lost_marker is None else lost_marker
        self.changed_src = [] if changed_src is None else changed_src
        self.lost_attrs = [] if lost_attrs is None else lost_attrs
        self.missing_images = [] if missing_images is None else missing_images
        self.near = {} if near is None else near


def _in_downloads(node: Node) -> bool:
    current: Node | None = node
    while current is not None:
        if isinstance(current, Admonition) and current.tag.casefold() == "downloads":
            return True
        current = current.parent
    return False


def _has_links(s: Node, t: Node) -> bool:
    si, ti = own_inline(s), own_inline(t)
    return bool(si and ti and (si.links or si.images or ti.links or ti.images))


def _groups(alignment: Alignment) -> list[BlockGroup]:
    """Blocks with links or images connected by pairs (joined and split pairs included)."""
    return block_groups(alignment, _has_links)


@lru_cache(maxsize=8192)
def normalized(url: str) -> str:
    """A URL with what does not change its target folded: percent-encoding, case, trailing slash, `./`."""
    parts = split_url(unquote(url.strip()).casefold())
    path = parts.path.rstrip("/")
    while path.startswith("./"):
        path = path[2:]
    return urlunsplit((parts.scheme, parts.netloc, path, parts.query, parts.fragment))


def _bare_host(netloc: str) -> str:
    labels = netloc.lower().removeprefix("www.").split(".")
    return ".".join(labels[1:] if len(labels) > 2 and len(labels[0]) == 2 else labels)


def _similarity(a: str, b: str) -> float:
    pa, pb = split_url(a), split_url(b)
    host = 1.0 if _bare_host(pa.netloc) == _bare_host(pb.netloc) else 0.0
    return 0.5 * host + 0.5 * SequenceMatcher(None, pa.path + pa.fragment, pb.path + pb.fragment).ratio()


def _pair_rest(
    english: list[Ref], translation: list[Ref], likeness: Callable[[Ref, Ref], float] | None = None
) -> tuple[list[tuple[Ref, Ref]], list[Ref], list[Ref]]:
    """Leftovers paired by likeness (of URLs by default); with as many on both sides every one is paired."""
    if not english or not translation:
        return [], english, translation
    if len(english) == len(translation) == 1 or len(english) * len(translation) > _MAX_SCORED:
        count = min(len(english), len(translation))  # too many to score: pair in order
        return list(zip(english, translation, strict=False)), english[count:], translation[count:]
    threshold = -1.0 if len(english) == len(translation) else 0.6
    like = likeness or (lambda e, t: _similarity(e.url, t.url))
    scored = sorted(
        ((like(e, t), i, j) for i, e in enumerate(english) for j, t in enumerate(translation)),
        key=lambda x: (-x[0], x[1], x[2]),
    )
    used_e: set[int] = set()
    used_t: set[int] = set()
    pairs = []
    for score, i, j in scored:
        if score > threshold and i not in used_e and j not in used_t:
            used_e.add(i)
            used_t.add(j)
            pairs.append((english[i], translation[j]))
    pairs.sort(key=lambda p: p[1].item.span.start)
    return (
        pairs,
        [e for i, e in enumerate(english) if i not in used_e],
        [t for j, t in enumerate(translation) if j not in used_t],
    )


def _file_key(url: str) -> str:
    """Image paths that name the same file (`/assets/x.svg`, `./assets/x.svg`, `assets/x.svg`) share a key."""
    return normalized(url).lstrip("./")


# -- the comparison ---------------------------------------------------------------------------


def _refs(nodes: Sequence[Node], images: bool) -> list[Ref]:
    out: list[Ref] = []
    for node in nodes:
        inline = own_inline(node)
        if inline is not None:
            out += [Ref(item, node) for item in (inline.images if images else inline.links)]
    return out


def _near(node: Node, cache: dict[tuple[Node, bool], set[str]], images: bool = False) -> set[str]:
    """Normalised URLs of every link (or the files of every image) in the section that holds `node`
    (kept per section in `cache`)."""
    section: Node = node
    while section.parent is not None and not isinstance(section, Section):
        section = section.parent
    found = cache.get((section, images))
    if found is None:
        found = cache[section, images] = set()
        for block in section.walk():
            inline = own_inline(block)
            if inline is not None and images:
                found.update(_file_key(image.src) for image in inline.images)
            elif inline is not None:
                found.update(normalized(link.url) for link in inline.links)
    return found


@analysis
def _compare(alignment: Alignment) -> Comparison:
    found = Comparison()
    for group in _groups(alignment):
        if _unchanged(group) or any(_in_downloads(node) for node in group.english + group.translation):
            continue
        _compare_images(alignment, group, found)
        _compare_links(alignment, group, found)
    _images_of_missing_blocks(alignment, found)
    return found


def _images_of_missing_blocks(alignment: Alignment, out: Comparison) -> None:
    """Images of English blocks the translation lacks (an `<img>` line dropped), unless the translated
    section shows them elsewhere; a section missing as a whole is the structure rules' finding."""
    for pair in alignment.pairs:
        english = pair.source
        inline = own_inline(english) if english is not None and pair.target is None else None
        if english is None or inline is None or not inline.images or _in_downloads(english):
            continue
        section: Node = english
        while section.parent is not None and not isinstance(section, Section):
            section = section.parent
        translated = alignment.counterpart(section)
        if translated is None:
            continue
        near = _near(translated, out.near, images=True)
        where = alignment.anchor_in_target(english)
        out.missing_images.extend(
            (Ref(image, english), where) for image in inline.images if _file_key(image.src) not in near
        )


def _unchanged(group: BlockGroup) -> bool:
    """The common case, decided fast: one block each side, with the same links and images as written."""
    if len(group.english) != 1 or len(group.translation) != 1:
        return False
    english, translation = own_inline(group.english[0]), own_inline(group.translation[0])
    assert english is not None and translation is not None
    if [(i.src, i.attrs) for i in english.images] != [(i.src, i.attrs) for i in translation.images]:
        return False
    if [link.url for link in english.links] != [link.url for link in translation.links]:
        return False
    return all(t.text or not e.text for e, t in zip(english.links, translation.links, strict=True))


def _compare_images(alignment: Alignment, group: BlockGroup, out: Comparison) -> None:
    english, translation = _refs(group.english, True), _refs(group.translation, True)
    same, rest_e, rest_t = match_in_order(english, translation, lambda ref: _file_key(ref.url))
    out.lost_attrs.extend((e, t) for e, t in same if _lost_attrs(e.item, t.item))
    as_links: dict[str, Ref] = {}  # the first translated link to each file: an image that lost its `!`
    for t in _refs(group.translation, False):
        as_links.setdefault(_file_key(t.url), t)
    src = alignment.target.source
    unseen: list[Ref] = []
    urls = VisibleUrls(src, alignment.source.source, group.translation, marker="![")
    for e in rest_e:
        link = as_links.get(_file_key(e.url))
        if link is not None:
            span = link.item.span
            start = src.offset(span.start.line, span.start.column)
            reason = SPACED_BANG if src.text[start - 2 : start] == "! " else NO_BANG
            shown = src.text[start : src.offset(span.end.line, span.end.column) + 1]
            out.lost_marker.append(Visible(e, link.node, span, shown, reason))
            continue
        visible = urls.find(e)
        if isinstance(visible, Visible):
            out.lost_marker.append(visible)
        elif not visible:
            unseen.append(e)
    paired, missing, _ = _pair_rest(unseen, rest_t)
    out.changed_src.extend(paired)
    near = _near(group.translation[0], out.near, images=True) if missing else set()
    out.missing_images.extend((e, group.translation[0]) for e in missing if _file_key(e.url) not in near)


def _lost_attrs(english: Link | Image, translation: Link | Image) -> bool:
    """The translation drops or changes an attribute English sets (its title may be translated)."""
    have = dict(translation.attrs)
    for key, value in english.attrs:
        if key == "title":
            continue
        if key not in have:
            return True
        if key == "class" and set(value.split()) != set(have[key].split()):
            return True
        if key != "class" and value != have[key]:
            return True
    return False


def _compare_links(alignment: Alignment, group: BlockGroup, out: Comparison) -> None:
    english, translation = _refs(group.english, False), _refs(group.translation, False)
    images = {_file_key(image.url) for image in _refs(group.english, True)}
    translation = [t for t in translation if _file_key(t.url) not in images]
    same, rest_e, rest_t = match_in_order(english, translation, lambda ref: normalized(ref.url))
    unseen: list[Ref] = []
    urls = VisibleUrls(alignment.target.source, alignment.source.source, group.translation)
    for e in rest_e:
        shown = urls.find(e)
        if isinstance(shown, Visible):
            out.broken.append(shown)
        elif not shown:
            unseen.append(e)
    written = _written_links(alignment.target.source, group, english) if unseen else {}

    def likeness(e: Ref, t: Ref) -> float:
        """A card's button or icon link stands in for the English one of the same kind, whatever its URL."""
        role = _role(alignment.source.source, e)
        same_role = bool(role) and role == _role(alignment.target.source, t)
        return max(_similarity(e.url, t.url), 0.7 if same_role else 0.0)

    paired, missing, extra = _pair_rest(unseen, rest_t + list(written), likeness)
    for e, t in paired:
        reason, shown = written.get(t, (None, ""))
        if reason is None:
            out.changed.append((e, t))
        else:
            out.broken.append(Visible(e, t.node, t.item.span, shown, reason))
    extra = [t for t in extra if t not in written]
    near_t = _near(group.translation[0], out.near) if missing else set()
    out.missing.extend((e, group.translation[0]) for e in missing if normalized(e.url) not in near_t)
    near_e = _near(group.english[0], out.near) if extra and group.english else set()
    out.extra.extend(t for t in extra if normalized(t.url) not in near_e)
    for e, t in same + paired:
        if t.item.text or t in written or not _label(alignment.source.source, e).strip():
            continue
        if not _label(alignment.target.source, t).strip():
            out.empty.append((e, t))


def _written_links(src: SourceText, group: BlockGroup, english: list[Ref]) -> dict[Ref, tuple[str | None, str]]:
    """Bracketed links markdown-it did not parse, with why Python-Markdown does not render them (None if it
    does: a space in the URL) and their text; URLs of English links are left out (already seen).
    """
    parsed = {link.item.span.start for link in _refs(group.translation, False) + _refs(group.translation, True)}
    known = {normalized(ref.url) for ref in english}
    found: dict[Ref, tuple[str | None, str]] = {}
    for node in group.translation:
        text, begin = node_text(src, node)
        for match in _BRACKETED.finditer(text):
            start = src.pos(begin + match.start())
            url = match.group("url").strip().removeprefix("<").split(' "')[0].removesuffix(">")
            if start in parsed or not url or normalized(url) in known:
                continue
            marks = match.group("open") + match.group("close") + match.group("paren") + match.group("end")
            reason = None
            if "\\" in marks or match.group("text").endswith("\\"):
                reason = 'its brackets are escaped with "\\"'
            elif match.group("gap"):
                reason = 'a space between "]" and "(" splits it'
            elif any(mark in marks for mark in "【】［］（）"):
                reason = "it uses full-width brackets"
            elif not any(char.isspace() for char in url):
                continue  # a proper link markdown-it parsed (its span may not be where it was looked for)
            link = Link(url, match.group("text"), Span(start, src.pos(begin + match.end())))
            found[Ref(link, node)] = (reason, match.group(0))
    return found


def _role(src: SourceText, ref: Ref) -> tuple[str, ...]:
    """What a styled link is for: its classes and icons (`md-button`, `card-link` + `octicons-eye-16`)."""
    classes = dict(ref.item.attrs).get("class", "").split()
    return (*sorted(classes), *ICON.findall(_label(src, ref))) if classes else ()


def _label(src: SourceText, ref: Ref) -> str:
    """A link's text as written between its brackets, icons included; "x" when it cannot be told."""
    span = ref.item.span
    raw = src.text[src.offset(span.start.line, span.start.column) : src.offset(span.end.line, span.end.column)]
    cut = raw.rfind("](")
    return raw[1:cut] if raw.startswith("[") and cut > 0 else "x"


def card_of(node: Node) -> Admonition | None:
    current: Node | None = node.parent
    while current is not None:
        if isinstance(current, Admonition):
            return current if current.is_card else None
        current = current.parent
    return None


def link_name(ref: Ref) -> str:
    """How a message names an English link: card buttons and icon links in card words."""
    link = ref.item
    assert isinstance(link, Link)
    classes = dict(link.attrs).get("class", "").split()
    text = link.text.strip()
    if card_of(ref.node) is not None:
        if "md-button" in classes:
            return f"the card's {text.casefold() or 'main'} button"
        if link.title and len(link.title.split()) <= 3:  # "Privacy Policy", not a sentence
            return f"the card's {link.title.casefold()} link"
        if link.title:
            return f'the card\'s link "{quote_link(link.title)}"'
    if "md-button" in classes:
        return f'button "{quote_link(text)}"' if text else "button"
    return f'link "{quote_link(text)}"' if text else f'link to "{quote_link(unquote(link.url))}"'


def image_name(ref: Ref) -> str:
    image = ref.item
    assert isinstance(image, Image)
    card = card_of(ref.node)
    if card is not None and card.logo() is image:
        return "the card's logo"
    what = {"iframe": "embedded frame", "video": "video"}.get(image.element, "image")
    return f'{what} "{quote_link(image.alt)}"' if image.alt.strip() else f'{what} "{basename(image.src)}"'


def link_report(node: Node, span: Span, message: str, english: Ref, fix: Fix | None = None) -> Report:
    return Report(message, node=node, span=span, source=english.node, source_span=english.item.span, fix=fix)


def _in_misplaced_card(node: Node | None, ctx: RuleContext) -> bool:
    """Inside a card holding another product's content: misplaced-card reports the card as a whole."""
    card = node
    while card is not None and not isinstance(card, Admonition):
        card = card.parent
    source = ctx.counterpart(card) if card is not None else None
    return source is not None and misplaced(Pair(source, card, "card"), ctx) is not None


# -- rules ------------------------------------------------------------------------------------


class LinksRule(Rule):
    """Shared plumbing: run once per page on the cached comparison."""

    kinds = ("page",)
    family = "links"

    def check(self, pair: Pair, ctx: RuleContext) -> Iterator[Report]:
        for report in self.reports(_compare(ctx.alignment), ctx):
            if not _in_misplaced_card(report.node, ctx):
                yield report

    def reports(self, found: Comparison, ctx: RuleContext) -> Iterator[Report]:
        raise NotImplementedError
