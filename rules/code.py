"""TM551-TM553: code spans and code blocks stay as in English."""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterable, Iterator
from dataclasses import replace
from functools import lru_cache

from linter.align.aligner import Alignment, BlockGroup, Pair, own_inline
from linter.align.analysis import analysis
from linter.engine.findings import SAFE, UNSAFE, Edit, Fix, Severity
from linter.engine.rule import Option, Report, Rule, RuleContext
from linter.parse.positions import Pos, Span
from linter.parse.source import SourceText
from linter.parse.tree import Block, Node
from linter.patterns import lazy

from .code_text import code_structure, without_comments
from .facts import (
    MARKUP,
    Diff,
    Fact,
    Raw,
    compare_facts,
    fact_report,
    having,
    prose_groups,
    quote,
    raw_lines,
)

# Words or a capitalised word in backticks (`leave blank`, `TITLE`, an example passphrase), a name
# that says it is the reader's or an example (`something`, `@something`, `your_enum_member.value`): a placeholder.
_PLACEHOLDER_CODE = lazy(r"^(?:[^\W\d_]+(?: [^\W\d_]+)+|[^\W\d_a-z]{4,}|@?(?i:your|my|some)(?:thing)?(?:_\S*)?)$")
# Placeholders inside code (`<path to your app>`, `@[username].addy.io`): their words may be translated.
_ANGLE_PLACEHOLDER = lazy(r"<[^<>\n]*[^\x00-\x7f\s<>][^<>\n]*>|<[^<>\n]* [^<>\n]*>")
_BRACKET_PLACEHOLDER = lazy(r"\[[^\[\]\n]*\]")


def _code_key(text: str, brackets: bool = True) -> str:
    """Code as compared: spacing normalised, placeholders emptied (`[]` in code blocks may be syntax)."""
    text = _ANGLE_PLACEHOLDER.sub("<>", " ".join(text.split()))
    return _BRACKET_PLACEHOLDER.sub("[]", text) if brackets else text


def _code_facts(nodes: Iterable[Node]) -> list[Fact]:
    return [
        Fact(_code_key(code.text), code.text, node, code.span)
        for node in nodes
        if (inline := own_inline(node)) is not None
        for code in inline.code
    ]


@analysis
def _code_diff(alignment: Alignment) -> list[tuple[BlockGroup, Diff]]:
    return [
        (group, compare_facts(_code_facts(group.english), _code_facts(group.translation), group.translation[0]))
        for group in having(alignment, "code")
    ]


def _rephrased(english: object, translated: object) -> bool:
    """One code span holds the other as a whole name (`use_cache` and `use_cache=False`, `list` and
    `list[str]`): the sentence was rephrased around the code, which was kept as it is."""
    if not isinstance(english, str) or not isinstance(translated, str) or not english or not translated:
        return False
    shorter, longer = sorted((english.replace(" ", ""), translated.replace(" ", "")), key=len)
    at = _whole_name(shorter, longer)
    rest = longer[:at] + longer[at + len(shorter) :] if at >= 0 else ""
    return any(char.isalnum() for char in rest)  # `x.` for `x` is punctuation pulled in, not a rephrase


def _whole_name(name: str, text: str) -> int:
    """Where `name` first stands in `text` with no word character or `.` before it and no word character
    after it (the look-around pattern, without compiling one per pair of spans: 47,000 in a 1 MB page), or -1."""
    at = text.find(name)
    while at >= 0:
        end = at + len(name)
        if not (at and (text[at - 1].isalnum() or text[at - 1] in "_.")) and not (
            end < len(text) and (text[end].isalnum() or text[end] == "_")
        ):
            return at
        at = text.find(name, at + 1)
    return -1


_TOKEN = lazy(r"\w+|\W")


