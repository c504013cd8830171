"""`transmark fix`, `check --fix` and the fix in JSON, SARIF and rdjson output, on a small site."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from test_cli import ENGLISH, SPANISH, run
from test_sarif import VALIDATOR

# The admonition type (TM301) and the card's logo (TM201: the card names the English product).
FIXED = SPANISH.replace("!!! recomendación", "!!! recommendation").replace("assets/other.svg", "assets/logo.svg")


@pytest.fixture()
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "en").mkdir()
    (tmp_path / "es").mkdir()
    (tmp_path / "en" / "page.md").write_text(ENGLISH, encoding="utf-8")
    (tmp_path / "es" / "page.md").write_bytes(SPANISH.replace("\n", "\r\n").encode("utf-8"))
    (tmp_path / "transmark.toml").write_text('source = "en"\ntranslation = "{lang}/{path}"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_fix_diff_writes_nothing(site: Path) -> None:
    before = (site / "es" / "page.md").read_bytes()
    code, out, err = run("fix", "--diff")
    assert code == 1
    assert "-!!! recomendación\n+!!! recommendation\n" in out and out.startswith("--- a/es/page.md")
    assert "TM301 translated-admonition-type: 1" in err
    assert (site / "es" / "page.md").read_bytes() == before


def test_fix_writes_only_the_broken_bytes_and_twice_changes_nothing(site: Path) -> None:
    page = site / "es" / "page.md"
    page.chmod(0o600)
    code, out, _ = run("fix")
    assert code == 0
    assert out.startswith(
        "fixed 2 findings in 1 file\n  TM201 mismatched-card-logo: 1\n  TM301 translated-admonition-type: 1\n"
    )
    assert page.read_bytes() == FIXED.replace("\n", "\r\n").encode("utf-8")
    assert os.stat(page).st_mode & 0o777 == 0o600
    code, out, _ = run("fix")
    assert code == 0 and out.startswith("fixed 0 findings in 0 files")
    assert page.read_bytes() == FIXED.replace("\n", "\r\n").encode("utf-8")


def test_fix_leaves_what_it_cannot_fix_and_says_why(site: Path) -> None:
    (site / "en" / "page.md").write_text(ENGLISH.replace("# Title", "# Title { #top }"), encoding="utf-8")
    code, out, _ = run("fix", "--select", "TM107", "--select", "TM301")
    assert code == 0
    assert "TM107 changed-heading-id: 1" in out and "TM301 translated-admonition-type: 1" in out
    assert (site / "es" / "page.md").read_text(encoding="utf-8").startswith("# Título { #top }")


def test_check_fix_reports_what_remains(site: Path) -> None:
    code, out, err = run("check", "--fix", "--format", "json")
    assert code == 1
    assert "TM301 translated-admonition-type: 1" in err
    rules = {finding["rule"] for finding in json.loads(out)["findings"]}
    assert "TM301" not in rules and "TM201" not in rules and "TM102" in rules


def test_json_sarif_and_rdjson_carry_the_fix(site: Path) -> None:
    _, out, _ = run("check", "--format", "json")
    (finding,) = [f for f in json.loads(out)["findings"] if f["rule"] == "TM301"]
    assert finding["fix"] == {
        "safety": "safe",
        "description": 'write the type "recommendation"',
        "edits": [{"line": 5, "column": 5, "end_line": 5, "end_column": 18, "text": "recommendation"}],
    }
    _, out, _ = run("check", "--format", "sarif")
    document = json.loads(out)
    assert not list(VALIDATOR.iter_errors(document))
    (result,) = [r for r in document["runs"][0]["results"] if r["ruleId"] == "TM301"]
    (change,) = result["fixes"][0]["artifactChanges"]
    assert change["replacements"] == [
        {
            "deletedRegion": {"startLine": 5, "startColumn": 5, "endLine": 5, "endColumn": 18},
            "insertedContent": {"text": "recommendation"},
        }
    ]
    _, out, _ = run("check", "--format", "rdjson")
    document = json.loads(out)
    assert document["source"] == {"name": "transmark"}
    (diagnostic,) = [d for d in document["diagnostics"] if d["code"]["value"].startswith("TM301")]
    # rdjson counts UTF-8 bytes: "recomendación" holds a two-byte "ó".
    assert diagnostic["suggestions"] == [
        {"range": {"start": {"line": 5, "column": 5}, "end": {"line": 5, "column": 19}}, "text": "recommendation"}
    ]
    assert diagnostic["severity"] == "ERROR" and diagnostic["location"]["path"] == "es/page.md"


def test_rules_shows_which_rules_fix(site: Path) -> None:
    _, out, _ = run("rules")
    line = next(line for line in out.splitlines() if line.startswith("TM301"))
    assert line.split()[3] == "safe"


def test_fix_counts_an_export_wide_finding_once_as_check_shows_it(site: Path) -> None:
    for lang in ("it", "fr"):
        (site / lang).mkdir()
        (site / lang / "page.md").write_text(SPANISH, encoding="utf-8")
    code, out, _ = run("check", "--format", "json", "--select", "TM301")
    assert len(json.loads(out)["findings"]) == 1  # the same broken keyword in three languages: one finding
    code, out, _ = run("fix", "--select", "TM301")
    assert out.startswith(
        "fixed 1 finding (3 in the translations) in 3 files\n"
        "  TM301 translated-admonition-type: 1 (3 in the translations)\n"
    )


# A Hebrew page whose footnote definitions Crowdin joined into one line and left in English (he/dns.md of
# privacyguides.org): putting them back on lines of their own reveals each as English, which is not worse.
NOTE_1 = "[^1]: AdGuard stores aggregated metrics of its servers, such as the number of requests."
NOTE_2 = "[^2]: Cloudflare stores only the limited query data sent to its resolver."
FOOTNOTES_EN = f"""# DNS

AdGuard keeps aggregated metrics about its servers.[^1] Cloudflare keeps limited query data.[^2]

{NOTE_1}

{NOTE_2}
"""
FOOTNOTES_HE = f"""# DNS

אדגארד שומר מדדים מצטברים על השרתים שלו.[^1] קלאודפלר שומרת נתוני שאילתות מוגבלים.[^2]

{NOTE_1} {NOTE_2}
"""


def test_fix_splits_joined_footnotes_left_in_english(site: Path) -> None:
    (site / "en" / "page.md").write_text(FOOTNOTES_EN, encoding="utf-8")
    (site / "es" / "page.md").write_text(FOOTNOTES_HE, encoding="utf-8")
    code, out, _ = run("check", "--no-cache", "--select", "TM401", "--select", "TM560")
    assert "TM560" in out and out.count("TM401") == 1
    code, out, _ = run("fix", "--select", "TM401", "--select", "TM560")
    assert code == 0 and "TM560 missing-footnote-definition: 1" in out, out
    fixed = (site / "es" / "page.md").read_text(encoding="utf-8")
    assert fixed == FOOTNOTES_HE.replace(" [^2]:", "\n\n[^2]:")
    code, out, _ = run("check", "--no-cache", "--select", "TM401", "--select", "TM560")
    assert "TM560" not in out and out.count("TM401") == 2  # the same English, now one finding a definition
