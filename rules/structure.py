"""TM1xx: the page's section skeleton and what hangs on it.

Headings shuffled, pasted from another page, renamed, missing, extra, moved or
re-levelled; heading ids and the links that use them; pages and paragraphs that stop early.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass

from linter.align.aligner import Alignment, Pair
from linter.align.analysis import analysis
from linter.engine.findings import SAFE, Fix, Severity
from linter.engine.rule import Report, Rule, RuleContext
from linter.engine.site import heading_key
from linter.parse.positions import Pos, Span
from linter.parse.slug import heading_attr_list, heading_ids
from linter.parse.tree import Link, Node, Page, Section

from .headings import old_heading

_WORD = re.compile(r"[^\W_]+")
# Pairs whose translated heading belongs to another English section, whose content it took in.
_NOT_ITS_OWN = ("joined", "split")
# Where a sentence may end: . ! ? and their CJK forms, then closing quotes or brackets.
_SENTENCE_END = re.compile(r"[.!?。！？…][\"'”’»)\]]*$")


@analysis
def _english_titles(alignment: Alignment) -> dict[str, list[Section]]:
    """The English page's sections by folded title, built once per page."""
    titles: dict[str, list[Section]] = {}
    for section in alignment.source.sections():
        titles.setdefault(heading_key(section.title), []).append(section)
    return titles


def _latin(text: str) -> bool:
    """Every letter is ASCII: how English headings are written, and most translated ones are not."""
    return all(char.isascii() for char in text if char.isalpha())


def _page_key(path: str) -> str:
    return posixpath.normpath(str(path).replace("\\", "/"))


class ShuffledHeading(Rule):
    """Heading text belongs to another section of the English page, or to another page.

    ## What it does
    Flags a translated heading whose text is the English heading of a *different*
    section, while the section at this place has another heading in English.
    Translation memory gone wrong produces this: "Encrypted Messengers" rendered
    as "Signal", so the page shows two "Signal" headings; or "Criteria" rendered
    as "CryptPad", a heading of another page of the site. Other pages are looked
    up only for a heading whose letters are all Latin and that its own page does
    not explain.

    ## Why is this bad?
    Readers navigate by headings; the table of contents and every link to the
    section's anchor now point to the wrong place.

    ## Example
    ```markdown title="English"
    ## Encrypted Messengers

    ### Signal
    ```
    ```markdown title="Translation"
    ## Signal

    ### Signal
    ```
    ```markdown title="Use instead"
    ## Messaggistica crittografata

    ### Signal
    ```

    ## Known false positives
    A heading that legitimately repeats another heading's product name in a
    different section of the same English page, or a translated heading that
    happens to be spelled like an English heading of another page.
    """

    id = "TM101"
    name = "shuffled-heading"
    summary = "A heading shows the English heading of another section or page"
    severity = Severity.ERROR
    kinds = ("section",)

    def check(self, pair: Pair, ctx: RuleContext) -> Iterator[Report]:
        source, target = pair.source, pair.target
        if not isinstance(source, Section) or not isinstance(target, Section) or pair.how in _NOT_ITS_OWN:
            return
        title = heading_key(target.title)
        if not title or title == heading_key(source.title):
            return
        own = _english_titles(ctx.alignment).get(title)
        if own:
            other = next((section for section in own if section is not source), None)
            if other is not None:
                yield self._report(pair, f"the English heading of another section (line {other.span.start.line})")
            return
        if ctx.site is None or not _latin(target.title):
            return  # a heading in the translation's own script was translated, not pasted
        for path, line in ctx.site.headings().get(title, ()):
            if not ctx.site.same_page(ctx.alignment.source, path):
                yield self._report(pair, f"a heading of another page ({path}:{line})")
                return

    @staticmethod
    def _report(pair: Pair, where: str) -> Report:
        source, target = pair.source, pair.target
        assert isinstance(source, Section) and isinstance(target, Section)
        return Report(
            f'heading "{target.title}" stands where English has "{source.title}"; "{target.title}" is {where}',
            node=target,
            span=target.heading_span,
            source=source,
            source_span=source.heading_span,
        )


