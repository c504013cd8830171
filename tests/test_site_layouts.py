"""Zero configuration: `transmark check` reads the layout and the dialect from the site itself.

One small site per layout under fixtures/layouts/, each with one English page and one translation.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from linter.cli.main import main

LAYOUTS = Path(__file__).resolve().parent.parent / "fixtures" / "layouts"

# layout folder -> (translation the run lints, what `transmark config` says about the layout)
EXPECTED = {
    "per-language": ("docs/de/docs/install.md", 'source = "docs/en/docs", translation = "docs/{lang}/docs/{path}"'),
    "i18n-top": ("docs/ja/install.md", 'source = "docs", translation = "docs/{lang}/{path}", languages = ["ja"]'),
    "i18n-folders": ("docs/fr/install.md", 'source = "docs/en", translation = "docs/{lang}/{path}"'),
    "suffix": ("docs/install.fr.md", 'source = "docs", translation = "docs/{stem}.{lang}.{ext}"'),
    "crowdin": ("i18n/it/install.md", 'source = "docs", translation = "i18n/{lang}/{path}"'),
    "folders": ("es/install.md", 'source = "en", translation = "{lang}/{path}"'),
}


def _invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"uncaught {result.exception!r}") from result.exception
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("layout", sorted(EXPECTED))
def test_layout_is_read_from_the_site(layout: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(LAYOUTS / layout)
    translation, detected = EXPECTED[layout]
    code, out, err = _invoke("config")
    assert code == 0 and err == ""
    assert detected in out
    code, out, err = _invoke("check", "--format", "json")
    assert code in (0, 1), err
    report = json.loads(out)
    assert report["summary"]["files"] == 1
    assert {f["path"] for f in report["findings"]} <= {translation}
    assert not [f for f in report["findings"] if f["rule"] == "TM000"]


def test_mkdocs_tags_do_not_stop_the_run(monkeypatch: pytest.MonkeyPatch) -> None:
    """!ENV, !!python/name: and !relative are read as nothing; INHERIT is followed."""
    monkeypatch.chdir(LAYOUTS / "per-language")
    code, out, _ = _invoke("config")
    assert code == 0
    dialect = next(line for line in out.splitlines() if line.startswith("# markdown extensions:"))
    assert "pymdownx.blocks.admonition" in dialect and "docs/en/mkdocs.yml" in dialect
    assert "one MkDocs project per language" in out


def test_mkdocs_yml_is_parsed_once_and_read_whole_each_time(tmp_path: Path) -> None:
    """The layout and the dialect both read mkdocs.yml: one parse serves both, and popping INHERIT from one
    reader's mapping leaves the next reader's whole. A file libyaml refuses gets PyYAML's own message."""
    from linter.errors import ConfigError
    from linter.project import mkdocs

    base = tmp_path / "base.yml"
    base.write_text("site_name: Base\nmarkdown_extensions:\n  - attr_list\n", encoding="utf-8")
    child = tmp_path / "mkdocs.yml"
    child.write_text("INHERIT: base.yml\nsite_name: !ENV [NAME, Child]\n", encoding="utf-8")
    mkdocs._parsed.cache_clear()
    first, second = mkdocs.load_mkdocs(child), mkdocs.load_mkdocs(child)
    assert first.data == second.data == {"site_name": None, "markdown_extensions": ["attr_list"]}
    assert mkdocs._parsed.cache_info().misses == 2  # the two files, each parsed once
    child.write_text("site_name: [\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"mkdocs\.yml:2:1: invalid YAML: expected the node content"):
        mkdocs.load_mkdocs(child)


def test_untranslated_folders_stay_out(monkeypatch: pytest.MonkeyPatch) -> None:
    """English at the top of docs/: the language folders are no English pages, docs/ref has no translation."""
    monkeypatch.chdir(LAYOUTS / "i18n-top")
    code, out, _ = _invoke("config")
    assert 'exclude = ["ja"]' in out
    code, out, err = _invoke("check", "docs/ja", "--format", "json")
    assert code in (0, 1), err
    assert json.loads(out)["summary"]["files"] == 1


def test_broken_front_matter_is_one_finding_and_the_rest_is_linted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = tmp_path / "site"
    shutil.copytree(LAYOUTS / "folders", site)
    pages = {
        "en/other.md": "# Other\n\nAnother page with enough English words in it.\n\n[Link](https://example.org/a)\n",
        "es/other.md": "# Otra\n\nOtra página con bastantes palabras.\n\n[Enlace](https://example.org/b)\n",
        "en/broken.md": "# Page\n\nText.\n",
        "es/broken.md": "---\ntitle: Sección: uno\n---\n\n# Página\n\nTexto.\n",
    }
    for name, text in pages.items():
        (site / name).write_text(text, encoding="utf-8")
    monkeypatch.chdir(site)
    code, out, err = _invoke("check")
    assert code == 1 and err == ""
    lines = out.splitlines()
    assert [line for line in lines if line.startswith("es/broken.md")] == [
        "es/broken.md:2:1: TM000 unreadable-page: broken front matter (mapping values are not allowed in this context)"
    ]
    assert any(line.startswith("es/other.md:5:") and "TM501" in line for line in lines)
    code, out, _ = _invoke("check", "--ignore", "unreadable-page")
    assert "TM000" not in out and "es/other.md" in out


def test_unreadable_page_is_fatal_in_pair_mode(tmp_path: Path) -> None:
    (tmp_path / "en.md").write_text("# Page\n\nText.\n", encoding="utf-8")
    (tmp_path / "es.md").write_text("---\ntitle: a: b\n---\n\n# Página\n", encoding="utf-8")
    code, _, err = _invoke("check", "--source", str(tmp_path / "en.md"), str(tmp_path / "es.md"))
    assert code == 2
    problem = "broken front matter (mapping values are not allowed in this context)"
    assert err.strip() == f"transmark: {tmp_path / 'es.md'}: line 2: {problem}"


def _site_of_seeds(root: Path) -> None:
    """Three English pages in two languages, made of the sample site's real pages."""
    sample = Path(__file__).resolve().parent.parent / "fixtures" / "site"
    english = (sample / "docs" / "real-time-communication.md").read_text(encoding="utf-8")
    for name in ("a", "b", "c"):
        (root / "en").mkdir(parents=True, exist_ok=True)
        (root / "en" / f"{name}.md").write_text(english, encoding="utf-8")
        for lang in ("it", "uk"):
            (root / lang).mkdir(exist_ok=True)
            shutil.copy(sample / "i18n" / lang / "real-time-communication.md", root / lang / f"{name}.md")


def test_output_is_byte_identical_across_runs_and_worker_counts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import linter.engine.runner

    _site_of_seeds(tmp_path)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(linter.engine.runner, "_PARALLEL_MIN", 1)  # workers even for this small site
    outputs = {_invoke("check", "--jobs", jobs, "--format", "json")[1] for jobs in ("1", "2", "2", "1")}
    assert len(outputs) == 1
    assert json.loads(outputs.pop())["summary"]["findings"] > 10


REAL_SITES = ("sites/fastapi", "sites/openai-agents-python", "sites/nextflow-training", "corpus")


@pytest.mark.corpus
@pytest.mark.parametrize("site", REAL_SITES)
def test_real_site_zero_config_is_deterministic(site: str, shared: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each real site lints without configuration, and one and two worker processes print the same bytes."""
    monkeypatch.chdir(shared / site)
    runs = [_invoke("check", "--jobs", jobs, "--format", "json") for jobs in ("1", "2")]
    assert runs[0] == runs[1]
    code, out, err = runs[0]
    assert code in (0, 1) and err == ""
    assert json.loads(out)["summary"]["files"] > 0


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"\x00\x01\x02", "binary file (contains NUL bytes), not a Markdown page"),
        (b"# T\n\n\xff\xfe text\n", "not valid UTF-8 at byte 5"),
    ],
)
def test_unreadable_translation_in_a_site_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, content: bytes, reason: str
) -> None:
    shutil.copytree(LAYOUTS / "folders", tmp_path / "site")
    (tmp_path / "site" / "en" / "bad.md").write_text("# Page\n\nText.\n", encoding="utf-8")
    (tmp_path / "site" / "es" / "bad.md").write_bytes(content)
    monkeypatch.chdir(tmp_path / "site")
    code, out, err = _invoke("check", "--format", "json")
    assert code == 1 and err == ""
    report = json.loads(out)
    assert report["summary"]["files"] == 2
    (unreadable,) = [f for f in report["findings"] if f["rule"] == "TM000"]
    assert (unreadable["path"], unreadable["line"], unreadable["message"]) == ("es/bad.md", 1, reason)
