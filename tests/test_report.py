"""The maintainers' report: numbers from findings, and the HTML as a browser shows it (headless Chromium)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from linter.engine.findings import Finding, Severity
from linter.output.report import build, markdown, terminal
from linter.parse.positions import Pos, Span
from linter.project.target import Target

ROOT = Path(__file__).resolve().parent.parent
# Debian's Chromium and its driver (.ci/run installs them); nothing is downloaded at test time.
CHROMIUM, CHROMEDRIVER = shutil.which("chromium"), shutil.which("chromedriver")
SPAN = Span(Pos(3, 1), Pos(3, 9))


def finding(path: str, rule: str = "TM201", severity: Severity = Severity.ERROR, lang: str = "it") -> Finding:
    return Finding(rule, "x", severity, path, SPAN, "m", path.replace(f"{lang}/", "en/"), SPAN, lang=lang)


def test_cells_are_coloured_by_worst_breakage_then_by_english_left() -> None:
    targets = [
        Target(lang, Path(f"en/{p}.md"), Path(f"{lang}/{p}.md")) for p in ("a", "b", "c", "d") for lang in ("it", "uk")
    ]
    findings = [
        finding("it/a.md"),
        finding("it/b.md", "TM104", Severity.WARNING),
        finding("it/c.md", "TM401", Severity.INFO),
        finding("uk/c.md", "TM402", Severity.INFO, "uk"),
        finding("en/d.md", lang=""),  # collapsed export problem: belongs to no cell
    ]
    report = build(findings, targets, lambda source: 4)
    state = {key: cell.state for key, cell in report.cells.items()}
    assert state[("it", "a.md")] == "error" and state[("it", "b.md")] == "warning"
    assert state[("it", "c.md")] == "partial" and report.cells[("it", "c.md")].untranslated == 0.25
    assert state[("uk", "c.md")] == "english" and state[("uk", "a.md")] == "clean"
    assert [f.path for f in report.systemic] == ["en/d.md"]
    assert report.languages == ["it", "uk"] and report.pages == ["a.md", "b.md", "c.md", "d.md"]
    text = terminal(report)
    assert text.splitlines()[2].split() == ["it", "4", "6%", "1", "1", "1"]
    assert "| uk | 4 | 25% | 0 | 0 |" in markdown(report)


def test_outlier_is_the_language_whose_structure_differs_from_the_others() -> None:
    langs = ["de", "es", "fr", "it"]
    targets = [Target(lang, Path("en/a.md"), Path(f"{lang}/a.md")) for lang in langs]
    report = build([finding("fr/a.md", "TM102", lang="fr")], targets, lambda source: 1)
    assert [(page, lang) for page, lang, _ in report.outliers()] == [("a.md", "fr")]
    both = build([finding("fr/a.md", "TM102", lang="fr"), finding("de/a.md", "TM102", lang="de")], targets, lambda s: 1)
    assert both.outliers() == []  # two of four: no agreement to stand out from


SiteMaker = Callable[[Path, pytest.FixtureRequest], tuple[Path, int, int]]


def _sample_site(tmp_path: Path, request: pytest.FixtureRequest) -> tuple[Path, int, int]:
    """(site folder, languages, pages): the bundled sample site."""
    site = tmp_path / "site"
    shutil.copytree(ROOT / "fixtures" / "site", site)
    return site, 2, 1


def _corpus_site(tmp_path: Path, request: pytest.FixtureRequest) -> tuple[Path, int, int]:
    """(site folder, languages, pages): the development corpus (../shared/corpus)."""
    site = tmp_path / "corpus"
    shutil.copytree(request.getfixturevalue("shared") / "corpus", site)
    (site / "transmark.toml").write_text('source = "en"\ntranslation = "{lang}/{path}"\n', encoding="utf-8")
    languages = sorted(p.name for p in site.iterdir() if p.is_dir() and p.name != "en" and not p.name.startswith("."))
    pages = {p.relative_to(site / lang) for lang in languages for p in (site / lang).rglob("*.md")}
    pages &= {p.relative_to(site / "en") for p in (site / "en").rglob("*.md")}
    return site, len(languages), len(pages)


@pytest.mark.skipif(
    CHROMIUM is None or CHROMEDRIVER is None, reason="needs Debian's chromium and chromedriver (.ci/run installs them)"
)
@pytest.mark.parametrize(
    "make_site", [_sample_site, pytest.param(_corpus_site, marks=pytest.mark.corpus)], ids=["sample", "corpus"]
)
def test_html_report_in_headless_chromium(
    tmp_path: Path,
    request: pytest.FixtureRequest,
    make_site: SiteMaker,
) -> None:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By

    site, languages, pages = make_site(tmp_path, request)
    out = tmp_path / "report" / "index.html"
    result = subprocess.run(
        [sys.executable, "-m", "linter", "report", "--out", str(out)], cwd=site, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert out.stat().st_size < 8 * 1024 * 1024
    html = out.read_text(encoding="utf-8")
    assert "http://" not in html.split("<main>")[0] and "<script src" not in html  # self-contained

    options = webdriver.ChromeOptions()
    assert CHROMIUM is not None and CHROMEDRIVER is not None
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1400,1000"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    try:
        driver.get(out.as_uri())
        header = driver.find_elements(By.CSS_SELECTOR, ".matrix thead th.lang")
        rows = driver.find_elements(By.CSS_SELECTOR, ".matrix tbody tr")
        assert (len(header), len(rows)) == (languages, pages)
        driver.save_screenshot(str(Path(os.environ.get("TRANSMARK_SCREENSHOT", tmp_path / "report.png"))))
        link = driver.find_element(By.CSS_SELECTOR, ".matrix td.cell a[href^='#cell-']")
        target = link.get_attribute("href").split("#", 1)[1]
        link.click()
        view = driver.find_element(By.ID, target)
        assert view.is_displayed() and driver.execute_script("return location.hash") == f"#{target}"
        assert view.find_elements(By.CSS_SELECTOR, "tr.finding")
        # Sorting and filtering run without errors and do what they say.
        driver.execute_script("window.scrollTo(0, 0)")
        driver.find_elements(By.CSS_SELECTOR, ".matrix thead th.lang")[0].click()
        driver.execute_script(
            "const s=document.getElementById('f-sev'); s.value='error'; s.dispatchEvent(new Event('change'))"
        )
        shown = [r for r in driver.find_elements(By.CSS_SELECTOR, "tr.finding") if r.is_displayed()]
        assert all(r.get_attribute("data-sev") == "error" for r in shown)
        errors = [entry for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]
        assert errors == []
    finally:
        driver.quit()
