"""What the link and image rules compare: one comparison per page, cached on the alignment.

The links and images of each group of aligned blocks, English against translation. A
group is the blocks that pairs connect, so a paragraph Crowdin joined with its neighbour
is compared with both English paragraphs at once. Links inside `downloads` collapsibles
are left to the downloads rule.

What is "broken" follows Python-Markdown, which renders the site: `[text] (url)`,
`[text]（url）` and `text](url)` all show as plain text there (tests/test_links.py
checks each variant against the renderer).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache
from os.path import commonprefix
from posixpath import basename
from urllib.parse import unquote, urlunsplit

from linter.align.aligner import Alignment, BlockGroup, Pair, block_groups, own_inline
from linter.align.analysis import analysis
from linter.engine.findings import SAFE, UNSAFE, Fix
from linter.engine.rule import Report, Rule, RuleContext
from linter.parse.markdown import ICON
from linter.parse.positions import Pos, Span
from linter.parse.source import SourceText
from linter.parse.tree import Admonition, Image, Link, Node, Section
from linter.parse.urls import split_url

from .card_facts import misplaced
from .facts import match_in_order, own_span, quote, url_in_markup

_MAX_QUOTE = 70
# Why an image shows as a link or text (lost-image-marker), as its fix tells them apart.
_NO_BANG, _SPACED_BANG, _NO_MARKER = 'its "!" is missing', 'a space after "!"', 'its "![" is missing'
_MAX_SCORED = 2500  # leftover pairs scored for likeness in one group; beyond, pairing is by order
# A single character that may continue a URL: a URL found in text must not be a prefix of a longer one.
_URL_CHAR = re.compile(r"[\w/%\-.~?#=&+]")
# What closes a link after its URL: `>` of `<url>`, a title, `)`.
_LINK_END = re.compile(r""">?[ \t]*(?:"[^"\n]*"|'[^'\n]*')?[ \t]*\)""")
# `]` and `(` apart or full-width, right before a URL: `[text] (url`, `[text]（url`.
_SPLIT = re.compile(r"([\]】］])(\s*)([(（])$")
# What may stand between a detached `[text]` and its `(url)`: a few words, no other markup.
_WORDS_ONLY = re.compile(r"[^()（）\[\]]{1,60}")
# `[text](url)` as a translator may break it: escaped, spaced, full-width (not an image: no `!` before)
_BRACKETED = re.compile(
    r"(?<!!)(?P<open>\\?[\[【［])(?P<text>[^\[\]【】［］\n]*)(?P<close>[\]】］])(?P<gap>\s*)(?P<paren>[(（])"
    r"(?P<url>[^()（）\[\]\n]*)(?P<end>[)）])"  # no bracket inside either part: one pass over the text
)


# -- what the rules compare -------------------------------------------------------------------


@dataclass(frozen=True, slots=True, eq=False)
class Ref:
    """A link or image and the block that holds it (compared and hashed by identity)."""

    item: Link | Image
    node: Node

    @property
    def url(self) -> str:
        return self.item.url if isinstance(self.item, Link) else self.item.src


@dataclass(frozen=True, slots=True)
class _Visible:
    """English link or image markup the translation shows as text, and why it does not render."""

    english: Ref
    node: Node  # translated block
    span: Span
    shown: str  # the text a reader sees
    reason: str


@dataclass
class Comparison:
    changed: list[tuple[Ref, Ref]] = field(default_factory=list)  # paired links, different URLs
    missing: list[tuple[Ref, Node]] = field(default_factory=list)  # English link, translated block
    extra: list[Ref] = field(default_factory=list)
    empty: list[tuple[Ref, Ref]] = field(default_factory=list)  # English text, translation has none
    broken: list[_Visible] = field(default_factory=list)
    lost_marker: list[_Visible] = field(default_factory=list)
    changed_src: list[tuple[Ref, Ref]] = field(default_factory=list)
    lost_attrs: list[tuple[Ref, Ref]] = field(default_factory=list)
    missing_images: list[tuple[Ref, Node | Span]] = field(default_factory=list)  # English image, where
    near: dict[tuple[Node, bool], set[str]] = field(default_factory=dict, repr=False)  # URLs by section


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


# -- text a reader sees instead of a link ------------------------------------------------------


def _node_text(src: SourceText, node: Node) -> tuple[str, int]:
    """A block's source text and the offset where it starts."""
    span = own_span(node)
    begin = src.offset(span.start.line, span.start.column)
    end = src.offset(span.end.line, span.end.column) if span.end.line <= len(src.lines) else len(src.text)
    return src.text[begin:end], begin


