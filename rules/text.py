"""TM410-TM412: text that should not be where it is: stray keywords, duplicated and foreign paragraphs.

Names a translation changed in its text (TM413, TM414) are in names.py.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from collections.abc import Iterator

from linter.align.aligner import Pair
from linter.align.analysis import page_analysis
from linter.engine.findings import Severity
from linter.engine.rule import Report, Rule, RuleContext
from linter.engine.site import Site
from linter.parse.positions import Pos, Span
from linter.parse.tree import Admonition, Node, Page
from linter.patterns import lazy

from .prose import Prose, quote, words

# A line that is only an admonition or collapsible marker: broken-admonition-header reports it,
# and the type keyword on the next line with it.
_BARE_MARKER = lazy(r"[!?=]{3}\+?")
_MARKER_LINE = lazy(r"[ \t]*\\?[!?=]{3}")
# Code spans and link destinations: a keyword inside them is not prose. The `]` closing a link's
# text stays, so that a keyword right after a link reads as following it.
_MASKED = lazy(r"(?<!`)(`+)(?!`).+?(?<!`)\1(?!`)|(?<=\])\((?:[^()\s]|\([^()]*\))*\)(?:\{[^}\n]*\})?")
_BEFORE_KEYWORD = lazy(r"(?:^|[.!?:;)\]*_»”\"]\s+|\n[ \t]*)$")
_AFTER_KEYWORD = lazy(r"\s*(?:$|\n|[A-Z\u00c0-\u00de\u0400-\u042f*\[!`<])")


@page_analysis
def _keywords(page: Page) -> re.Pattern[str] | None:
    """The admonition types of the English page, the words a mangled header leaves behind, as one pattern."""
    tags = sorted({node.tag for node in page.root.walk() if isinstance(node, Admonition)})
    alternatives = "|".join(re.escape(tag) for tag in tags if tag.isalpha())
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])") if alternatives else None


def _stray(prose: Prose | _CodeLines, keywords: re.Pattern[str]) -> list[tuple[str, int]]:
    """(keyword, offset) of each type keyword standing alone between sentences or lines."""
    content = _MASKED.sub(lambda match: " " * len(match.group()), prose.content)
    found = []
    for match in keywords.finditer(content):
        line_start = content.rfind("\n", 0, match.start()) + 1
        if _MARKER_LINE.match(content, line_start):
            continue  # on a header line: broken-admonition-header's
        if _BEFORE_KEYWORD.search(content, 0, match.start()) and _AFTER_KEYWORD.match(content, match.end()):
            found.append((match.group(), match.start()))
    return found


def _after_bare_marker(node: Node, prose: Prose | _CodeLines, offset: int) -> bool:
    """Whether the keyword directly follows a lone `???`/`!!!` line, in this paragraph or the one before."""
    previous_line = prose.content[:offset].rstrip(" \t").rsplit("\n", 2)
    if len(previous_line) >= 2 and not previous_line[-1].strip():
        return _BARE_MARKER.fullmatch(previous_line[-2].strip()) is not None
    if offset or node.parent is None:
        return False
    siblings = node.parent.children
    index = siblings.index(node)
    before = siblings[index - 1] if index else None
    return before is not None and _BARE_MARKER.fullmatch(getattr(before, "raw", "").strip()) is not None


class _CodeLines:
    """An indented code block's lines with their file positions, read like a paragraph's Prose."""

    def __init__(self, node: Node, lines: list[str]) -> None:
        self.content = getattr(node, "raw", "")
        self._first = node.span.start.line
        self._starts = [0]
        self._indents = []
        for index, line in enumerate(self.content.split("\n")):
            self._starts.append(self._starts[-1] + len(line) + 1)
            number = self._first + index
            written = lines[number - 1] if number <= len(lines) else line
            self._indents.append(len(written) - len(line) if line and written.endswith(line) else 0)

    def pos(self, offset: int) -> Pos:
        index = bisect.bisect_right(self._starts, offset) - 1
        return Pos(self._first + index, self._indents[index] + offset - self._starts[index] + 1)


def _text_of(pair: Pair, ctx: RuleContext) -> Prose | _CodeLines | None:
    """A paragraph's prose, or an indented code block's lines where English has no code.

    A list that lost its `??? downloads` header is indented like code and renders as code; the
    keyword left at a line end there is as stray as in a paragraph.
    """
    target = pair.target
    if target is None or target.kind != "code":
        return Prose.of(target) if target is not None else None
    return _CodeLines(target, ctx.alignment.target.source.lines) if _lost_markdown(pair) else None


def _lost_markdown(pair: Pair) -> bool:
    """An indented code block where English has no code: Markdown that lost its place and shows as code."""
    target = pair.target
    if target is None or target.kind != "code" or (pair.source is not None and pair.source.kind == "code"):
        return False
    return not getattr(target, "raw", "").lstrip().startswith(("```", "~~~"))


class StrayAdmonitionKeyword(Rule):
    """An admonition type keyword stands alone in the text, left over from a mangled header.

    ## What it does
    Flags a type keyword of the English page's admonitions (`recommendation`,
    `downloads`, `warning`, `example`…) that stands on its own in a translated
    paragraph: as the whole paragraph or line, between two sentences, or after a
    link or bold text at the end of a line, where the English paragraph has no such
    word; also at a line end of a list that lost its header and now renders as
    code. A keyword right after a lone `???`
    or `!!!` line is left to `broken-admonition-header`, which reports that
    header once.

    ## Why is this bad?
    The keyword belongs in a header (`??? downloads`); in the text, readers see
    a stray English word, and the box it should open is missing.

    ## Example
    ```markdown title="English"
    **PrivateBin** is a minimalistic, open-source online pastebin.

    ??? downloads

        - [Web](https://privatebin.net)
    ```
    ```markdown title="Translation"
    **PrivateBin** è un pastebin online minimalista e open-source. downloads

    ??? downloads

        - [Web](https://privatebin.net)
    ```
    ```markdown title="Use instead"
    **PrivateBin** è un pastebin online minimalista e open-source.

    ??? downloads

        - [Web](https://privatebin.net)
    ```
    """

    id = "TM410"
    name = "stray-admonition-keyword"
    summary = "An admonition type keyword is left in the text"
    severity = Severity.WARNING
    kinds = ("paragraph", "code")

    def check(self, pair: Pair, ctx: RuleContext) -> Iterator[Report]:
        target = pair.target
        keywords = _keywords(ctx.alignment.source)
        if target is None or keywords is None:
            return
        prose = _text_of(pair, ctx) if keywords.search(target.text or getattr(target, "raw", "")) else None
        if prose is None:
            return
        english = Counter(keyword for keyword, _ in _stray(Prose.of(pair.source), keywords)) if pair.source else {}
        seen: Counter[str] = Counter()
        for keyword, offset in _stray(prose, keywords):
            seen[keyword] += 1
            if seen[keyword] <= english.get(keyword, 0) or _after_bare_marker(target, prose, offset):
                continue
            start = prose.pos(offset)
            yield Report(
                f'stray "{keyword}": an admonition type keyword left in the text, where readers see it '
                "(the header it belongs to is missing or broken)",
                node=target,
                span=Span(start, Pos(start.line, start.column + len(keyword))),
            )


# -- duplicated paragraphs ----------------------------------------------------------------------

_MIN_DUPLICATE_WORDS = 8  # identical shorter text ("Must be open source.") repeats by design
# Names translation keeps and prose rarely has: acronyms and camel case ("IVPN", "WireGuard", "E2EE").
_NAME = lazy(r"\b[A-Z][A-Za-z0-9]*[A-Z0-9][A-Za-z0-9]*\b")


def _keys(node: Node, everything: bool = False) -> list[tuple[str, object]]:
    """What identifies a paragraph across languages (its links and images) and within one (its text).

    A translated paragraph with little text of its own (a logo, a button, a line of links) has
    none: a swapped logo or link is for the card and link rules. `everything` keys English
    paragraphs whatever their length, so that the English count is never too low.
    """
    if node.inline is None:
        return []
    text = " ".join(node.text.split())
    if not everything and _prose_words(text, [link.text for link in node.inline.links]) < 4:
        return []
    keys: list[tuple[str, object]] = []
    facts = tuple(sorted(fact for fact in node.inline.invariants() if fact[0] in "ui"))
    if facts:
        keys.append(("links", facts))
    if everything or words(text, _MIN_DUPLICATE_WORDS) >= _MIN_DUPLICATE_WORDS:
        keys.append(("text", text))
    return keys


def _prose_words(text: str, labels: list[str]) -> int:
    """Words of `text` outside its link labels, counted up to 4; linear, for paragraphs of thousands of links."""
    # Cutting a label takes its own words, and may leave the words at its two edges too short to count.
    enough = 4 + sum(words(label, len(label)) + 2 for label in labels)
    if words(text, enough) >= enough:
        return 4
    parts, cursor = [], 0
    for label in labels:  # in the order they are written
        at = text.find(label, cursor)
        if at >= 0:
            parts.append(text[cursor:at])
            cursor = at + len(label)
    return words(" ".join([*parts, text[cursor:]]), 4)


def _name_owners(ctx: RuleContext, nodes: list[Node]) -> list[Node]:
    """Copies of one translated text that stand where English has it, told by the names they carry.

    Translation keeps names ("IVPN", "WireGuard"): a copy whose English counterpart lacks a
    name that another copy's counterpart has is the one pasted in the wrong place. Nothing is
    reported when names cannot tell (English may say nearly the same thing twice).
    """
    names = set(_NAME.findall(nodes[0].text))
    english = [
        set(_NAME.findall(counterpart.text)) if counterpart else set() for counterpart in map(ctx.counterpart, nodes)
    ]
    # How many copies' counterparts have each name: a name another counterpart has is counted there.
    counts = Counter(name for own in english for name in own & names)
    owners = [node for node, own in zip(nodes, english, strict=True) if not any(counts[n] for n in names - own)]
    return owners if len(owners) < len(nodes) else []


def _paragraphs(root: Node) -> list[Node]:
    return [node for node in root.walk() if node.kind == "paragraph"]


@page_analysis
def _english_keys(page: Page) -> Counter[tuple[str, object]]:
    """How many of the English page's paragraphs have each key: counted once for all its languages."""
    return Counter(key for node in _paragraphs(page.root) for key in _keys(node, everything=True))


