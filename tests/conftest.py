"""Shared test setup: the development data beside the checkout (`../shared`) is optional.

Tests that read it are marked `corpus`; without it they skip with the reason, so the suite
passes in a clean clone in an empty folder. `.ci/run` runs them when `../shared` is there.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("TRANSMARK_SHARED", REPO.parent / "shared"))


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "corpus: reads ../shared (corpus, sites, seeds); skipped when it is absent")
    config.addinivalue_line("markers", "fuzz: the long fuzzing profile; run on demand with -m fuzz")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if "fuzz" not in (config.option.markexpr or ""):  # the long fuzzing profile runs only when asked for
        skip_fuzz = pytest.mark.skip(reason="the long fuzzing profile: run with -m fuzz (bench/fuzz.sh)")
        for item in items:
            if "fuzz" in item.keywords:
                item.add_marker(skip_fuzz)
    if SHARED.is_dir():
        return
    skip = pytest.mark.skip(reason=f"development data not found at {SHARED} (set TRANSMARK_SHARED)")
    for item in items:
        if "corpus" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def shared() -> Path:
    """The `../shared` folder; tests using it must also carry the `corpus` marker."""
    if not SHARED.is_dir():
        pytest.skip(f"development data not found at {SHARED}")
    return SHARED


@pytest.fixture(scope="session")
def en_history_dir(shared: Path) -> Path:
    """Every English revision of the seed page (`../shared/seeds/en-history`, 84 of them)."""
    return shared / "seeds" / "en-history"


@pytest.fixture(autouse=True)
def _own_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test gets an empty result cache outside the checkout: no test sees another's results,
    and runs over fixtures/ or ../shared leave no cache folder there."""
    monkeypatch.setenv("TRANSMARK_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
