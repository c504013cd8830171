"""The application layer: every command is one run of `linter.app.lint`, so they agree; a library can call it."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from linter.app import Request, lint, load_config
from linter.cli.main import main
from linter.engine import baseline
from linter.output.report import UNTRANSLATED_PAGE, UNTRANSLATED_TEXT

ROOT = Path(__file__).resolve().parent.parent
PAGE = "real-time-communication.md"
PROGRESS = (UNTRANSLATED_PAGE, *UNTRANSLATED_TEXT)  # what the report counts as progress, not breakage

SUPPRESSIONS = """\
[[suppress]]
lang = "it"
page = "docs/real-time-communication.md"
rules = ["misplaced-card"]
"""


def _site(tmp_path: Path) -> Path:
    """The bundled sample site with every way of dropping findings configured."""
    site = tmp_path / "site"
    shutil.copytree(ROOT / "fixtures" / "site", site)
    uk = site / "i18n" / "uk" / PAGE
    head, body = uk.read_text(encoding="utf-8").split("---\n\n", 1)
    uk.write_text(f"{head}---\n\n<!-- transmark-disable-file -->\n\n{body}", encoding="utf-8")
    (site / "transmark-suppressions.toml").write_text(SUPPRESSIONS, encoding="utf-8")
    with open(site / "transmark.toml", "a", encoding="utf-8") as config:
        config.write(
            'suppressions = "transmark-suppressions.toml"\n'
            'baseline = "transmark-baseline.json"\n'
            "[per-language-ignores]\n"
            'it = ["untranslated-paragraph"]\n'
        )
    return site


def _invoke(site: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> tuple[int, str]:
    monkeypatch.chdir(site)
    result = CliRunner().invoke(main, list(args))
    assert "Traceback" not in result.output
    return result.exit_code, result.stdout


def _counts_from_check(output: str) -> dict[str, tuple[int, int]]:
    """(errors, warnings) per language of `check --format json`, leaving out progress as the report does."""
    counts: dict[str, list[int]] = {}
    for finding in json.loads(output)["findings"]:
        if finding["rule"] in PROGRESS or not finding["lang"]:
            continue
        row = counts.setdefault(finding["lang"], [0, 0])
        row[0 if finding["severity"] == "error" else 1] += finding["severity"] in ("error", "warning")
    return {lang: (errors, warnings) for lang, (errors, warnings) in counts.items() if errors or warnings}


def _counts_from_report(output: str) -> dict[str, tuple[int, int]]:
    """(errors, warnings) per language of `report --format markdown`'s table."""
    rows = re.findall(r"^\| (\w+) \| \d+ \| \d+% \| (\d+) \| (\d+) \|$", output, re.MULTILINE)
    return {lang: (int(e), int(w)) for lang, e, w in rows if int(e) or int(w)}


def test_check_report_and_baseline_agree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = _site(tmp_path)
    monkeypatch.chdir(site)
    recorded = lint(load_config(site), Request(use_baseline=False))
    assert recorded.findings, "the sample site has real defects"
    assert not [f for f in recorded.findings if "/uk/" in f.path], "transmark-disable-file drops the page"
    assert not [f for f in recorded.findings if f.rule_name in ("misplaced-card", "untranslated-paragraph")]

    code, out = _invoke(site, monkeypatch, "baseline")
    assert (code, out) == (0, f"wrote {len(recorded.findings)} findings to transmark-baseline.json\n")
    written = (site / "transmark-baseline.json").read_text(encoding="utf-8")
    assert written == baseline.dumps(recorded.findings, recorded.page_of)

    # With the baseline in place nothing is left, in check and in the report alike.
    code, out = _invoke(site, monkeypatch, "check", "--format", "json")
    assert (code, json.loads(out)["findings"]) == (0, [])
    code, out = _invoke(site, monkeypatch, "report", "--format", "markdown")
    assert code == 0 and _counts_from_report(out) == {}

    # New breakage in Italian: check and report count the same new findings.
    it = site / "i18n" / "it" / PAGE
    it.write_text(it.read_text(encoding="utf-8").replace("!!! recommendation", "!!! raccomandazione", 1), "utf-8")
    code, checked = _invoke(site, monkeypatch, "check", "--format", "json")
    assert code == 1
    new = json.loads(checked)["findings"]
    assert {f["name"] for f in new} == {"translated-admonition-type"}
    _, reported = _invoke(site, monkeypatch, "report", "--format", "markdown")
    assert _counts_from_report(reported) == _counts_from_check(checked) == {"it": (1, 0)}
    assert [(f.rule_id, f.span.start.line) for f in lint(load_config(site)).findings] == [
        (f["rule"], f["line"]) for f in new
    ]