class _Rephrasings:
    """Code spans, asked which of them `_rephrased` pairs with a code span without trying each: a span held
    by another as a whole name has every token (a word, another character) among the other's, so only
    spans that have the held one's rarest token are tried (a paragraph of 25,000 changed code spans tried
    every pair of them: 6,800,000 tries at 40 kB, and a 250 kB page ran over 90 s)."""

    def __init__(self, spans: Iterable[str]) -> None:
        self.spans = set(spans)
        self.answers: dict[str, bool] = {}
        self.having: dict[str, set[str]] = {}  # a token -> the spans that have it
        for span in self.spans:
            for token in _TOKEN.findall(span.replace(" ", "")):
                self.having.setdefault(token, set()).add(span)
        self.rarest: dict[str, list[str]] = {}  # a token -> the spans it is the rarest token of ("": none)
        for span in self.spans:
            tokens = _TOKEN.findall(span.replace(" ", ""))
            rarest = min(tokens, key=lambda token: (len(self.having[token]), token)) if tokens else ""
            self.rarest.setdefault(rarest, []).append(span)

    def any_of(self, code: str) -> bool:
        """Whether `_rephrased` pairs `code` with one of the spans (it is symmetric)."""
        found = self.answers.get(code)
        if found is None:  # once per text: a span of spaces alone has no token and is tried against all
            tokens = set(_TOKEN.findall(code.replace(" ", "")))
            holding = min((self.having.get(token, set()) for token in tokens), key=len) if tokens else self.spans
            held = [span for token in (*tokens, "") for span in self.rarest.get(token, ())]
            found = self.answers[code] = any(_rephrased(code, span) for span in (*holding, *held))
        return found


# A key combination (`Ctrl+Space`): keys are named as the reader's keyboard labels them (`Strg+Leertaste`).
_KEYS = lazy(r"(?i)(?:ctrl|control|strg|alt|shift|cmd|command|option|opt|meta|win|super|fn)\s*\+")


# Spaces beside Python's operators and brackets, which do not change what the code says (a space beside
# `-` or `:` may: `ls -l`, `about:config`).
_OPERATOR_SPACE = lazy(r"\s*([=()\[\]{},;])\s*")


def _said_alike(english: str, translated: str) -> bool:
    """The translation writes the same code, as its language would: keys as its keyboards label them,
    a plural inside the backticks (`Responses` for English's `Response`s), or spaced otherwise."""
    if _KEYS.match(english) and english.count("+") == translated.count("+"):
        return True
    if _OPERATOR_SPACE.sub(r"\1", english) == _OPERATOR_SPACE.sub(r"\1", translated):
        return True  # `tags =["items"]`: a space beside an operator or bracket is no other code
    return translated in (english + "s", english + "es")


class TranslatedCodeSpan(Rule):
    """A code span differs from its English counterpart.

    ## What it does
    Pairs the `code spans` of every translated block with those of its English
    block and flags one whose content changed: a translated command, option,
    file name or URL scheme, a typo, punctuation pulled inside the backticks.
    Spacing does not count (nor a space beside an operator or bracket,
    `tags =["items"]`), nor code rephrased around the English code
    (`use_cache=False` for `use_cache`), a plural written inside the backticks
    (`Responses` for `Response`s), or the keys of a key combination named as
    the reader's keyboard labels them (`Ctrl+Espacio`), and placeholders may be translated: a code span of
    words only (`leave blank`) or one capitalised word (`TITLE`), and the parts
    in brackets of code (`@[username].addy.io`, `<path to your app>`).

    ## Why is this bad?
    Code is what readers type or look for on screen: `briar://` or
    `about:config` translated into the reader's language does not exist.

    ## Example
    ```markdown title="English"
    Enter `about:config` in the address bar.
    ```
    ```markdown title="Translation"
    Escribe `acerca:configuración` en la barra de direcciones.
    ```
    ```markdown title="Use instead"
    Escribe `about:config` en la barra de direcciones.
    ```

    ## Known false positives
    A sample word in backticks (`encrypt`, the word a reader should find in a
    word list) and a sample title (`Note`) are reported when translated.

    ## Fix
    Unsafe: writes the English code span as English writes it. A code span may
    hold an example a translator adapts on purpose (a key name on a localized
    keyboard, a sample value), so the fix waits for --unsafe-fixes.
    """

    id = "TM551"
    family = MARKUP
    cost = 11
    name = "translated-code-span"
    summary = "A code span's content differs from English"
    severity = Severity.WARNING
    kinds = ("page",)
    fix_safety = UNSAFE

    def check(self, pair: Pair, ctx: RuleContext) -> Iterator[Report]:
        for _, diff in _code_diff(ctx.alignment):
            # as written: `list[str]` for `list` is a rephrase, though brackets in code are compared as placeholders
            shown_e = [e.shown for e, _ in diff.changed] + [e.shown for e, _ in diff.missing]
            shown_t = [t.shown for _, t in diff.changed] + [t.shown for t in diff.extra]
            in_english, in_translation = _Rephrasings(shown_e), _Rephrasings(shown_t)
            for english, translated in diff.changed:
                if _PLACEHOLDER_CODE.match(" ".join(english.shown.split())) or _said_alike(
                    english.shown, translated.shown
                ):
                    continue
                if in_translation.any_of(english.shown) or in_english.any_of(translated.shown):
                    continue
                report = fact_report(
                    f'code "{quote(translated.shown)}" where English has "{quote(english.shown)}": '
                    "code stays as in English",
                    translated,
                    translated.node,
                    english,
                )
                written = _span_text(ctx.alignment.source.source, english.span)
                fix = Fix.replace(translated.span, written, f"write {quote(written)}", UNSAFE)
                yield replace(report, fix=fix)


