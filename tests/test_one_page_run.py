"""A run over some pages of a site (a pre-commit hook's) reports for them what the whole-site run does.

Two things made them differ: breakage every language shares is reported once for the English page
only when all languages are linted, and a link into another translated page was judged against
that page's heading ids from an earlier parse of it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from linter.cli.main import main

LANGUAGES = ("es", "fr", "it")

ENGLISH = {
    # A site run judges a.md's link into b.md's translations, lints those, then judges c.md's link.
    "a.md": "# Start\n\nSee [threat models](b.md#threat-models) before anything else.\n",
    "b.md": "# Guide\n\n## Threat Models\n\nText about threat models that is long enough.\n",
    "c.md": (
        "# Messengers\n\nRead about [threat models](b.md#threat-models) first.\n\n"
        "!!! recommendation\n\n    **Signal** is a mobile app.\n\n    ??? downloads\n\n"
        "        - [Android](https://signal.org/android/apk/)\n"
    ),
}

TRANSLATED = {
    "a.md": "# Inicio\n\nMira los [modelos](b.md#threat-models) antes que nada.\n",
    # Only Italian's heading lost the English id, so only its link into it is broken.
    "b.md": "# Guía\n\n## Modelos {lang}{anchor}\n\nTexto sobre modelos de amenaza, bastante largo.\n",
    # The same export bug in every language (`???` and its type split over two lines).
    "c.md": (
        "# Mensajeros\n\nLee sobre [modelos](b.md#threat-models) primero.\n\n"
        "!!! recommendation\n\n    **Signal** es una app.\n\n    ???\n\n    downloads\n\n"
        "        - [Android](https://signal.org/android/apk/)\n"
    ),
}


@pytest.fixture()
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name, text in ENGLISH.items():
        (tmp_path / "en").mkdir(exist_ok=True)
        (tmp_path / "en" / name).write_text(text)
        for lang in LANGUAGES:
            (tmp_path / lang).mkdir(exist_ok=True)
            anchor = "" if lang == "it" else " { #threat-models }"
            (tmp_path / lang / name).write_text(TRANSLATED[name].format(lang=lang, anchor=anchor))
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _findings(*paths: str) -> list[tuple[str, int, str, str]]:
    result = CliRunner().invoke(main, ["check", "--format", "json", *paths])
    assert result.exit_code in (0, 1), result.output
    return [(f["path"], f["line"], f["rule"], f["message"]) for f in json.loads(result.output)["findings"]]


@pytest.mark.parametrize("page", ["it/c.md", "es/b.md", "fr/c.md"])
def test_one_page_run_reports_what_the_site_run_reports_for_it(site: Path, page: str) -> None:
    english = "en/" + page.split("/", 1)[1]
    whole = [f for f in _findings() if f[0] in (page, english)]
    assert _findings(page) == whole


def test_the_shared_export_bug_is_reported_once_and_the_broken_link_where_it_is(site: Path) -> None:
    found = _findings("it/c.md")
    broken = [f for f in found if f[2] == "TM302"]
    assert [(path, rule) for path, _, rule, _ in broken] == [("en/c.md", "TM302")]
    assert "in every translation (3 languages)" in broken[0][3]
    anchors = [f for f in found if f[2] == "TM108"]
    assert [(path, line) for path, line, _, _ in anchors] == [("it/c.md", 3)]
    assert 'there the heading is "Modelos it"' in anchors[0][3]


_HOOK_RUN = """
import sys
from linter.cli.main import main
try:
    main(["check", "--skip-unmatched", "it/c.md"])
except SystemExit:
    pass
print(" ".join(m for m in sys.modules if m.startswith(("linter.history", "linter.po")) or m == "linter.output.report"))
"""


def test_a_hook_run_outside_git_loads_no_history_catalog_or_report_code(site: Path) -> None:
    """Start-up is most of a one-page run: what it does not use stays unloaded (no git process either)."""
    env = {**os.environ, "GIT_SSL_CAINFO": "/etc/ssl/cert.pem"}  # git settings that do not say where a repository is
    env.pop("GIT_DIR", None)
    run = subprocess.run([sys.executable, "-c", _HOOK_RUN], cwd=site, env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert "TM302" in run.stdout.splitlines()[0]  # it linted
    assert set(run.stdout.splitlines()[-1].split()) <= {"linter.history", "linter.history.vcs"}  # vcs: is it in git?


def test_a_one_page_run_of_small_pages_starts_no_worker_pool_however_many_languages(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The page's other languages are linted too (an export bug is told by all of them), in one process while
    they are too small to pay for a worker (big ones are spread: test_site_run)."""
    import concurrent.futures

    for lang in (
        "de",
        "pt",
        "ru",
        "ja",
        "ko",
        "zh",
        "uk",
        "pl",
        "sv",
        "nl",
        "da",
        "fi",
        "cs",
        "hu",
        "ro",
        "tr",
        "el",
        "bg",
        "sk",
        "sl",
        "hr",
        "lt",
        "lv",
        "et",
    ):  # 27 languages: a pool's worth of pairs
        (site / lang).mkdir()
        for name in ENGLISH:
            (site / lang / name).write_text((site / "es" / name).read_text())

    def no_pool(*args: object, **kwargs: object) -> None:
        raise AssertionError("a worker pool started")

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", no_pool)
    result = CliRunner().invoke(main, ["check", "--no-cache", "--jobs", "2", "--format", "json", "it/c.md"])
    assert result.exit_code == 1, result.output
    assert "in every translation (27 languages)" in result.output
