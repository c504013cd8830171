"""Output formats. Findings arrive sorted; reporters only format."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence

from .findings import Finding


def text(findings: Sequence[Finding]) -> str:
    lines = []
    for f in findings:
        where = f"{f.path}:{f.span.start.line}:{f.span.start.column}"
        english = f" (English: {f.source_path}:{f.source_span.start.line})" if f.source_path and f.source_span else ""
        lines.append(f"{where}: {f.rule_id} {f.rule_name}: {f.message}{english}")
    return "\n".join(lines) + ("\n" if lines else "")


def summary(findings: Sequence[Finding], files: int) -> dict[str, object]:
    by_severity = Counter(str(f.severity) for f in findings)
    by_rule = Counter(f"{f.rule_id} {f.rule_name}" for f in findings)
    return {
        "files": files,
        "findings": len(findings),
        "by_severity": dict(sorted(by_severity.items())),
        "by_rule": dict(sorted(by_rule.items())),
    }


def as_json(findings: Sequence[Finding], files: int) -> str:
    payload = {
        "version": 1,
        "findings": [
            {
                "rule": f.rule_id,
                "name": f.rule_name,
                "severity": str(f.severity),
                "path": f.path,
                "line": f.span.start.line,
                "column": f.span.start.column,
                "end_line": f.span.end.line,
                "end_column": f.span.end.column,
                "message": f.message,
                "source": (
                    {"path": f.source_path, "line": f.source_span.start.line}
                    if f.source_path and f.source_span
                    else None
                ),
                "fixable": f.fixable,
            }
            for f in findings
        ],
        "summary": summary(findings, files),
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
