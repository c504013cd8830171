"""Applying fixes: the edits findings carry, chosen so none overlaps, applied to a page's bytes.

A fix touches only the bytes of its edits: the BOM, line ends (CRLF, mixed) and every
other byte of the page stay as they were. Fixes whose edits overlap are not merged: the
first wins, the others wait for the next pass, when the page is linted again. A pass that
would add a finding, leave a fixed finding in place or break the page's structure is undone
for that page; halving its fixes then finds those that leave the page no worse, and the
others are left (and not tried again).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from linter.engine.findings import SAFE, Edit, Finding
from linter.errors import InputError
from linter.parse.positions import Pos
from linter.patterns import lazy

# Why a fixable finding was not fixed, as `fix` tells it.
UNSAFE = "unsafe fix (apply with --unsafe-fixes)"
OVERLAPPING = "overlaps another fix (run fix again)"
NO_COUNTERPART = "no fix: no English counterpart, or no single right answer"
PARSE_ERROR = "the page has unbalanced HTML containers; fix those first"
REVERTED = "the fix did not resolve it, or caused another finding"

_BOM = "\ufeff".encode()
_LINE_END = lazy(r"\r\n|\r|\n")
MAX_PASSES = 4
MAX_TRIES = 24  # lints of one page spent looking for the fixes of a worse pass that can stay


def choose(findings: Iterable[Finding], unsafe: bool = False) -> tuple[list[Finding], list[tuple[Finding, str]]]:
    """The findings whose fixes apply together (no two overlap), and the rest with why.

    Two findings carrying the very same edits (two rules seeing one defect) are both fixed by them.
    """
    chosen: list[Finding] = []
    left: list[tuple[Finding, str]] = []
    taken: list[Edit] = []
    applied: set[tuple[Edit, ...]] = set()
    candidates = [f for f in findings if f.fix is not None]
    candidates.sort(key=lambda f: (min(e.span.start for e in f.fix.edits), f.rule_id, f.message))  # type: ignore[union-attr]
    for finding in candidates:
        fix = finding.fix
        assert fix is not None
        if fix.safety != SAFE and not unsafe:
            left.append((finding, UNSAFE))
        elif fix.edits in applied:
            chosen.append(finding)
        elif any(_overlap(edit, other) for edit in fix.edits for other in taken):
            left.append((finding, OVERLAPPING))
        else:
            chosen.append(finding)
            taken.extend(fix.edits)
            applied.add(fix.edits)
    return chosen, left


def _overlap(a: Edit, b: Edit) -> bool:
    if a.span.start == a.span.end or b.span.start == b.span.end:  # an insertion touching an edit: order unknown
        return a.span.start <= b.span.end and b.span.start <= a.span.end
    return a.span.start < b.span.end and b.span.start < a.span.end


def edits_of(findings: Iterable[Finding]) -> list[Edit]:
    """The distinct edits of these (chosen) findings."""
    seen: dict[Edit, None] = {}
    for finding in findings:
        if finding.fix is not None:
            seen.update(dict.fromkeys(finding.fix.edits))
    return list(seen)


def apply(data: bytes, edits: Sequence[Edit]) -> bytes:
    """The page's bytes with the (non-overlapping) edits made; everything else byte-identical.

    Edit positions are the parser's (1-based line and code-point column, BOM and `\\r` not
    counted); a replacement's line ends become the page's own.
    """
    bom = data.startswith(_BOM)
    text = data[len(_BOM) :].decode("utf-8") if bom else data.decode("utf-8")
    starts = [0]
    ends: list[str] = []
    for match in _LINE_END.finditer(text):
        starts.append(match.end())
        ends.append(match.group())
    newline = Counter(ends).most_common(1)[0][0] if ends else "\n"

    def offset(pos: Pos) -> int:
        if not 1 <= pos.line <= len(starts):
            raise ValueError(f"edit at {pos} is outside the page")
        line_end = starts[pos.line] - len(ends[pos.line - 1]) if pos.line < len(starts) else len(text)
        at = starts[pos.line - 1] + pos.column - 1
        if not starts[pos.line - 1] <= at <= line_end:
            raise ValueError(f"edit at {pos} is outside its line")
        return at

    for edit in sorted(edits, key=lambda e: (e.span.start, e.span.end), reverse=True):
        begin, end = offset(edit.span.start), offset(edit.span.end)
        text = text[:begin] + edit.text.replace("\n", newline) + text[end:]
    return (_BOM if bom else b"") + text.encode("utf-8")


# (overlay of fixed pages' bytes, translations to lint or None for all) -> findings
Lint = Callable[[Mapping[str, bytes], Collection[str] | None], list[Finding]]


@dataclass
class FixRun:
    """What `fix` did: the new bytes of changed pages, the findings fixed, and those left with why."""

    original: dict[str, bytes] = field(default_factory=dict)
    fixed_text: dict[str, bytes] = field(default_factory=dict)
    fixed: list[Finding] = field(default_factory=list)  # each language's own
    fixed_shown: list[Finding] = field(default_factory=list)  # as `check` shows them: an export-wide one once
    left: list[tuple[Finding, str]] = field(default_factory=list)
    remaining: list[Finding] = field(default_factory=list)  # every finding of the fixed run


def fix_run(
    lint: Lint,
    can_fix: Callable[[Finding], bool],
    parses: Callable[[str, bytes], bool],
    unsafe: bool = False,
    read: Callable[[str], bytes] = lambda path: Path(path).read_bytes(),
    collapse: Callable[[list[Finding]], list[Finding]] = list,
    language_rules: Collection[str] = (),
) -> FixRun:
    """Lint, fix, lint the fixed pages again, for up to MAX_PASSES passes; nothing is written.

    `parses(path, data)` says whether a page parses without structural problems: a page that
    does not is never fixed, and a fix that would make it so is undone. `collapse` merges the
    fixed findings as `check` shows them. `language_rules`: ids of the rules that judge which text is
    still English (Rule.judges_language), whose findings a fix moving text across lines only regroups.
    """
    run = FixRun()
    findings = lint({}, None)
    by_path = _by_path(findings)
    refused: set[tuple[object, ...]] = set()  # (path, identity) of fixes a pass undid: not tried again
    for _ in range(MAX_PASSES):
        changed: dict[str, bytes] = {}
        chosen_of: dict[str, list[Finding]] = {}
        for path, page in sorted(by_path.items()):
            chosen, _ = choose([f for f in page if (path, *element_identity(f)) not in refused], unsafe)
            if not chosen:
                continue
            data = run.fixed_text.get(path) or _original(run, path, read)
            if not parses(path, data):
                continue
            try:
                new = apply(data, edits_of(chosen))
            except (ValueError, UnicodeDecodeError):
                continue
            if new != data and parses(path, new):
                changed[path] = new
                chosen_of[path] = chosen
        if not changed:
            break
        # Compared on the same scope: some rules see more of the site when fewer pages are linted.
        before = _by_path(lint(run.fixed_text, changed.keys()))
        after = _by_path(lint({**run.fixed_text, **changed}, changed.keys()))
        for path, new in changed.items():
            kept, found = chosen_of[path], after.get(path, [])
            data = run.fixed_text.get(path) or run.original[path]
            if _worse(before.get(path, []), found, kept, _regrouped(data, new, language_rules)):
                kept, new, found = _no_worse_part(lint, parses, run.fixed_text, path, data, kept, language_rules)
                refused.update((path, *element_identity(f)) for f in chosen_of[path] if f not in kept)
                if not kept:
                    continue
            run.fixed_text[path] = new
            run.fixed += kept
            by_path[path] = found
    for path in list(run.fixed_text):
        if run.fixed_text[path] == run.original[path]:
            del run.fixed_text[path]
    run.fixed_shown = collapse(run.fixed)
    remaining = sorted((f for page in by_path.values() for f in page), key=Finding.sort_key)
    run.remaining = remaining
    for finding in remaining:
        if (finding.path, *element_identity(finding)) in refused:
            run.left.append((finding, REVERTED))
        elif finding.fix is not None:
            if not parses(finding.path, run.fixed_text.get(finding.path) or _original(run, finding.path, read)):
                run.left.append((finding, PARSE_ERROR))
            else:
                run.left.append((finding, UNSAFE if finding.fix.safety != SAFE and not unsafe else OVERLAPPING))
        elif can_fix(finding):
            run.left.append((finding, NO_COUNTERPART))
    return run


def _no_worse_part(
    lint: Lint,
    parses: Callable[[str, bytes], bool],
    overlay: Mapping[str, bytes],
    path: str,
    data: bytes,
    chosen: list[Finding],
    language_rules: Collection[str],
) -> tuple[list[Finding], bytes, list[Finding]]:
    """The fixes of a page whose pass made it worse that leave it no worse, found by halving: one bad fix
    no longer costs the page its other fixes. Returns them, the page with them applied, and its findings.

    Findings whose fixes make the same edits stay together; at most MAX_TRIES lints of the page.
    """
    before = lint(overlay, [path])
    units = list(_by_edits(chosen).values())
    kept: list[Finding] = []
    result: tuple[bytes, list[Finding]] = (data, before)
    tries = 0

    def attempt(group: list[list[Finding]]) -> bool:
        nonlocal tries, result
        tries += 1
        trial = kept + [f for unit in group for f in unit]
        try:
            new = apply(data, edits_of(trial))
        except (ValueError, UnicodeDecodeError):
            return False
        if not parses(path, new):
            return False
        found = lint({**overlay, path: new}, [path])
        if _worse(before, found, trial, _regrouped(data, new, language_rules)):
            return False
        kept.extend(f for unit in group for f in unit)
        result = (new, found)
        return True

    pending = [units[: len(units) // 2], units[len(units) // 2 :]]
    while pending and tries < MAX_TRIES:
        group = pending.pop(0)
        if group and not attempt(group) and len(group) > 1:
            pending[:0] = [group[: len(group) // 2], group[len(group) // 2 :]]
    return kept, *result


def _by_edits(findings: Iterable[Finding]) -> dict[tuple[Edit, ...], list[Finding]]:
    out: dict[tuple[Edit, ...], list[Finding]] = {}
    for finding in findings:
        assert finding.fix is not None
        out.setdefault(finding.fix.edits, []).append(finding)
    return out


def _original(run: FixRun, path: str, read: Callable[[str], bytes]) -> bytes:
    data = run.original.get(path)
    if data is None:
        try:
            data = run.original[path] = read(path)
        except OSError as exc:
            raise InputError(path, f"cannot read: {exc.strerror}") from None
    return data


def _by_path(findings: Iterable[Finding]) -> dict[str, list[Finding]]:
    out: dict[str, list[Finding]] = {}
    for finding in findings:
        out.setdefault(finding.path, []).append(finding)
    return out


_EXTRA_ORDINAL = lazy(r"(/?\+[a-z_-]+)\d+")
_LINE_NUMBER = lazy(r"\bline \d+")


def element_identity(finding: Finding) -> tuple[object, ...]:
    """What a finding is about, whatever line it sits on: a fix that inserts or removes lines moves
    the findings after it (and renumbers the extra nodes they sit in) without making them new.

    The English span stays (a fix never edits English); the translation's positions, the sibling
    numbers of nodes English lacks, and line numbers in the message go.
    """
    source = (finding.source_path, finding.source_span) if finding.source_span is not None else None
    key = _EXTRA_ORDINAL.sub(r"\1", finding.key)
    return finding.rule_id, source, key, _LINE_NUMBER.sub("line", finding.message)


def _regrouped(old: bytes, new: bytes, language_rules: Collection[str]) -> Collection[str]:
    """The rules whose findings the fix may regroup: those judging language when it only moved text across
    spaces and lines (every other byte as it was), else none."""
    return language_rules if old.translate(None, _LAYOUT) == new.translate(None, _LAYOUT) else ()


_LAYOUT = b" \t\r\n"


def _worse(
    before: Sequence[Finding], after: Sequence[Finding], fixed: Sequence[Finding], regrouped: Collection[str] = ()
) -> bool:
    """Whether the fixed page has a finding it did not have, or still has one the pass fixed; the findings of
    the `regrouped` rules aside."""

    def count(findings: Sequence[Finding]) -> Counter[tuple[object, ...]]:
        return Counter(element_identity(f) for f in findings if f.rule_id not in regrouped)

    return bool(count(after) - (count(before) - count(fixed)))