class DuplicatedParagraph(Rule):
    """A paragraph appears twice in the translation where English has it once.

    ## What it does
    Finds translated paragraphs with the same links and images, or the same
    text, as another paragraph of the page, when English has that paragraph
    fewer times. It reports the copy that stands where English has something
    else, and names the paragraph it repeats.

    ## Why is this bad?
    A repeated paragraph usually replaced the one that belonged there (Crowdin
    translation memory or a copy-paste gone wrong): the reader gets the same
    text twice and misses what English says at that place.

    ## Example
    ```markdown title="English"
    Session has a [whitepaper](https://arxiv.org/pdf/2002.04609.pdf) describing the app.

    Profile pictures are not end-to-end encrypted.
    ```
    ```markdown title="Translation"
    Session ha un [whitepaper](https://arxiv.org/pdf/2002.04609.pdf) che descrive l'app.

    Session ha un [whitepaper](https://arxiv.org/pdf/2002.04609.pdf) che descrive l'app.
    ```
    ```markdown title="Use instead"
    Session ha un [whitepaper](https://arxiv.org/pdf/2002.04609.pdf) che descrive l'app.

    Le immagini del profilo non sono crittografate end-to-end.
    ```

    ## Known false positives
    A translator who adds the same link to a second paragraph.
    """

    id = "TM411"
    cost = 10
    name = "duplicated-paragraph"
    summary = "A paragraph appears twice where English has it once"
    severity = Severity.WARNING
    kinds = ("page",)

    def check(self, pair: Pair, ctx: RuleContext) -> Iterator[Report]:
        groups: dict[tuple[str, object], list[Node]] = defaultdict(list)
        for node in _paragraphs(ctx.alignment.target.root):
            for key in _keys(node):
                groups[key].append(node)
        repeated = {key: nodes for key, nodes in groups.items() if len(nodes) > 1}
        if not repeated:
            return
        english = _english_keys(ctx.alignment.source)
        owned: set[Node] = set()
        reported: set[Node] = set()
        # Links first: they tell which copy stands where English has the paragraph.
        for key, nodes in sorted(repeated.items(), key=lambda item: item[0][0]):
            owners = self._owners(ctx, key, nodes, english[key])
            owned.update(owners)
            for node in nodes:
                if not owners or node in owned or node in reported:
                    continue
                reported.add(node)
                what = "links" if key[0] == "links" else "text"
                yield Report(
                    f'"{quote(Prose.of(node).content, 50)}" repeats the paragraph at line {owners[0].span.start.line} '
                    f"(same {what}), which English has only once; English has another paragraph here",
                    node=node,
                )

    @staticmethod
    def _owners(ctx: RuleContext, key: tuple[str, object], nodes: list[Node], in_english: int) -> list[Node]:
        """The copies that stand where English has the paragraph; none when nothing is duplicated."""
        if key[0] == "text" and not in_english:
            return _name_owners(ctx, nodes)
        if not in_english or len(nodes) <= in_english:
            return []  # a key English never has is the translation's own (localised links)
        counterparts = [(node, ctx.counterpart(node)) for node in nodes]
        return [
            node for node, english in counterparts if english is not None and key in _keys(english, everything=True)
        ]


