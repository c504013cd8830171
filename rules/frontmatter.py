"""TM6xx: front matter keys and values: what must stay as in English, and what must be translated.

Rules compare the parsed YAML, never its text: Crowdin re-serialises front matter
(quotes, flow lists written as block lists), which changes nothing the site reads.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from linter.align.aligner import Alignment, Pair
from linter.align.analysis import page_analysis
from linter.engine.findings import SAFE, UNSAFE, Edit, Fix, Severity
from linter.engine.rule import Option, Report, Rule, RuleContext
from linter.parse.frontmatter import KEY_LINE
from linter.parse.positions import Pos, Span
from linter.parse.tree import FrontMatter, Node, Page
from linter.parse.urls import split_url
from linter.patterns import lazy

from .prose import Prose, plain

# A language tag as sites put it in host names and paths: en, es, pt-br, zh-hant.
_LANGUAGE = lazy(r"[a-z]{2,3}(?:-[a-z]{2,4})?")
_LANGUAGE_SEGMENT = lazy(r"(?<=/)[a-z]{2,3}(?:-[A-Za-z]{2,4})?(?=/|$)")
_WORD = lazy(r"[^\W_]+")
# A word of prose: letters, with inner apostrophes or hyphens.
_PROSE_WORD = lazy(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_PROSE_WORDS = 3
_ABSENT = object()

_TEXT_KEYS = Option(
    [
        "title",
        "description",
        "keywords",
        "summary",
        "subtitle",
        "meta_title",
        "name",
        "text",
        "headline",
        "alternateName",
        "applicationCategory",
        "operatingSystem",
        "caption",
    ],
    list,
    "Keys, at any depth, whose values are text to translate; other values must stay as in English, "
    "except prose (three words or more) under any key",
)
_ADDED_KEYS = Option(
    ["search"],
    list,
    "Top-level keys a translation may add: Material's `search` (`exclude: true` keeps machine translations "
    "out of the site's search)",
)
_TRANSLATED_KEYS = Option(
    ["title", "description", "meta_title"],
    list,
    "Top-level keys whose values readers see and that must not be left in English",
)


def _data(front_matter: FrontMatter | None) -> Mapping[str, Any]:
    return front_matter.data if front_matter is not None else {}


def _key_span(page: Page, key: str) -> Span:
    """The line of a top-level key; the opening `---` when the key is not there."""
    front_matter = page.front_matter
    if front_matter is None:
        return Span(Pos(1, 1), Pos(1, 1))
    line = front_matter.key_lines.get(key)
    if line is None:
        return Span(front_matter.span.start, Pos(front_matter.span.start.line, 4))
    return Span(Pos(line, 1), Pos(line, len(page.source.lines[line - 1]) + 1))


def _source_span(alignment: Alignment, key: str) -> Span | None:
    front_matter = alignment.source.front_matter
    return _key_span(alignment.source, key) if front_matter is not None and key in front_matter.data else None


def _keys(keys: list[str]) -> str:
    return ", ".join(f'"{key}"' for key in keys)


class MissingFrontMatterKey(Rule):
    """A front matter key of the English page is missing from the translation.

    ## What it does
    Compares the top-level keys of the translation's front matter with the
    English page's, and flags every key the translation dropped (or the whole
    front matter, when it is gone).

    ## Why is this bad?
    Front matter drives the page: `title` and `description` fill the browser tab
    and search results, `icon` and `cover` the navigation and social cards,
    `hide` and `template` the layout. A dropped key silently changes the page.

    ## Example
    ```markdown title="English"
    ---
    title: VPN Services
    icon: material/vpn
    ---
    ```
    ```markdown title="Translation"
    ---
    title: Servizi VPN
    ---
    ```
    ```markdown title="Use instead"
    ---
    title: Servizi VPN
    icon: material/vpn
    ---
    ```

    ## Fix
    Copies the English key with its value, at its English place among the keys.
    Safe for a value that is a name (`icon`, `cover`, `hide`); unsafe when the
    value holds text (`keywords`, a schema `name`, a sentence), which then
    shows in English. A key readers must see translated (`title`,
    `description`), a page without front matter, and a key that seems renamed
    (see extra-front-matter-key) have no fix.
    """

    id = "TM601"
    name = "missing-front-matter-key"
    summary = "A front matter key of the English page is missing"
    severity = Severity.WARNING
    kinds = ("page",)
    fix_safety = SAFE

    def check(self, pair: Pair, ctx: RuleContext) -> Iterator[Report]:
        alignment = ctx.alignment
        english = list(_data(alignment.source.front_matter))
        if not english:
            return
        if alignment.target.front_matter is None:
            yield Report(
                f"page has no front matter; English has {_keys(english)}",
                span=Span(Pos(1, 1), Pos(1, 1)),
                source_span=alignment.source.front_matter.span if alignment.source.front_matter else None,
            )
            return
        translated = _data(alignment.target.front_matter)
        renamed = _renamed(alignment) is not None
        for key in english:
            if key not in translated:
                span = _key_span(alignment.target, key)
                yield Report(
                    f'front matter lacks "{key}", which English has',
                    span=span,
                    source_span=_source_span(alignment, key),
                    fix=None if renamed else _copied_key(alignment, key),
                )


def _entry(page: Page, key: str) -> tuple[int, int] | None:
    """The 1-based lines [first, last] of a top-level key and its value (trailing blank and comment lines left out)."""
    front_matter = page.front_matter
    if front_matter is None or key not in front_matter.data or key not in front_matter.key_lines:
        return None
    first = front_matter.key_lines[key]
    following = [line for name, line in front_matter.key_lines.items() if line > first and name in front_matter.data]
    last = min(following, default=front_matter.span.end.line) - 1
    while last > first and page.source.lines[last - 1].strip()[:1] in ("", "#"):
        last -= 1
    return first, last


def _copied_key(alignment: Alignment, key: str) -> Fix | None:
    """The English key's lines, inserted before the translation's next key in English order (or the closing `---`)."""
    english, translated = alignment.source, alignment.target
    lines = _entry(english, key)
    if lines is None or translated.front_matter is None or key in _TRANSLATED_KEYS.default:
        return None
    order = list(_data(english.front_matter))
    present = [translated.front_matter.key_lines.get(name) for name in order[order.index(key) + 1 :]]
    at = Pos(min((line for line in present if line is not None), default=translated.front_matter.span.end.line), 1)
    text = "".join(line + "\n" for line in english.source.lines[lines[0] - 1 : lines[1]])
    value = _data(english.front_matter)[key]
    safety = UNSAFE if key in _TEXT_KEYS.default or _holds_text(value) else SAFE
    return Fix((Edit(Span(at, at), text),), safety, f'copy "{key}" from English')


def _holds_text(value: Any) -> bool:
    """Whether a value holds words a reader sees: a text key's value or prose, at any depth."""
    if isinstance(value, dict):
        return any(key in _TEXT_KEYS.default or _holds_text(inner) for key, inner in value.items())
    if isinstance(value, list):
        return any(_holds_text(inner) for inner in value)
    return _prose(value)


