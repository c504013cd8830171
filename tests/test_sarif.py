"""SARIF 2.1.0 output: valid against the official schema, with rule metadata, help and locations."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlsplit

import jsonschema
import pytest
from workflow_support import SPANISH, git, make_site, run, write

SCHEMA = json.loads((Path(__file__).parent / "schemas" / "sarif-2.1.0-rtm.5.json").read_text(encoding="utf-8"))
VALIDATOR = jsonschema.Draft4Validator(SCHEMA)


@pytest.fixture()
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return make_site(tmp_path)


def sarif(*args: str) -> dict:
    code, out, err = run("check", "--format", "sarif", *args)
    assert code in (0, 1), err
    document = json.loads(out)
    errors = sorted(VALIDATOR.iter_errors(document), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]
    return document


def test_the_schema_rejects_what_it_should() -> None:
    """The validator is live: a document missing its version fails."""
    assert list(VALIDATOR.iter_errors({"runs": []}))
    assert not list(VALIDATOR.iter_errors({"version": "2.1.0", "runs": []}))


def test_sarif_is_valid_with_rules_help_and_locations(site: Path) -> None:
    document = sarif()
    assert document["version"] == "2.1.0"
    (sarif_run,) = document["runs"]
    driver = sarif_run["tool"]["driver"]
    assert driver["name"] == "transmark" and driver["version"]
    rules = driver["rules"]
    ids = [rule["id"] for rule in rules]
    assert ids == sorted(ids) and "TM201" in ids and "TM001" in ids and "TM002" in ids
    card = rules[ids.index("TM201")]
    assert card["name"] == "mismatched-card-logo"
    assert card["shortDescription"]["text"] and card["fullDescription"]["text"]
    assert "## What it does" in card["help"]["text"] and "### Why is this bad?" in card["help"]["markdown"]
    assert card["defaultConfiguration"]["level"] == "error"
    results = [r for r in sarif_run["results"] if r["ruleId"] == "TM201"]
    assert len(results) == 4
    base = sarif_run["originalUriBaseIds"]["SRCROOT"]["uri"]
    assert urlsplit(base).scheme == "file" and base.endswith("/")
    for result in sarif_run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
    first = results[0]
    assert first["level"] == "error" and '"element.svg"' in first["message"]["text"]
    location = first["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "es/page.md", "uriBaseId": "SRCROOT"}
    assert location["region"] == {"startLine": 9, "startColumn": 5, "endLine": 9, "endColumn": 41}
    english = first["relatedLocations"][0]["physicalLocation"]
    assert english["artifactLocation"]["uri"] == "en/page.md" and english["region"]["startLine"] == 9
    assert first["properties"] == {"lang": "es", "key": "#messengers/#signal/recommendation1"}
    assert "baselineState" not in first


def test_fingerprints_survive_lines_moving(site: Path) -> None:
    def prints() -> dict[int, str]:
        results = [r for r in sarif("--select", "TM201")["runs"][0]["results"] if r["properties"]["lang"] == "es"]
        return {r["locations"][0]["physicalLocation"]["region"]["startLine"]: r["partialFingerprints"] for r in results}

    before = prints()
    write(site, {"es/page.md": SPANISH.replace("\n\n## Signal", "\n\nUn párrafo nuevo.\n\n## Signal", 1)})
    after = prints()
    assert sorted(before) == [9, 17] and sorted(after) == [11, 19]
    assert [before[9], before[17]] == [after[11], after[19]] and before[9] != before[17]


def test_sarif_pr_mode_baseline_state(site: Path) -> None:
    git(site, "init", "-q")
    git(site, "add", "-A")
    git(site, "commit", "-qm", "site")
    write(site, {"es/page.md": SPANISH.replace("!!! recommendation", "!!! recomendación", 1)})
    results = sarif("--diff-base", "HEAD", "--select", "TM2", "--select", "TM3")["runs"][0]["results"]
    states = {(r["ruleId"], r["baselineState"]) for r in results}
    assert ("TM301", "new") in states and ("TM201", "unchanged") in states


def test_sarif_without_findings_and_outside_the_root(site: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    write(
        site,
        {
            "es/page.md": SPANISH.replace("element.svg", "X")
            .replace("signal.svg", "element.svg")
            .replace("X", "signal.svg")
        },
    )
    document = sarif("--select", "TM201", "es/page.md")
    assert document["runs"][0]["results"] == []
    # Pair mode with an English page outside the configuration's folder: an absolute file URI.
    other = tmp_path_factory.mktemp("elsewhere") / "en.md"
    other.write_text((site / "en" / "page.md").read_text(encoding="utf-8"), encoding="utf-8")
    write(site, {"es/page.md": SPANISH})
    results = sarif("--select", "TM201", "--source", str(other), "es/page.md")["runs"][0]["results"]
    related = results[0]["relatedLocations"][0]["physicalLocation"]["artifactLocation"]
    assert related == {"uri": other.resolve().as_uri()}