class MissingSection(Rule):
    """An English section has no counterpart in the translation.

    ## What it does
    Flags a section of the English page that the translation does not have at all:
    no heading with the same id, text or content is found anywhere in the page.
    Sections are paired by what identifies them (ids, headings, links, code), so the
    finding names the section that is gone, not its neighbour. Sections after the
    point where the translation stops are left to truncated-page, which names them once.

    ## Why is this bad?
    Readers of the translation miss that part of the page, and links to its anchor break.

    ## Example
    ```markdown title="English"
    ## Signal

    ## Molly

    ## Briar
    ```
    ```markdown title="Translation"
    ## Signal

    ## Briar
    ```
    ```markdown title="Use instead"
    ## Signal

    ## Molly

    ## Briar
    ```
    """

    id = "TM102"
    name = "missing-section"
    summary = "An English section is missing from the translation"
    severity = Severity.ERROR
    kinds = ("section",)

    def check(self, pair: Pair, ctx: RuleContext) -> Iterator[Report]:
        if pair.how == "missing" and isinstance(pair.source, Section):
            cut = _truncation(ctx.alignment)
            if cut is not None and pair.source in cut.tail:
                return  # the translation stops before it: truncated-page names that, once
            yield Report(
                f'section "{pair.source.title}" (level {pair.source.level}) is missing here',
                span=ctx.alignment.anchor_in_target(pair.source),
                source=pair.source,
                source_span=pair.source.heading_span,
            )


class ExtraSection(Rule):
    """A translated section has no counterpart in the English page.

    ## What it does
    Flags a section of the translation that matches no English section by id,
    heading or content: content pasted from another page or left over from an
    older English revision.

    ## Why is this bad?
    The translation says something the English page does not (any more).

    ## Example
    ```markdown title="English"
    ## Signal
    ```
    ```markdown title="Translation"
    ## Signal

    ## Wire
    ```
    ```markdown title="Use instead"
    ## Signal
    ```
    """

    id = "TM103"
    name = "extra-section"
    summary = "A translated section has no English counterpart"
    severity = Severity.WARNING
    kinds = ("section",)

    def check(self, pair: Pair, ctx: RuleContext) -> Iterator[Report]:
        if pair.how == "extra" and isinstance(pair.target, Section):
            yield Report(
                f'section "{pair.target.title}" has no counterpart in the English page',
                node=pair.target,
                span=pair.target.heading_span,
            )


class MovedSection(Rule):
    """A section appears at another place than in the English page.

    ## What it does
    Flags a translated section that matches an English section by content but
    stands at a different position in the page order.

    ## Why is this bad?
    The translated page reads in a different order than the English one, and
    the table of contents differs between languages.

    ## Example
    ```markdown title="English"
    ## Signal

    Signal [site](https://signal.org).

    ## Briar

    Briar [site](https://briarproject.org).
    ```
    ```markdown title="Translation"
    ## Briar

    Briar [sito](https://briarproject.org).

    ## Signal

    Signal [sito](https://signal.org).
    ```
    ```markdown title="Use instead"
    ## Signal

    Signal [sito](https://signal.org).

    ## Briar

    Briar [sito](https://briarproject.org).
    ```
    """

    id = "TM104"
    name = "moved-section"
    summary = "A section stands at another place than in English"
    severity = Severity.WARNING
    kinds = ("section",)

    def check(self, pair: Pair, ctx: RuleContext) -> Iterator[Report]:
        if pair.how == "moved" and isinstance(pair.source, Section) and isinstance(pair.target, Section):
            yield Report(
                f'section "{pair.target.title}" is in another place than in English ("{pair.source.title}")',
                node=pair.target,
                span=pair.target.heading_span,
                source=pair.source,
                source_span=pair.source.heading_span,
            )


