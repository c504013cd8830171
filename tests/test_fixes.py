"""`transmark fix`: fixes of the rule cases (the `fixed:` blocks), the docstring examples, and the edit engine."""

from __future__ import annotations

import dataclasses
import inspect
import os
import stat
from collections.abc import Collection, Mapping
from pathlib import Path

import pytest
from test_cases import ALL_CASES, Case, run_case
from test_rule_docs import _example

from linter.engine.findings import SAFE, UNSAFE, Edit, Finding, Fix, Severity
from linter.engine.fixes import OVERLAPPING, REVERTED, apply, choose, fix_run
from linter.engine.registry import Registry
from linter.parse.markdown import parse_page
from linter.parse.positions import Pos, Span
from linter.parse.source import SourceText
from linter.project.files import write_atomic

RULES = {rule.name: rule for rule in Registry.load().rules}
FIXABLE = sorted(name for name, rule in RULES.items() if rule.fix_safety)


def fix_text(rule: str, english: str, translation: str, unsafe: bool = True) -> str:
    """The translation as `fix` leaves it, with only `rule` running."""
    path = "it.md"

    def lint(texts: Mapping[str, bytes], only: Collection[str] | None) -> list[Finding]:
        data = texts.get(path, translation.encode("utf-8"))
        return run_case(rule, english, data.decode("utf-8"))

    def parses(_path: str, data: bytes) -> bool:
        return not parse_page(SourceText.from_bytes(path, data), "it").problems

    done = fix_run(lint, lambda f: True, parses, unsafe, read=lambda _: translation.encode("utf-8"))
    return done.fixed_text.get(path, translation.encode("utf-8")).decode("utf-8")


FIX_CASES = [case for case in ALL_CASES if case.rule in FIXABLE and not case.ok]


@pytest.mark.parametrize("case", FIX_CASES, ids=[f"{c.rule}:{c.title}" for c in FIX_CASES])
def test_fix_case(case: Case) -> None:
    where = f"fixtures/rules/{case.rule}.cases.md:{case.line} {case.title!r}"
    fixed = fix_text(case.rule, case.english, case.translation)
    expected = case.translation if case.fixed is None else case.fixed
    assert fixed == expected, f"{where}: {'a case without fixed: must not change' if case.fixed is None else ''}"
    if case.fixed is not None:
        assert fix_text(case.rule, case.english, fixed) == fixed, f"{where}: a second fix changes the text again"
        left = [f for f in run_case(case.rule, case.english, fixed) if f.fix is not None]
        assert not left, f"{where}: fixable findings left: {[f.message for f in left]}"


def test_every_fixable_rule_has_fixed_cases() -> None:
    for name in FIXABLE:
        assert sum(case.fixed is not None for case in ALL_CASES if case.rule == name) >= 2, (
            f"{name} can fix: its cases file needs at least 2 cases with a fixed: block"
        )


@pytest.mark.parametrize("name", FIXABLE)
def test_fix_of_the_docstring_example_is_its_use_instead(name: str) -> None:
    blocks = _example(RULES[name])
    assert fix_text(name, blocks["English"], blocks["Translation"]) == blocks["Use instead"]
    doc = inspect.getdoc(RULES[name]) or ""
    assert "\n## Fix\n" in doc, f"{name}: a rule that can fix says in a ## Fix section what it writes"


def test_rules_that_fix_say_how_safe() -> None:
    for rule in RULES.values():
        assert rule.fix_safety in (None, SAFE, UNSAFE), rule.name


# --- the edit engine --------------------------------------------------------------


def _edit(line: int, col: int, end_col: int, text: str) -> Edit:
    return Edit(Span(Pos(line, col), Pos(line, end_col)), text)


def _finding(edits: tuple[Edit, ...], safety: str = SAFE, rule: str = "TM999") -> Finding:
    span = edits[0].span
    return Finding(rule, "x", Severity.ERROR, "p.md", span, "m", fix=Fix(edits, safety, "d"))


def test_apply_keeps_bom_and_line_ends() -> None:
    data = "\ufeff!!! avviso\r\n\r\n    Testo.\r\nlast".encode()
    fixed = apply(data, [_edit(1, 5, 11, "warning"), _edit(4, 1, 5, "first\nsecond")])
    assert fixed == "\ufeff!!! warning\r\n\r\n    Testo.\r\nfirst\r\nsecond".encode()


def test_apply_keeps_mixed_line_ends_outside_the_edit() -> None:
    data = b"a\r\nb\nc\rd"
    assert apply(data, [_edit(2, 1, 2, "B")]) == b"a\r\nB\nc\rd"


def test_apply_refuses_an_edit_outside_its_line() -> None:
    with pytest.raises(ValueError):
        apply(b"ab\ncd\n", [_edit(1, 2, 9, "x")])
    with pytest.raises(ValueError):
        apply(b"ab\n", [_edit(7, 1, 1, "x")])


