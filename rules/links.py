"""TM501-TM519: links and images keep their targets and their syntax.

Every rule here reads one comparison per page (`_compare`, cached on the alignment):
the links and images of each group of aligned blocks, English against translation.
A group is the blocks that pairs connect, so a paragraph Crowdin joined with its
neighbour is compared with both English paragraphs at once. Links inside `downloads`
collapsibles are left to the downloads rule.

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
from urllib.parse import unquote, urlsplit, urlunsplit

from linter.align.aligner import Alignment, BlockGroup, Pair, block_groups, own_inline
from linter.engine.findings import Severity
from linter.engine.rule import Option, Report, Rule, RuleContext
from linter.parse.markdown import ICON
from linter.parse.positions import Pos, Span
from linter.parse.source import SourceText
from linter.parse.tree import Admonition, Image, Link, Node, Section

from .cards import card_logo, misplaced

# Parts of a URL a localisation may change; `{lang}` stands for the translation's language.
DEFAULT_LOCALIZED_URLS = (
    r"^https?://(?:en|{lang})\.(?:m\.)?wikipedia\.org/wiki/.*$",  # the article in the reader's language
    r"(?<=//)(?:en|{lang})(?:[-_][a-z0-9]{2,4})?\.(?=[^/]+\.)",  # language subdomain: es.example.org
    r"(?<=/)(?:en|{lang})(?:[-_][a-z0-9]{2,4})?(?=/|$|[?#])",  # language path segment: /en/, /en-US/
    r"(?<=[?&])(?:hl|lang|locale|language)=[^&#]*",  # language query parameter: ?hl=ja, ?lang=es
    r"#:~:text=.*$",  # a text fragment only highlights words, which translation may change
)
# A single character that may continue a URL: a URL found in text must not be a prefix of a longer one.
_URL_CHAR = re.compile(r"[\w/%\-.~?#=&+]")
_MAX_QUOTE = 70
_MAX_SCORED = 2500  # leftover pairs scored for likeness in one group; beyond, pairing is by order
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
class _Ref:
    """A link or image and the block that holds it (compared and hashed by identity)."""

    item: Link | Image
    node: Node

    @property
    def url(self) -> str:
        return self.item.url if isinstance(self.item, Link) else self.item.src


@dataclass(frozen=True, slots=True)
class _Visible:
    """English link or image markup the translation shows as text, and why it does not render."""

    english: _Ref
    node: Node  # translated block
    span: Span
    shown: str  # the text a reader sees
    reason: str


@dataclass
class _Comparison:
    changed: list[tuple[_Ref, _Ref]] = field(default_factory=list)  # paired links, different URLs
    missing: list[tuple[_Ref, Node]] = field(default_factory=list)  # English link, translated block
    extra: list[_Ref] = field(default_factory=list)
    empty: list[tuple[_Ref, _Ref]] = field(default_factory=list)  # English text, translation has none
    broken: list[_Visible] = field(default_factory=list)
    lost_marker: list[_Visible] = field(default_factory=list)
    changed_src: list[tuple[_Ref, _Ref]] = field(default_factory=list)
    lost_attrs: list[tuple[_Ref, _Ref]] = field(default_factory=list)
    near: dict[Node, set[str]] = field(default_factory=dict, repr=False)  # link URLs by section


def _own_span(node: Node) -> Span:
    if isinstance(node, Section) and node.heading_span is not None:
        return node.heading_span
    return node.span


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
    parts = urlsplit(unquote(url.strip()).casefold())
    path = parts.path.rstrip("/")
    while path.startswith("./"):
        path = path[2:]
    return urlunsplit((parts.scheme, parts.netloc, path, parts.query, parts.fragment))


def _bare_host(netloc: str) -> str:
    labels = netloc.lower().removeprefix("www.").split(".")
    return ".".join(labels[1:] if len(labels) > 2 and len(labels[0]) == 2 else labels)


def _similarity(a: str, b: str) -> float:
    pa, pb = urlsplit(a), urlsplit(b)
    host = 1.0 if _bare_host(pa.netloc) == _bare_host(pb.netloc) else 0.0
    return 0.5 * host + 0.5 * SequenceMatcher(None, pa.path + pa.fragment, pb.path + pb.fragment).ratio()


def _match(
    english: list[_Ref], translation: list[_Ref], key: Callable[[str], str]
) -> tuple[list[tuple[_Ref, _Ref]], list[_Ref], list[_Ref]]:
    """Pairs with the same target (in order), and what is left on either side."""
    if [e.url for e in english] == [t.url for t in translation]:
        return list(zip(english, translation, strict=True)), [], []
    pool: dict[str, list[_Ref]] = {}
    for ref in translation:
        pool.setdefault(key(ref.url), []).append(ref)
    pairs: list[tuple[_Ref, _Ref]] = []
    rest: list[_Ref] = []
    for ref in english:
        found = pool.get(key(ref.url))
        if found:
            pairs.append((ref, found.pop(0)))
        else:
            rest.append(ref)
    used = {t for _, t in pairs}
    return pairs, rest, [t for t in translation if t not in used]


def _pair_rest(
    english: list[_Ref], translation: list[_Ref], likeness: Callable[[_Ref, _Ref], float] | None = None
) -> tuple[list[tuple[_Ref, _Ref]], list[_Ref], list[_Ref]]:
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
    span = _own_span(node)
    begin = src.offset(span.start.line, span.start.column)
    end = src.offset(span.end.line, span.end.column) if span.end.line <= len(src.lines) else len(src.text)
    return src.text[begin:end], begin


def _url_as_written(src: SourceText, ref: _Ref) -> str:
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
    if text[:at].count("`") % 2 or before.endswith(('href="', 'src="')):
        return None  # inside a code span or an HTML tag: written so on purpose
    return "its link markup is gone", at


def _line_start(text: str, index: int) -> int:
    """Where the line holding `index` starts, after its indentation."""
    start = text.rfind("\n", 0, index) + 1
    while start < index and text[start] in " \t":
        start += 1
    return start


def _find_visible(
    src: SourceText, english_src: SourceText, ref: _Ref, nodes: Sequence[Node], marker: str = "["
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
                if not _URL_CHAR.match(text[end : end + 1]) and not _URL_CHAR.match(text[at - 1 : at] or " "):
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


def _refs(nodes: Sequence[Node], images: bool) -> list[_Ref]:
    out: list[_Ref] = []
    for node in nodes:
        inline = own_inline(node)
        if inline is not None:
            out += [_Ref(item, node) for item in (inline.images if images else inline.links)]
    return out


def _links_near(node: Node, cache: dict[Node, set[str]]) -> set[str]:
    """Normalised URLs of every link in the section that holds `node` (kept per section in `cache`)."""
    section: Node = node
    while section.parent is not None and not isinstance(section, Section):
        section = section.parent
    found = cache.get(section)
    if found is None:
        found = cache[section] = set()
        for block in section.walk():
            inline = own_inline(block)
            if inline is not None:
                found.update(normalized(link.url) for link in inline.links)
    return found


def _compare(alignment: Alignment) -> _Comparison:
    found = alignment.cache.get(_compare)
    if found is None:
        found = alignment.cache[_compare] = _Comparison()
        for group in _groups(alignment):
            if _unchanged(group) or any(_in_downloads(node) for node in group.english + group.translation):
                continue
            _compare_images(alignment, group, found)
            _compare_links(alignment, group, found)
    return found


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


def _compare_images(alignment: Alignment, group: BlockGroup, out: _Comparison) -> None:
    english, translation = _refs(group.english, True), _refs(group.translation, True)
    same, rest_e, rest_t = _match(english, translation, _file_key)
    out.lost_attrs.extend((e, t) for e, t in same if _lost_attrs(e.item, t.item))
    as_links = _refs(group.translation, False)
    src = alignment.target.source
    unseen: list[_Ref] = []
    for e in rest_e:
        link = next((t for t in as_links if _file_key(e.url) == _file_key(t.url)), None)
        if link is not None:
            span = link.item.span
            start = src.offset(span.start.line, span.start.column)
            reason = 'a space after "!"' if src.text[start - 2 : start] == "! " else 'its "!" is missing'
            shown = src.text[start : src.offset(span.end.line, span.end.column) + 1]
            out.lost_marker.append(_Visible(e, link.node, span, shown, reason))
            continue
        visible = _find_visible(src, alignment.source.source, e, group.translation, marker="![")
        if isinstance(visible, _Visible):
            out.lost_marker.append(visible)
        elif not visible:
            unseen.append(e)
    paired, _, _ = _pair_rest(unseen, rest_t)
    out.changed_src.extend(paired)


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


def _compare_links(alignment: Alignment, group: BlockGroup, out: _Comparison) -> None:
    english, translation = _refs(group.english, False), _refs(group.translation, False)
    images = {_file_key(image.url) for image in _refs(group.english, True)}
    translation = [t for t in translation if _file_key(t.url) not in images]
    same, rest_e, rest_t = _match(english, translation, normalized)
    unseen: list[_Ref] = []
    for e in rest_e:
        shown = _find_visible(alignment.target.source, alignment.source.source, e, group.translation)
        if isinstance(shown, _Visible):
            out.broken.append(shown)
        elif not shown:
            unseen.append(e)
    written = _written_links(alignment.target.source, group, english) if unseen else {}

    def likeness(e: _Ref, t: _Ref) -> float:
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
    near_t = _links_near(group.translation[0], out.near) if missing else set()
    out.missing.extend((e, group.translation[0]) for e in missing if normalized(e.url) not in near_t)
    near_e = _links_near(group.english[0], out.near) if extra and group.english else set()
    out.extra.extend(t for t in extra if normalized(t.url) not in near_e)
    for e, t in same + paired:
        if t.item.text or t in written or not _label(alignment.source.source, e).strip():
            continue
        if not _label(alignment.target.source, t).strip():
            out.empty.append((e, t))


def _written_links(src: SourceText, group: BlockGroup, english: list[_Ref]) -> dict[_Ref, tuple[str | None, str]]:
    """Bracketed links markdown-it did not parse, with why Python-Markdown does not render them (None if it
    does: a space in the URL) and their text; URLs of English links are left out (already seen).
    """
    parsed = {link.item.span.start for link in _refs(group.translation, False) + _refs(group.translation, True)}
    known = {normalized(ref.url) for ref in english}
    found: dict[_Ref, tuple[str | None, str]] = {}
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
            found[_Ref(link, node)] = (reason, match.group(0))
    return found


def _role(src: SourceText, ref: _Ref) -> tuple[str, ...]:
    """What a styled link is for: its classes and icons (`md-button`, `card-link` + `octicons-eye-16`)."""
    classes = dict(ref.item.attrs).get("class", "").split()
    return (*sorted(classes), *ICON.findall(_label(src, ref))) if classes else ()


def _label(src: SourceText, ref: _Ref) -> str:
    """A link's text as written between its brackets, icons included; "x" when it cannot be told."""
    span = ref.item.span
    raw = src.text[src.offset(span.start.line, span.start.column) : src.offset(span.end.line, span.end.column)]
    cut = raw.rfind("](")
    return raw[1:cut] if raw.startswith("[") and cut > 0 else "x"


