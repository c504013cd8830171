"""Baselines: `transmark baseline` records findings by structure; `--baseline` reports only new ones."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from workflow_support import DUTCH, SPANISH, findings, make_site, run, where, write

from linter.engine.baseline import identity, matched
from linter.engine.findings import Finding, Severity
from linter.parse.positions import Pos, Span

TM201 = ("--select", "TM201")


@pytest.fixture()
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return make_site(tmp_path)


def test_baseline_file_is_structural_and_sorted(site: Path) -> None:
    code, out, _ = run("baseline", "--output", "base.json")
    assert code == 0 and out.startswith("wrote ") and "base.json" in out
    data = json.loads((site / "base.json").read_text(encoding="utf-8"))
    assert data["version"] == 1
    entries = [e for e in data["findings"] if e["rule"] == "TM201"]
    assert len(entries) == 4
    for entry in entries:
        assert set(entry) == {"rule", "name", "lang", "page", "key", "message"}
        assert entry["page"] == "en/page.md" and entry["lang"] in ("es", "nl")
        assert entry["key"].startswith("#messengers/#")  # a heading path, not a line
    assert data["findings"] == sorted(
        data["findings"], key=lambda e: (e["page"], e["lang"], e["rule"], e["key"], e["message"])
    )
    run("baseline", "--output", "again.json")
    assert (site / "again.json").read_text() == (site / "base.json").read_text()


def test_baseline_hides_known_findings_and_survives_lines_moving(site: Path) -> None:
    run("baseline", "--output", "base.json")
    assert findings("--baseline", "base.json") == []
    # Lines move (a paragraph is added above) and a new defect appears in nl.
    moved = SPANISH.replace("\n\n## Signal", "\n\nUn párrafo nuevo, bien traducido.\n\n## Signal", 1)
    broken = DUTCH.replace("!!! recommendation", "!!! aanbeveling", 1)
    write(site, {"es/page.md": moved, "nl/page.md": broken})
    assert where(findings(*TM201)) == [
        "es/page.md:11 TM201",
        "es/page.md:19 TM201",
        "nl/page.md:9 TM201",
        "nl/page.md:17 TM201",
    ]
    new = findings("--baseline", "base.json")
    assert {f["rule"] for f in new} == {"TM301"} and {f["path"] for f in new} == {"nl/page.md"}
    code, _, _ = run("check", "--baseline", "base.json", "--select", "TM201")
    assert code == 0


def test_configured_baseline(site: Path) -> None:
    write(site, {"transmark.toml": 'source = "en"\ntranslation = "{lang}/{path}"\nbaseline = "known.json"\n'})
    code, out, _ = run("baseline")
    assert code == 0 and "known.json" in out and (site / "known.json").is_file()
    assert findings() == []
    # `transmark baseline` itself never filters by the existing baseline.
    run("baseline")
    assert len(json.loads((site / "known.json").read_text())["findings"]) >= 4


def test_fixed_findings_leave_the_rest(site: Path) -> None:
    run("baseline", "--output", "base.json")
    write(site, {"es/page.md": SPANISH.replace("assets/element.svg", "assets/signal.svg", 1)})
    assert findings("--baseline", "base.json") == []


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "base.json: baseline not found"),
        ("{", "base.json: cannot read the baseline"),
        ('{"version": 2, "findings": []}', "base.json: not a transmark baseline"),
        ('{"version": 1, "findings": [{"rule": "TM201"}]}', "base.json: finding #1 needs string rule"),
    ],
)
def test_bad_baseline(site: Path, content: str | None, message: str) -> None:
    if content is not None:
        write(site, {"base.json": content})
    code, out, err = run("check", "--baseline", "base.json")
    assert code == 2 and out == ""
    assert err.startswith(f"transmark: {message}") and len(err.splitlines()) == 1


def _finding(message: str, key: str = "#a/paragraph1", line: int = 3) -> Finding:
    span = Span(Pos(line, 1), Pos(line, 5))
    return Finding("TM401", "untranslated-paragraph", Severity.INFO, "es/a.md", span, message, lang="es", key=key)


def test_matching_is_a_multiset_exact_first() -> None:
    old = [_finding("one"), _finding("two")]
    known = [identity(f, "en/a.md") for f in old]
    new = [_finding("two", line=30), _finding("one", line=40), _finding("one", line=50)]
    # The two known ones match exactly; the third at the same spot is new.
    assert matched(known, new, lambda f: "en/a.md") == [True, True, False]


def test_matching_ignores_numbers_and_allows_one_reworded_finding_at_a_spot() -> None:
    known = [identity(_finding('header "???" (line 87)'), "en/a.md")]
    assert matched(known, [_finding('header "???" (line 91)')], lambda f: "en/a.md") == [True]
    assert matched(known, [_finding("another message")], lambda f: "en/a.md") == [True]
    assert matched(known, [_finding("another message", key="#b/paragraph1")], lambda f: "en/a.md") == [False]
    assert matched(known, [_finding("x"), _finding("y")], lambda f: "en/a.md") == [True, False]