def _renamed(alignment: Alignment) -> tuple[str, str] | None:
    """(translated key, English key) when the translation has one key English lacks and lacks one English key."""
    english, translated = _data(alignment.source.front_matter), _data(alignment.target.front_matter)
    extra = [key for key in translated if key not in english]
    missing = [key for key in english if key not in translated]
    return (extra[0], missing[0]) if len(extra) == len(missing) == 1 else None


class ExtraFrontMatterKey(Rule):
    """The translation's front matter has a key the English page does not.

    ## What it does
    Flags every top-level front matter key of the translation that the English
    page does not have: a key name that was translated, or one left over from an
    older English revision.

    ## Why is this bad?
    Key names are what the site reads, not text: a translated key (`titolo:`)
    is ignored, and the value the site expected is missing.

    ## Example
    ```markdown title="English"
    ---
    title: VPN Services
    ---
    ```
    ```markdown title="Translation"
    ---
    titolo: Servizi VPN
    ---
    ```
    ```markdown title="Use instead"
    ---
    title: Servizi VPN
    ---
    ```

    ## Fix
    When the translation has one key English lacks and lacks one English key,
    writes the English key name (a translated key name): safe when the value
    equals the English one, unsafe otherwise. Other extra keys have no fix: a
    key left from an older English revision and one the translation needs
    (`template: ja.html`) look the same.
    """

    id = "TM602"
    name = "extra-front-matter-key"
    summary = "The front matter has a key the English page does not"
    severity = Severity.WARNING
    kinds = ("page",)
    options = {"added-keys": _ADDED_KEYS}
    fix_safety = SAFE

    def check(self, pair: Pair, ctx: RuleContext) -> Iterator[Report]:
        alignment = ctx.alignment
        english = _data(alignment.source.front_matter)
        allowed = frozenset(ctx.options["added-keys"])
        renamed = _renamed(alignment)
        for key in _data(alignment.target.front_matter):
            if key not in english and key not in allowed:
                span = _key_span(alignment.target, key)
                yield Report(
                    f'front matter key "{key}" is not in English: key names are read by the site, not translated',
                    span=span,
                    fix=_renamed_key(alignment, span, *renamed) if renamed is not None and renamed[0] == key else None,
                )