# -- how messages name things -------------------------------------------------------------------


def _quote(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _MAX_QUOTE else text[: _MAX_QUOTE - 1] + "…"


def _differing(a: str, b: str) -> tuple[str, str]:
    """Two long URLs quoted from a little before where they differ, so the difference shows."""
    if max(len(a), len(b)) <= _MAX_QUOTE:
        return a, b
    cut = len(commonprefix([a, b])) - 25
    if cut <= len("https://"):
        return _quote(a), _quote(b)
    return _quote("…" + a[cut:]), _quote("…" + b[cut:])


def _card(node: Node) -> Admonition | None:
    current: Node | None = node.parent
    while current is not None:
        if isinstance(current, Admonition):
            return current if current.is_card else None
        current = current.parent
    return None


def link_name(ref: _Ref) -> str:
    """How a message names an English link: card buttons and icon links in card words."""
    link = ref.item
    assert isinstance(link, Link)
    classes = dict(link.attrs).get("class", "").split()
    text = link.text.strip()
    if _card(ref.node) is not None:
        if "md-button" in classes:
            return f"the card's {text.casefold() or 'main'} button"
        if link.title and len(link.title.split()) <= 3:  # "Privacy Policy", not a sentence
            return f"the card's {link.title.casefold()} link"
        if link.title:
            return f'the card\'s link "{_quote(link.title)}"'
    if "md-button" in classes:
        return f'button "{_quote(text)}"' if text else "button"
    return f'link "{_quote(text)}"' if text else f'link to "{_quote(unquote(link.url))}"'


def image_name(ref: _Ref) -> str:
    image = ref.item
    assert isinstance(image, Image)
    card = _card(ref.node)
    if card is not None and card.logo() is image:
        return "the card's logo"
    return f'image "{_quote(image.alt)}"' if image.alt.strip() else f'image "{basename(image.src)}"'


def _report(node: Node, span: Span, message: str, english: _Ref) -> Report:
    return Report(message, node=node, span=span, source=english.node, source_span=english.item.span)


# -- anchors and localised URLs -----------------------------------------------------------------


def _lang_code(lang: str) -> str:
    """A regex for a language code as URLs write it: `pt-BR` matches `pt-BR`, `pt_BR` and `pt`."""
    primary = re.split(r"[-_]", lang)[0]
    return "(?:" + "|".join(re.escape(c) for c in dict.fromkeys((lang, primary)) if c) + ")"


@lru_cache(maxsize=64)
def _localizers(patterns: tuple[str, ...], lang: str) -> tuple[re.Pattern[str], ...]:
    code = _lang_code(lang)
    return tuple(re.compile(p.replace("{lang}", code), re.I) for p in patterns)


@lru_cache(maxsize=64)
def _reader_language(lang: str) -> re.Pattern[str]:
    """A URL made for readers of `lang`: its subdomain, path segment or language parameter."""
    code = _lang_code(lang)
    return re.compile(
        rf"//{code}\.|/{code}(?:[-_][a-z0-9]{{2,4}})?(?=/|$|[?#])|[?&](?:hl|lang|locale|language)={code}\b", re.I
    )


def _delocalized(url: str, localizers: Sequence[re.Pattern[str]]) -> str:
    for pattern in localizers:
        url = pattern.sub("", url)
    url = re.sub(r"(?<!:)//+", "/", url).replace("?&", "?")
    return normalized(url.rstrip("?&"))


def _localized_page(lang: str, english: str, translated: str) -> bool:
    """The translation links the same site's page for its readers (`/es-es/…`, `?hl=ru`) where the
    English links the English page: the two pages' addresses may differ in more than the language.
    """
    if not lang or urlsplit(normalized(english)).netloc != urlsplit(normalized(translated)).netloc:
        return False
    reader_language = _reader_language(lang)
    return bool(reader_language.search(translated)) and not reader_language.search(english)


def _translated_anchor(ctx: RuleContext, english: _Ref, url: str) -> bool:
    """Only the #fragment differs, and it is (or may be: the page is not in the run) the id of the
    translated heading the English fragment names.
    """
    e, t = urlsplit(normalized(english.url)), urlsplit(normalized(url))
    if e[:4] != t[:4] or e.scheme or e.netloc or not t.fragment or any(c.isspace() for c in t.fragment):
        return False  # also: no heading id has a space in it
    if not e.path:  # on this page: the aligned heading tells
        for section in ctx.alignment.source.sections():
            if section.anchor.casefold() == e.fragment:
                counterpart = ctx.counterpart(section)
                return isinstance(counterpart, Section) and counterpart.anchor.casefold() == t.fragment
        return t.fragment in {s.anchor.casefold() for s in ctx.alignment.target.sections()}
    resolved = ctx.site.resolve(ctx.alignment.source.path, english.url) if ctx.site is not None else None
    pages = (ctx.site.page(resolved[0], "en"), ctx.site.page(resolved[0], ctx.lang)) if resolved and ctx.site else ()
    if len(pages) < 2 or pages[0] is None or pages[1] is None:
        return True  # the linked page is not part of the run: nothing to hold the fragment against
    english_ids = [s.anchor.casefold() for s in pages[0].sections()]
    translated_ids = [s.anchor.casefold() for s in pages[1].sections()]
    if e.fragment in english_ids and len(english_ids) == len(translated_ids):
        return translated_ids[english_ids.index(e.fragment)] == t.fragment
    return t.fragment in translated_ids and t.fragment not in english_ids


def _in_misplaced_card(node: Node | None, ctx: RuleContext) -> bool:
    """Inside a card holding another product's content: misplaced-card reports the card as a whole."""
    card = node
    while card is not None and not isinstance(card, Admonition):
        card = card.parent
    source = ctx.counterpart(card) if card is not None else None
    return source is not None and misplaced(Pair(source, card, "card"), ctx) is not None


# -- rules ------------------------------------------------------------------------------------


class _LinksRule(Rule):
    """Shared plumbing: run once per page on the cached comparison."""

    kinds = ("page",)

    def check(self, pair: Pair, ctx: RuleContext) -> Iterator[Report]:
        for report in self.reports(_compare(ctx.alignment), ctx):
            if not _in_misplaced_card(report.node, ctx):
                yield report

    def reports(self, found: _Comparison, ctx: RuleContext) -> Iterator[Report]:
        raise NotImplementedError


class ChangedLinkTarget(_LinksRule):
    """A link points somewhere else than its English counterpart.

    ## What it does
    Pairs the links of every translated block with the links of its English
    block and flags a link whose address differs. Changes a localisation makes
    on purpose are accepted: the article in the reader's Wikipedia, a language
    subdomain or path segment (`/en/` → `/es/`), a language query parameter
    (`?hl=ja`), a page of the same site in the reader's language whose address
    differs further (`support.apple.com/es-es/guide/…/depd0b888248`), a
    `#fragment` that is the id of the translated heading, and differences in
    percent-encoding, letter case or a trailing slash. In a card, the
    homepage button and the privacy policy, documentation, source code and
    contribute links are named as such.

    ## Why is this bad?
    Readers land on another page than the one the English recommends: a typo
    in the address, a link pasted from another paragraph, a translated page
    name that does not exist.

    ## Example
    ```markdown title="English"
    See [Linux distributions](os/linux-overview.md#arch-based-distributions).
    ```
    ```markdown title="Translation"
    Zie [Linux-distributies](#arch-based-distributions).
    ```
    ```markdown title="Use instead"
    Zie [Linux-distributies](os/linux-overview.md#arch-based-distributions).
    ```

    ## Options
    `localized-urls` is a list of regular expressions for the parts of a URL a
    localisation may change; `{lang}` in them stands for the translation's
    language code (`es`, or `pt-BR` and `pt`). A translated URL is accepted
    when, with every match deleted from it and from the English URL, the two
    are equal. To add a site that puts the language in a `country=` parameter:
    `localized-urls = [..., '(?<=[?&])country={lang}']` (repeat the defaults you
    keep: the list replaces them).

    ## Known false positives
    A site that moved: the translator may have updated an address the English
    still has in its old form. Fix the English then.
    """

    id = "TM501"
    name = "changed-link-target"
    summary = "A link points to another address than in English"
    severity = Severity.WARNING
    options = {
        "localized-urls": Option(
            list(DEFAULT_LOCALIZED_URLS),
            list,
            "regexes for the parts of a URL a translation may localise; `{lang}` is the language code",
        )
    }

    def reports(self, found: _Comparison, ctx: RuleContext) -> Iterator[Report]:
        localizers = _localizers(tuple(ctx.options["localized-urls"]), ctx.lang)
        for english, translated in found.changed:
            if _delocalized(english.url, localizers) == _delocalized(translated.url, localizers):
                continue
            if _localized_page(ctx.lang, english.url, translated.url):
                continue
            if _translated_anchor(ctx, english, translated.url):
                continue
            shown, expected = _differing(unquote(translated.url), unquote(english.url))
            yield _report(
                translated.node,
                translated.item.span,
                f'{link_name(english)} points to "{shown}" where English has "{expected}"',
                english,
            )


class MissingLink(_LinksRule):
    """A link of the English block is not in its translation.

    ## What it does
    Flags an English link that has no link in the translated block, neither
    with the same address nor with another one in its place; the link's text
    may still be there, unlinked. Links that moved to another block of the
    same section are not flagged. A link whose markup is merely broken is
    reported by `broken-link-syntax` instead.

    ## Why is this bad?
    The reader loses the source or the page the English points to. In a card,
    a missing homepage button or privacy policy link removes part of the
    card's standard layout.

    ## Example
    ```markdown title="English"
    OsmAnd's supported [features](https://wiki.openstreetmap.org/wiki/OsmAnd#Features).
    ```
    ```markdown title="Translation"
    Las características de OsmAnd.
    ```
    ```markdown title="Use instead"
    Las [características](https://wiki.openstreetmap.org/wiki/OsmAnd#Features) de OsmAnd.
    ```

    ## Known false positives
    A stale translation of an older English paragraph that had no link yet;
    updating the translation fixes both.
    """

    id = "TM502"
    name = "missing-link"
    summary = "A link of the English block is missing in the translation"
    severity = Severity.WARNING

    def reports(self, found: _Comparison, ctx: RuleContext) -> Iterator[Report]:
        lines = ctx.alignment.target.source.lines
        for english, block in found.missing:
            span = _own_span(block)
            line = lines[span.start.line - 1]
            start = Pos(span.start.line, max(span.start.column, len(line) - len(line.lstrip()) + 1))
            name = link_name(english)
            message = f"{name} is missing"
            if not name.startswith("link to "):  # a name that is not the address already
                message += f'; English links to "{_quote(unquote(english.url))}"'
            yield _report(block, Span(start, span.end), message, english)


class ExtraLink(_LinksRule):
    """The translated block has a link its English block does not have.

    ## What it does
    Flags a link in a translated block whose address is in no link of the
    English block and of the English section around it, and that does not
    stand in for a changed English link (those are `changed-link-target`).
    A link to a resource in the reader's language (`ru.wikipedia.org`,
    `/ru/`, `?hl=ru`) is a translator's addition and is not flagged.

    ## Why is this bad?
    An extra link usually comes from another paragraph or page that
    translation memory pasted in, or from an older English version: the
    reader is sent somewhere the English no longer recommends.

    ## Example
    ```markdown title="English"
    Read the [Android Security Bulletins](https://source.android.com/security/bulletin).
    ```
    ```markdown title="Translation"
    Читайте [бюлетені](https://source.android.com/security/bulletin) та [Qualcomm](https://www.qualcomm.com/news).
    ```
    ```markdown title="Use instead"
    Читайте [бюлетені безпеки Android](https://source.android.com/security/bulletin).
    ```

    ## Known false positives
    A paragraph translated from an older English version keeps links the
    English has since dropped; updating the translation fixes it (the
    paragraph rules report such paragraphs as stale too).
    """

    id = "TM503"
    name = "extra-link"
    summary = "A translated block has a link English does not have"
    severity = Severity.WARNING

    def reports(self, found: _Comparison, ctx: RuleContext) -> Iterator[Report]:
        reader_language = _reader_language(ctx.lang) if ctx.lang else None
        for translated in found.extra:
            link = translated.item
            assert isinstance(link, Link)
            if reader_language is not None and reader_language.search(link.url):
                continue  # a translator's pointer to a resource in the reader's language
            text = f'link "{_quote(link.text)}"' if link.text.strip() else "link"
            yield Report(
                f'{text} to "{_quote(unquote(link.url))}" is not in English',
                node=translated.node,
                span=link.span,
            )


class EmptyLinkText(_LinksRule):
    """A link lost its text: `[](url)` where English has `[text](url)`.

    ## What it does
    Flags a translated link with nothing between its brackets (no text, no
    icon, no image) whose English counterpart has text.

    ## Why is this bad?
    The link renders as an empty `<a>`: readers cannot see or click it.

    ## Example
    ```markdown title="English"
    Read the [audit report](https://addy.io/addy-io-security-audit.pdf).
    ```
    ```markdown title="Translation"
    Lee el [](https://addy.io/addy-io-security-audit.pdf) informe de auditoría.
    ```
    ```markdown title="Use instead"
    Lee el [informe de auditoría](https://addy.io/addy-io-security-audit.pdf).
    ```
    """

    id = "TM504"
    name = "empty-link-text"
    summary = "A link has no text where English has some"
    severity = Severity.ERROR

    def reports(self, found: _Comparison, ctx: RuleContext) -> Iterator[Report]:
        for english, translated in found.empty:
            yield _report(
                translated.node,
                translated.item.span,
                f"{link_name(english)} has no text between its brackets, so readers cannot see or click it",
                english,
            )


class BrokenLinkSyntax(_LinksRule):
    """A link's markup is broken, so the site shows it as text.

    ## What it does
    Finds the address of an English link written out in the translated block
    in markup Python-Markdown does not read as a link: a space between `]` and
    `(`, full-width `（）` or `【】`, escaped `\\[ \\]`, a missing `[`, `]` or
    `)`, or the address left in parentheses without its `[text]`.

    ## Why is this bad?
    Readers see `[modelos cuantizados] (https://huggingface.co/…)` as text
    instead of a link.

    ## Example
    ```markdown title="English"
    Use [quantized models](https://huggingface.co/docs/optimum/concept_guides/quantization).
    ```
    ```markdown title="Translation"
    Usa [modelos cuantizados] (https://huggingface.co/docs/optimum/concept_guides/quantization).
    ```
    ```markdown title="Use instead"
    Usa [modelos cuantizados](https://huggingface.co/docs/optimum/concept_guides/quantization).
    ```
    """

    id = "TM505"
    name = "broken-link-syntax"
    summary = "A link's markup is broken and shows as text"
    severity = Severity.ERROR

    def reports(self, found: _Comparison, ctx: RuleContext) -> Iterator[Report]:
        for shown in found.broken:
            yield _report(
                shown.node,
                shown.span,
                f"{link_name(shown.english)} does not render: {shown.reason}, "
                f'so the site shows "{_quote(shown.shown)}"',
                shown.english,
            )


class LostImageMarker(_LinksRule):
    """An image lost its `![`: it shows as a link or as text.

    ## What it does
    Finds the path of an English image in the translated block as a link
    (`[alt](src)`, `! [alt](src)`) or as text (`alt](src)`, the seeds'
    `Element logo](…)`).

    ## Why is this bad?
    The logo or screenshot disappears; readers see a link to an image file or
    raw Markdown instead.

    ## Example
    ```markdown title="English"
    ![Tresorit logo](assets/img/cloud/tresorit.svg){ align=right }
    ```
    ```markdown title="Translation"
    Tresorit logo](assets/img/cloud/tresorit.svg){ align=right }
    ```
    ```markdown title="Use instead"
    ![Tresorit logo](assets/img/cloud/tresorit.svg){ align=right }
    ```
    """

    id = "TM506"
    name = "lost-image-marker"
    summary = "An image lost its `![` and shows as a link or text"
    severity = Severity.ERROR

    def reports(self, found: _Comparison, ctx: RuleContext) -> Iterator[Report]:
        for lost in found.lost_marker:
            yield _report(
                lost.node,
                lost.span,
                f'{image_name(lost.english)} does not render: {lost.reason}, so the site shows "{_quote(lost.shown)}"',
                lost.english,
            )


class ChangedImageSrc(_LinksRule):
    """An image shows another file than its English counterpart.

    ## What it does
    Pairs the images of every translated block with those of its English block
    and flags an image whose path differs (`assets/x.svg`, `./assets/x.svg`
    and `/assets/x.svg` count as the same file). Card logos are left to
    `mismatched-card-logo`.

    ## Why is this bad?
    A translated or mistyped path shows a broken image; another file shows the
    wrong picture.

    ## Example
    ```markdown title="English"
    ![Screenshot](assets/img/android/rfc-hexagon.png)
    ```
    ```markdown title="Translation"
    ![Captura](assets/img/android/captura-hexagono.png)
    ```
    ```markdown title="Use instead"
    ![Captura](assets/img/android/rfc-hexagon.png)
    ```
    """

    id = "TM507"
    name = "changed-image-src"
    summary = "An image shows another file than in English"
    severity = Severity.ERROR

    def reports(self, found: _Comparison, ctx: RuleContext) -> Iterator[Report]:
        for english, translated in found.changed_src:
            card = _card(english.node)
            if card is not None and card_logo(card) is english.item:
                continue  # mismatched-card-logo reports a card's logo
            yield _report(
                translated.node,
                translated.item.span,
                f'{image_name(english)} shows "{_quote(unquote(translated.url))}" '
                f'where English shows "{_quote(unquote(english.url))}"',
                english,
            )


class LostImageAttributes(_LinksRule):
    """An image lost or changed the attribute list English gives it (`{ align=right }`).

    ## What it does
    Compares the attribute list of every image with its English counterpart's:
    an attribute English sets (`align`, a class such as `.twemoji`, `width`,
    `loading`) that is missing or has another value. Spacing, order and a
    translated `title` do not count.

    ## Why is this bad?
    Without `{ align=right }` a card's logo no longer floats beside the text;
    an attribute list moved to its own line or after a space is shown as text
    or styles the paragraph instead of the image.

    ## Example
    ```markdown title="English"
    ![Signal logo](assets/img/messengers/signal.svg){ align=right }
    ```
    ```markdown title="Translation"
    ![Logo di Signal](assets/img/messengers/signal.svg) { align=right }
    ```
    ```markdown title="Use instead"
    ![Logo di Signal](assets/img/messengers/signal.svg){ align=right }
    ```
    """

    id = "TM508"
    name = "lost-image-attributes"
    summary = "An image lost the attribute list English gives it"
    severity = Severity.WARNING

    def reports(self, found: _Comparison, ctx: RuleContext) -> Iterator[Report]:
        for english, translated in found.lost_attrs:
            want = " ".join(_attr_text(key, value) for key, value in english.item.attrs if key != "title")
            have = " ".join(_attr_text(key, value) for key, value in translated.item.attrs if key != "title")
            yield _report(
                translated.node,
                translated.item.span,
                f'{image_name(english)} has attributes "{{ {have} }}" where English has "{{ {want} }}"'
                if have
                else f'{image_name(english)} lost its attributes "{{ {want} }}"',
                english,
            )


def _attr_text(key: str, value: str) -> str:
    if key == "class":
        return " ".join(f".{name}" for name in value.split())
    return f"{key}={value}" if " " not in value else f'{key}="{value}"'


RULES: tuple[type[Rule], ...] = (
    ChangedLinkTarget,
    MissingLink,
    ExtraLink,
    EmptyLinkText,
    BrokenLinkSyntax,
    LostImageMarker,
    ChangedImageSrc,
    LostImageAttributes,
)
