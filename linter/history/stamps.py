"""Source-commit stamps in a translation's front matter: read, checked against the English history, written.

The stamp records the English commit a translation is up to date with (MDN's `l10n.sourceCommit`,
OpenTelemetry's `default_lang_commit`), so that later runs diff English from there. The edit is
textual and small: the stamp's line is rewritten, or added before the front matter's end (a
dotted key goes under its table), or a front matter is added to a page that has none; nothing
else in the page changes (`transmark fix --stamp`). A stamp naming a commit the English page's history
does not have, or one newer than the translation, is reported by `status` and by `check`.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Sequence
from typing import Any

from linter.history.history import History
from linter.parse.tree import Page
from linter.patterns import lazy
from linter.records import Value

_COMMIT = lazy(r"[0-9a-fA-F]{4,40}")
_FENCE = lazy(r"\A(\ufeff?)---[ \t]*\r?\n(.*?)^---[ \t]*\r?$", re.S | re.M)


class Stamp(Value):
    """A translation's source-commit stamp: the front-matter key and the English commit it names."""

    key: str  # the front-matter key, dotted
    commit: str
    problem: str  # the commit is unknown, or newer than the translation

    __slots__ = ("key", "commit", "problem")

    def __init__(self, key: str, commit: str, problem: str = "") -> None:
        self.key = key
        self.commit = commit
        self.problem = problem


def read_stamp(page: Page, keys: Sequence[str]) -> tuple[str, str] | None:
    """(key, commit) of the first configured front-matter key the page has; dotted keys reach into tables."""
    data: Any = page.front_matter.data if page.front_matter is not None else {}
    for key in keys:
        value = data
        for part in key.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        if isinstance(value, str | int) and str(value).strip():
            return key, str(value).strip()
    return None


def check_stamp(translation: Page, history: History, keys: Sequence[str], translated_at: str | None) -> Stamp | None:
    """The page's stamp, with what is wrong with it: a commit the English history lacks, or one newer than the
    translation (`translated_at`: the date of its last commit, if known)."""
    found = read_stamp(translation, keys)
    if found is None:
        return None
    key, commit = found
    if not _COMMIT.fullmatch(commit):
        return Stamp(key, commit, f'{key} is "{commit}", which is not a commit id (4 to 40 hexadecimal digits)')
    if history.at(commit) is None:
        return Stamp(key, commit, f'{key} names commit "{commit}", which the English page\'s history does not have')
    date = _commit_date(history, commit)
    if translated_at and date and date > translated_at:
        return Stamp(key, commit, f"{key} names commit {commit[:8]} of {date[:10]}, newer than the translation")
    return Stamp(key, commit)


def _commit_date(history: History, commit: str) -> str:
    """The commit's own date (it need not have changed the page), from the history or git."""
    found = history.find(commit)
    if found is not None:
        return found.date
    top = getattr(history, "top", None)
    if top is None:
        return ""
    try:
        done = subprocess.run(
            ["git", "-C", str(top), "show", "-s", "--format=%cI", "--end-of-options", commit],
            capture_output=True,
            text=True,
            check=False,
        )
    except OSError:
        return ""
    return done.stdout.strip() if done.returncode == 0 else ""


def stamped(text: str, key: str, commit: str) -> str:
    """`text` with `key` (dotted for a nested key) set to `commit` in its front matter."""
    newline = "\r\n" if "\r\n" in text else "\n"
    head, _, leaf = key.rpartition(".")
    fence = _FENCE.match(text)
    if fence is None:
        body = f"{head}:{newline}  {leaf}: {commit}" if head else f"{key}: {commit}"
        bom = "\ufeff" if text.startswith("\ufeff") else ""
        return f"{bom}---{newline}{body}{newline}---{newline}{newline}{text.removeprefix(bom)}"
    start, end = fence.span(2)
    block = text[start:end]
    indent = r"[ \t]+" if head else ""
    table = re.search(rf"^{re.escape(head)}:[ \t]*\r?$", block, re.M) if head else None
    scope_start = table.end() if table is not None else 0
    scope = block[scope_start:]
    if head and table is not None:
        scope = scope[: _table_end(scope)]
    line = re.search(rf"^({indent}{re.escape(leaf)}:)[^\r\n]*", scope, re.M) if not head or table else None
    if line is not None:
        at = start + scope_start + line.start()
        return text[:at] + f"{line.group(1)} {commit}" + text[start + scope_start + line.end() :]
    if table is not None:
        at = start + table.end()
        return text[:at] + f"{newline}  {leaf}: {commit}" + text[at:]
    addition = f"{head}:{newline}  {leaf}: {commit}{newline}" if head else f"{key}: {commit}{newline}"
    return text[:end] + addition + text[end:]


def _table_end(scope: str) -> int:
    """Where a YAML table's indented lines end: the first line that is not indented."""
    found = re.search(r"\n(?=[^ \t\r\n])", scope)
    return found.start() if found is not None else len(scope)
