"""Output formats. Findings arrive sorted; reporters only format."""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path

from linter.engine.findings import Finding, Severity
from linter.engine.run import NEW, Run


def text(findings: Sequence[Finding], status: Mapping[Finding, str] | None = None) -> str:
    lines = []
    for f in findings:
        where = f"{f.path}:{f.span.start.line}:{f.span.start.column}"
        english = f" (English: {f.source_path}:{f.source_span.start.line})" if f.source_path and f.source_span else ""
        mark = f" [{status[f]}]" if status is not None else ""
        lines.append(f"{where}: {f.rule_id} {f.rule_name}: {f.message}{english}{mark}")
    return "\n".join(lines) + ("\n" if lines else "")


def summary(findings: Sequence[Finding], files: int, status: Mapping[Finding, str] | None = None) -> dict[str, object]:
    by_severity = Counter(str(f.severity) for f in findings)
    by_rule = Counter(f"{f.rule_id} {f.rule_name}" for f in findings)
    out: dict[str, object] = {
        "files": files,
        "findings": len(findings),
        "by_severity": dict(sorted(by_severity.items())),
        "by_rule": dict(sorted(by_rule.items())),
    }
    if status is not None:
        out["new"] = sum(status[f] == NEW for f in findings)
    return out


def as_json(findings: Sequence[Finding], files: int, status: Mapping[Finding, str] | None = None) -> str:
    payload = {
        "version": 1,
        "findings": [_json_finding(f, status) for f in findings],
        "summary": summary(findings, files, status),
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


def _json_finding(f: Finding, status: Mapping[Finding, str] | None) -> dict[str, object]:
    out: dict[str, object] = {
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
            {"path": f.source_path, "line": f.source_span.start.line} if f.source_path and f.source_span else None
        ),
        "fixable": f.fixable,
        "fix": _json_fix(f),
        "lang": f.lang,
        "key": f.key,  # structural position: what suppression files and baselines match on
    }
    if status is not None:
        out["status"] = status[f]
    return out


def _json_fix(f: Finding) -> dict[str, object] | None:
    """The repair: its safety, what it does, and replacement edits (end exclusive, like the finding's span)."""
    if f.fix is None:
        return None
    edits = [
        {
            "line": edit.span.start.line,
            "column": edit.span.start.column,
            "end_line": edit.span.end.line,
            "end_column": edit.span.end.column,
            "text": edit.text,
        }
        for edit in f.fix.edits
    ]
    return {"safety": f.fix.safety, "description": f.fix.description, "edits": edits}


# --- GitHub Actions workflow commands -----------------------------------------------

_GITHUB_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(value: str) -> str:
    """A workflow command's message: `%`, CR and LF are percent-encoded (actions/toolkit escapeData)."""
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    """A workflow command's property value: also `:` and `,` (actions/toolkit escapeProperty)."""
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def github(findings: Sequence[Finding], status: Mapping[Finding, str] | None = None) -> str:
    """`::error file=…,line=…::message` lines: annotations on the pull request's diff.

    Paths are made relative to $GITHUB_WORKSPACE (the checkout) when it is set, since
    annotations are matched against repository paths.
    """
    workspace = os.environ.get("GITHUB_WORKSPACE")
    lines = []
    for f in findings:
        path = os.path.relpath(os.path.abspath(f.path), workspace) if workspace else f.path
        title = f"{f.rule_id} {f.rule_name}" + (f" ({status[f]})" if status is not None else "")
        properties = {
            "file": Path(path).as_posix(),
            "line": f.span.start.line,
            "endLine": f.span.end.line,
            "col": f.span.start.column,
            "endColumn": f.span.end.column,
            "title": title,
        }
        props = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties.items())
        message = f.message
        if f.source_path and f.source_span:
            message += f" (English: {f.source_path}:{f.source_span.start.line})"
        lines.append(f"::{_GITHUB_LEVEL[f.severity]} {props}::{escape_data(message)}")
    return "\n".join(lines) + ("\n" if lines else "")


# --- Markdown summary for a PR comment ---------------------------------------------

WORST_PAGES = 10


def markdown(run: Run) -> str:
    """Counts per language and rule, and the worst pages: short enough for a PR comment."""
    findings = run.findings
    counts = Counter(f.severity for f in findings)
    totals = ", ".join(f"{counts[s]} {s}" for s in sorted(Severity, reverse=True) if counts[s])
    lines = [f"### transmark: {len(findings)} finding{'s' * (len(findings) != 1)} in {run.files} checked pages"]
    if run.status is not None:
        new = sum(run.status[f] == NEW for f in findings)
        lines.append(f"\n{new} new, {len(findings) - new} pre-existing.")
    if not findings:
        return "\n".join(lines) + "\n"
    lines.append(f"\n{totals}.\n")
    languages = sorted({f.lang or "en" for f in findings})
    per_rule: dict[tuple[str, str, Severity], Counter[str]] = {}
    for f in findings:
        per_rule.setdefault((f.rule_id, f.rule_name, f.severity), Counter())[f.lang or "en"] += 1
    lines.append("| rule | " + " | ".join(languages) + " | total |")
    lines.append("| --- |" + " ---: |" * (len(languages) + 1))
    for (rule_id, name, severity), by_lang in sorted(per_rule.items()):
        cells = " | ".join(str(by_lang[lang]) if by_lang[lang] else "" for lang in languages)
        lines.append(f"| {rule_id} {name} ({severity}) | {cells} | {sum(by_lang.values())} |")
    lines += ["", _worst_pages(findings)]
    return "\n".join(lines) + "\n"


def _worst_pages(findings: Sequence[Finding]) -> str:
    per_page: dict[str, Counter[Severity]] = {}
    for f in findings:
        per_page.setdefault(f.path, Counter())[f.severity] += 1
    ranked = sorted(
        per_page.items(), key=lambda item: (*(-item[1][s] for s in sorted(Severity, reverse=True)), item[0])
    )
    shown = ranked[:WORST_PAGES]
    title = "Worst pages" if len(ranked) <= WORST_PAGES else f"Worst {WORST_PAGES} of {len(ranked)} pages"
    lines = [f"**{title}**", "", "| page | error | warning | info |", "| --- | ---: | ---: | ---: |"]
    for path, counts in shown:
        cells = " | ".join(str(counts[s]) if counts[s] else "" for s in sorted(Severity, reverse=True))
        lines.append(f"| `{path}` | {cells} |")
    return "\n".join(lines)


def render(output_format: str, run: Run) -> str:
    if output_format == "json":
        return as_json(run.findings, run.files, run.status)
    if output_format == "github":
        return github(run.findings, run.status)
    if output_format == "markdown":
        return markdown(run)
    if output_format == "sarif":
        from linter.output.sarif import sarif

        return sarif(run)
    if output_format == "rdjson":
        from linter.output.rdjson import rdjson

        return rdjson(run)
    return text(run.findings, run.status)
