"""TM501-TM505: links keep their targets and their syntax (rules/link_facts.py compares them)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from functools import lru_cache
from urllib.parse import unquote

from linter.engine.findings import SAFE, Severity
from linter.engine.rule import Option, Report, Rule, RuleContext
from linter.parse.positions import Pos, Span
from linter.parse.tree import Link, Section
from linter.parse.urls import split_url
from linter.project.discovery import looks_like_language

from .facts import own_span
from .link_facts import Comparison, LinksRule, link_name, link_report, normalized
from .link_markup import Ref, differing, markup_fix, quote_link, url_fix

# Parts of a URL a localisation may change; `{lang}` stands for the translation's language.
DEFAULT_LOCALIZED_URLS = (
    r"^https?://(?:en|{lang})\.(?:m\.)?wikipedia\.org/wiki/.*$",  # the article in the reader's language
    r"(?<=//)(?:en|{lang})(?:[-_][a-z0-9]{2,4})?\.(?=[^/]+\.)",  # language subdomain: es.example.org
    r"(?<=/)(?:en|{lang})(?:[-_][a-z0-9]{2,4})?(?=/|$|[?#])",  # language path segment: /en/, /en-US/
    r"(?<=[?&])(?:hl|lang|locale|language)=[^&#]*",  # language query parameter: ?hl=ja, ?lang=es
    r"#:~:text=.*$",  # a text fragment only highlights words, which translation may change
)


# -- anchors and localised URLs -----------------------------------------------------------------


def _lang_code(lang: str) -> str:
    """A regex for a language code as URLs write it: `pt-BR` matches `pt-BR`, `pt_BR` and `pt`."""
    primary = re.split(r"[-_]", lang)[0]
    return "(?:" + "|".join(re.escape(c) for c in dict.fromkeys((lang, primary)) if c) + ")"


def _check_localizers(patterns: list[object]) -> None:
    for pattern in patterns:
        if not isinstance(pattern, str):
            raise ValueError(f"expected a list of regular expressions, found {pattern!r}")
        try:
            re.compile(pattern.replace("{lang}", _lang_code("xx")))
        except re.error as exc:
            raise ValueError(f"{pattern!r} is not a regular expression ({exc})") from None


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


def _inserted_language(changed: Sequence[tuple[Ref, Ref]]) -> str:
    """A pair linted without its language: the language code its links insert into the English
    addresses they localise (`/es/docs/x` for `/docs/x`), when they all insert the same one."""
    codes = {code for english, translated in changed if (code := _inserted_segment(english.url, translated.url))}
    return codes.pop() if len(codes) == 1 else ""


def _inserted_segment(english: str, translated: str) -> str | None:
    """The one path segment `translated` adds to `english`, when it looks like a language code."""
    e, t = split_url(normalized(english)), split_url(normalized(translated))
    english_path, path = e.path.split("/"), t.path.split("/")
    if e.netloc != t.netloc or len(path) != len(english_path) + 1:
        return None
    return next(
        (part for i, part in enumerate(path) if looks_like_language(part) and path[:i] + path[i + 1 :] == english_path),
        None,
    )


def _localized_page(lang: str, english: str, translated: str) -> bool:
    """The translation links the same site's page for its readers (`/es-es/…`, `?hl=ru`) where the
    English links the English page: the two pages' addresses may differ in more than the language.
    """
    if not lang or split_url(normalized(english)).netloc != split_url(normalized(translated)).netloc:
        return False
    reader_language = _reader_language(lang)
    return bool(reader_language.search(translated)) and not reader_language.search(english)


def _translated_anchor(ctx: RuleContext, english: Ref, url: str) -> bool:
    """Only the #fragment differs, and it is (or may be: the page is not in the run) the id of the
    translated heading the English fragment names.
    """
    e, t = split_url(normalized(english.url)), split_url(normalized(url))
    if e[:4] != t[:4] or e.scheme or e.netloc or not t.fragment or any(c.isspace() for c in t.fragment):
        return False  # also: no heading id has a space in it
    if not e.path:  # on this page: the aligned heading tells
        for section in ctx.alignment.source.sections():
            if section.anchor.casefold() == e.fragment:
                counterpart = ctx.counterpart(section)
                return isinstance(counterpart, Section) and counterpart.anchor.casefold() == t.fragment
        return t.fragment in {s.anchor.casefold() for s in ctx.alignment.target.sections()}
    resolved = ctx.site.resolve(ctx.alignment.source.path, english.url) if ctx.site is not None else None
    pages = ()
    if resolved and ctx.site:
        pages = (ctx.site.page(resolved[0], "en", outline=True), ctx.site.page(resolved[0], ctx.lang, outline=True))
    if len(pages) < 2 or pages[0] is None or pages[1] is None:
        return True  # the linked page is not part of the run: nothing to hold the fragment against
    english_ids = [s.anchor.casefold() for s in pages[0].sections()]
    translated_ids = [s.anchor.casefold() for s in pages[1].sections()]
    if e.fragment in english_ids and len(english_ids) == len(translated_ids):
        return translated_ids[english_ids.index(e.fragment)] == t.fragment
    return t.fragment in translated_ids and t.fragment not in english_ids


class ChangedLinkTarget(LinksRule):
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

    ## Fix
    Writes the English address, as the English page spells it, into the
    translated link, which keeps its text and title. The link is the one the
    alignment pairs with the English link, so reordered or added links do not
    shift it. Safe when both addresses are on the same site (or both within
    this one); another host may be the reader's edition of a site, so that fix
    is unsafe.
    """

    id = "TM501"
    cost = 4
    name = "changed-link-target"
    summary = "A link points to another address than in English"
    severity = Severity.WARNING
    fix_safety = SAFE
    options = {
        "localized-urls": Option(
            list(DEFAULT_LOCALIZED_URLS),
            list,
            "regexes for the parts of a URL a translation may localise; `{lang}` is the language code",
            _check_localizers,
        )
    }

    def reports(self, found: Comparison, ctx: RuleContext) -> Iterator[Report]:
        lang = ctx.lang or _inserted_language(found.changed)
        localizers = _localizers(tuple(ctx.options["localized-urls"]), lang)
        for english, translated in found.changed:
            if _delocalized(english.url, localizers) == _delocalized(translated.url, localizers):
                continue
            if _localized_page(lang, english.url, translated.url):
                continue
            if _translated_anchor(ctx, english, translated.url):
                continue
            shown, expected = differing(unquote(translated.url), unquote(english.url))
            yield link_report(
                translated.node,
                translated.item.span,
                f'{link_name(english)} points to "{shown}" where English has "{expected}"',
                english,
                url_fix(ctx.alignment, english, translated, "address"),
            )