def _span_text(src: SourceText, span: Span) -> str:
    return src.text[src.offset(span.start.line, span.start.column) : src.offset(span.end.line, span.end.column)]


class MissingCodeSpan(Rule):
    """A code span of the English block is missing or lost its backticks.

    ## What it does
    Flags an English `code span` that has no counterpart in the translated
    block: either its text is there without the backticks (often put in
    quotes instead), or it is gone. Code the translation keeps as code but
    mentions fewer times (`To `async` or not to `async`` → one `async`) is a
    rephrase and not flagged. Nor is what a translator may say in words: a
    plain word (`raise`, `dict`, `Optional`) or a name of lower-case words
    (`status_code`) translated into the language, a plain word or string
    literal (`"items"`) shown in the language's quotation marks (« items »,
    „items“, 「items」), or the site's name (mkdocs.yml `site_name`: the class
    `FastAPI` written as the name FastAPI). Code that is more than words
    (`about:config`, `APIRoute`, `app/main.py`) is flagged, quoted or not.

    ## Why is this bad?
    Without backticks a command or setting no longer stands out as something to
    type, and Markdown inside it is interpreted; a dropped one leaves the
    sentence without the name it is about.

    ## Example
    ```markdown title="English"
    Do not edit `about:config` settings.
    ```
    ```markdown title="Translation"
    No edites los ajustes de "about:config".
    ```
    ```markdown title="Use instead"
    No edites los ajustes de `about:config`.
    ```

    ## Fix
    Safe: puts the text that lost its backticks back in backticks, replacing
    the quotes around it if it has some (`"x"`, `«x»`, `「x」`), when the
    translated block holds that text once. A text written several times, or a
    code span that is gone, is left to the translator.
    """

    id = "TM552"
    family = MARKUP
    name = "missing-code-span"
    summary = "A code span of the English block is missing or lost its backticks"
    severity = Severity.WARNING
    kinds = ("page",)
    fix_safety = SAFE

    def check(self, pair: Pair, ctx: RuleContext) -> Iterator[Report]:
        for group, diff in _code_diff(ctx.alignment):
            if not diff.missing:
                continue
            kept = {t.key for _, t in diff.same}  # mentioned as code fewer times: a rephrase, not a loss
            written = _Rephrasings([t.shown for _, t in diff.changed] + [t.shown for t in diff.extra])
            taken: set[tuple[int, int]] = set()  # places already reported: code English has twice
            texts: list[tuple[Node, Raw, str]] = []
            for english, node in diff.missing:
                shown = " ".join(english.shown.split())
                if _PLACEHOLDER_CODE.match(shown) or english.key in kept:
                    continue
                if written.any_of(english.shown):
                    continue  # `Depends(oauth2_scheme)` for `Depends` with `oauth2_scheme`
                texts = texts or _prose_texts(ctx.alignment, group)
                found = _written(texts, shown, taken)
                if found is None:
                    # a word, or a name of words, said in the language (`raise`: lanzar, `status_code`: статус-код)
                    if not _plain_words(_literal(shown)) and not _SNAKE_WORDS.fullmatch(shown):
                        yield fact_report(f'code "{quote(english.shown)}" is missing', None, node, english)
                    continue
                where, span, quoted, fix = found
                if quoted and (_plain_words(shown) or '"' in shown or _literal(shown) != shown):
                    continue  # a word or string literals shown in the language's quotation marks
                if shown == ctx.alignment.source.dialect.site_name or any(
                    _in_prose(shown, _english_prose(ctx.alignment))
                ):
                    continue  # English writes it as text too (`FastAPI` the class, FastAPI the name)
                taken.add((span.start.line, span.start.column))
                report = fact_report(
                    f'"{quote(english.shown)}" lost its backticks, so it does not show as code',
                    None,
                    where,
                    english,
                    span,
                )
                yield replace(report, fix=fix)