class HeadingLevelChanged(Rule):
    """A heading is at another level than its English counterpart.

    ## What it does
    Flags a translated heading whose level (`##`, `###`, …) differs from the
    English heading it corresponds to.

    ## Why is this bad?
    The page's outline and table of contents change: a subsection becomes a
    section, or the other way round.

    ## Example
    ```markdown title="English"
    ### Signal
    ```
    ```markdown title="Translation"
    ## Signal
    ```
    ```markdown title="Use instead"
    ### Signal
    ```
    """

    id = "TM105"
    name = "heading-level-changed"
    summary = "A heading is at another level than in English"
    severity = Severity.ERROR
    kinds = ("section",)

    def check(self, pair: Pair, ctx: RuleContext) -> Iterator[Report]:
        source, target = pair.source, pair.target
        if (
            isinstance(source, Section)
            and isinstance(target, Section)
            and pair.how not in _NOT_ITS_OWN
            and source.level != target.level
        ):
            yield Report(
                f'heading "{target.title}" is level {target.level} ({"#" * target.level}); '
                f"English has level {source.level} ({'#' * source.level})",
                node=target,
                span=target.heading_span,
                source=source,
                source_span=source.heading_span,
            )


class RenamedHeading(Rule):
    """A heading was changed although its section was not translated.

    ## What it does
    Flags a heading that differs from its English heading by English words of the
    page (a rename, not a translation) while every paragraph of its section is
    still the English text. An old export, a merge gone wrong or a hand edit
    renamed the heading.

    ## Why is this bad?
    The page promises a topic it does not cover ("Centralized" over a list of
    messengers), and the section's anchor changes, so links to it break.

    ## Example
    ```markdown title="English"
    ## Encrypted Instant Messengers

    Signal is a centralized messenger developed by Signal Messenger LLC.
    ```
    ```markdown title="Translation"
    ## Centralized Messengers

    Signal is a centralized messenger developed by Signal Messenger LLC.
    ```
    ```markdown title="Use instead"
    ## Encrypted Instant Messengers

    Signal is a centralized messenger developed by Signal Messenger LLC.
    ```

    ## Known false positives
    A translation whose words are also English words of the page, over a
    section nobody has translated yet.
    """

    id = "TM106"
    name = "renamed-heading"
    summary = "A heading differs from English although its section is not translated"
    severity = Severity.WARNING
    kinds = ("section",)

    def check(self, pair: Pair, ctx: RuleContext) -> Iterator[Report]:
        source, target = pair.source, pair.target
        if not isinstance(source, Section) or not isinstance(target, Section) or pair.how in _NOT_ITS_OWN:
            return
        words = [word.casefold() for word in _WORD.findall(target.title)]
        english = {word.casefold() for word in _WORD.findall(source.title)}
        added = [word for word in words if word not in english]
        if not any(len(word) >= 4 for word in added) or heading_key(target.title) in _english_titles(ctx.alignment):
            return  # no new English-looking word, or another section's heading (shuffled-heading)
        vocabulary = _english_words(ctx.alignment)
        if not all(word in vocabulary for word in added) or not _untranslated(ctx.alignment, target):
            return
        if old_heading(pair, ctx) is not None:
            return  # an older revision's heading, not a renamed one: outdated-heading's
        yield Report(
            f'heading "{target.title}" differs from English "{source.title}" although the section '
            "is not translated: the heading was changed, not translated",
            node=target,
            span=target.heading_span,
            source=source,
            source_span=source.heading_span,
        )


@analysis
def _english_words(alignment: Alignment) -> frozenset[str]:
    """Folded words of the English page's text (not its URLs), built once per page."""
    found: set[str] = set()
    for node in alignment.source.root.walk():
        text = node.title if isinstance(node, Section) else node.text
        found.update(word.casefold() for word in _WORD.findall(text))
    return frozenset(found)


def _untranslated(alignment: Alignment, section: Section) -> bool:
    """Every paragraph of the section (subsections included) is its English counterpart's text."""
    seen = False
    for node in section.walk():
        if node.kind != "paragraph" or len(_WORD.findall(node.text)) < 4:
            continue
        counterpart = alignment.counterpart(node)
        if counterpart is None or counterpart.text != node.text:
            return False
        seen = True
    return seen