def _renamed_key(alignment: Alignment, span: Span, key: str, english_key: str) -> Fix | None:
    """The English key name written over the translated one on its line."""
    line = alignment.target.source.lines[span.start.line - 1]
    match = KEY_LINE.match(line)
    if match is None or match.group(1).strip("'\"") != key:
        return None
    same = _data(alignment.source.front_matter)[english_key] == _data(alignment.target.front_matter)[key]
    written = Span(Pos(span.start.line, match.start(1) + 1), Pos(span.start.line, match.end(1) + 1))
    return Fix.replace(written, english_key, f'write the key "{english_key}"', SAFE if same else UNSAFE)


class ChangedFrontMatterValue(Rule):
    """A front matter value that must stay as in English was changed.

    ## What it does
    Compares every front matter value that is not text (an `icon`, a `cover`
    image, a `template`, the `hide` list, the `schema` types and URLs, at any
    depth) with the English value. Values of text keys (`title`, `description`,
    `keywords`, `summary`, a schema `name`, … see the option) may differ; a URL may switch to another
    language's edition (`en.wikipedia.org` → `es.wikipedia.org`, `/en/` → `/es/`).

    ## Why is this bad?
    These values are names the site and its plugins look up: a translated schema
    `@type` makes the structured data invalid, a changed `icon` shows another
    icon (or breaks the build when it does not exist), a translated
    `randomize-element` switches a feature off.

    ## Example
    ```markdown title="English"
    ---
    title: Qubes Overview
    icon: simple/qubesos
    ---
    ```
    ```markdown title="Translation"
    ---
    title: Огляд Qubes
    icon: pg/qubes-os
    ---
    ```
    ```markdown title="Use instead"
    ---
    title: Огляд Qubes
    icon: simple/qubesos
    ---
    ```

    Prose (three words or more) is text under any key (`learning_objectives`).

    ## Known false positives
    A short text (one or two words) under a key the option does not list.

    ## Fix
    Writes the English value, as the English page spells it, in place of a
    changed string value. Safe for a name (`simple/qubesos`, `home.html`); a
    value with spaces or non-ASCII letters may be text the option does not list,
    and another web address may be a page in the reader's language (a playlist
    of dubbed videos), so those fixes are unsafe.
    """

    id = "TM603"
    name = "changed-front-matter-value"
    summary = "A front matter value that is not text differs from English"
    severity = Severity.WARNING
    kinds = ("page",)
    options = {"text-keys": _TEXT_KEYS}
    fix_safety = SAFE

    def check(self, pair: Pair, ctx: RuleContext) -> Iterator[Report]:
        alignment = ctx.alignment
        text_keys = frozenset(ctx.options["text-keys"])
        english, translated = _data(alignment.source.front_matter), _data(alignment.target.front_matter)
        for key, value in translated.items():
            if key in text_keys or key not in english:
                continue
            for where, expected, shown in _differences(english[key], value, key, text_keys):
                span = _value_span(alignment.target, key, shown)
                yield Report(
                    f'front matter "{where}" is {_show(shown)} where English has {_show(expected)}: {_why(expected)}',
                    span=span,
                    source_span=_source_span(alignment, key),
                    fix=_value_fix(alignment, key, span, shown, expected),
                )


def _differences(
    english: Any, translated: Any, where: str, text_keys: frozenset[str]
) -> Iterator[tuple[str, Any, Any]]:
    """(path, English value, translated value) of every non-text leaf that differs."""
    if isinstance(english, dict) and isinstance(translated, dict):
        for key in [*english, *(key for key in translated if key not in english)]:
            if key in text_keys:
                continue
            inner = f"{where}.{key}"
            if key not in english or key not in translated:
                yield inner, english.get(key, _ABSENT), translated.get(key, _ABSENT)
            else:
                yield from _differences(english[key], translated[key], inner, text_keys)
    elif isinstance(english, list) and isinstance(translated, list) and len(english) == len(translated):
        for index, (one, other) in enumerate(zip(english, translated, strict=True)):
            yield from _differences(one, other, f"{where}[{index + 1}]", text_keys)
    elif english != translated and not _localised(english, translated) and not _prose(english):
        yield where, english, translated