def _prose_texts(alignment: Alignment, group: BlockGroup) -> list[tuple[Node, Raw, str]]:
    """The group's translated blocks as written, and with what is not prose blanked out (offsets kept)."""
    texts = []
    for node in group.translation:
        raw = raw_lines(alignment, node, english=False)
        texts.append((node, raw, _NOT_PROSE.sub(lambda m: "\x00" * len(m.group()), raw.text)))
    return texts


def _written(
    texts: list[tuple[Node, Raw, str]], text: str, taken: set[tuple[int, int]]
) -> tuple[Node, Span, bool, Fix | None] | None:
    """Where the translated blocks (`_prose_texts`) write the code `text` as plain text (an unquoted place not
    yet reported first), whether in quotation marks there, and its fix when they write it once."""
    places: list[tuple[Node, Span, bool, Fix | None]] = []
    count = 0
    for node, raw, prose in texts:
        for found in _in_prose(text, prose):
            count += 1
            span = raw.span(*found)
            if (span.start.line, span.start.column) in taken:
                continue
            start, end = _quoted(prose, *found)
            in_tag = prose.rfind("<", 0, start) > prose.rfind(">", 0, start)
            code = f"`{text.strip()}`"
            fix = None if in_tag or "`" in text else Fix.replace(raw.span(start, end), code, f"write {code}")
            quoted = (start, end) != found or prose[found[0] : found[1]] != _literal(text)  # « tax »: 20.2
            places.append((node, span, quoted, fix))
    if not places:
        return None
    node, span, quoted, fix = min(places, key=lambda place: place[2])
    return node, span, quoted, fix if count == 1 else None


def _quoted(text: str, start: int, end: int) -> tuple[int, int]:
    """`text[start:end]` with the quotes around it (French `« x »` with its spaces), if it has some."""
    for pad in ("", " ", "\u00a0", "\u202f"):
        before, after = start - len(pad), end + len(pad)
        quotes = text[before - 1 : before] + text[after : after + 1]
        if text[before:start] == pad == text[end:after] and quotes in _QUOTES:
            return before - 1, after + 1
    return start, end


# Quote pairs a translator writes code in instead of backticks.
_QUOTES = frozenset(('""', "''", "“”", "„“", "«»", "»«", "「」", "『』", "‘’", "‹›"))
# Where a word is no text a reader sees: attribute lists (`{ #to-async-or-not-to-async }`), link targets,
# list markers (`* `, which a lone `*` in code is not).
_NOT_PROSE = lazy(r"\{[^{}\n]*\}|\]\([^()\n]*\)|^[ \t]*(?:>[ \t]?)*[ \t]*(?:[-*+]|\d{1,9}[.)])(?=[ \t])", re.M)
# Words as prose has them (`raise`, `Optional`, `HTML`), a section named as its heading (`### Quotes`):
# no digit, symbol, or capital inside a lower-case word (`APIRoute`).
_WORD = r"(?:[^\W\d_][^\W\d_A-Z]*|[^\W\d_a-z]+)"
_PLAIN_WORDS = lazy(rf"(?:#{{1,6}} )?{_WORD}(?:[ '-]{_WORD})*")
_SNAKE_WORDS = lazy(r"[a-z]+(?:_[a-z]+)+")  # `status_code`: the words "status code"


# Scripts written without spaces: code glued to their words (`fastapi.statusと`) is still a word of its own.
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"


# A double quote inside code as a translator writes it in text: in the language's quotation marks.
_ANY_QUOTE = r'[ \u00a0\u202f]?["“”„«»「」『』][ \u00a0\u202f]?'


