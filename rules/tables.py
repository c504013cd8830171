"""TM564: tables keep their shape and the cells that are not text (✅, ❌, numbers, icons)."""

from __future__ import annotations

from collections.abc import Iterator

from linter.align.aligner import Pair
from linter.engine.findings import SAFE, UNSAFE, Fix, Severity
from linter.engine.rule import Report, Rule, RuleContext
from linter.parse.positions import Pos, Span
from linter.parse.tree import Block
from linter.patterns import lazy

from .facts import blank_code, quote

# Each run of spaces is read one way only: `\s*\|?\s*` made a line of spaces quadratic.
_DELIMITER_ROW = lazy(r"^\s*(?:\|\s*)?:?-+:?\s*(?:\|\s*:?-+:?\s*)*(?:\|\s*)?$")
_CELL_SPLIT = lazy(r"(?<!\\)\|")
# What a reader reads as words: letters outside icon shortcodes, HTML tags and link targets.
_NOT_WORDS = lazy(r":[\w+-]+:|<[^>]*>|\]\([^)]*\)|\{[^}]*\}")


def _rows(raw: str) -> list[tuple[int, list[tuple[int, str]]]]:
    """(line index in the block, [(column offset, cell text)]) of each row but the delimiter row."""
    rows = []
    lines = raw.split("\n")
    for number, line in enumerate(lines):
        if not line.strip() or _DELIMITER_ROW.match(line):
            continue
        masked = blank_code(line)  # a `|` inside a code span does not part cells
        cuts = [m.start() for m in _CELL_SPLIT.finditer(masked)]
        bounds = [-1, *cuts, len(line)]
        cells = [(start + 1, line[start + 1 : end]) for start, end in zip(bounds, bounds[1:], strict=False)]
        if line.lstrip().startswith("|"):
            cells = cells[1:]
        if line.rstrip().endswith("|") and cells:
            cells = cells[:-1]
        rows.append((number, cells))
    return rows


def _symbolic(cell: str) -> bool:
    """A cell readers do not read as words: a mark, an icon, a number, a version."""
    text = _NOT_WORDS.sub(" ", cell)
    return bool(cell.strip()) and not any(char.isalpha() for char in text)


class ChangedTableCell(Rule):
    """A table lost a row or column, or a cell that is not text differs from English.

    ## What it does
    Compares every table with its English counterpart: the number of rows and
    of columns in each row, and every cell that holds no words (`✅`, `❌`,
    `:material-check:`, a number or version) cell by cell. Cells of text are
    translated and not compared, nor is a symbol the translation writes in
    words (`49以上` for `49+`).

    ## Why is this bad?
    A comparison table that says `✅` where English says `❌` tells readers the
    opposite of the truth; a missing row or a row with a cell too few shifts
    every value after it into the wrong column.

    ## Example
    ```markdown title="English"
    | Provider | Open source |
    |----------|-------------|
    | Proton   | ✅          |
    | Tuta     | ❌          |
    ```
    ```markdown title="Translation"
    | Anbieter | Quelloffen |
    |----------|------------|
    | Proton   | ✅         |
    | Tuta     | ✅         |
    ```
    ```markdown title="Use instead"
    | Anbieter | Quelloffen |
    |----------|------------|
    | Proton   | ✅         |
    | Tuta     | ❌         |
    ```

    ## Fix
    Safe for a mark or icon: writes the English cell's symbol in the cell. Unsafe
    when either cell holds digits, which a translation may write its own way
    (`1,5` for `1.5`). A missing row or cell has no fix.
    """

    id = "TM564"
    cost = 30
    name = "changed-table-cell"
    summary = "A table lost a row or column, or a cell that is not text differs from English"
    severity = Severity.WARNING
    kinds = ("table",)
    fix_safety = SAFE

    def check(self, pair: Pair, ctx: RuleContext) -> Iterator[Report]:
        source, target = pair.source, pair.target
        if not isinstance(source, Block) or not isinstance(target, Block):
            return
        english, translated = _rows(source.raw), _rows(target.raw)
        first = target.span.start.line
        if len(english) != len(translated):
            more = "fewer" if len(translated) < len(english) else "more"
            yield Report(f"table has {len(translated)} rows, {more} than the {len(english)} in English", node=target)
            return
        lines = target.raw.split("\n")  # once: a table of 80,000 rows split itself for each short row
        for (_, cells_e), (number, cells_t) in zip(english, translated, strict=True):
            line = first + number
            if len(cells_e) != len(cells_t):
                yield Report(
                    f"table row has {len(cells_t)} cells where English has {len(cells_e)}: "
                    "the values after the gap are shown in the wrong columns",
                    node=target,
                    span=Span(Pos(line, 1), Pos(line, len(lines[number]) + 1)),
                )
                continue
            for column, ((_, want), (offset, have)) in enumerate(zip(cells_e, cells_t, strict=True), 1):
                if _symbolic(want) and (_symbolic(have) or not have.strip()) and want.split() != have.split():
                    start = offset + len(have) - len(have.lstrip()) + 1
                    span = Span(Pos(line, start), Pos(line, start + len(have.strip())))
                    yield Report(
                        f'table cell "{quote(have.strip())}" (column {column}) '
                        f'where English has "{quote(want.strip())}"',
                        node=target,
                        span=span,
                        fix=_cell_fix(span, want.strip(), have.strip()),
                    )


def _cell_fix(span: Span, want: str, have: str) -> Fix:
    """The English cell's symbol in place of the translated one (an empty cell gets it after its spaces)."""
    digits = any(char.isdigit() for char in want + have)
    text = want if have else f"{want} "
    return Fix.replace(span, text, f'write "{want}"', UNSAFE if digits else SAFE)


RULES: tuple[type[Rule], ...] = (ChangedTableCell,)
