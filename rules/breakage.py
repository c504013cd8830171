"""TM565-TM567: characters, list markers and backticks that change how a translated line renders."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from linter.align.aligner import Alignment, BlockGroup, Pair
from linter.engine.findings import SAFE, Edit, Fix, Severity
from linter.engine.rule import Report, Rule, RuleContext
from linter.parse.positions import Pos, Span
from linter.parse.tree import Node, Page
from linter.patterns import lazy

from .facts import BlockGroupRule, quote, raw_lines

# C0 controls but tab, line feed and carriage return, and DEL: never typed on purpose in a page.
_CONTROL = lazy(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_ANSI = lazy(r"\x1b\[[0-9;]*[A-Za-z]")  # a terminal's colour or cursor code, pasted with its text
_NAMES = {"\x08": "backspace", "\x0b": "vertical tab", "\x0c": "form feed", "\x1b": "escape", "\x7f": "delete"}
# A list marker glued to its text: `*item`, `-item`, `1.item` (no `*` after: `*italic*` is emphasis).
GLUED_MARKER = lazy(r"^(?P<indent>[ \t]*)(?:(?P<bullet>[*+-])(?=[^\s*+\-\[])(?!.*\*)|(?P<number>\d{1,3})\.(?=[^\s\d]))")


def _code_lines(page: Page) -> set[int]:
    """Lines of code blocks and front matter, where list markers and controls are content."""
    lines: set[int] = set()
    for node in page.root.walk():
        if node.kind == "code":
            lines.update(range(node.span.start.line, node.span.end.line + 1))
    if page.front_matter is not None:
        lines.update(range(1, page.front_matter.span.end.line + 1))
    return lines


class ControlCharacter(Rule):
    """The translation holds a control character (U+0008 backspace, U+001B escape…) English does not.

    ## What it does
    Flags every line of the translated page with a control character other
    than tab and line breaks that the English page does not have: a paste
    from a terminal or a broken export.

    (The translation below holds a U+0008 after "Server".)

    ## Why is this bad?
    Browsers show nothing or a box for it, search does not find the word it
    sits in, and some renderers drop the rest of the line.

    ## Example
    ```markdown title="English"
    Run the server with `fastapi dev`.
    ```
    ```markdown title="Translation"
    Starten Sie den Server\x08 mit `fastapi dev`.
    ```
    ```markdown title="Use instead"
    Starten Sie den Server mit `fastapi dev`.
    ```

    ## Fix
    Safe: deletes the line's control characters that English does not have,
    and the rest of a terminal colour code (`ESC[32m`) one of them opens.
    """

    id = "TM565"
    name = "control-character"
    summary = "The translation holds a control character English does not"
    severity = Severity.WARNING
    kinds = ("page",)
    fix_safety = SAFE

    def check(self, pair: Pair, ctx: RuleContext) -> Iterator[Report]:
        target = ctx.alignment.target.source
        if not _CONTROL.search(target.text):
            return
        english = set(_CONTROL.findall(ctx.alignment.source.source.text))
        for number, line in enumerate(target.lines, 1):
            found = [m for m in _CONTROL.finditer(line) if m.group() not in english]
            if not found:
                continue
            char = found[0].group()
            name = _NAMES.get(char) or unicodedata.name(char, "control character").casefold()
            column = found[0].start() + 1
            yield Report(
                f"control character U+{ord(char):04X} ({name}) in the text: readers see nothing or a box "
                "where it is, delete it",
                span=Span(Pos(number, column), Pos(number, column + 1)),
                fix=Fix(tuple(_deletion(line, number, match.start()) for match in found), SAFE, "delete it"),
            )


def _deletion(line: str, number: int, start: int) -> Edit:
    """Delete the control character at `start`, with the rest of a terminal colour code it opens."""
    sequence = _ANSI.match(line, start)
    end = sequence.end() if sequence else start + 1
    return Edit(Span(Pos(number, start + 1), Pos(number, end + 1)), "")


class GluedListMarker(Rule):
    """A list item lost the space after its marker (`*item`), so it is no list item.

    ## What it does
    Flags a translated line that starts with a list marker directly followed by
    text (`*item`, `-item`, `1.item`) where the English page has list items with
    that marker at that indentation.

    ## Why is this bad?
    Markdown needs a space after the marker: without it the line joins the
    paragraph or item above it, and readers see a literal `*`.

    ## Example
    ```markdown title="English"
    * Install the app.
    * Open the settings.
    ```
    ```markdown title="Translation"
    * Installez l'application.
    *Ouvrez les paramètres.
    ```
    ```markdown title="Use instead"
    * Installez l'application.
    * Ouvrez les paramètres.
    ```

    ## Fix
    Safe: writes a space after the marker, as English has.
    """

    id = "TM566"
    name = "glued-list-marker"
    summary = "A list item lost the space after its marker"
    severity = Severity.WARNING
    kinds = ("page",)
    fix_safety = SAFE

    def check(self, pair: Pair, ctx: RuleContext) -> Iterator[Report]:
        source, target = ctx.alignment.source, ctx.alignment.target
        skip = _code_lines(target)
        english = source.source.text
        listed: dict[tuple[str, str], bool] = {}  # (indent, marker): English has such items (one search each)
        for number, line in enumerate(target.source.lines, 1):
            glued = GLUED_MARKER.match(line)
            if glued is None or number in skip:
                continue
            indent = re.escape(glued.group("indent"))
            marker = re.escape(glued.group("bullet")) if glued.group("bullet") else r"\d{1,3}\."
            if (indent, marker) not in listed:
                listed[indent, marker] = re.search(rf"^{indent}{marker}[ \t]", english, re.M) is not None
            if not listed[indent, marker]:
                continue
            start = len(glued.group("indent")) + 1
            shown = glued.group("bullet") or f"{glued.group('number')}."
            span = Span(Pos(number, start), Pos(number, start + len(shown)))
            above = number > 1 and target.source.lines[number - 2].strip()
            effect = "the line joins the text above it" if above else f'readers see a literal "{shown}"'
            yield Report(
                f'"{quote(line.strip())}" is no list item: a space is missing after "{shown}", so {effect}',
                span=span,
                fix=Fix.replace(span, f"{shown} ", f'write a space after "{shown}"'),
            )


_UNPAIRED = lazy(r"(?<!\\)`+")


def _unpaired(alignment: Alignment, node: Node, english: bool) -> list[tuple[int, int]]:
    """(start, end) in the block's text of each backtick run no code span took (code spans are blanked)."""
    return [match.span() for match in _UNPAIRED.finditer(raw_lines(alignment, node, english).text)]