def _in_prose(code: str, prose: str) -> Iterator[tuple[int, int]]:
    """Where `prose` has the code (a string literal's text) as a whole word, as `finditer` of its pattern finds
    it. Code without a quote is looked for as text and its ends tested there: a search of the pattern, which
    starts with a look-behind, reads the whole text, and a block of a thousand lost code spans searched it
    for each (and compiled a pattern for each)."""
    literal = _literal(code)
    if not literal or '"' in literal:
        if all(part in prose for part in literal.split('"')):
            yield from (match.span() for match in _prose_pattern(literal).finditer(prose))
        return
    start = prose.find(literal)
    while start >= 0:
        end = start + len(literal)
        if _WORD_START.match(prose, start) and _WORD_END.match(prose, end):
            yield start, end
            start = prose.find(literal, end)
        else:
            start = prose.find(literal, start + 1)


# Where a word of prose may start and end (a script without spaces glues words to code).
_BEFORE, _AFTER = rf"(?<![^\W{_CJK}]|-)", rf"(?![^\W{_CJK}]|-)"
_WORD_START, _WORD_END = lazy(_BEFORE), lazy(_AFTER)


@lru_cache(maxsize=1024)
def _prose_pattern(literal: str) -> re.Pattern[str]:
    """The text of code with quotes, the quotes as the language writes them, as a whole word of prose."""
    body = _ANY_QUOTE.join(re.escape(part) for part in literal.split('"'))
    return re.compile(_BEFORE + body + _AFTER)


@analysis
def _english_prose(alignment: Alignment) -> str:
    """The English page's text outside code, link targets and attribute lists, once per pair."""
    return "\n".join(
        _NOT_PROSE.sub(" ", raw_lines(alignment, node, english=True).text)
        for group in prose_groups(alignment)
        for node in group.english
    )


def _plain_words(text: str) -> bool:
    return _PLAIN_WORDS.fullmatch(text) is not None


def _literal(code: str) -> str:
    """A string literal's text (`"items"` → items), other code as it is."""
    if len(code) > 2 and code[0] == code[-1] and code[0] in "\"'" and code[0] not in code[1:-1]:
        return code[1:-1]
    return code


_FENCE = lazy(r"^[ \t]*(`{3,}|~{3,})")


class ChangedCodeBlock(Rule):
    """A code block's content differs from its English counterpart.

    ## What it does
    Compares every code block with its English counterpart line by line and
    flags the first line that differs. What translators may translate does not
    count: comments in the block's language (`# Return some error`,
    `// More stuff here`), Mermaid labels, notes and messages, placeholders in
    angle brackets with spaces (`<path to your app>`); nor do spacing inside a
    line and blank lines. Indentation does. Blocks in the languages of the
    `skip-languages` option are not checked: example prose and sample output
    are shown to readers and may be translated.

    ## Why is this bad?
    A translated command does not run: `udp poort 53 en host` is not
    `udp port 53 and host`, and `--host` split into `-- host` is no option.

    ## Example
    ```markdown title="English"
    ~~~ bash
    tshark -w /tmp/dns.pcap udp port 53 and host 1.1.1.1
    ~~~
    ```
    ```markdown title="Translation"
    ~~~ bash
    tshark -w /tmp/dns.pcap udp poort 53 en host 1.1.1.1
    ~~~
    ```
    ```markdown title="Use instead"
    ~~~ bash
    tshark -w /tmp/dns.pcap udp port 53 and host 1.1.1.1
    ~~~
    ```

    ## Known false positives
    Placeholder file names (`input_file`), string literals and program output
    inside a `bash` block are reported when translated.

    ## Fix
    Writes each differing line as in English, keeping a translated comment
    (`# …`, `// …`, `-- …` by the fence's language) and comment lines as they
    are; only when both blocks have the same number of lines, and not in a
    diagram, whose labels sit inside its code lines. Safe in a
    programming language's block; in a shell block the arguments may be
    placeholders translated on purpose (`archivo_entrada` for `input_file`),
    and in a block without a language or with program output (`console`) the
    lines may be translated text, so there the fix is unsafe.
    """

    id = "TM553"
    name = "changed-code-block"
    summary = "A code block's content differs from English"
    severity = Severity.WARNING
    kinds = ("code",)
    fix_safety = SAFE
    options = {
        "skip-languages": Option(
            ["markdown", "md", "text"],
            list,
            "fence languages whose blocks may be translated (the first word of the fence's info)",
        )
    }

    def check(self, pair: Pair, ctx: RuleContext) -> Iterator[Report]:
        source, target = pair.source, pair.target
        if not isinstance(source, Block) or not isinstance(target, Block):
            return
        language = source.info.split(" ", 1)[0].casefold()
        if language and language in ctx.options["skip-languages"]:
            return
        english, translated = _code_lines(source.raw, language), _code_lines(target.raw, language)
        if [key for _, key, _ in english] == [key for _, key, _ in translated]:
            return
        index = next(
            (i for i, (a, b) in enumerate(zip(english, translated, strict=False)) if a[1] != b[1]),
            min(len(english), len(translated)),
        )
        src = ctx.alignment.target.source
        first = target.span.start.line + (1 if _FENCE.match(src.lines[target.span.start.line - 1]) else 0)
        if index >= len(translated):
            yield Report(f'code block lacks English line "{quote(english[index][2])}"', node=target, source=source)
            return
        number, _, line = translated[index]
        if index >= len(english):
            message = f'code block line "{quote(line)}" is not in English'
        else:
            message = f'code block line "{quote(line)}" differs from English "{quote(english[index][2])}"'
            if translated[index][1].strip() == english[index][1].strip():
                message = f'code block line "{quote(line)}" is indented differently from English'
        fix = _code_fix(src, first, english, translated, language) if len(english) == len(translated) else None
        yield Report(message, node=target, span=_line_span(src, first + number), source=source, fix=fix)