def test_po_command_applies_the_configuration_like_check(monkeypatch: pytest.MonkeyPatch) -> None:
    """`po` is the same run over catalogs: `--ignore` and the configured rules apply as in `check`."""
    monkeypatch.chdir(ROOT / "fixtures" / "gettext")
    catalog = "broken/es/git-recommendations.po"
    _, checked = _invoke(Path.cwd(), monkeypatch, "check", "--ignore", "TM501", catalog)
    _, linted = _invoke(Path.cwd(), monkeypatch, "po", "--ignore", "TM501", "--ignore", "TM009", catalog)
    assert checked == linted and "TM551" in checked and "TM501" not in checked


README_SNIPPET = re.compile(r"<!-- library -->\n```python\n(.*?)```", re.DOTALL)


def test_readme_library_snippet_runs(tmp_path: Path) -> None:
    """The README's "lint from Python" snippet works as pasted, in the sample site."""
    found = README_SNIPPET.search((ROOT / "README.md").read_text(encoding="utf-8"))
    assert found, "README.md has a <!-- library --> python block"
    snippet = found.group(1)
    assert len([line for line in snippet.splitlines() if line.strip()]) <= 5
    assert "Request()" in snippet
    site = tmp_path / "site"
    shutil.copytree(ROOT / "fixtures" / "site", site)
    pair = f'Request([Path("i18n/it/{PAGE}")], source=Path("docs/{PAGE}"), lang="it")'
    for code in (snippet, snippet.replace("Request()", pair)):
        result = subprocess.run([sys.executable, "-c", code], cwd=site, capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, result.stderr
        lines = result.stdout.splitlines()
        assert f"i18n/it/{PAGE}:50:1: TM203 misplaced-card" in "\n".join(lines)
        languages = {"it", "uk"} if code == snippet else {"it"}
        assert {line.split(":")[0] for line in lines} == {f"i18n/{lang}/{PAGE}" for lang in languages}


@pytest.mark.parametrize("ways", ["plain", "every way of dropping findings"])
@pytest.mark.parametrize("paths", [(), ("i18n/it/" + PAGE,)])
def test_findings_come_sorted_whatever_was_dropped_or_added(
    ways: str, paths: tuple[str, ...], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A run's findings are in `Finding.sort_key` order, whether a second sort was needed or not (suppression
    notes added, a page's siblings judged with it, TM000's severity configured)."""
    from linter.engine.findings import Finding

    if ways == "plain":
        site = tmp_path / "site"
        shutil.copytree(ROOT / "fixtures" / "site", site)
    else:
        site = _site(tmp_path)
        with open(site / "docs" / PAGE, "a", encoding="utf-8") as page:  # a note, for a page sorted first
            page.write("\n<!-- transmark-disable-next-line no-such-rule -->\n")
        (site / "i18n" / "de").mkdir()
        (site / "i18n" / "de" / PAGE).write_bytes(b"\xff\xfe not UTF-8")
        with open(site / "transmark.toml", "a", encoding="utf-8") as config:
            config.write('[rules.unreadable-page]\nseverity = "warning"\n')
    monkeypatch.chdir(site)
    run = lint(load_config(site), Request(paths=tuple(Path(p) for p in paths), no_cache=True, use_baseline=False))
    assert run.findings and run.findings == sorted(run.findings, key=Finding.sort_key)
    if ways != "plain" and not paths:
        assert {"TM000", "TM001"} <= {f.rule_id for f in run.findings}  # a note added, TM000 configured
