"""Tier 1 fixtures: `fixtures/rules/<rule-name>.cases.md`, one test per case (STYLE §8.4).

Each case is four blocks separated by lines holding only `.`: title, English,
translation, expected findings (`LINE:COL rule-name`, optionally `~ message substring`).
Only the rule named by the file runs, so the expected set is exact for that rule.
A title containing `(crlf)` has its translation written with CRLF line ends.
A case of a rule that can fix may end with a line `fixed:` and one more block: the
translation as `transmark fix --unsafe-fixes` leaves it (tests/test_fixes.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from linter.engine.findings import Finding
from linter.engine.registry import Registry
from linter.engine.runner import Runner, configure
from linter.parse.markdown import parse_page
from linter.parse.source import SourceText

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "rules"
_EXPECTED = re.compile(r"^(\d+):(\d+) ([a-z0-9-]+)(?: ~ (.+))?$")


def _english_detector() -> Callable[[str], bool]:
    """The real detector; a stub only while linter.langid cannot be imported."""
    try:
        from linter.parse.langid import is_english

        is_english("These messengers are great for securing your sensitive communications.")
        return is_english
    except Exception:  # pragma: no cover - only without the model
        words = set("the a an is are and or of to for in on your you this that with be it by not".split())

        def stub(text: str) -> bool:
            tokens = re.findall(r"[A-Za-z]+", text.lower())
            return bool(tokens) and sum(t in words for t in tokens) >= max(2, len(tokens) // 4)

        return stub


IS_ENGLISH = _english_detector()


@dataclass(frozen=True)
class Case:
    rule: str
    title: str
    english: str
    translation: str
    expected: tuple[tuple[str, str | None], ...]  # ("3:5 rule-name", substring)
    line: int  # where the title is in the fixture file
    fixed: str | None = None  # the translation after fixing, when the case says

    @property
    def ok(self) -> bool:
        return self.title.startswith("ok:")


def read_cases(path: Path) -> list[Case]:
    """Parse markdown-it-py's dot-separated fixture format."""
    rule = path.name.removesuffix(".cases.md")
    lines = path.read_text(encoding="utf-8").split("\n")
    cases: list[Case] = []
    index = 0
    while index < len(lines):
        if not lines[index].strip():
            index += 1
            continue
        title, title_line = lines[index].strip(), index + 1
        index += 1
        blocks: list[list[str]] = []
        for _ in range(4):
            if index >= len(lines) or lines[index] != ".":
                raise ValueError(f"{path}:{index + 1}: case {title!r}: expected a line holding only '.'")
            index += 1
            if len(blocks) == 3:
                break
            block: list[str] = []
            while index < len(lines) and lines[index] != ".":
                block.append(lines[index])
                index += 1
            blocks.append(block)
        english, translation, expected_lines = blocks
        fixed_lines = None
        if index < len(lines) and lines[index] == "fixed:":
            if index + 1 >= len(lines) or lines[index + 1] != ".":
                raise ValueError(f"{path}:{index + 2}: case {title!r}: expected '.' after 'fixed:'")
            index += 2
            fixed_lines = []
            while index < len(lines) and lines[index] != ".":
                fixed_lines.append(lines[index])
                index += 1
            if index >= len(lines):
                raise ValueError(f"{path}: case {title!r}: the fixed block is not closed by '.'")
            index += 1
        expected = []
        for raw in expected_lines:
            if not raw.strip():
                continue
            match = _EXPECTED.match(raw.strip())
            if match is None:
                raise ValueError(f"{path}: case {title!r}: bad expected line {raw!r}")
            expected.append((f"{match.group(1)}:{match.group(2)} {match.group(3)}", match.group(4)))
        text_en = "\n".join(english) + "\n"
        text_tr = "\n".join(translation) + "\n"
        text_fixed = "\n".join(fixed_lines) + "\n" if fixed_lines is not None else None
        if "(crlf)" in title:
            text_tr = text_tr.replace("\n", "\r\n")
            text_fixed = text_fixed.replace("\n", "\r\n") if text_fixed is not None else None
        cases.append(Case(rule, title, text_en, text_tr, tuple(expected), title_line, text_fixed))
    return cases


def run_case(rule: str, english: str, translation: str) -> list[Finding]:
    """Findings of one rule only, for an English text and its translation."""
    active = configure(Registry.load(), select=[rule])
    source = parse_page(SourceText.from_bytes("en.md", english.encode("utf-8")), "en")
    target = parse_page(SourceText.from_bytes("it.md", translation.encode("utf-8")), "it")
    return Runner(active, is_english=IS_ENGLISH).lint_pages(source, target)


def _all_cases() -> list[Case]:
    return [case for path in sorted(FIXTURES.glob("*.cases.md")) for case in read_cases(path)]


ALL_CASES = _all_cases()


def test_fixture_titles_are_unique() -> None:
    seen: set[tuple[str, str]] = set()
    for case in ALL_CASES:
        key = (case.rule, case.title)
        assert key not in seen, f"duplicate case title {case.title!r} in {case.rule}.cases.md"
        seen.add(key)


def test_every_rule_has_enough_cases() -> None:
    for rule in Registry.load().rules:
        cases = [case for case in ALL_CASES if case.rule == rule.name]
        ok = sum(case.ok for case in cases)
        assert ok >= 3, f"{rule.name}.cases.md needs at least 3 ok: cases, has {ok}"
        assert len(cases) - ok >= 3, f"{rule.name}.cases.md needs at least 3 bad cases, has {len(cases) - ok}"


@pytest.mark.parametrize("case", ALL_CASES, ids=[f"{c.rule}:{c.title}" for c in ALL_CASES])
def test_case(case: Case) -> None:
    where = f"fixtures/rules/{case.rule}.cases.md:{case.line} {case.title!r}"
    if case.ok:
        assert not case.expected, f"{where}: an ok: case must expect no finding"
    else:
        assert case.expected, f"{where}: a case not titled ok: must expect at least one finding"
    assert all(name.split(" ", 1)[1] == case.rule for name, _ in case.expected), f"{where}: expects another rule"
    findings = run_case(case.rule, case.english, case.translation)
    actual = sorted(f"{f.span.start.line}:{f.span.start.column} {f.rule_name}" for f in findings)
    expected = sorted(name for name, _ in case.expected)
    shown = "\n".join(f"  {f.span.start} {f.rule_name}: {f.message}" for f in findings) or "  (none)"
    assert actual == expected, f"{where}\nexpected:\n  " + "\n  ".join(expected or ["(none)"]) + f"\nactual:\n{shown}"
    for name, substring in case.expected:
        if substring is None:
            continue
        messages = [f.message for f in findings if f"{f.span.start.line}:{f.span.start.column} {f.rule_name}" == name]
        assert any(substring in message for message in messages), (
            f"{where}: no finding at {name} says {substring!r}; messages: {messages}"
        )
