"""`transmark fix` on copies of the real corpus and sites (../shared): what it changes, and that it holds.

After `fix`: `check` reports none of the fixed findings and no new one; a second `fix` changes
nothing; every changed line lies in a fixed finding's edits; fixed admonitions, links, images,
headings and emphasis render (Python-Markdown + pymdown, tests/oracle.py) as the English do.
"""

from __future__ import annotations

import dataclasses
import difflib
import shutil
import textwrap
from collections import Counter
from pathlib import Path

import pytest
from oracle import _parse, admonition_types, literal_asterisks, render

from linter import app
from linter.app.linting import lint_scope
from linter.app.scope import resolve_scope
from linter.app.selection import RuleSet, registry_for
from linter.engine.findings import Finding
from linter.engine.fixes import element_identity
from linter.engine.registry import Registry
from linter.project.config import load_config

# (folder under ../shared, transmark.toml for it)
SITES = {
    "corpus": 'source = "en"\ntranslation = "{lang}/{path}"\n',
    "sites/fastapi": 'source = "docs/en/docs"\ntranslation = "docs/{lang}/docs/{path}"\n',
    "sites/openai-agents-python": (
        'source = "docs"\ntranslation = "docs/{lang}/{path}"\nlanguages = ["ja", "ko", "zh"]\n'
        'exclude = ["ja/**", "ko/**", "zh/**", "ref/**"]\n'
    ),
    "sites/nextflow-training": 'source = "docs/en/docs"\ntranslation = "docs/{lang}/docs/{path}"\n',
}


def _check(root: Path) -> list[Finding]:
    """Every language's own findings (not merged into export-wide ones, which hide which page changed)."""
    config = load_config(root)
    request = app.Request()
    rules = RuleSet.of(config, registry_for(config, request), request)
    scope = resolve_scope(config, request, None)
    return lint_scope(rules, scope, rules.runner(scope), collapse=False)


def _letters(data: bytes) -> bytes:
    return data.translate(None, b" \t\r\n")


def _identity(finding: Finding) -> tuple[object, ...]:
    """The finding by element, as the fix engine compares them: a fix that inserts a line moves later findings."""
    # broken-anchor-link words its message after what a worker process happens to have aligned
    # (the translated heading is named or not), so two checks of the same files differ in it.
    if finding.rule_name == "broken-anchor-link":
        finding = dataclasses.replace(finding, message="")
    return finding.path, *element_identity(finding)


def _changed_lines(before: str, after: str) -> set[int]:
    """1-based lines of `before` that the fix replaced (an insertion counts at the line it joins)."""
    out: set[int] = set()
    matcher = difflib.SequenceMatcher(None, before.split("\n"), after.split("\n"), autojunk=False)
    for tag, i1, i2, _, _ in matcher.get_opcodes():
        if tag != "equal":
            out.update(range(i1 + 1, max(i2, i1 + 1) + 1))
    return out


def _moved_line(before: str, after: str, number: int) -> int:
    """Where 1-based line `number` of `before` is in `after` (a fix that inserts lines moves the ones below)."""
    matcher = difflib.SequenceMatcher(None, before.split("\n"), after.split("\n"), autojunk=False)
    for tag, i1, i2, j1, _ in matcher.get_opcodes():
        if i1 <= number - 1 < i2 or (tag == "insert" and i1 == number - 1):
            return j1 + (number - 1 - i1 if tag == "equal" else 0) + 1
    return number


def _block(lines: list[str], number: int) -> str:
    """The block holding 1-based line `number`: its paragraph, or an admonition with its body, dedented."""
    start = number - 1
    while start > 0 and lines[start - 1].strip():
        start -= 1
    end = number
    indent = len(lines[start]) - len(lines[start].lstrip())
    while end < len(lines) and (
        lines[end].strip() or (end + 1 < len(lines) and len(lines[end + 1]) - len(lines[end + 1].lstrip()) > indent)
    ):
        end += 1
    return textwrap.dedent("\n".join(lines[start:end])) + "\n"


def _elements(markdown_text: str, tag: str, attribute: str) -> list[str]:
    return [attrs.get(attribute, "") for name, attrs in _parse(render(markdown_text)).elements if name == tag]


def _heading_ids(markdown_text: str) -> list[str]:
    elements = _parse(render(markdown_text)).elements
    return [attrs.get("id", "") for name, attrs in elements if name[:1] == "h" and name[1:].isdigit()]


