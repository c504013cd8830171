"""PR mode: `--diff-base REF` lints the pages changed since REF and marks findings new or pre-existing."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from workflow_support import DUTCH, ENGLISH, SPANISH, findings, git, make_site, run, where, write

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture()
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    make_site(tmp_path)
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "site")
    return tmp_path


def status(found: list[dict]) -> list[str]:
    return [f"{f['path']}:{f['line']} {f['rule']} {f['status']}" for f in found]


def test_nothing_changed(repo: Path) -> None:
    code, out, _ = run("check", "--diff-base", "HEAD", "--format", "json")
    assert code == 0 and json.loads(out)["findings"] == [] and json.loads(out)["summary"]["files"] == 0


def test_changed_translation_new_and_pre_existing(repo: Path) -> None:
    # Lines move in es (a paragraph above the cards) and the first card's logo is now right,
    # while the nl page gets a new defect; nl is committed, es is only in the working tree.
    write(repo, {"nl/page.md": DUTCH.replace("!!! recommendation", "!!! aanbeveling", 1)})
    git(repo, "commit", "-qam", "nl")
    write(repo, {"es/page.md": SPANISH.replace("\n\n## Element", "\n\nUn párrafo nuevo.\n\n## Element", 1)})
    found = findings("--diff-base", "HEAD~1", "--select", "TM201", "--select", "TM301")
    assert status(found) == [
        "es/page.md:9 TM201 pre-existing",
        "es/page.md:19 TM201 pre-existing",
        "nl/page.md:7 TM301 new",
        "nl/page.md:9 TM201 pre-existing",
        "nl/page.md:17 TM201 pre-existing",
    ]
    new = findings("--diff-base", "HEAD~1", "--new-only", "--select", "TM201", "--select", "TM301")
    assert status(new) == ["nl/page.md:7 TM301 new"]


def test_new_only_fails_only_on_new_findings(repo: Path) -> None:
    write(repo, {"es/page.md": SPANISH.replace("Estos mensajeros", "Los mensajeros")})
    code, out, _ = run("check", "--diff-base", "HEAD", "--new-only", "--select", "TM201")
    assert code == 0 and out == ""
    code, out, _ = run("check", "--diff-base", "HEAD", "--select", "TM201")
    assert code == 1 and out.count("[pre-existing]") == 2 and "[new]" not in out
    # The Element card's type keyword gets translated: the card no longer renders.
    write(repo, {"es/page.md": SPANISH.replace("## Element\n\n!!! recommendation", "## Element\n\n!!! recomendación")})
    code, out, _ = run("check", "--diff-base", "HEAD", "--new-only", "--select", "TM201", "--select", "TM301")
    assert code == 1
    assert [line.split(": ")[1] for line in out.splitlines()] == ["TM301 translated-admonition-type"]
    assert out.startswith("es/page.md:15:") and out.endswith(" [new]\n")


def test_changed_source_lints_its_translations(repo: Path) -> None:
    write(repo, {"en/page.md": ENGLISH.replace("great for securing", "great at securing")})
    found = findings("--diff-base", "HEAD", "--select", "TM201")
    assert {f["path"] for f in found} == {"es/page.md", "nl/page.md"}
    assert {f["status"] for f in found} == {"pre-existing"}
    assert findings("--diff-base", "HEAD", "--select", "TM201", "--changed-source", "skip") == []
    write(repo, {"transmark.toml": 'source = "en"\ntranslation = "{lang}/{path}"\nchanged-source = "skip"\n'})
    assert findings("--diff-base", "HEAD", "--select", "TM201") == []


def test_new_page_is_all_new(repo: Path) -> None:
    # Its own defects: the swapped logos of es and nl would be the same breakage in every language,
    # reported once on the English page; translated type keywords are this page's.
    german = (
        DUTCH.replace("element.svg", "ELEMENT").replace("signal.svg", "element.svg").replace("ELEMENT", "signal.svg")
    )
    write(repo, {"de/page.md": german.replace("!!! recommendation", "!!! empfehlung")})  # untracked
    found = findings("--diff-base", "HEAD", "--select", "TM201", "--select", "TM301")
    assert status(found) == ["de/page.md:7 TM301 new", "de/page.md:15 TM301 new"]


def test_deleted_pages_are_not_linted(repo: Path) -> None:
    (repo / "en" / "page.md").unlink()  # its translations stay until the next Crowdin sync
    (repo / "nl" / "page.md").unlink()
    code, out, err = run("check", "--diff-base", "HEAD")
    assert (code, out, err) == (0, "", "")


def test_paths_narrow_the_changed_pages(repo: Path) -> None:
    write(repo, {"es/page.md": SPANISH + "\nMás.\n", "nl/page.md": DUTCH + "\nMeer.\n"})
    found = findings("--diff-base", "HEAD", "--select", "TM201", "nl")
    assert {f["path"] for f in found} == {"nl/page.md"}


def test_base_run_sees_the_site_as_it_was(repo: Path) -> None:
    """A link into another page is judged against that page as it was at the base revision."""
    write(repo, {"en/other.md": "# Other\n\n## Setup\n\nText.\n", "es/other.md": "# Otro\n\n## Setup\n\nTexto.\n"})
    write(repo, {"en/page.md": ENGLISH + "\nSee [setup](other.md#setup).\n"})
    write(repo, {"es/page.md": SPANISH + "\nVer [la instalación](other.md#setup).\n"})
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "links")
    assert findings("--select", "broken-anchor-link") == []
    # The heading the link names gets translated, and the linking page is touched too.
    write(repo, {"es/other.md": "# Otro\n\n## Instalación\n\nTexto.\n"})
    write(repo, {"es/page.md": SPANISH + "\nVer [la instalación](other.md#setup), ahora.\n"})
    found = findings("--diff-base", "HEAD", "--select", "broken-anchor-link")
    assert status(found) == ["es/page.md:21 TM108 new"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--diff-base", "no-such-ref"), '--diff-base: unknown revision "no-such-ref"'),
        (("--new-only",), "--new-only needs --diff-base REF"),
        (("--diff-base", "HEAD", "--source", "en/page.md", "es/page.md"), "not with --source"),
    ],
)
def test_pr_mode_usage_errors(repo: Path, args: tuple[str, ...], message: str) -> None:
    code, out, err = run("check", *args)
    assert code == 2 and out == ""
    assert err.startswith("transmark: ") and message in err and len(err.splitlines()) == 1


def test_outside_a_repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    make_site(tmp_path)
    code, _, err = run("check", "--diff-base", "HEAD")
    assert code == 2 and "is not in a git repository" in err


# --- The acceptance scenario on the real corpus -------------------------------------------


@pytest.fixture(scope="module")
def corpus_repo(tmp_path_factory: pytest.TempPathFactory, shared: Path) -> Path:
    root = tmp_path_factory.mktemp("corpus") / "site"
    shutil.copytree(shared / "corpus", root)
    for path in root.rglob("*"):
        path.chmod(path.stat().st_mode | 0o200)
    (root / "transmark.toml").write_text('source = "en"\ntranslation = "{lang}/{path}"\n', encoding="utf-8")
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "corpus")
    return root


@pytest.mark.corpus
def test_corpus_change_reports_exactly_the_new_defect(corpus_repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(corpus_repo)
    code, _, err = run("baseline", "--output", "../baseline.json")  # before the change
    assert code == 0, err
    page = corpus_repo / "es" / "vpn.md"
    text = page.read_text(encoding="utf-8")
    # A translator rewords a sentence (a benign change) and breaks the Mullvad card's logo.
    assert text.count("mantendrá tus hábitos") == 1 and text.count("assets/img/vpn/mullvad.svg") == 1
    text = text.replace("mantendrá tus hábitos", "conservará tus hábitos")
    text = text.replace("assets/img/vpn/mullvad.svg", "assets/img/vpn/ivpn.svg")
    page.write_text(text, encoding="utf-8")
    git(corpus_repo, "commit", "-qam", "es: vpn")

    expected = [("es/vpn.md", "TM201", "new")]
    found = findings("--diff-base", "HEAD~1", "--new-only")
    assert [(f["path"], f["rule"], f["status"]) for f in found] == expected, where(found)
    assert '"ivpn.svg"' in found[0]["message"] and '"mullvad.svg"' in found[0]["message"]
    code, _, _ = run("check", "--diff-base", "HEAD~1", "--new-only")
    assert code == 1

    full = findings("--baseline", "../baseline.json")
    assert [(f["path"], f["rule"]) for f in full] == [("es/vpn.md", "TM201")], where(full)
    assert (full[0]["line"], full[0]["message"]) == (found[0]["line"], found[0]["message"])