def _url_as_written(src: SourceText, ref: Ref) -> str:
    """The URL as the English page writes it (markdown-it percent-encodes what it parses)."""
    span = ref.item.span
    raw = src.text[src.offset(span.start.line, span.start.column) : src.offset(span.end.line, span.end.column)]
    cut = raw.rfind("](")
    return raw[cut + 2 :].lstrip("<") if cut >= 0 else ref.url


def _why_not_rendered(text: str, at: int, end: int, marker: str = "[") -> tuple[str, int] | None:
    """Why the markup around a URL at text[at:end] is no link for Python-Markdown, and where it starts.

    None when it is written as a proper link (markdown-it may still have refused it, e.g. for a
    space in the URL, but Python-Markdown renders it). `marker` is how the markup should open.
    """
    before = text[:at].removesuffix("<")
    after = text[end:]
    if before.endswith("]("):
        close = len(before) - 2
        floor = text.rfind("](", 0, close) + 1  # never look into the previous link
        opener = max(text.rfind(c, floor, close) for c in "[【［")
        if text[close - 1 : close] == "\\" or (opener > 0 and text[opener - 1] == "\\"):
            return 'its brackets are escaped with "\\"', max(opener - 1, 0)
        if opener < 0:
            return f'its "{marker}" is missing', _line_start(text, close)
        if text[opener] != "[":
            return f'"{text[opener]}" is a full-width bracket', opener
        if after.startswith("）"):
            return '"）" is a full-width parenthesis', opener
        if not _LINK_END.match(after):
            return 'its ")" is missing', opener
        return None
    match = _SPLIT.search(before[-200:])
    if match:
        match_start = len(before) - len(before[-200:]) + match.start()
        opener = max(max(text.rfind(c, 0, match_start) for c in "[【［"), 0)
        if match.group(2):
            return 'a space between "]" and "(" splits it', opener
        return f'"{match.group(1)}{match.group(3)}" are full-width brackets', opener
    if before.endswith(("(", "（")):
        last_close = max(before.rfind("]"), before.rfind("】"))
        opener = text.rfind("[", last_close + 1, at)
        if opener >= 0:
            return 'its "]" is missing', opener
        between = before[last_close + 1 : -1]
        if last_close >= 0 and between[:1] not in ("(", "（") and _WORDS_ONLY.fullmatch(between):
            return 'words between "]" and "(" part its text from its address', max(text.rfind("[", 0, last_close), 0)
        return f'its "{marker} ]" brackets are gone', at - 1
    if text[:at].count("`") % 2:
        return "it is written as code between backticks, so readers cannot click it", text.rfind("`", 0, at)
    if before.endswith(('href="', 'src="')):
        return None  # an HTML link or image: the parser read it as one
    return "its link markup is gone", at


def _line_start(text: str, index: int) -> int:
    """Where the line holding `index` starts, after its indentation."""
    start = text.rfind("\n", 0, index) + 1
    while start < index and text[start] in " \t":
        start += 1
    return start


def _find_visible(
    src: SourceText, english_src: SourceText, ref: Ref, nodes: Sequence[Node], marker: str = "["
) -> _Visible | bool:
    """Where the translation shows an English link's or image's URL as text; True when it is written
    as a proper link after all (which markdown-it refused, but Python-Markdown renders), False when absent.
    """
    forms = dict.fromkeys((_url_as_written(english_src, ref), ref.url, unquote(ref.url)))
    for node in nodes:
        text, begin = _node_text(src, node)
        for form in forms:
            at = text.find(form)
            while at >= 0:
                end = at + len(form)
                end += text[end : end + 1] == "/" and not _URL_CHAR.match(text[end + 1 : end + 2])
                label = text.startswith("](", end)  # the text of a link that goes elsewhere: not this one
                if (
                    not label
                    and not _URL_CHAR.match(text[end : end + 1])
                    and not _URL_CHAR.match(text[at - 1 : at] or " ")
                ):
                    why = _why_not_rendered(text, at, end, marker)
                    if why is None:
                        return True
                    reason, start = why
                    stop = end + 1 if text[end : end + 1] in (")", "）") else end
                    span = Span(src.pos(begin + start), src.pos(begin + stop))
                    return _Visible(ref, node, span, text[start:stop], reason)
                at = text.find(form, at + 1)
    return False


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
    as_links = _refs(group.translation, False)
    src = alignment.target.source
    unseen: list[Ref] = []
    for e in rest_e:
        link = next((t for t in as_links if _file_key(e.url) == _file_key(t.url)), None)
        if link is not None:
            span = link.item.span
            start = src.offset(span.start.line, span.start.column)
            reason = _SPACED_BANG if src.text[start - 2 : start] == "! " else _NO_BANG
            shown = src.text[start : src.offset(span.end.line, span.end.column) + 1]
            out.lost_marker.append(_Visible(e, link.node, span, shown, reason))
            continue
        visible = _find_visible(src, alignment.source.source, e, group.translation, marker="![")
        if isinstance(visible, _Visible):
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
    for e in rest_e:
        shown = _find_visible(alignment.target.source, alignment.source.source, e, group.translation)
        if isinstance(shown, _Visible):
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
            out.broken.append(_Visible(e, t.node, t.item.span, shown, reason))
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
        text, begin = _node_text(src, node)
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