def _prose(value: Any) -> bool:
    """Text a reader sees, under a key no list names (`learning_objectives`): several words, no address.

    Names the site reads are one token (`SoftwareApplication`, `simple/qubesos`) or a short
    selector (`table tbody`), never a sentence.
    """
    if not isinstance(value, str) or "://" in value or value.startswith(("/", ".", "#")):
        return False
    words = value.split()
    return (
        len(words) >= _PROSE_WORDS
        and sum(bool(_PROSE_WORD.fullmatch(word.strip(",.;:!?()"))) for word in words) >= _PROSE_WORDS
    )


def _localised(english: Any, translated: Any) -> bool:
    """A URL that only points to another language: `en.wikipedia.org/wiki/X` → `es.wikipedia.org/wiki/Y`."""
    if not isinstance(english, str) or not isinstance(translated, str) or "/" not in english:
        return False
    one, other = split_url(english), split_url(translated)
    if one.scheme != other.scheme:
        return False
    if one.netloc != other.netloc:
        first, _, rest = one.netloc.partition(".")
        second, _, other_rest = other.netloc.partition(".")
        # Another language edition of the site: its pages may have other names, too.
        return (
            rest == other_rest
            and "www" not in (first, second)
            and all(_LANGUAGE.fullmatch(label) for label in (first, second))
        )
    same_path = _LANGUAGE_SEGMENT.sub("*", one.path) == _LANGUAGE_SEGMENT.sub("*", other.path)
    return same_path and one.query == other.query


def _is_url(value: Any) -> bool:
    return isinstance(value, str) and split_url(value).scheme in ("http", "https")


def _why(expected: Any) -> str:
    if _is_url(expected):
        return "this value is a link, not text to translate: keep it, or link the same page in the reader's language"
    # Said so that it also fits a value that was never translated (`Home` for `home`, an older English name).
    return "the site reads this value as a name, exactly as written: copy English's value"


def _show(value: Any) -> str:
    if value is _ABSENT:
        return "missing"
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, list):
        return f"a list of {len(value)}"
    if isinstance(value, dict):
        return "a mapping"
    return f'"{value}"'


def _value_span(page: Page, key: str, value: Any) -> Span:
    """The line that holds a nested value, searched from its top-level key's line; else the key's line."""
    span = _key_span(page, key)
    front_matter = page.front_matter
    if not isinstance(value, str) or not value or front_matter is None:
        return span
    lines = page.source.lines
    for number in range(span.start.line, front_matter.span.end.line + 1):
        column = lines[number - 1].find(value)
        if column >= 0:
            return Span(Pos(number, column + 1), Pos(number, column + 1 + len(value)))
    return span


_NAME = lazy(r"[A-Za-z0-9_./:@#+-]+")


def _value_fix(alignment: Alignment, key: str, span: Span, shown: Any, expected: Any) -> Fix | None:
    """The English value's own spelling written over a translated string value found on its line."""
    if not isinstance(shown, str) or not shown or span.end.column - span.start.column != len(shown):
        return None
    if not isinstance(expected, (str, int, float)) or isinstance(expected, bool) or expected == "":
        return None
    english = _value_span(alignment.source, key, str(expected))
    if english.end.column - english.start.column != len(str(expected)):
        return None  # not spelled on a line of its own in English (a folded or quoted-escaped value)
    line = alignment.source.source.lines[english.start.line - 1]
    text = line[english.start.column - 1 : english.end.column - 1]
    # A translated word may be text no option lists; another address may be a resource in the reader's language.
    safety = SAFE if _NAME.fullmatch(shown) and not _is_url(expected) else UNSAFE
    return Fix.replace(span, text, f'write "{text}"', safety)