class ChangedHeadingId(Rule):
    """A heading's explicit id (`{ #id }`) is changed or dropped.

    ## What it does
    Flags a translated heading whose English counterpart sets its id with an
    attribute list (`## Criteria { #criteria }`) when the translation sets
    another id or none, so the heading gets an id made from its translated text.

    ## Why is this bad?
    Explicit ids exist so that links keep working in every language; links to
    `#criteria` from this and other pages now land at the top of the page.

    ## Example
    ```markdown title="English"
    ## Criteria { #criteria }
    ```
    ```markdown title="Translation"
    ## Criteri
    ```
    ```markdown title="Use instead"
    ## Criteri { #criteria }
    ```

    ## Fix
    Safe: writes the English id in the heading's attribute list, or appends the
    English attribute list (`{ #criteria }`) to a heading that lost it.
    """

    id = "TM107"
    name = "changed-heading-id"
    summary = "A heading's explicit id differs from English or is gone"
    severity = Severity.ERROR
    kinds = ("section",)
    fix_safety = SAFE

    def check(self, pair: Pair, ctx: RuleContext) -> Iterator[Report]:
        source, target = pair.source, pair.target
        if not isinstance(source, Section) or not isinstance(target, Section) or pair.how in _NOT_ITS_OWN:
            return
        if not source.explicit_anchor or target.anchor == source.anchor:
            return
        if target.explicit_anchor:
            problem = f'has the id "#{target.anchor}" where English has "#{source.anchor}"'
        else:
            problem = f'lost its id "{{ #{source.anchor} }}"'
        yield Report(
            f'heading "{target.title}" {problem}: links to "#{source.anchor}" no longer reach it',
            node=target,
            span=target.heading_span,
            source=source,
            source_span=source.heading_span,
            fix=_heading_id_fix(ctx.alignment, source, target),
        )


def _heading_id_fix(alignment: Alignment, source: Section, target: Section) -> Fix | None:
    """The English id written into the translated heading's line (ATX headings only)."""
    if source.heading_span is None or target.heading_span is None:
        return None
    number = target.heading_span.start.line
    line = alignment.target.source.lines[number - 1]
    english = heading_attr_list(alignment.source.source.lines[source.heading_span.start.line - 1])
    if not line.lstrip().startswith("#") or english is None:
        return None
    found = heading_attr_list(line)
    if found is None:
        if re.search(r"\s#+\s*$", line):
            return None  # closing hashes: the attribute list would have to go before them
        end = len(line.rstrip()) + 1
        english_line = alignment.source.source.lines[source.heading_span.start.line - 1]
        attrs = " " + english_line[english[0] : english[1]].strip()
        return Fix.replace(Span(Pos(number, end), Pos(number, end)), attrs, f'append "{attrs.strip()}"')
    start, stop, anchor = found
    if anchor is None:
        return None  # an attribute list without id: where the id goes is a matter of style
    at = line.find(f"#{anchor}", start, stop)
    span = Span(Pos(number, at + 2), Pos(number, at + 2 + len(anchor)))
    return Fix.replace(span, source.anchor, f'write the id "#{source.anchor}"')