def _renders_as_english(finding: Finding, line: int, fixed: list[str], english: list[str]) -> str | None:
    """Why the fixed element (at `line` of the fixed page) does not render as the English one, or None."""
    assert finding.source_span is not None
    mine, theirs = _block(fixed, line), _block(english, finding.source_span.start.line)
    rule = finding.rule_name
    if rule == "translated-admonition-type" and admonition_types(mine)[:1] != admonition_types(theirs)[:1]:
        return f"box {admonition_types(mine)[:1]} where English renders {admonition_types(theirs)[:1]}"
    if rule in ("changed-link-target", "broken-link-syntax"):
        hrefs = _elements(mine, "a", "href")
        if rule == "changed-link-target" and not set(hrefs) & set(_elements(theirs, "a", "href")):
            return f"links {hrefs} share no address with English"
        if rule == "broken-link-syntax" and len(hrefs) < 1:
            return "no link rendered"
    if rule == "changed-image-src" and not set(_elements(mine, "img", "src")) & set(_elements(theirs, "img", "src")):
        return "no image shows the English file"
    if rule == "broken-emphasis" and literal_asterisks(render(mine)) and not literal_asterisks(render(theirs)):
        return "asterisks still show"
    if rule == "changed-heading-id" and _heading_ids(mine)[:1] != _heading_ids(theirs)[:1]:
        return f"heading id {_heading_ids(mine)[:1]} where English has {_heading_ids(theirs)[:1]}"
    return None


@pytest.mark.corpus
@pytest.mark.parametrize("name", list(SITES))
def test_fix_on_a_copy_of_real_data(name: str, shared: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "site"
    shutil.copytree(shared / name, root)
    (root / "transmark.toml").write_text(SITES[name], encoding="utf-8")
    monkeypatch.chdir(root)
    before = _check(root)
    originals = {p.resolve(): p.read_bytes() for p in root.rglob("*.md")}
    done = app.fix(load_config(root), unsafe=False, write=True)
    after = _check(root)

    # A page the fix changed only between words (a footnote definition put on its own line) may show the same
    # English as one finding per part: those findings are regrouped, not caused (linter/engine/fixes.py).
    moved = {str(p) for p, data in originals.items() if _letters(p.read_bytes()) == _letters(data)}
    language = {rule.id for rule in Registry.load().rules if rule.judges_language}

    def caused(finding: Finding) -> bool:
        return not (finding.rule_id in language and str(Path(finding.path).resolve()) in moved)

    new = Counter(map(_identity, filter(caused, after))) - Counter(map(_identity, filter(caused, before)))
    assert not new, f"findings the fix caused: {list(new)[:5]}"
    still = Counter(map(_identity, after)) & Counter(map(_identity, done.fixed))
    assert not still, f"fixed findings still reported: {list(still)[:5]}"
    again = app.fix(load_config(root), unsafe=False, write=False)
    assert not again.fixed_text, f"a second fix changes {sorted(again.fixed_text)[:5]}"

    fixed_lines: dict[str, set[int]] = {}
    for finding in done.fixed:
        assert finding.fix is not None
        lines = fixed_lines.setdefault(str(Path(finding.path).resolve()), set())
        for edit in finding.fix.edits:
            lines.update(range(edit.span.start.line, edit.span.end.line + 1))
    changed = [p for p, data in originals.items() if p.read_bytes() != data]
    assert len(changed) == len(done.fixed_text)
    for path in changed:
        outside = _changed_lines(originals[path].decode("utf-8"), path.read_text(encoding="utf-8"))
        outside -= fixed_lines.get(str(path.resolve()), set())
        assert not outside, f"{path.relative_to(root.resolve())}: lines {sorted(outside)[:5]} changed outside the fixes"

    problems = []
    for finding in done.fixed:
        if finding.source_path is None or finding.source_span is None:
            continue
        assert finding.fix is not None
        fixed = Path(finding.path).read_text(encoding="utf-8")
        original = originals[Path(finding.path).resolve()].decode("utf-8")
        line = _moved_line(original, fixed, finding.fix.edits[0].span.start.line)
        english = Path(finding.source_path).read_text(encoding="utf-8").split("\n")
        why = _renders_as_english(finding, line, fixed.split("\n"), english)
        if why is not None:
            problems.append(f"{finding.path}:{finding.span.start.line} {finding.rule_name}: {why}")
    assert not problems, "\n".join(problems[:10])
