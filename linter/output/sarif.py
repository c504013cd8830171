"""SARIF 2.1.0 output, for GitHub code scanning and other SARIF viewers."""

from __future__ import annotations

import hashlib
import inspect
import json
from pathlib import Path
from urllib.parse import quote

from linter import __version__
from linter.engine.findings import Finding, Severity
from linter.engine.run import NEW, Run
from linter.output.docgen import rule_doc
from linter.parse.positions import Span

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
_ROOT = "SRCROOT"


def sarif(run: Run) -> str:
    rules = sorted(run.rules, key=lambda item: item[0].id)
    index = {rule.id: position for position, (rule, _) in enumerate(rules)}
    results = [_result(f, index.get(f.rule_id), run) for f in run.findings]
    descriptors = [_descriptor(rule, severity) for rule, severity in rules]
    document = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "transmark",
                        "version": __version__,
                        "rules": descriptors,
                    }
                },
                "originalUriBaseIds": {_ROOT: {"uri": run.root.resolve().as_uri() + "/"}},
                "columnKind": "unicodeCodePoints",  # our columns count code points, as editors do
                "results": results,
            }
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _descriptor(rule: type, severity: Severity) -> dict[str, object]:
    doc = inspect.getdoc(rule) or rule.summary
    return {
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": doc.split("\n", 1)[0]},
        "help": {"text": doc, "markdown": rule_doc(rule)},
        "defaultConfiguration": {"level": _LEVEL[severity]},
        "properties": {"tags": ["translation"]},
    }


def _location(path: str, span: Span, root: Path) -> dict[str, object]:
    return {"physicalLocation": {"artifactLocation": _artifact(path, root), "region": _region(span)}}


def _region(span: Span) -> dict[str, int]:
    return {
        "startLine": span.start.line,
        "startColumn": span.start.column,
        "endLine": span.end.line,
        "endColumn": span.end.column,
    }


def _artifact(path: str, root: Path) -> dict[str, str]:
    """Relative to the root (percent-encoded, forward slashes); an absolute file URI outside it."""
    absolute = Path(path).resolve()
    try:
        relative = absolute.relative_to(root.resolve())
    except ValueError:
        return {"uri": absolute.as_uri()}
    return {"uri": quote(relative.as_posix()), "uriBaseId": _ROOT}


def _result(f: Finding, rule_index: int | None, run: Run) -> dict[str, object]:
    result: dict[str, object] = {
        "ruleId": f.rule_id,
        "level": _LEVEL[f.severity],
        "message": {"text": f.message},
        "locations": [_location(f.path, f.span, run.root)],
        # Structural, not by line: code scanning then follows a finding across Crowdin exports.
        "partialFingerprints": {"transmarkKey/v1": _fingerprint(f, run.page_of(f))},
        "properties": {"lang": f.lang, "key": f.key},
    }
    if rule_index is not None:
        result["ruleIndex"] = rule_index
    if f.source_path and f.source_span:
        english = _location(f.source_path, f.source_span, run.root)
        english["message"] = {"text": "English counterpart"}
        result["relatedLocations"] = [{"id": 0, **english}]
    if f.fix is not None:
        result["fixes"] = [_fix(f, run.root)]
    if run.status is not None:
        result["baselineState"] = "new" if run.status[f] == NEW else "unchanged"
    return result


def _fix(f: Finding, root: Path) -> dict[str, object]:
    assert f.fix is not None
    replacements = [
        {"deletedRegion": _region(edit.span), "insertedContent": {"text": edit.text}} for edit in f.fix.edits
    ]
    return {
        "description": {"text": f"{f.fix.description} ({f.fix.safety} fix)"},
        "artifactChanges": [{"artifactLocation": _artifact(f.path, root), "replacements": replacements}],
    }


def _fingerprint(f: Finding, page: str) -> str:
    return hashlib.sha256("\0".join((f.rule_id, f.lang, page, f.key)).encode()).hexdigest()[:32]
