"""Writing a source-commit stamp into a translation's front matter (`transmark fix --stamp`).

The stamp records the English commit a translation is up to date with (MDN's `l10n.sourceCommit`,
OpenTelemetry's `default_lang_commit`), so that later runs diff English from there. The edit is
textual and small: the stamp's line is rewritten, or added before the front matter's end (a
dotted key goes under its table), or a front matter is added to a page that has none; nothing
else in the page changes.
"""

from __future__ import annotations

import re

_FENCE = re.compile(r"\A(\ufeff?)---[ \t]*\r?\n(.*?)^---[ \t]*\r?$", re.S | re.M)


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
