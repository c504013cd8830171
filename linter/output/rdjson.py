"""reviewdog's diagnostic format (rdjson): findings with their fixes as suggestions on a pull request.

rdjson counts columns in UTF-8 bytes where transmark counts code points, so each
translation is read (once) to convert them; an unreadable file keeps code-point columns.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from linter.engine.findings import Finding, Severity
from linter.engine.run import Run
from linter.parse.positions import Pos, Span
from linter.parse.source import SourceText

_SEVERITY = {Severity.ERROR: "ERROR", Severity.WARNING: "WARNING", Severity.INFO: "INFO"}


def rdjson(run: Run) -> str:
    lines: dict[str, list[str] | None] = {}

    def line_of(path: str, number: int) -> str | None:
        if path not in lines:
            try:
                lines[path] = SourceText.read(path).lines
            except Exception:  # the report still goes out, with code-point columns
                lines[path] = None
        found = lines[path]
        return found[number - 1] if found is not None and 0 < number <= len(found) else None

    document = {
        "source": {"name": "transmark"},
        "diagnostics": [_diagnostic(f, line_of) for f in run.findings],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _diagnostic(f: Finding, line_of: Callable[[str, int], str | None]) -> dict[str, object]:
    message = f.message
    if f.source_path and f.source_span:
        message += f" (English: {f.source_path}:{f.source_span.start.line})"
    out: dict[str, object] = {
        "message": message,
        "location": {"path": f.path, "range": _range(f.path, f.span, line_of)},
        "severity": _SEVERITY[f.severity],
        "code": {"value": f"{f.rule_id} {f.rule_name}"},
    }
    if f.fix is not None:
        out["suggestions"] = [{"range": _range(f.path, e.span, line_of), "text": e.text} for e in f.fix.edits]
    return out


def _range(path: str, span: Span, line_of: Callable[[str, int], str | None]) -> dict[str, dict[str, int]]:
    return {"start": _position(path, span.start, line_of), "end": _position(path, span.end, line_of)}


def _position(path: str, pos: Pos, line_of: Callable[[str, int], str | None]) -> dict[str, int]:
    line = line_of(path, pos.line)
    column = pos.column if line is None else len(line[: pos.column - 1].encode("utf-8")) + 1
    return {"line": pos.line, "column": column}