# -- fixes ----------------------------------------------------------------------------------------


_FULL_WIDTH = str.maketrans("【［】］（）", "[[]]()")
_REPAIRED = re.compile(r"\[[^\[\]\n]*\]\([^()\s]+(?: +\"[^\"\n]*\")?\)")


def markup_fix(src: SourceText, shown: _Visible) -> Fix | None:
    """`[text] (url)`, `【text】（url）` or `\\[text\\](url)` written as the link it was meant to be.

    Only when what is left is exactly one link (its address is changed-link-target's
    business): a missing bracket has no single answer (where did the text start?).
    """
    repaired = re.sub(r"\\(?=[\[\]])", "", shown.shown.translate(_FULL_WIDTH))
    repaired = re.sub(r"\][ \t]+\(", "](", repaired)
    match = _REPAIRED.fullmatch(repaired)
    if match is None or repaired == shown.shown:
        return None
    begin = src.offset(shown.span.start.line, shown.span.start.column)
    if src.text[begin : begin + len(shown.shown)] != shown.shown:
        return None
    span = Span(shown.span.start, src.pos(begin + len(shown.shown)))
    return Fix.replace(span, repaired, f'write the link as "{quote_link(repaired)}"')


def marker_fix(alignment: Alignment, lost: _Visible) -> Fix | None:
    """An image's lost `!` or `![` written back where its alt text starts."""
    start = lost.span.start
    if lost.reason == _NO_BANG:
        return Fix.replace(Span(start, start), "!", 'write "!"')
    if lost.reason == _SPACED_BANG:
        return Fix.replace(Span(Pos(start.line, start.column - 2), start), "!", 'remove the space after "!"')
    image = lost.english.item.span.start
    english_line = alignment.source.source.lines[image.line - 1][: image.column - 1]
    translated_line = alignment.target.source.lines[start.line - 1][: start.column - 1]
    if lost.reason == _NO_MARKER and not english_line.strip() and not translated_line.strip():
        return Fix.replace(Span(start, start), "![", 'write "!["')
    return None  # mid-sentence: where the alt text starts has no single answer


def url_fix(alignment: Alignment, english: Ref, translated: Ref, what: str) -> Fix | None:
    """The English address, as the English page writes it, in place of the translated one.

    Safe within one site (a typo, a pasted address, a translated page name); another host may
    be the reader's edition of a site the localisation rules do not know, so that fix is unsafe.
    """
    written = url_in_markup(alignment.target.source, translated.item)
    expected = url_in_markup(alignment.source.source, english.item)
    if written is None or expected is None:
        return None
    same_site = split_url(english.url).netloc.casefold() == split_url(translated.url).netloc.casefold()
    safety = SAFE if same_site else UNSAFE
    return Fix.replace(written[0], expected[1], f'write the English {what} "{expected[1]}"', safety)


# -- how messages name things -------------------------------------------------------------------


def quote_link(text: str) -> str:
    return quote(text, _MAX_QUOTE)


def differing(a: str, b: str) -> tuple[str, str]:
    """Two long URLs quoted from a little before where they differ, so the difference shows."""
    if max(len(a), len(b)) <= _MAX_QUOTE:
        return a, b
    cut = len(commonprefix([a, b])) - 25
    if cut <= len("https://"):
        return quote_link(a), quote_link(b)
    return quote_link("…" + a[cut:]), quote_link("…" + b[cut:])


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

    def check(self, pair: Pair, ctx: RuleContext) -> Iterator[Report]:
        for report in self.reports(_compare(ctx.alignment), ctx):
            if not _in_misplaced_card(report.node, ctx):
                yield report

    def reports(self, found: Comparison, ctx: RuleContext) -> Iterator[Report]:
        raise NotImplementedError