# -- foreign paragraphs -------------------------------------------------------------------------

# One index per run: which English pages link to each URL or show each image.


def _site_facts(site: Site) -> dict[str, set[str]]:
    found = site.cache.get(_site_facts)
    if found is None:
        found = defaultdict(set)
        for path in site.source_paths():
            for fact in site.links(path) or ():
                found[fact].add(path)
        site.cache[_site_facts] = found
    return found


_LINK_DESTINATION = lazy(r"\]\(\s*<?([^()\s<>]+)")


def _facts(node: Node) -> list[str]:
    if node.kind == "code":  # a list shown as code still says where its links went
        return [f"u:{url}" for url in _LINK_DESTINATION.findall(getattr(node, "raw", ""))]
    return [fact for fact in node.invariants() if fact[0] in "ui"]


@page_analysis
def _page_facts(page: Page) -> frozenset[str]:
    """The links and images of the English page, once for all its languages."""
    return frozenset(_facts(page.root))


def _localised(fact: str, lang: str) -> bool:
    """A link to the page's language version (es.wikipedia.org, /es-es/, hl=es): the translator's own."""
    return bool(lang) and re.search(rf"(?<![a-z]){re.escape(lang.lower())}(?![a-z])", fact[2:].lower()) is not None


class ForeignParagraph(Rule):
    """A paragraph of the translation belongs to another page.

    ## What it does
    Flags a translated paragraph whose links and images all appear nowhere in
    the English page, where English has no paragraph there or one without
    links: content pasted from another page. A list that lost its indentation
    and shows as code counts by the links written in it. When the rest of the site is
    checked too, the message names the English page the links come from.
    Links to the page's language version (`it.wikipedia.org`, `/it/`,
    `hl=it`) are the translator's own and do not count, nor do links no
    English page of the site has (a translation notice), and a link changed
    where English has another link is left to the link rules.

    ## Why is this bad?
    The reader gets a paragraph about something else, often in place of the one
    English has there.

    ## Example
    ```markdown title="English"
    EOL devices cannot receive firmware updates.
    ```
    ```markdown title="Translation"
    I dispositivi EOL non ricevono aggiornamenti.

    Non usare una versione di Android [a fine vita](https://endoflife.date/android).
    ```
    ```markdown title="Use instead"
    I dispositivi EOL non ricevono aggiornamenti.
    ```

    ## Known false positives
    A translator who adds a link of their own to a paragraph that has none in
    English. Pasted text without links is not found.
    """

    id = "TM412"
    cost = 5
    name = "foreign-paragraph"
    summary = "A paragraph comes from another page"
    severity = Severity.WARNING
    kinds = ("page",)

    def check(self, pair: Pair, ctx: RuleContext) -> Iterator[Report]:
        own = _page_facts(ctx.alignment.source)
        for paragraph in ctx.alignment.pairs_of("paragraph", "code"):
            node = paragraph.target
            if node is not None and node.kind == "code" and not _lost_markdown(paragraph):
                continue
            facts = _facts(node) if node is not None else []
            if node is None or not facts or any(fact in own or _localised(fact, ctx.lang) for fact in facts):
                continue
            if paragraph.source is not None and _facts(paragraph.source):
                continue  # English has other links here: a changed link, for the link rules
            fact = facts[0]
            pages = sorted(_site_facts(ctx.site).get(fact, ())) if ctx.site is not None else []
            if not pages and ctx.site is not None and len(ctx.site.source_paths()) > 1:
                continue  # no English page of the site has it: the translator's own (a translation notice)
            where = f"which only {pages[0]} does" if pages else "which the English page never does"
            verb = "links to" if fact.startswith("u:") else "shows"
            what = "paragraph" if node.kind == "paragraph" else "list shown as code"
            yield Report(
                f"{what} matches nothing in the English page: it {verb} {fact[2:]}, {where} "
                "(pasted from another page?)",
                node=node,
            )


RULES = (StrayAdmonitionKeyword, DuplicatedParagraph, ForeignParagraph)