class MissingLink(LinksRule):
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

    def reports(self, found: Comparison, ctx: RuleContext) -> Iterator[Report]:
        lines = ctx.alignment.target.source.lines
        for english, block in found.missing:
            span = own_span(block)
            line = lines[span.start.line - 1]
            start = Pos(span.start.line, max(span.start.column, len(line) - len(line.lstrip()) + 1))
            name = link_name(english)
            message = f"{name} is missing"
            if not name.startswith("link to "):  # a name that is not the address already
                message += f'; English links to "{quote_link(unquote(english.url))}"'
            yield link_report(block, Span(start, span.end), message, english)


class ExtraLink(LinksRule):
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

    def reports(self, found: Comparison, ctx: RuleContext) -> Iterator[Report]:
        reader_language = _reader_language(ctx.lang) if ctx.lang else None
        for translated in found.extra:
            link = translated.item
            assert isinstance(link, Link)
            if reader_language is not None and reader_language.search(link.url):
                continue  # a translator's pointer to a resource in the reader's language
            text = f'link "{quote_link(link.text)}"' if link.text.strip() else "link"
            yield Report(
                f'{text} to "{quote_link(unquote(link.url))}" is not in English',
                node=translated.node,
                span=link.span,
            )


class EmptyLinkText(LinksRule):
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

    def reports(self, found: Comparison, ctx: RuleContext) -> Iterator[Report]:
        for english, translated in found.empty:
            yield link_report(
                translated.node,
                translated.item.span,
                f"{link_name(english)} has no text between its brackets, so readers cannot see or click it",
                english,
            )


class BrokenLinkSyntax(LinksRule):
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

    ## Fix
    Safe: removes the space between `]` and `(`, writes full-width brackets as
    `[ ] ( )` and drops the backslashes of escaped brackets, when what is left is
    one link (the address stays as written). A missing bracket is left: where
    the link text starts has no single answer.
    """

    id = "TM505"
    name = "broken-link-syntax"
    summary = "A link's markup is broken and shows as text"
    severity = Severity.ERROR
    fix_safety = SAFE

    def reports(self, found: Comparison, ctx: RuleContext) -> Iterator[Report]:
        for shown in found.broken:
            yield link_report(
                shown.node,
                shown.span,
                f"{link_name(shown.english)} does not render: {shown.reason}, "
                f'so the site shows "{quote_link(shown.shown)}"',
                shown.english,
                markup_fix(ctx.alignment.target.source, shown),
            )


RULES: tuple[type[Rule], ...] = (
    ChangedLinkTarget,
    MissingLink,
    ExtraLink,
    EmptyLinkText,
    BrokenLinkSyntax,
)