class StrayBacktick(BlockGroupRule):
    """A backtick has no partner, so code spans pair up wrongly or a backtick shows as text.

    ## What it does
    Flags a translated block with more backticks left unpaired than its English
    block: a code span whose closing backtick was dropped or doubled, or a
    backtick typed as a quote mark.

    ## Why is this bad?
    A backtick pairs with the next one of the same length, so one stray
    backtick swallows the rest of the line (or the next code span's text)
    into code, and readers see a literal backtick where the code ends.

    ## Example
    ```markdown title="English"
    Run `fastapi dev main.py` and open `http://127.0.0.1:8000`.
    ```
    ```markdown title="Translation"
    Führen Sie `fastapi dev main.py aus und öffnen Sie `http://127.0.0.1:8000`.
    ```
    ```markdown title="Use instead"
    Führen Sie `fastapi dev main.py` aus und öffnen Sie `http://127.0.0.1:8000`.
    ```
    """

    id = "TM567"
    cost = 17
    name = "stray-backtick"
    summary = "A backtick has no partner: code spans pair up wrongly or it shows as text"
    severity = Severity.WARNING
    scan = _UNPAIRED

    def check_group(self, group: BlockGroup, ctx: RuleContext) -> Iterator[Report]:
        alignment = ctx.alignment
        english = sum(len(_unpaired(alignment, node, True)) for node in group.english)
        found = [(node, run) for node in group.translation for run in _unpaired(alignment, node, False)]
        if len(found) <= english:
            return
        node, (start, end) = found[english] if english < len(found) else found[-1]
        raw = raw_lines(alignment, node, False)
        yield Report(
            '"`" has no partner in this paragraph: the code spans around it take the wrong backticks, '
            "so text shows as code or a backtick shows as text",
            node=node,
            span=raw.span(start, end),
            source=group.english[0],
        )


RULES: tuple[type[Rule], ...] = (ControlCharacter, GluedListMarker, StrayBacktick)
