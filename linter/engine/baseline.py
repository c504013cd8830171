"""Baselines and new-versus-old: findings matched by structure, not by line.

A finding's identity is (rule, language, English page, structural key, message with its
numbers blanked): it survives lines moving and line numbers quoted in messages changing.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from linter.engine.findings import Finding
from linter.errors import ConfigError
from linter.patterns import lazy
from linter.project.discovery import display_path

VERSION = 1
_NUMBERS = lazy(r"\d+")
Identity = tuple[str, str, str, str, str]  # (rule id, language, English page, structural key, message)
PageOf = Callable[[Finding], str]  # a finding's English page, relative to the configuration's folder


def identity(finding: Finding, page: str) -> Identity:
    return (finding.rule_id, finding.lang, page, finding.key, _NUMBERS.sub("0", finding.message))


def matched(known: Iterable[Identity], findings: Sequence[Finding], page_of: PageOf) -> list[bool]:
    """Which findings `known` already holds, each known entry used once.

    Exact identities first; then the same rule at the same spot with another message (one
    defect reworded, such as a card now showing a third logo) still counts as known.
    """
    exact = Counter(known)
    loose = Counter(entry[:4] for entry in exact.elements())
    idents = [identity(f, page_of(f)) for f in findings]
    found = [False] * len(idents)
    for index, ident in enumerate(idents):
        if exact[ident] > 0:
            exact[ident] -= 1
            loose[ident[:4]] -= 1
            found[index] = True
    for index, ident in enumerate(idents):
        if not found[index] and loose[ident[:4]] > 0:
            loose[ident[:4]] -= 1
            found[index] = True
    return found


def dumps(findings: Sequence[Finding], page_of: PageOf) -> str:
    entries = sorted(
        (
            {"rule": f.rule_id, "name": f.rule_name, "lang": f.lang, "page": page, "key": f.key, "message": f.message}
            for f in findings
            for page in (page_of(f),)
        ),
        key=lambda e: (e["page"], e["lang"], e["rule"], e["key"], e["message"]),
    )
    return json.dumps({"version": VERSION, "findings": entries}, ensure_ascii=False, indent=1) + "\n"


def load(path: Path) -> list[Identity]:
    shown = display_path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{shown}: baseline not found (write one with `transmark baseline`)") from None
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise ConfigError(f"{shown}: cannot read the baseline: {exc}") from None
    if not isinstance(data, dict) or data.get("version") != VERSION or not isinstance(data.get("findings"), list):
        raise ConfigError(f'{shown}: not a transmark baseline (expected {{"version": {VERSION}, "findings": [...]}})')
    out = []
    for number, entry in enumerate(data["findings"], 1):
        fields = [
            entry.get(name) if isinstance(entry, dict) else None for name in ("rule", "lang", "page", "key", "message")
        ]
        if not all(isinstance(value, str) for value in fields):
            raise ConfigError(f"{shown}: finding #{number} needs string rule, lang, page, key and message")
        rule, lang, page, key, message = fields
        out.append((rule, lang, page, key, _NUMBERS.sub("0", message)))
    return out
