"""`transmark status` on a git site with scripted history: what makes a translation outdated, and what does not."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_history import git

from linter.cli.main import main

ENGLISH = """\
---
title: Messengers
---

# Messengers

These messengers are **great** for securing your [communications](https://example.org/docs).

## Signal

Signal is a mobile app developed by Signal Messenger LLC. All communications are
end-to-end encrypted by default.

- [Download](https://signal.org/download)

## Briar

Briar connects to other clients using the Tor network.
"""

SPANISH = """\
---
title: Mensajeros
---

# Mensajeros

Estos mensajeros son **excelentes** para proteger tus [comunicaciones](https://example.org/docs).

## Signal

Signal es una aplicación móvil desarrollada por Signal Messenger LLC. Todas las comunicaciones están
cifradas de extremo a extremo por defecto.

- [Descargar](https://signal.org/download)

## Briar

Briar se conecta con otros clientes a través de la red Tor.
"""

# Cosmetic: emphasis style, link canonicalisation, reflow.
COSMETIC = (
    ENGLISH.replace("**great**", "__great__")
    .replace("https://example.org/docs)", "https://example.org/docs/)")
    .replace(
        "Signal Messenger LLC. All communications are\nend-to-end",
        "Signal Messenger LLC.\nAll communications are end-to-end",
    )
)
ADDITION = COSMETIC.replace(
    "- [Download](https://signal.org/download)\n",
    "- [Download](https://signal.org/download)\n\nSignal requires a phone number to [register](https://signal.org/register).\n",
)
NEW_SECTION = (
    COSMETIC + "\n## Element\n\nElement is the reference client for the [Matrix](https://matrix.org) protocol.\n"
)


class Site:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.day = 0
        root.mkdir()
        git(root, "init", "-q")
        (root / "transmark.toml").write_text('source = "docs"\ntranslation = "i18n/{lang}/{path}"\n', encoding="utf-8")

    def commit(self, files: dict[str, str]) -> str:
        self.day += 1
        for name, text in files.items():
            (self.root / name).parent.mkdir(parents=True, exist_ok=True)
            (self.root / name).write_text(text, encoding="utf-8")
        git(self.root, "add", "-A")
        git(self.root, "commit", "-q", "-m", f"day {self.day}", date=f"2024-02-{self.day:02d}T12:00:00+00:00")
        return git(self.root, "rev-parse", "HEAD")

    def status(self, *args: str) -> dict[str, dict]:
        result = CliRunner().invoke(main, ["status", "--format", "json", *args])
        assert result.exit_code == 0, result.output
        return {page["path"]: page for page in json.loads(result.output)["pages"]}


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Site:
    made = Site(tmp_path / "site")
    monkeypatch.chdir(made.root)
    monkeypatch.setenv("TRANSMARK_CACHE_DIR", str(tmp_path / "cache"))
    return made


def test_cosmetic_english_edits_leave_the_translation_up_to_date(site: Site) -> None:
    first = site.commit({"docs/page.md": ENGLISH, "i18n/es/page.md": SPANISH})
    site.commit({"docs/page.md": COSMETIC})
    page = site.status()["i18n/es/page.md"]
    assert page["status"] == "up_to_date" and page["sections"] == []
    assert page["since"]["commit"] in (first, git(site.root, "rev-parse", "HEAD"))


def test_english_addition_then_a_translation_typo_fix_is_outdated_naming_the_section(site: Site) -> None:
    first = site.commit({"docs/page.md": ENGLISH, "i18n/es/page.md": SPANISH})
    site.commit({"docs/page.md": ADDITION})
    site.commit({"i18n/es/page.md": SPANISH.replace("cifradas", "encriptadas")})  # committed after English
    page = site.status()["i18n/es/page.md"]
    assert page["status"] == "candidate_outdated"
    assert page["since"]["commit"] == first
    assert page["sections"] == [{"heading": "## Signal", "change": "edited"}]
    text = CliRunner().invoke(main, ["status"]).output
    assert "i18n/es/page.md  outdated since 2024-02-01 12:00" in text and "## Signal (edited)" in text


def test_a_new_english_section_makes_the_translation_outdated(site: Site, tmp_path: Path) -> None:
    site.commit({"docs/page.md": ENGLISH, "i18n/es/page.md": SPANISH})
    site.commit({"docs/page.md": NEW_SECTION})
    page = site.status()["i18n/es/page.md"]
    assert page["status"] == "candidate_outdated"
    assert page["sections"] == [{"heading": "## Element", "change": "added"}]
    # The maintainers' report marks the cell.
    assert CliRunner().invoke(main, ["report", "--out", str(tmp_path / "report.html")]).exit_code == 0
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "data-status='candidate_outdated'" in html and "candidate outdated" in html


def test_a_stamp_naming_an_old_commit_reports_what_changed_since(site: Site) -> None:
    first = site.commit({"docs/page.md": ENGLISH})
    site.commit({"docs/page.md": NEW_SECTION})
    stamped = SPANISH.replace("title: Mensajeros\n", f"title: Mensajeros\nl10n:\n  sourceCommit: {first}\n")
    # The translation has the new section too (so by structure it is up to date); the stamp says otherwise.
    stamped += "\n## Element\n\nElement es el cliente de referencia del protocolo [Matrix](https://matrix.org).\n"
    site.commit({"i18n/es/page.md": stamped})
    page = site.status()["i18n/es/page.md"]
    assert page["stamp"] == {"key": "l10n.sourceCommit", "commit": first}
    assert page["since"]["commit"] == first and page["status"] == "candidate_outdated"
    assert page["sections"] == [{"heading": "## Element", "change": "added"}]


def test_a_stamp_naming_an_unknown_commit_is_reported(site: Site) -> None:
    site.commit({"docs/page.md": ENGLISH})
    site.commit(
        {"i18n/es/page.md": SPANISH.replace("title: Mensajeros\n", "title: Mensajeros\nsource_commit: 0123abcd\n")}
    )
    page = site.status()["i18n/es/page.md"]
    assert (
        page["stamp_problem"]
        == 'source_commit names commit "0123abcd", which the English page\'s history does not have'
    )
    assert page["status"] == "up_to_date"  # judged by structure instead


@pytest.mark.parametrize(
    ("stamp", "line", "message"),
    [
        (
            "l10n:\n  sourceCommit: 0123abcd\n",
            4,
            'l10n.sourceCommit names commit "0123abcd", which the English page\'s history does not have',
        ),
        ("source_commit: v1.2\n", 3, 'source_commit is "v1.2", which is not a commit id (4 to 40 hexadecimal digits)'),
    ],
)
def test_check_reports_a_bad_stamp_on_its_line(site: Site, stamp: str, line: int, message: str) -> None:
    site.commit({"docs/page.md": ENGLISH})
    site.commit({"i18n/es/page.md": SPANISH.replace("title: Mensajeros\n", f"title: Mensajeros\n{stamp}")})
    result = CliRunner().invoke(main, ["check", "--select", "bad-source-stamp", "--format", "json"])
    found = [(f["path"], f["line"], f["message"]) for f in json.loads(result.output)["findings"]]
    assert found == [("i18n/es/page.md", line, message)]
    without = CliRunner().invoke(main, ["check", "--select", "bad-source-stamp", "--no-source-history"])
    assert without.exit_code == 0 and without.output == ""


def test_check_reports_a_stamp_newer_than_the_translation(site: Site) -> None:
    site.commit({"docs/page.md": ENGLISH, "i18n/es/page.md": SPANISH})
    later = site.commit({"docs/page.md": NEW_SECTION})
    # The translation's last commit is of 2024-02-01: it cannot come from English of 2024-02-02.
    (site.root / "i18n" / "es" / "page.md").write_text(
        SPANISH.replace("title: Mensajeros\n", f"title: Mensajeros\nsource_commit: {later}\n"), encoding="utf-8"
    )
    result = CliRunner().invoke(main, ["check", "--select", "bad-source-stamp", "--format", "json"])
    found = [(f["path"], f["line"], f["message"]) for f in json.loads(result.output)["findings"]]
    message = f"source_commit names commit {later[:8]} of 2024-02-02, newer than the translation"
    assert found == [("i18n/es/page.md", 3, message)]


def test_check_accepts_a_stamp_naming_an_english_commit(site: Site) -> None:
    first = site.commit({"docs/page.md": ENGLISH})
    site.commit(
        {"i18n/es/page.md": SPANISH.replace("title: Mensajeros\n", f"title: Mensajeros\nsource_commit: {first[:8]}\n")}
    )
    result = CliRunner().invoke(main, ["check", "--select", "bad-source-stamp", "--format", "json"])
    assert json.loads(result.output)["findings"] == []


def test_untranslated_missing_and_orphaned_pages(site: Site) -> None:
    site.commit(
        {
            "docs/page.md": ENGLISH,
            "docs/other.md": ENGLISH,
            "i18n/es/page.md": SPANISH,
            "i18n/es/other.md": ENGLISH,  # still English
            "i18n/de/page.md": SPANISH.replace("Mensajeros", "Messenger"),
            "i18n/de/gone.md": SPANISH,  # its English page was deleted
        }
    )
    pages = site.status()
    assert (
        pages["i18n/es/other.md"]["status"] == "not_translated"
        and pages["i18n/es/other.md"]["detail"] == "untranslated"
    )
    assert pages["i18n/de/other.md"]["status"] == "not_translated" and pages["i18n/de/other.md"]["detail"] == "missing"
    assert pages["i18n/de/gone.md"]["status"] == "no_english_version"
    assert pages["i18n/es/page.md"]["status"] == pages["i18n/de/page.md"]["status"] == "up_to_date"


def test_without_git_history_pages_are_up_to_date_as_far_as_can_be_told(site: Site) -> None:
    (site.root / "docs").mkdir()
    (site.root / "docs" / "page.md").write_text(NEW_SECTION, encoding="utf-8")
    (site.root / "i18n" / "es").mkdir(parents=True)
    (site.root / "i18n" / "es" / "page.md").write_text(SPANISH, encoding="utf-8")
    page = site.status("--no-source-history")["i18n/es/page.md"]
    assert (page["status"], page["detail"]) == ("up_to_date", "no history")


def test_a_few_words_edited_are_of_low_severity(site: Site) -> None:
    """Words edited, no link or heading changed: only a stamp tells which English the translation had."""
    first = site.commit({"docs/page.md": ENGLISH})
    stamped = SPANISH.replace("title: Mensajeros\n", f"title: Mensajeros\ndefault_lang_commit: {first}\n")
    site.commit({"i18n/es/page.md": stamped})
    site.commit({"docs/page.md": ENGLISH.replace("by default.", "by default, in every chat.")})
    page = site.status()["i18n/es/page.md"]
    assert page["status"] == "outdated_low_severity"
    assert page["sections"] == [{"heading": "## Signal", "change": "edited"}]


def test_fix_stamp_writes_the_english_commit_into_up_to_date_pages_only(site: Site) -> None:
    site.commit({"docs/page.md": ENGLISH, "docs/other.md": ENGLISH, "i18n/es/page.md": SPANISH})
    site.commit({"i18n/es/other.md": SPANISH})
    newest = site.commit({"docs/other.md": NEW_SECTION})  # other.md falls behind
    first_english = git(site.root, "log", "-n1", "--format=%H", "--", "docs/page.md")
    diff = CliRunner().invoke(main, ["fix", "--stamp", "--diff"])
    assert diff.exit_code == 1 and f"+l10n:\n+  sourceCommit: {first_english}\n" in diff.output
    assert "sourceCommit" not in (site.root / "i18n" / "es" / "page.md").read_text(encoding="utf-8")  # --diff
    done = CliRunner().invoke(main, ["fix", "--stamp"])
    assert done.exit_code == 0 and done.output.startswith("stamped i18n/es/page.md\n")
    page = site.status()
    assert page["i18n/es/page.md"]["stamp"] == {"key": "l10n.sourceCommit", "commit": first_english}
    assert page["i18n/es/page.md"]["status"] == "up_to_date"
    assert "sourceCommit" not in (site.root / "i18n" / "es" / "other.md").read_text(encoding="utf-8")
    assert newest != first_english
    assert CliRunner().invoke(main, ["fix", "--stamp"]).output.endswith("0 up-to-date pages stamped\n")


@pytest.mark.parametrize(
    ("before", "key", "after"),
    [
        ("# T\n", "source_commit", "---\nsource_commit: c1\n---\n\n# T\n"),
        ("---\ntitle: x\n---\n# T\n", "l10n.sourceCommit", "---\ntitle: x\nl10n:\n  sourceCommit: c1\n---\n# T\n"),
        (
            "---\nl10n:\n  sourceCommit: c0\n  x: 1\n---\n",
            "l10n.sourceCommit",
            "---\nl10n:\n  sourceCommit: c1\n  x: 1\n---\n",
        ),
        (
            "---\r\ndefault_lang_commit: c0\r\n---\r\n",
            "default_lang_commit",
            "---\r\ndefault_lang_commit: c1\r\n---\r\n",
        ),
    ],
)
def test_stamps_are_written_in_the_front_matter_only(before: str, key: str, after: str) -> None:
    from linter.history.stamps import stamped

    assert stamped(before, key, "c1") == after