def test_choose_leaves_overlapping_and_unsafe_fixes() -> None:
    first = _finding((_edit(1, 1, 5, "a"),))
    overlapping = _finding((_edit(1, 3, 8, "b"),), rule="TM998")
    same = _finding((_edit(1, 1, 5, "a"),), rule="TM997")
    unsafe = _finding((_edit(2, 1, 2, "c"),), UNSAFE)
    chosen, left = choose([overlapping, unsafe, same, first])
    assert set(chosen) == {first, same}
    assert (overlapping, OVERLAPPING) in left and len(left) == 2
    chosen, _ = choose([unsafe], unsafe=True)
    assert chosen == [unsafe]


def test_a_fix_that_makes_the_page_worse_does_not_cost_the_others() -> None:
    """Line 2's fix brings a new finding to light: it is left, the fixes of lines 1, 3 and 4 are made."""
    original = b"a\nb\nc\nd\n"

    def lint(texts: Mapping[str, bytes], only: Collection[str] | None) -> list[Finding]:
        lines = texts.get("p.md", original).decode().split("\n")
        found = [
            Finding("TM999", "x", Severity.ERROR, "p.md", Span(Pos(n, 1), Pos(n, 2)), f"line {n}", key=f"line{n}")
            for n, line in enumerate(lines, 1)
            if line.islower()
        ]
        found = [
            dataclasses.replace(
                f, fix=Fix((_edit(f.span.start.line, 1, 2, lines[f.span.start.line - 1].upper()),), SAFE, "d")
            )
            for f in found
        ]
        if lines[1] == "B":
            found.append(Finding("TM998", "y", Severity.ERROR, "p.md", Span(Pos(2, 1), Pos(2, 2)), "revealed"))
        return found

    done = fix_run(lint, lambda f: True, lambda _path, _data: True, read=lambda _: original)
    assert done.fixed_text["p.md"] == b"A\nb\nC\nD\n"
    assert [(f.span.start.line, why) for f, why in done.left] == [(2, REVERTED)]


@pytest.mark.parametrize(
    ("replacement", "revealed_by", "kept"),
    [
        ("\n\n", "TM401", True),  # layout only, and the rule judges language: regrouped, not worse
        ("\n\n", "TM998", False),  # layout only, but another rule: worse
        ("\n\nX", "TM401", False),  # the text changed: worse
    ],
)
def test_a_fix_that_only_moves_text_may_regroup_language_findings(
    replacement: str, revealed_by: str, kept: bool
) -> None:
    """A fix joining nothing but lines (a footnote definition put on its own line) may turn one "still English"
    finding into two; that does not make it worse. Any other new finding, or changed text, does."""
    original = b"a b\n"

    def lint(texts: Mapping[str, bytes], only: Collection[str] | None) -> list[Finding]:
        data = texts.get("p.md", original)
        if b" " in data:
            fix = Fix((_edit(1, 2, 3, replacement),), SAFE, "split")
            return [Finding("TM560", "split", Severity.WARNING, "p.md", Span(Pos(1, 2), Pos(1, 3)), "joined", fix=fix)]
        lines = [n for n, line in enumerate(data.decode().split("\n"), 1) if line]
        return [
            Finding(revealed_by, "r", Severity.INFO, "p.md", Span(Pos(n, 1), Pos(n, 2)), "English", key=f"p{n}")
            for n in lines
        ]

    done = fix_run(
        lint,
        lambda f: f.rule_id == "TM560",
        lambda _path, _data: True,
        read=lambda _: original,
        language_rules={"TM401"},
    )
    assert ("p.md" in done.fixed_text) is kept
    assert [why for _, why in done.left] == ([] if kept else [REVERTED])


def test_write_atomic_keeps_permissions_and_links(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_bytes(b"old")
    page.chmod(0o640)
    link = tmp_path / "link.md"
    link.symlink_to(page)
    write_atomic(link, b"new")
    assert link.is_symlink() and page.read_bytes() == b"new"
    assert stat.S_IMODE(os.stat(page).st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_card_logo_fix_is_safe_only_when_the_card_names_the_english_product() -> None:
    english = "!!! recommendation\n\n    ![Briar logo](briar.svg){ align=right }\n\n    **Briar** is a messenger.\n"
    named = english.replace("(briar.svg)", "(session.svg)").replace("is a messenger", "è un messenger")
    unnamed = named.replace("**Briar** è", "È")  # no name: the logo alone says which product
    safety = [[f.fix.safety for f in run_case("mismatched-card-logo", english, t) if f.fix] for t in (named, unnamed)]
    assert safety == [[SAFE], [UNSAFE]]


def test_front_matter_fix_of_a_web_address_is_unsafe() -> None:
    english = "---\nicon: simple/qubesos\nvideos: https://youtube.com/playlist?list=A\n---\n\nText.\n"
    translation = "---\nicon: pg/qubes-os\nvideos: https://youtube.com/playlist?list=B\n---\n\nTesto.\n"
    fixes = [f.fix.safety for f in run_case("changed-front-matter-value", english, translation) if f.fix]
    assert fixes == [SAFE, UNSAFE]  # a name has one right value; another address may be the reader's language's
