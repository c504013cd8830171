"""Every defect found by reading the seeds is reported, and nothing else is (fixtures/seeds/defects.toml).

Each seed is checked as a user would: in pair mode against the English revision it was made from,
with the site its pasted content comes from (`--site`) and the English history (`--source-history`).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_seeds import ORIGIN  # the English revision each seed was made from

from linter.cli.main import main

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

SEEDS = Path(__file__).resolve().parent.parent / "fixtures" / "seeds"
LISTED = tomllib.loads((SEEDS / "defects.toml").read_text(encoding="utf-8"))
DEFECTS = LISTED["defect"]
CONSEQUENCES = LISTED["consequence"]


@pytest.fixture(scope="module")
def findings(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[dict[str, object]]]:
    history = tmp_path_factory.mktemp("history")
    for revision in [*(SEEDS / "en").glob("*.md"), *(SEEDS / "older").glob("*.md")]:
        shutil.copy(revision, history / revision.name)
    cache = tmp_path_factory.mktemp("cache")
    found = {}
    for seed, origin in ORIGIN.items():
        translation = next(SEEDS.glob(f"{seed}_*.txt"))
        result = CliRunner(env={"TRANSMARK_CACHE_DIR": str(cache)}).invoke(
            main,
            ["check", "--format", "json", "--site", str(SEEDS / "site"), "--source-history", str(history)]
            + ["--source", str(SEEDS / "en" / origin), str(translation)],
        )
        assert result.exit_code in (0, 1), result.output
        found[seed] = json.loads(result.output)["findings"]
    return found


@pytest.mark.parametrize("seed", sorted(ORIGIN))
def test_every_defect_found_by_reading_is_reported(seed: str, findings: dict[str, list[dict[str, object]]]) -> None:
    reported = {(f["line"], f["name"]) for f in findings[seed]}
    missed = [d for d in DEFECTS if d["seed"] == seed and d["rule"] and (d["line"], d["rule"]) not in reported]
    assert not missed, "\n".join(f"{d['line']} {d['rule']}: {d['what']}" for d in missed)


@pytest.mark.parametrize("seed", sorted(ORIGIN))
def test_every_finding_is_a_defect_found_by_reading(seed: str, findings: dict[str, list[dict[str, object]]]) -> None:
    listed = {(d["line"], d["rule"]) for d in [*DEFECTS, *CONSEQUENCES] if d["seed"] == seed}
    extra = [f for f in findings[seed] if (f["line"], f["name"]) not in listed]
    assert not extra, "\n".join(f"{f['line']} {f['name']}: {f['message']}" for f in extra)


def test_known_misses_say_so() -> None:
    for defect in DEFECTS:
        assert bool(defect["rule"]) != defect["what"].startswith("known miss"), defect