class BrokenAnchorLink(Rule):
    """A link's `#anchor` names no heading of the translated page it points to.

    ## What it does
    Checks every link to a heading (`#anchor` in this page, `page.md#anchor` in
    another page of the run) against the heading ids of the *translated* target
    page, as MkDocs assigns them: `{ #id }` ids, slugs of the translated heading
    text, and `_1`, `_2`, … for headings without Latin letters. An anchor that the
    English page does not have either is left alone: that link is broken in English.
    So is a link to a section this translation lacks altogether: missing-section (or
    truncated-page) names that section once.

    ## Why is this bad?
    Translated headings get new ids, so a link that kept the English anchor
    lands at the top of the page instead of the section it promises. Translating
    the anchor to the translated heading's id (or an explicit `{ #id }` on the
    English heading) fixes it.

    ## Example
    ```markdown title="English"
    See the [criteria](#criteria).

    ## Criteria
    ```
    ```markdown title="Translation"
    Vedi i [criteri](#criteria).

    ## Criteri
    ```
    ```markdown title="Use instead"
    Vedi i [criteri](#criteri).

    ## Criteri
    ```
    """

    id = "TM108"
    name = "broken-anchor-link"
    summary = "A link's #anchor names no heading of the translated target page"
    severity = Severity.WARNING
    kinds = ("page",)

    def check(self, pair: Pair, ctx: RuleContext) -> Iterator[Report]:
        target = ctx.alignment.target
        for node in target.root.walk():
            for link in node.inline.links if node.inline is not None else ():
                message = self._problem(link, ctx)
                if message is not None:
                    yield Report(message, node=node, span=link.span)

    @staticmethod
    def _problem(link: Link, ctx: RuleContext) -> str | None:
        if "#" not in link.url or ctx.site is None:
            return None
        resolved = ctx.site.resolve(ctx.alignment.source.path, link.url)
        if resolved is None or not resolved[1]:
            return None
        path, fragment = resolved
        linked = _linked(ctx, path)
        if linked is None:
            return None
        pages, (translated_ids, english_ids) = linked
        if fragment in translated_ids or fragment not in english_ids:
            return None  # fine, or broken in English as well: not the translation's doing
        english = english_ids[fragment]
        translated = _translated_heading(ctx.alignment, pages, english)
        if translated is None and _missing_here(ctx.alignment, pages, english):
            return None  # the section itself is missing: missing-section or truncated-page says so
        where = "this page" if pages[0] is ctx.alignment.target else f"the translation of {path}"
        hint = ""
        new_id = next((key for key, node in translated_ids.items() if node is translated), None)
        if translated is not None and new_id is not None:
            hint = f'; there the heading is "{_heading_text(translated)}", with the id "#{new_id}"'
        return (
            f'link "{link.url}" names no heading of {where} '
            f'(English "{_heading_text(english)}" has the id "#{fragment}"){hint}'
        )


_Linked = tuple[tuple[Page, Page], tuple[dict[str, Node], dict[str, Node]]]


def _linked(ctx: RuleContext, path: str) -> _Linked | None:
    """(translated page, English page) a link points into, with their heading ids; None when not in the run."""
    alignment = ctx.alignment
    key = ("linked-page", path)
    if key not in alignment.cache:
        found = None
        if path == _page_key(alignment.source.path):
            pages = alignment.target, alignment.source
            found = pages, (heading_ids(pages[0]), heading_ids(pages[1]))
        else:  # another page: the site parses it and numbers its ids once for every page linking to it
            assert ctx.site is not None
            translated, english = ctx.site.page(path, ctx.lang, outline=True), ctx.site.page(path, outline=True)
            ids = ctx.site.heading_ids(path, ctx.lang), ctx.site.heading_ids(path, "en")
            if translated is not None and english is not None and ids[0] is not None and ids[1] is not None:
                found = (translated, english), (ids[0], ids[1])
        alignment.cache[key] = found
    return alignment.cache[key]


def _missing_here(alignment: Alignment, pages: tuple[Page, Page], english: Node) -> bool:
    """Whether `english` is a heading of this page that the alignment found no counterpart for."""
    return pages[0] is alignment.target and any(
        pair.source is english and pair.how == "missing" for pair in alignment.pairs_of("section")
    )


def _heading_text(node: Node) -> str:
    return node.title if isinstance(node, Section) else node.text


def _translated_heading(alignment: Alignment, pages: tuple[Page, Page], english: Node) -> Node | None:
    """The translated heading for an English one: its counterpart, or the same place in a same-shaped page."""
    translated_page, english_page = pages
    if translated_page is alignment.target:
        return alignment.counterpart(english)
    if not isinstance(english, Section):
        return None
    english_sections, translated_sections = english_page.sections(), translated_page.sections()
    if [s.level for s in english_sections] != [s.level for s in translated_sections]:
        return None
    return translated_sections[english_sections.index(english)]