class UntranslatedFrontMatter(Rule):
    """A front matter text readers see (`title`, `description`, …) is still English.

    ## What it does
    Flags a top-level front matter value listed in the option (by default
    `title`, `description` and `meta_title`) that is identical to the English
    value and detected as English, in a page whose text is otherwise translated.
    A value that is English but not what English says today (the English of an
    older version, left when the page was translated) is flagged too, quoting
    today's English. A page that is still English as a whole is left to
    `untranslated-page`.

    ## Why is this bad?
    These strings are the page's title in the browser tab and navigation and its
    summary in search results and social cards: readers of the translation see
    English there. It is translation progress rather than breakage, hence `info`.

    ## Example
    ```markdown title="English"
    ---
    description: Other messengers make all of your private conversations available to the company that runs them.
    ---

    These are our recommendations for encrypted real-time communication.
    ```
    ```markdown title="Translation"
    ---
    description: Other messengers make all of your private conversations available to the company that runs them.
    ---

    Questi sono i nostri consigli per comunicazioni criptate in tempo reale.
    ```
    ```markdown title="Use instead"
    ---
    description: Altri messenger rendono tutte le tue conversazioni private disponibili all'azienda che li gestisce.
    ---

    Questi sono i nostri consigli per comunicazioni criptate in tempo reale.
    ```

    ## Known false positives
    A title that is the same in both languages (a product name detected as English).
    """

    id = "TM604"
    cost = 2
    judges_language = True
    name = "untranslated-front-matter"
    summary = "A front matter title or description is still English"
    severity = Severity.INFO
    kinds = ("page",)
    options = {"keys": _TRANSLATED_KEYS}

    def check(self, pair: Pair, ctx: RuleContext) -> Iterator[Report]:
        alignment = ctx.alignment
        english, translated = _data(alignment.source.front_matter), _data(alignment.target.front_matter)
        found = [
            key
            for key in ctx.options["keys"]
            if isinstance(translated.get(key), str) and _english_text(translated[key], str(english.get(key, "")), ctx)
        ]
        if not found or _untranslated_page(ctx):
            return
        for key in found:
            value, now = translated[key].strip(), str(english.get(key, "")).strip()
            yield Report(
                f'front matter "{key}" is still English: "{value}"'
                if value == now
                else f'front matter "{key}" is English of another version: "{value}"; English now has "{now}"',
                span=_key_span(alignment.target, key),
                source_span=_source_span(alignment, key),
            )


_OLD_ENGLISH_WORDS = 6  # words from which a value that differs from English is judged by the detector alone


def _english_text(value: str, english: str, ctx: RuleContext) -> bool:
    """The value is English: today's English value, or (long enough to tell) English English no longer has."""
    value, english = value.strip(), english.strip()
    if not value or not english:
        return False
    short = len(_PROSE_WORD.findall(value)) < _OLD_ENGLISH_WORDS
    if value != english and short:
        return False  # a short title that differs is a translation, or a name the detector cannot judge
    if short and _named_in_translation(value, ctx):
        return False
    return ctx.is_english(value)


def _named_in_translation(value: str, ctx: RuleContext) -> bool:
    """The value holds a name (a word English prose never writes in lower case: Nextflow) and the
    translation's own sentences use it ("Hello Nextflow est une introduction…"): a course or product
    name kept on purpose, not English left untranslated ("Multifactor Authentication" is no name)."""
    pairs = [(p.source, p.target) for p in ctx.alignment.pairs_of("paragraph") if p.source and p.target]
    # A word the English paragraphs the translation has write in lower case is no name.
    written, paired = _lower_word_places(ctx.alignment.source), {source for source, _ in pairs}
    if all(not paired.isdisjoint(written.get(word.lower(), ())) for word in _PROSE_WORD.findall(value)):
        return False
    return any(
        value in target.text and target.text != source.text and not ctx.is_english(target.text)
        for source, target in pairs
    )


_LOWER_WORD = lazy(r"(?<![\w-])[a-z][a-z-]+")


@page_analysis
def _lower_word_places(page: Page) -> dict[str, list[Node]]:
    """The English page's words in lower case, with the blocks that write them (once for all languages)."""
    places: dict[str, list[Node]] = {}
    for node in page.root.walk():
        for word in set(_LOWER_WORD.findall(plain(Prose.of(node).content))):
            places.setdefault(word, []).append(node)
    return places


def _untranslated_page(ctx: RuleContext) -> bool:
    """Nine in ten paragraphs of some length are still English: the page as a whole is not translated yet."""
    paragraphs = [
        pair
        for pair in ctx.alignment.pairs_of("paragraph")
        if pair.target is not None and len(_WORD.findall(pair.target.text)) >= 4
    ]
    allowed = len(paragraphs) // 10  # translated paragraphs an untranslated page may have
    for pair in paragraphs:
        assert pair.target is not None
        same = pair.source is not None and pair.source.text == pair.target.text
        if not same and not ctx.is_english(pair.target.text):
            allowed -= 1
            if allowed < 0:
                return False  # enough is translated: stop asking the detector
    return len(paragraphs) >= 3


RULES = (MissingFrontMatterKey, ExtraFrontMatterKey, ChangedFrontMatterValue, UntranslatedFrontMatter)
