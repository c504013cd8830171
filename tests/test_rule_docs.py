"""Rule documentation: docstring sections, runnable examples, generated docs/rules.md (STYLE §8.5)."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import pytest
from test_cases import FIXTURES, run_case

from linter.app.selection import history_rules, known_rules
from linter.engine.registry import REQUIRED_SECTIONS
from linter.output.docgen import rules_markdown

ROOT = Path(__file__).resolve().parent.parent
RULES = known_rules().rules  # every rule `transmark rules` and docs/rules.md list
# Rules a pair alone can show: those judged with the English history need one (tests/test_origin.py,
# test_repolog.py, test_outdated_heading.py and test_status.py check them against git histories).
PAIR_RULES = [rule for rule in RULES if rule not in history_rules()]
_FENCE = re.compile(r'^```markdown title="([^"]+)"\n(.*?)\n```$', re.S | re.M)


def _example(rule: type) -> dict[str, str]:
    """The fenced blocks of the `## Example` section, by title (headings inside fences do not end it)."""
    doc = inspect.getdoc(rule) or ""
    lines = doc.split("## Example", 1)[1].split("\n")[1:]
    kept: list[str] = []
    fenced = False
    for line in lines:
        if line.startswith("```"):
            fenced = not fenced
        elif line.startswith("## ") and not fenced:
            break
        kept.append(line)
    return {title: body + "\n" for title, body in _FENCE.findall("\n".join(kept))}


@pytest.mark.parametrize("rule", RULES, ids=[r.name for r in RULES])
def test_docstring_has_required_sections(rule: type) -> None:
    doc = inspect.getdoc(rule) or ""
    first = doc.split("\n", 1)[0]
    assert first and not first.startswith("#"), f"{rule.name}: docstring must start with a summary line"
    for section in REQUIRED_SECTIONS:
        assert section in doc, f'{rule.name}: docstring lacks "{section}"'


@pytest.mark.parametrize("rule", RULES, ids=[r.name for r in RULES])
def test_example_has_three_titled_blocks(rule: type) -> None:
    blocks = _example(rule)
    assert list(blocks) == ["English", "Translation", "Use instead"], (
        f'{rule.name}: ## Example needs ```markdown title="English" / "Translation" / "Use instead"; '
        f"found {list(blocks)}"
    )


@pytest.mark.parametrize("rule", PAIR_RULES, ids=[r.name for r in PAIR_RULES])
def test_example_fires_on_translation_only(rule: type) -> None:
    blocks = _example(rule)
    bad = run_case(rule.name, blocks["English"], blocks["Translation"])
    good = run_case(rule.name, blocks["English"], blocks["Use instead"])
    assert bad, f"{rule.name}: the Translation example of the docstring yields no finding"
    assert all(f.rule_name == rule.name for f in bad)
    assert not good, f"{rule.name}: the Use instead example yields: {[f.message for f in good]}"


@pytest.mark.parametrize("rule", PAIR_RULES, ids=[r.name for r in PAIR_RULES])
def test_every_rule_has_a_cases_file(rule: type) -> None:
    path = FIXTURES / f"{rule.name}.cases.md"
    assert path.is_file(), f"missing {path.relative_to(ROOT)}: every rule needs tier-1 cases"


def test_cases_files_name_known_rules() -> None:
    names = {rule.name for rule in RULES}
    for path in FIXTURES.glob("*.cases.md"):
        assert path.name.removesuffix(".cases.md") in names, f"{path.name} names no registered rule"


def test_docs_rules_md_is_current() -> None:
    path = ROOT / "docs" / "rules.md"
    expected = rules_markdown(RULES)
    actual = path.read_text(encoding="utf-8") if path.is_file() else ""
    assert actual == expected, "docs/rules.md is stale: regenerate it with `transmark docs` (run from the repo root)"


def test_docs_list_every_rule() -> None:
    text = rules_markdown(RULES)
    for rule in RULES:
        assert f"## {rule.id} {rule.name}" in text
        assert f"| {rule.id} |" in text


def test_rules_judged_with_history_are_listed() -> None:
    """`transmark rules` and docs/rules.md name them, though a check runs them only with a history."""
    listed = {rule.id for rule in RULES}
    assert {"TM112", "TM701", "TM702"} <= listed
    assert set(history_rules()) <= set(RULES)