class TruncatedPage(Rule):
    """The translation stops before the English page does.

    ## What it does
    Flags a translation whose last part is missing: after the last translated
    block that has an English counterpart, the English page goes on with text
    (paragraphs or sections) that the translation does not have anywhere, and
    the translation has no text of its own after that point. A cut-off export or
    file produces this.

    ## Why is this bad?
    Readers of the translation miss the end of the page without any sign that
    something is gone.

    ## Example
    ```markdown title="English"
    ## Signal

    Signal is a mobile app developed by Signal Messenger LLC.

    The app is free and open source.

    It supports disappearing messages.
    ```
    ```markdown title="Translation"
    ## Signal

    Signal è un'app sviluppata da Signal Messenger LLC.
    ```
    ```markdown title="Use instead"
    ## Signal

    Signal è un'app sviluppata da Signal Messenger LLC.

    L'app è libera e open source.

    Supporta i messaggi a scomparsa.
    ```
    """

    id = "TM109"
    name = "truncated-page"
    summary = "The translation stops before the end of the English page"
    severity = Severity.ERROR
    kinds = ("page",)

    def check(self, pair: Pair, ctx: RuleContext) -> Iterator[Report]:
        cut = _truncation(ctx.alignment)
        if cut is None:
            return
        first, tail = cut.tail[0], cut.tail
        parts = [_count(len(cut.paragraphs), "paragraph")] if cut.paragraphs else []
        if cut.sections:
            more = ", …" if len(cut.sections) > 3 else ""
            titles = ", ".join(repr(s.title) for s in cut.sections[:3])
            parts.append(f"{_count(len(cut.sections), 'section')} ({titles}{more})")
        yield Report(
            f"translation stops here; English goes on with {' and '.join(parts)} from line {first.span.start.line}",
            span=Span(cut.end.span.end, cut.end.span.end),
            source=first,
            source_span=Span(first.span.start, tail[-1].span.end),
        )


@dataclass(frozen=True)
class _Cut:
    """Where a translation stops short of its English page, and what English goes on with."""

    end: Node  # the last translated node with an English counterpart
    tail: list[Node]  # the English nodes after that counterpart, in reading order
    sections: list[Section]
    paragraphs: list[Node]


def _truncation(alignment: Alignment) -> _Cut | None:
    """The translation's cut, if it stops early; computed once per page for the rules it explains."""
    if "truncation" not in alignment.cache:
        alignment.cache["truncation"] = _find_truncation(alignment)
    return alignment.cache["truncation"]


def _find_truncation(alignment: Alignment) -> _Cut | None:
    present = {p.source for p in alignment.pairs if p.source is not None and p.target is not None}
    english = _flow(alignment.source)
    last = next((index for index in range(len(english) - 1, -1, -1) if english[index] in present), None)
    if last is None:
        return None  # nothing in common: another problem than a cut
    tail = english[last + 1 :]
    sections = [node for node in tail if isinstance(node, Section)]
    paragraphs = [node for node in tail if node.kind == "paragraph" and len(_WORD.findall(node.text)) >= 4]
    if not sections and not paragraphs:
        return None
    end = _counterpart_in(alignment, english[last])
    if end is None or _text_after(alignment.target, end) or _facts_kept(alignment, tail):
        return None  # the rest is there in another shape (exported as HTML, joined into one block)
    return _Cut(end, tail, sections, paragraphs)


def _count(number: int, noun: str) -> str:
    return f"{number} more {noun}{'' if number == 1 else 's'}"


def _flow(page: Page) -> list[Node]:
    """The page's nodes in reading order, without footnotes (the parser puts them last, wherever written)."""
    nodes: list[Node] = []
    stack = list(reversed(page.root.children))
    while stack:
        node = stack.pop()
        if node.kind == "footnotes":
            continue
        nodes.append(node)
        stack.extend(reversed(node.children))
    return nodes


def _counterpart_in(alignment: Alignment, node: Node) -> Node | None:
    for pair in alignment.pairs:
        if pair.source is node and pair.target is not None:
            return pair.target
    return None


def _text_after(page: Page, end: Node) -> bool:
    """Whether the page has text after `end` (outside it)."""
    nodes = _flow(page)
    inside = set(end.walk())
    for node in nodes[nodes.index(end) + 1 :] if end in nodes else ():
        if node not in inside and (isinstance(node, Section) or len(_WORD.findall(node.text)) >= 3):
            return True
    return False


