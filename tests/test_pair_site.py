"""Pair mode that knows its surroundings: `--site DIR`, or the site the pair lives in.

Only the pair is linted; rules that look across pages (headings and paragraphs of other pages)
read the site's English pages. `fixtures/seeds/site` holds the excerpts of privacyguides.org
pages that seed 000's pasted content comes from.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from linter.cli.main import main

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "fixtures" / "seeds"
ENGLISH = SEEDS / "en" / "2023-03-07T0852_5bad28ff.md"
ITALIAN = next(SEEDS.glob("000_*.txt"))


def _check(*args: str) -> tuple[int, list[str]]:
    result = CliRunner().invoke(main, ["check", "--select", "TM101", "--select", "TM412", *args])
    return result.exit_code, result.output.splitlines()


def _where(lines: list[str]) -> list[tuple[str, str]]:
    """(line, rule) of each finding."""
    return [(line.split(":")[1], line.split(": ")[1].split()[0]) for line in lines]


def test_site_names_the_pages_pasted_content_comes_from(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    code, lines = _check("--site", "fixtures/seeds/site", "--source", str(ENGLISH), str(ITALIAN))
    assert code == 1
    text = "\n".join(lines)
    # "## CryptPad" where English has "## Criteria": a heading of the document collaboration page.
    assert 'heading "CryptPad" stands where English has "Criteria"' in text
    assert "document-collaboration.md:13" in text
    # KeePassXC's downloads list (shown as code) and its CSV paragraph, from the password managers page.
    assert [w for w in _where(lines) if w[1] == "TM412"] == [("183", "TM412"), ("197", "TM412")]
    assert text.count("which only fixtures/seeds/site/en/passwords.md does") == 2


def test_without_a_site_the_pair_is_on_its_own(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    _, lines = _check("--source", str(ENGLISH), str(ITALIAN))
    assert ("173", "TM101") not in _where(lines)  # no other page to recognise "CryptPad" in
    assert all("the English page never does" in line for line in lines if "TM412" in line)


def test_a_pair_inside_a_site_uses_it_without_being_told(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = tmp_path / "site"
    shutil.copytree(SEEDS / "site", site)
    (site / "it").mkdir()
    shutil.copy(ENGLISH, site / "en" / "real-time-communication.md")
    shutil.copy(ITALIAN, site / "it" / "real-time-communication.md")
    monkeypatch.chdir(site)
    _, lines = _check("--source", "en/real-time-communication.md", "it/real-time-communication.md")
    assert ("173", "TM101") in _where(lines)
    assert all(line.startswith("it/real-time-communication.md:") for line in lines)  # nothing else is linted


def test_the_sites_own_version_of_the_page_is_not_another_page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An older English revision checked beside a site holding the current one: its headings are this page's."""
    site = tmp_path / "site"
    (site / "en").mkdir(parents=True)
    (site / "es").mkdir()
    current = "## Encrypted Messengers\n\nSee [Signal](https://signal.org/) and [Briar](https://briarproject.org/).\n"
    (site / "en" / "messengers.md").write_text(current)
    (site / "es" / "messengers.md").write_text(current)
    old = tmp_path / "2022-01-01_abcdef12.md"
    old.write_text("## Messengers\n\nSee [Signal](https://signal.org/) and [Briar](https://briarproject.org/).\n")
    translation = tmp_path / "it.md"
    translation.write_text(
        "## Encrypted Messengers\n\nVedi [Signal](https://signal.org/) e [Briar](https://briarproject.org/).\n"
    )
    monkeypatch.chdir(tmp_path)
    _, lines = _check("--site", "site", "--source", str(old), str(translation))
    assert lines == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--site", "fixtures/seeds/site", str(ITALIAN)], "--site works in pair mode"),
        (["--site", "fixtures/nowhere", "--source", str(ENGLISH), str(ITALIAN)], "not a folder"),
        (["--site", "fixtures/seeds/en", "--source", str(ENGLISH), str(ITALIAN)], "no translation layout"),
    ],
)
def test_site_usage_errors(args: list[str], message: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(main, ["check", *args])
    assert result.exit_code == 2
    assert message in result.output


def test_the_named_sites_markdown_extensions_parse_the_pair(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`/// tip` is a block where `--site`'s mkdocs.yml enables pymdownx.blocks, whatever the working folder's says."""
    site = tmp_path / "site"
    for lang, text in (
        ("en", "# Title\n\n/// tip\n\nCheck the pages.\n\n///\n"),
        ("pt", "# T\n\n/// dica\n\nVeja.\n\n///\n"),
    ):
        (site / "docs" / lang).mkdir(parents=True)
        (site / "docs" / lang / "a.md").write_text(text, encoding="utf-8")
    (site / "mkdocs.yml").write_text("docs_dir: docs\nmarkdown_extensions:\n  - pymdownx.blocks.admonition\n")
    (tmp_path / "mkdocs.yml").write_text("markdown_extensions:\n  - admonition\n")  # the working folder: no blocks
    monkeypatch.chdir(tmp_path)
    args = ["check", "--select", "TM301", "--no-cache", "--site", "site", "--lang", "pt"]
    result = CliRunner().invoke(main, [*args, "--source", "site/docs/en/a.md", "site/docs/pt/a.md"])
    assert 'admonition type "dica" where English has "tip"' in result.output
