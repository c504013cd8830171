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
    artifacts = _Artifacts(run.root)
    results = [_result(f, index.get(f.rule_id), run, artifacts) for f in run.findings]
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
                "originalUriBaseIds": {_ROOT: {"uri": artifacts.root.as_uri() + "/"}},
                "columnKind": "unicodeCodePoints",  # our columns count code points, as editors do
                "results": results,
            }
        ],
    }
    # Not indented: a SARIF file is read by code scanning, not people, and indenting doubles its size (a
    # whole-site report of privacyguides.org: 9.4 MB against 5.1 MB, where GitHub takes at most 10 MB
    # compressed) and its encoding time (json's indenting encoder is pure Python).
    return json.dumps(document, ensure_ascii=False) + "\n"


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


def _location(path: str, span: Span, artifacts: _Artifacts) -> dict[str, object]:
    return {"physicalLocation": {"artifactLocation": artifacts(path), "region": _region(span)}}


def _region(span: Span) -> dict[str, int]:
    return {
        "startLine": span.start.line,
        "startColumn": span.start.column,
        "endLine": span.end.line,
        "endColumn": span.end.column,
    }


class _Artifacts:
    """Each file's artifact location, relative to the root (percent-encoded, forward slashes), or an absolute
    file URI outside it. Worked out once per file and report: a page has many findings, and resolving a path
    asks the file system about each of its parts."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self._known: dict[str, dict[str, str]] = {}

    def __call__(self, path: str) -> dict[str, str]:
        if path not in self._known:
            absolute = Path(path).resolve()
            try:
                relative = absolute.relative_to(self.root)
            except ValueError:
                self._known[path] = {"uri": absolute.as_uri()}
            else:
                self._known[path] = {"uri": quote(relative.as_posix()), "uriBaseId": _ROOT}
        return self._known[path]


def _result(f: Finding, rule_index: int | None, run: Run, artifacts: _Artifacts) -> dict[str, object]:
    result: dict[str, object] = {
        "ruleId": f.rule_id,
        "level": _LEVEL[f.severity],
        "message": {"text": f.message},
        "locations": [_location(f.path, f.span, artifacts)],
        # Structural, not by line: code scanning then follows a finding across Crowdin exports.
        "partialFingerprints": {"transmarkKey/v1": _fingerprint(f, run.page_of(f))},
        "properties": {"lang": f.lang, "key": f.key},
    }
    if rule_index is not None:
        result["ruleIndex"] = rule_index
    if f.source_path and f.source_span:
        english = _location(f.source_path, f.source_span, artifacts)
        english["message"] = {"text": "English counterpart"}
        result["relatedLocations"] = [{"id": 0, **english}]
    if f.fix is not None:
        result["fixes"] = [_fix(f, artifacts)]
    if run.status is not None:
        result["baselineState"] = "new" if run.status[f] == NEW else "unchanged"
    return result


def _fix(f: Finding, artifacts: _Artifacts) -> dict[str, object]:
    assert f.fix is not None
    replacements = [
        {"deletedRegion": _region(edit.span), "insertedContent": {"text": edit.text}} for edit in f.fix.edits
    ]
    return {
        "description": {"text": f"{f.fix.description} ({f.fix.safety} fix)"},
        "artifactChanges": [{"artifactLocation": artifacts(f.path), "replacements": replacements}],
    }


def _fingerprint(f: Finding, page: str) -> str:
    return hashlib.sha256("\0".join((f.rule_id, f.lang, page, f.key)).encode()).hexdigest()[:32]