# Languages whose every line is code: writing the English line there is safe. In other blocks
# (none, console, mermaid) a line may hold output or labels a reader sees.
# Where a changed line can only be a mistake. Shell blocks are not among them: their arguments are often
# placeholders a translator localises on purpose (`cwebp archivo_entrada`, privacyguides' es pages).
_CODE_LANGUAGES = frozenset(
    "python py yaml yml toml dockerfile js javascript ts typescript java go rust c cpp kotlin "
    "sql lua json ini nginx html css xml".split()
)


def _split_comment(line: str, language: str) -> tuple[str, str]:
    """(code, comment) of a line, by the comment syntax of the block's language."""
    code = without_comments(line, language)
    return (code, line[len(code) :]) if line.startswith(code) else (line, "")


def _code_fix(
    src: SourceText,
    first: int,
    english: tuple[tuple[int, str, str], ...],
    translated: tuple[tuple[int, str, str], ...],
    language: str,
) -> Fix | None:
    """Each differing line written as in English, keeping its translated comment."""
    edits = []
    for (_, english_key, english_line), (number, key, line) in zip(english, translated, strict=True):
        if english_key == key:
            continue
        if code_structure(line, language).strip() != without_comments(line, language).strip():
            return None  # labels inside the code (a diagram): the English line would drop them
        code, comment = _split_comment(line, language)
        english_code, english_comment = _split_comment(english_line, language)
        if not code.strip() and not english_code.strip():
            continue  # a comment line: translated on purpose
        repaired = english_code + comment if comment and english_comment else english_line
        if repaired == line:
            continue
        file_line = src.lines[first + number - 1]
        indent = len(file_line) - len(file_line.lstrip()) - (len(line) - len(line.lstrip()))  # the block's own
        span = Span(Pos(first + number, indent + 1), Pos(first + number, len(file_line) + 1))
        edits.append(Edit(span, repaired))
    if not edits:
        return None
    safety = SAFE if language in _CODE_LANGUAGES else UNSAFE
    return Fix(tuple(edits), safety, "write the code as in English, keeping translated comments")


@lru_cache(maxsize=2048)
def _code_lines(raw: str, language: str) -> tuple[tuple[int, str, str], ...]:
    """(index in the block, compared form, text) of a code block's lines that hold code.

    Indentation counts (YAML, Python); spacing inside a line, placeholders, comments and
    diagram labels do not. Cached: an English block is read for every language, and most
    translated blocks are the English one.
    """
    lines = textwrap.dedent(raw).split("\n")
    code = code_structure("\n".join(lines), language).split("\n")
    return tuple(
        (number, line[: len(line) - len(line.lstrip())] + _code_key(line, brackets=False), lines[number])
        for number, line in enumerate(code)
        if line.strip()
    )


def _line_span(src: SourceText, line: int) -> Span | None:
    if not 1 <= line <= len(src.lines):
        return None
    content = src.lines[line - 1]
    start = len(content) - len(content.lstrip())
    return Span(Pos(line, start + 1), Pos(line, len(content.rstrip()) + 1))


RULES: tuple[type[Rule], ...] = (
    TranslatedCodeSpan,
    MissingCodeSpan,
    ChangedCodeBlock,
)
