"""What `transmark fix` tells: fixes applied per rule, fixable findings left and why, and diffs."""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Iterable

from linter.engine.fixes import FixRun


def summary(run: FixRun) -> str:
    """Fixes counted as `check` shows the findings (a defect of every language's export once), with
    the count of the languages' own copies when that differs."""
    shown = Counter(f"{f.rule_id} {f.rule_name}" for f in run.fixed_shown)
    copies = Counter(f"{f.rule_id} {f.rule_name}" for f in run.fixed)
    files = len(run.fixed_text)
    total = len(run.fixed_shown)
    head = f"fixed {total} finding{'s' * (total != 1)}{_copies(total, len(run.fixed))}"
    lines = [f"{head} in {files} file{'s' * (files != 1)}"]
    lines += [f"  {rule}: {count}{_copies(count, copies[rule])}" for rule, count in sorted(shown.items())]
    if run.left:
        lines.append(f"left {len(run.left)} fixable finding{'s' * (len(run.left) != 1)}:")
        for f, why in sorted(run.left, key=lambda item: item[0].sort_key()):
            where = f"{f.path}:{f.span.start.line}:{f.span.start.column}"
            lines.append(f"  {where}: {f.rule_id} {f.rule_name}: {why}")
    return "\n".join(lines) + "\n"


def _copies(shown: int, copies: int) -> str:
    return "" if shown == copies else f" ({copies} in the translations)"


def unified_diff(run: FixRun) -> str:
    """One unified diff of every fixed page, as `git apply` reads it."""
    out: list[str] = []
    for path, fixed in sorted(run.fixed_text.items()):
        before = run.original[path].decode("utf-8").splitlines(keepends=True)
        after = fixed.decode("utf-8").splitlines(keepends=True)
        out.extend(_terminated(difflib.unified_diff(before, after, f"a/{path}", f"b/{path}")))
    return "".join(out)


def _terminated(lines: Iterable[str]) -> list[str]:
    """A last line without a line end gets git's marker, so the diff stays one line per line."""
    out = []
    for line in lines:
        out.append(line if line.endswith(("\n", "\r")) else line + "\n\\ No newline at end of file\n")
    return out
