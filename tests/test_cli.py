"""The command line: output formats, --output, rule selection, rules/explain, determinism."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from linter.app.selection import known_rules
from linter.cli.main import main

ENGLISH = """\
# Title

Some English text that is long enough to be a paragraph.

!!! recommendation

    ![Logo](assets/logo.svg){ align=right }

    **Tool** is a tool.

## Second section

More text here for the second section.

## Third section

Third.
"""

# A translated admonition type (TM301), a wrong card logo (TM201), a missing section (TM102,
# the second) and an untranslated paragraph (TM401).
SPANISH = """\
# Título

Some English text that is long enough to be a paragraph.

!!! recomendación

    ![Logo](assets/other.svg){ align=right }

    **Tool** es una herramienta.

## Tercera sección

Tercero.
"""

TEXT_LINE = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<id>TM\d{3}) (?P<name>[a-z-]+): (?P<msg>.+)$")


@pytest.fixture()
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "en").mkdir()
    (tmp_path / "es").mkdir()
    (tmp_path / "en" / "page.md").write_text(ENGLISH, encoding="utf-8")
    (tmp_path / "es" / "page.md").write_text(SPANISH, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(*args: str):
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def check(*args: str):
    return run("check", "--source", "en/page.md", "es/page.md", *args)


def test_text_format(site: Path) -> None:
    code, out, err = check()
    assert code == 1 and err == ""
    lines = out.splitlines()
    assert lines
    for line in lines:
        match = TEXT_LINE.match(line)
        assert match, line
        assert match["path"] == "es/page.md"
    ids = {TEXT_LINE.match(line)["id"] for line in lines}
    assert {"TM201", "TM301", "TM102"} <= ids
    card = next(line for line in lines if " TM201 mismatched-card-logo: " in line)
    assert card.endswith("(English: en/page.md:7)") or re.search(r"\(English: en/page\.md:\d+\)$", card)


def test_text_format_english_reference(site: Path) -> None:
    _, out, _ = check("--select", "TM301")
    assert re.fullmatch(r"es/page\.md:5:5: TM301 translated-admonition-type: .+ \(English: en/page\.md:5\)\n", out), out


def test_json_schema(site: Path) -> None:
    code, out, _ = check("--format", "json")
    assert code == 1
    data = json.loads(out)
    assert set(data) == {"version", "findings", "summary"}
    assert data["version"] == 1
    keys = {
        "rule",
        "name",
        "severity",
        "path",
        "line",
        "column",
        "end_line",
        "end_column",
        "message",
        "source",
        "fixable",
        "fix",
        "lang",
        "key",
    }
    assert data["findings"]
    for finding in data["findings"]:
        assert set(finding) == keys
        assert re.fullmatch(r"TM\d{3}", finding["rule"])
        assert finding["severity"] in ("error", "warning", "info")
        assert finding["path"] == "es/page.md"
        for key in ("line", "column", "end_line", "end_column"):
            assert isinstance(finding[key], int) and finding[key] >= 1
        assert (finding["end_line"], finding["end_column"]) >= (finding["line"], finding["column"])
        assert isinstance(finding["message"], str) and finding["message"]
        assert isinstance(finding["fixable"], bool) and finding["fixable"] == (finding["fix"] is not None)
        source = finding["source"]
        assert source is None or (set(source) == {"path", "line"} and source["path"] == "en/page.md")
    summary = data["summary"]
    assert summary["findings"] == len(data["findings"])
    assert summary["files"] == 1
    assert sum(summary["by_severity"].values()) == len(data["findings"])


def test_json_matches_text(site: Path) -> None:
    _, text, _ = check()
    _, raw, _ = check("--format", "json")
    findings = json.loads(raw)["findings"]
    assert len(text.splitlines()) == len(findings)
    for line, f in zip(text.splitlines(), findings, strict=True):
        assert line.startswith(f"{f['path']}:{f['line']}:{f['column']}: {f['rule']} {f['name']}: {f['message']}")


def test_json_clean(site: Path) -> None:
    (site / "es" / "page.md").write_text(ENGLISH.replace("Some English text", "Texto"), encoding="utf-8")
    code, out, _ = check("--format", "json", "--select", "TM1", "--select", "TM2", "--select", "TM3")
    assert code == 0
    data = json.loads(out)
    assert data["findings"] == [] and data["summary"]["findings"] == 0


def test_output_file(site: Path) -> None:
    _, expected, _ = check("--format", "json")
    code, out, _ = check("--format", "json", "--output", "report.json")
    assert code == 1 and out == ""
    assert (site / "report.json").read_text(encoding="utf-8") == expected
    assert not [p for p in site.iterdir() if p.name.startswith(".report.json")]  # no temporary left


def test_output_file_replaces_atomically(site: Path) -> None:
    target = site / "report.txt"
    target.write_text("old", encoding="utf-8")
    linked = site / "hardlink.txt"
    os.link(target, linked)
    check("--output", "report.txt")
    assert target.read_text(encoding="utf-8").startswith("es/page.md:")
    assert linked.read_text(encoding="utf-8") == "old"  # renamed over, not rewritten in place


@pytest.mark.parametrize(
    "selector, expected, prefix",
    [
        ("TM301", {"TM301"}, "TM301"),
        ("translated-admonition-type", {"TM301"}, "TM301"),
        ("TM2", {"TM201"}, "TM2"),
        ("tm2", {"TM201"}, "TM2"),
        ("TM10", {"TM102"}, "TM10"),
    ],
)
def test_select(site: Path, selector: str, expected: set[str], prefix: str) -> None:
    _, out, _ = check("--select", selector, "--format", "json")
    found = {f["rule"] for f in json.loads(out)["findings"]}
    assert expected <= found and all(rule.startswith(prefix) for rule in found)


def test_ignore(site: Path) -> None:
    _, out, _ = check("--format", "json")
    everything = {f["rule"] for f in json.loads(out)["findings"]}
    for selector in ("TM301", "translated-admonition-type", "TM3"):
        _, out, _ = check("--ignore", selector, "--format", "json")
        assert {f["rule"] for f in json.loads(out)["findings"]} == everything - {"TM301"}
    _, out, _ = check("--ignore", "TM", "--format", "json")
    assert json.loads(out)["findings"] == []


def test_select_and_ignore(site: Path) -> None:
    _, out, _ = check("--select", "TM2", "--select", "TM3", "--ignore", "mismatched-card-logo", "--format", "json")
    assert {f["rule"] for f in json.loads(out)["findings"]} == {"TM301"}


@pytest.mark.parametrize("option", ["--select", "--ignore"])
@pytest.mark.parametrize("selector", ["NOPE", "TM9", "no-such-rule"])
def test_unknown_selector(site: Path, option: str, selector: str) -> None:
    code, out, err = check(option, selector)
    assert code == 2 and out == ""
    assert err.startswith("transmark: ") and selector in err and len(err.splitlines()) == 1


def test_rules_lists_all(site: Path) -> None:
    code, out, _ = run("rules")
    assert code == 0
    rules = known_rules().rules  # the history rules too (TM112, TM701, TM702)
    lines = out.splitlines()
    assert len(lines) == len(rules)
    for line, rule in zip(lines, rules, strict=True):
        assert line.split()[:4] == [rule.id, rule.name, str(rule.severity), rule.fix_safety or "-"]
        assert rule.summary in line


@pytest.mark.parametrize("key", ["TM201", "mismatched-card-logo"])
def test_explain(site: Path, key: str) -> None:
    code, out, _ = run("explain", key)
    assert code == 0
    assert out.startswith("## TM201 mismatched-card-logo\n")
    for section in ("What it does", "Why is this bad?", "Example"):
        assert section in out
    assert "error" in out


def test_explain_every_rule(site: Path) -> None:
    for rule in known_rules().rules:
        code, out, _ = run("explain", rule.id)
        assert code == 0 and rule.name in out


def test_explain_unknown(site: Path) -> None:
    code, out, err = run("explain", "TM999")
    assert code == 2 and out == ""
    assert err.startswith("transmark: ") and "TM999" in err and len(err.splitlines()) == 1


def test_deterministic(site: Path) -> None:
    # Add a second language so ordering across files matters.
    (site / "nl").mkdir()
    (site / "nl" / "page.md").write_text(SPANISH.replace("Título", "Titel"), encoding="utf-8")
    argv = [sys.executable, "-m", "linter", "check", "--source", "en/page.md", "nl/page.md", "es/page.md"]
    for fmt in ("text", "json"):
        first = subprocess.run([*argv, "--format", fmt], cwd=site, capture_output=True, timeout=60)
        second = subprocess.run([*argv, "--format", fmt], cwd=site, capture_output=True, timeout=60)
        assert first.returncode == second.returncode == 1
        assert first.stdout == second.stdout and first.stdout
        assert first.stderr == second.stderr == b""
    text = subprocess.run(argv, cwd=site, capture_output=True, text=True, timeout=60).stdout.splitlines()
    paths = [line.split(":", 1)[0] for line in text]
    assert paths == sorted(paths)


def test_help_is_cheap() -> None:
    """`--help` must not import the parser stack (pre-commit start-up time)."""
    code = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from linter.cli.main import main\n"
        "CliRunner().invoke(main, ['check', '--help'])\n"
        "heavy = [m for m in ('markdown_it', 'yaml', 'frontmatter', 'fasttext', 'langdetect') if m in sys.modules]\n"
        "print(','.join(heavy))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""


def test_version() -> None:
    code, out, _ = run("--version")
    assert code == 0 and "transmark" in out