def _facts_kept(alignment: Alignment, tail: list[Node]) -> bool:
    """Whether most URLs, code and images of the missing English part are somewhere in the translation."""
    wanted = [fact for node in tail if node.inline is not None for fact in node.inline.invariants()]
    if not wanted:
        return False
    have = set(alignment.target.root.invariants())
    return sum(fact in have for fact in wanted) * 2 >= len(wanted)


class CutOffParagraph(Rule):
    """A paragraph stops in the middle of a word or sentence.

    ## What it does
    Flags a paragraph that breaks off where its English counterpart goes on:
    text left in English that stops inside a word (`usable for priva`), often
    with something else glued on, and a translated paragraph that stops without
    ending its sentence while the sentence goes on, in lower case, in a
    paragraph of its own.

    ## Why is this bad?
    Readers get half a sentence; the rest of the text is lost or torn apart.

    ## Example
    ```markdown title="English"
    The audit concluded that the application is usable for privacy-concerned people.
    ```
    ```markdown title="Translation"
    The audit concluded that the application is usable for priva### Signal
    ```
    ```markdown title="Use instead"
    The audit concluded that the application is usable for privacy-concerned people.
    ```
    """

    id = "TM110"
    name = "cut-off-paragraph"
    summary = "A paragraph stops in the middle of a word or sentence"
    severity = Severity.ERROR
    kinds = ("paragraph",)

    def check(self, pair: Pair, ctx: RuleContext) -> Iterator[Report]:
        source, target = pair.source, pair.target
        if source is None or target is None:
            return
        english, text = source.text.strip(), target.text.strip()
        if not english or not text or english == text:
            return
        cut = _cut_in_word(english, text)
        if cut is not None:
            yield Report(
                f'paragraph stops inside a word: "…{text[max(0, cut - 30) : cut]}"; '
                f'English goes on "{english[cut : cut + 30]}…"',
                node=target,
                source=source,
            )
            return
        if not text[-1].isalnum() or not _SENTENCE_END.search(english):
            return
        rest = _continuation(ctx.alignment, target)
        if rest is not None:
            yield Report(
                f'paragraph stops mid-sentence ("…{text[-30:]}"); the sentence goes on in a paragraph '
                f'of its own at line {rest.span.start.line} ("{rest.text[:30]}…")',
                node=target,
                source=source,
            )


def _cut_in_word(english: str, text: str) -> int | None:
    """Where `text`, English up to there, breaks off inside an English word; None if it does not."""
    cut = len(posixpath.commonprefix([english, text]))
    if cut < 20 or cut >= len(english) or not (english[cut - 1].isalnum() and english[cut].isalnum()):
        return None
    glued = text[cut:].strip()
    if glued[:1].isalnum() or len(glued) > 30:
        return None  # the text goes on: a word spelled otherwise, or a translation sharing a prefix
    if glued and glued in english[cut:]:
        return None  # the English inserted letters; the translation's rest follows as in English
    if glued[:1] in "'’" and glued[1:2].isalpha():
        return None  # a suffix after an apostrophe continues the word (Turkish "response’lar")
    return cut


def _continuation(alignment: Alignment, node: Node) -> Node | None:
    """The next sibling, when it is an unpaired paragraph that starts in lower case."""
    following = _next_siblings(alignment).get(node)
    if following is None or following.kind != "paragraph" or alignment.counterpart(following) is not None:
        return None
    return following if following.text[:1].islower() else None


@analysis
def _next_siblings(alignment: Alignment) -> dict[Node, Node]:
    """Each node of the translation to the node after it, built once per page (not a scan per paragraph)."""
    found: dict[Node, Node] = {}
    for parent in alignment.target.root.walk():
        found.update(zip(parent.children, parent.children[1:], strict=False))
    return found


RULES = (
    ShuffledHeading,
    MissingSection,
    ExtraSection,
    MovedSection,
    HeadingLevelChanged,
    RenamedHeading,
    ChangedHeadingId,
    BrokenAnchorLink,
    TruncatedPage,
    CutOffParagraph,
)
