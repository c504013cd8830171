"""TM101-TM106: the page's section skeleton.

Headings shuffled, pasted from another page, renamed, missing, extra, moved or
re-levelled. Heading ids and the links that use them are in anchors.py; pages and
paragraphs that stop early in truncation.py.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator

from linter.align.aligner import Alignment, Pair
from linter.align.analysis import page_analysis
from linter.engine.findings import SAFE, UNSAFE, Fix, Severity
from linter.engine.rule import Report, Rule, RuleContext
from linter.engine.site import heading_key
from linter.parse.positions import Pos, Span
from linter.parse.source import SourceText
from linter.parse.tree import Page, Section
from linter.patterns import lazy

from .headings import old_heading
from .truncation import CUT, WORD, cut_of_page

# Pairs whose translated heading belongs to another English section, whose content it took in.
NOT_ITS_OWN = ("joined", "split")


@page_analysis
def _english_titles(page: Page) -> dict[str, list[Section]]:
    """The English page's sections by folded title, built once per page."""
    titles: dict[str, list[Section]] = {}
    for section in page.sections():
        titles.setdefault(heading_key(section.title), []).append(section)
    return titles


def _latin(text: str) -> bool:
    """Every letter is ASCII: how English headings are written, and most translated ones are not."""
    return all(char.isascii() for char in text if char.isalpha())


def page_key(path: str) -> str:
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
    cost = 3
    name = "shuffled-heading"
    summary = "A heading shows the English heading of another section or page"
    severity = Severity.ERROR
    kinds = ("section",)

    def check(self, pair: Pair, ctx: RuleContext) -> Iterator[Report]:
        source, target = pair.source, pair.target
        if not isinstance(source, Section) or not isinstance(target, Section) or pair.how in NOT_ITS_OWN:
            return
        title = heading_key(target.title)
        if not title or title == heading_key(source.title):
            return
        own = _english_titles(ctx.alignment.source).get(title)
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
    family = CUT
    cost = 5
    name = "missing-section"
    summary = "An English section is missing from the translation"
    severity = Severity.ERROR
    kinds = ("section",)

    def check(self, pair: Pair, ctx: RuleContext) -> Iterator[Report]:
        if pair.how == "missing" and isinstance(pair.source, Section):
            cut = cut_of_page(ctx.alignment)
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

    ## Fix
    Writes the English level: the `#` marks, or a `===`/`---` underline of the
    same length. Safe when the heading is paired with the English one by its id
    or its text; unsafe when only its place and content pair them, since it may
    be another heading. A level 3 or deeper heading written underlined is left.
    """

    id = "TM105"
    name = "heading-level-changed"
    summary = "A heading is at another level than in English"
    severity = Severity.ERROR
    kinds = ("section",)
    fix_safety = SAFE

    def check(self, pair: Pair, ctx: RuleContext) -> Iterator[Report]:
        source, target = pair.source, pair.target
        if (
            isinstance(source, Section)
            and isinstance(target, Section)
            and pair.how not in NOT_ITS_OWN
            and source.level != target.level
        ):
            yield Report(
                f'heading "{target.title}" is level {target.level} ({"#" * target.level}); '
                f"English has level {source.level} ({'#' * source.level})",
                node=target,
                span=target.heading_span,
                source=source,
                source_span=source.heading_span,
                fix=_level_fix(ctx.alignment.target.source, target, source.level, pair.how),
            )


_ATX = lazy(r"^( {0,3})(#{1,6})(?=[ \t]|$)")
_UNDERLINE = lazy(r"^ {0,3}(=+|-+)[ \t]*$")


def _level_fix(src: SourceText, target: Section, level: int, how: str) -> Fix | None:
    """The heading's `#` marks or setext underline at the English level."""
    span = target.heading_span
    if span is None:
        return None
    safety = SAFE if how in ("anchor", "title", "identical") else UNSAFE
    line = span.start.line
    atx = _ATX.match(src.lines[line - 1])
    if atx is not None:
        at = Span(Pos(line, atx.start(2) + 1), Pos(line, atx.end(2) + 1))
        return Fix.replace(at, "#" * level, f'write "{"#" * level}"', safety)
    for under in (span.end.line, span.end.line - 1):
        found = _UNDERLINE.match(src.lines[under - 1]) if line < under <= len(src.lines) else None
        if found is not None and level <= 2:
            at = Span(Pos(under, found.start(1) + 1), Pos(under, found.end(1) + 1))
            return Fix.replace(at, "=-"[level - 1] * len(found.group(1)), "underline it as English", safety)
    return None


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
    cost = 4
    name = "renamed-heading"
    summary = "A heading differs from English although its section is not translated"
    severity = Severity.WARNING
    kinds = ("section",)

    def check(self, pair: Pair, ctx: RuleContext) -> Iterator[Report]:
        source, target = pair.source, pair.target
        if not isinstance(source, Section) or not isinstance(target, Section) or pair.how in NOT_ITS_OWN:
            return
        words = [word.casefold() for word in WORD.findall(target.title)]
        english = {word.casefold() for word in WORD.findall(source.title)}
        added = [word for word in words if word not in english]
        english_page = ctx.alignment.source
        if not any(len(word) >= 4 for word in added) or heading_key(target.title) in _english_titles(english_page):
            return  # no new English-looking word, or another section's heading (shuffled-heading)
        vocabulary = _english_words(english_page)
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


@page_analysis
def _english_words(page: Page) -> frozenset[str]:
    """Folded words of the English page's text (not its URLs), built once per page."""
    found: set[str] = set()
    for node in page.root.walk():
        text = node.title if isinstance(node, Section) else node.text
        found.update(word.casefold() for word in WORD.findall(text))
    return frozenset(found)


def _untranslated(alignment: Alignment, section: Section) -> bool:
    """Every paragraph of the section (subsections included) is its English counterpart's text."""
    seen = False
    for node in section.walk():
        if node.kind != "paragraph" or len(WORD.findall(node.text)) < 4:
            continue
        counterpart = alignment.counterpart(node)
        if counterpart is None or counterpart.text != node.text:
            return False
        seen = True
    return seen


RULES = (
    ShuffledHeading,
    MissingSection,
    ExtraSection,
    MovedSection,
    HeadingLevelChanged,
    RenamedHeading,
)
