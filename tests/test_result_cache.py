"""Warm runs: the result cache answers exactly what a fresh run would, and lints again only what changed."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest

import linter.engine.runner as runner_module
from linter.app import Request, lint, load_config
from linter.engine.cache import digest, entry_bytes, file_digest
from linter.engine.outlines import outline_key
from linter.engine.trees import tree_key
from linter.output import reporters

ENGLISH_A = """# Alpha

## Setup { #setup }

!!! note

    Read [the guide](b.md#usage) first. See also [Setup](#setup).

Some text with `code` and a [link](https://example.org/a).
"""
ENGLISH_B = """# Beta

## Usage

Use it **well**. Back to [alpha](a.md).
"""


def make_site(root: Path) -> None:
    (root / "transmark.toml").write_text('source = "en"\ntranslation = "{lang}/{path}"\n')
    pages = {
        "en/a.md": ENGLISH_A,
        "en/b.md": ENGLISH_B,
        "es/a.md": ENGLISH_A.replace("!!! note", "!!! nota").replace("Some text", "Un texto"),
        "es/b.md": ENGLISH_B.replace("## Usage", "## Uso").replace("Use it", "Úsalo"),
        "nl/a.md": ENGLISH_A.replace("Some text", "Een tekst").replace("example.org/a", "example.org/b"),
        "nl/b.md": ENGLISH_B.replace("Use it", "Gebruik het"),
    }
    for name, text in pages.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)


@pytest.fixture()
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "site"
    root.mkdir()
    make_site(root)
    monkeypatch.chdir(root)
    monkeypatch.delenv("TRANSMARK_CACHE_DIR", raising=False)
    return root


class ParseCounter:
    """Which pages were parsed (`paths`) and which pairs were linted rather than read from the cache (`linted`)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.paths: list[str] = []
        self.linted: list[str] = []
        parse, lint_pages = runner_module.parse_page, runner_module.Runner.lint_pages

        def counting_parse(source, *args, **kwargs):
            self.paths.append(source.path)
            return parse(source, *args, **kwargs)

        def counting_lint(runner, source, target):
            self.linted.append(target.path)
            return lint_pages(runner, source, target)

        monkeypatch.setattr(runner_module, "parse_page", counting_parse)
        monkeypatch.setattr(runner_module.Runner, "lint_pages", counting_lint)


def report(root: Path, **request) -> str:
    return reporters.render("json", lint(load_config(root), Request(**{"jobs": 1, **request})))


def test_warm_run_parses_nothing_and_says_the_same(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cold = report(site)
    assert (site / ".transmark_cache" / ".gitignore").read_text().splitlines()[-1] == "*"
    counter = ParseCounter(monkeypatch)
    assert report(site) == cold == report(site, no_cache=True)
    counter.paths.clear()
    counter.linted.clear()
    assert report(site) == cold
    assert counter.paths == [] and counter.linted == []


def test_a_changed_translation_relints_it_and_the_pages_that_read_its_headings(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    report(site)
    counter = ParseCounter(monkeypatch)
    # Text between headings: nl/a.md, which links to b.md#usage, read only nl/b.md's headings.
    (site / "nl/b.md").write_text(ENGLISH_B.replace("Use it **well**", "Gebruik het ** goed **"))
    warm = report(site)
    assert counter.linted == ["nl/b.md"]
    counter.paths.clear()
    assert report(site) == warm
    assert counter.paths == []  # nl/a.md's entry now holds nl/b.md's new fingerprint: no outline parse to check it
    assert warm == report(site, no_cache=True)
    counter.linted.clear()
    # A heading: now nl/a.md's link check may answer differently. Spanish is untouched throughout.
    (site / "nl/b.md").write_text(ENGLISH_B.replace("## Usage", "## Gebruik"))
    warm = report(site)
    assert sorted(counter.linted) == ["nl/a.md", "nl/b.md"]
    assert warm == report(site, no_cache=True)


def test_a_changed_english_page_relints_its_translations_and_the_pages_that_read_it(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    report(site)
    (site / "en/b.md").write_text(ENGLISH_B.replace("## Usage", "## How to use"))
    counter = ParseCounter(monkeypatch)
    warm = report(site)
    # b's translations, and a's translations whose link into b#usage is checked against b's headings.
    assert sorted(counter.linted) == ["es/a.md", "es/b.md", "nl/a.md", "nl/b.md"]
    assert warm == report(site, no_cache=True)


def test_an_upgraded_parser_is_not_answered_from_the_entries_of_the_old_one(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import linter.engine.cache as cache_module

    report(site)
    monkeypatch.setattr(cache_module, "dependency_stamp", lambda: "markdown_it_py-99.0")
    counter = ParseCounter(monkeypatch)
    report(site)
    assert sorted(counter.linted) == ["es/a.md", "es/b.md", "nl/a.md", "nl/b.md"]


def outline_entries(site: Path, page: str, lang: str) -> list[Path]:
    """The cache files holding the outline of one page (one per configuration salt)."""
    key = outline_key(lang, file_digest(site / page))
    return sorted((site / ".transmark_cache").glob(f"*/{key[:2]}/{key}.json"))


def test_a_relinted_page_reads_the_headings_of_the_pages_it_links_from_the_cache(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    report(site)
    assert outline_entries(site, "en/b.md", "en") and outline_entries(site, "nl/b.md", "nl")
    counter = ParseCounter(monkeypatch)
    # nl/a.md links to b.md#usage: its link check reads en/b.md's and nl/b.md's headings, not their text.
    (site / "nl/a.md").write_text((site / "nl/a.md").read_text().replace("Een tekst", "Een andere tekst"))
    warm = report(site)
    assert counter.linted == ["nl/a.md"]
    assert counter.paths == ["nl/a.md"]  # en/a.md's tree is read from the cache too
    assert warm == report(site, no_cache=True)


@pytest.mark.parametrize("damage", ["truncated", "foreign"])
def test_a_damaged_outline_entry_is_ignored_and_rewritten(
    site: Path, monkeypatch: pytest.MonkeyPatch, damage: str
) -> None:
    report(site)
    (entry,) = outline_entries(site, "nl/b.md", "nl")
    good = entry.read_text()
    key = entry.stem
    # truncated JSON, or a well-formed entry of this key holding something else than an outline
    entry.write_bytes(good[:30].encode() if damage == "truncated" else entry_bytes(key, [[1, 1], [["s", 1, 1, 2]]]))
    counter = ParseCounter(monkeypatch)
    (site / "nl/a.md").write_text((site / "nl/a.md").read_text().replace("Een tekst", "Een andere tekst"))
    warm = report(site)
    assert sorted(counter.paths) == ["nl/a.md", "nl/b.md"]  # nl/b.md's outline parsed again
    assert warm == report(site, no_cache=True)
    assert entry.read_text() == good


@pytest.mark.parametrize("damage", [None, "truncated", "foreign"])
def test_a_warm_run_reads_the_english_page_of_a_changed_translation_from_the_cache(
    site: Path, monkeypatch: pytest.MonkeyPatch, damage: str | None
) -> None:
    report(site)
    (entry,) = (site / ".transmark_cache").glob(f"*/*/{tree_key('en/a.md', file_digest(site / 'en/a.md'))}.json")
    good = entry.read_text()
    if damage is not None:  # truncated JSON, or this key's entry holding something else than a tree
        entry.write_bytes(good[:30].encode() if damage == "truncated" else entry_bytes(entry.stem, "gARLAS4="))
    counter = ParseCounter(monkeypatch)
    (site / "es/a.md").write_text((site / "es/a.md").read_text().replace("Un texto", "Otro texto"))
    warm = report(site)
    assert counter.linted == ["es/a.md"]
    assert sorted(counter.paths) == (["es/a.md"] if damage is None else ["en/a.md", "es/a.md"])
    assert warm == report(site, no_cache=True)
    assert entry.read_text() == good  # a damaged entry is written again


@pytest.mark.parametrize("damage", [None, "truncated", "foreign"])
def test_a_warm_run_reads_the_english_pages_links_from_the_cache(
    site: Path, monkeypatch: pytest.MonkeyPatch, damage: str | None
) -> None:
    """TM412 names the English page a pasted paragraph comes from by an index of every English page's links,
    kept per page by its content: linting the page again parses no English page but its own."""
    pasted = (site / "es/a.md").read_text() + "\nVuelve a [alpha](a.md).\n"  # only en/b.md links there
    (site / "es/a.md").write_text(pasted)
    cold = report(site)
    assert "TM412" in cold and "which only en/b.md does" in cold
    (entry,) = (site / ".transmark_cache").glob(f"*/*/{digest('links', file_digest(site / 'en/b.md'))}.json")
    good = entry.read_text()
    if damage is not None:  # truncated JSON, or this key's entry holding something else than addresses
        entry.write_bytes(good[:30].encode() if damage == "truncated" else entry_bytes(entry.stem, [["u:a.md"]]))
    counter = ParseCounter(monkeypatch)
    (site / "es/a.md").write_text(pasted.replace("Un texto", "Otro texto"))
    warm = report(site)
    assert counter.linted == ["es/a.md"]
    assert counter.paths == ["es/a.md"]  # without the entry, en/b.md's links come from its tree, not a parse
    assert warm == report(site, no_cache=True) and "which only en/b.md does" in warm
    assert entry.read_text() == good


def test_no_cache_writes_nothing(site: Path) -> None:
    report(site, no_cache=True)
    assert not (site / ".transmark_cache").exists()


def test_cache_dir_option_and_environment(site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    report(site, cache_dir=tmp_path / "explicit")
    assert (tmp_path / "explicit" / "CACHEDIR.TAG").is_file()
    monkeypatch.setenv("TRANSMARK_CACHE_DIR", str(tmp_path / "env"))
    report(site)
    assert (tmp_path / "env" / "CACHEDIR.TAG").is_file()
    assert not (site / ".transmark_cache").exists()


def test_a_damaged_cache_is_ignored(site: Path) -> None:
    cold = report(site)
    for entry in (site / ".transmark_cache").rglob("*.json"):
        entry.write_text(entry.read_text()[:20])
    assert report(site) == cold


def test_an_unreadable_page_is_not_parsed_again_while_it_is_unchanged(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (site / "es/b.md").write_text("---\ntitle: [broken\n---\n" + ENGLISH_B)
    (site / "nl/b.md").write_bytes(b"# Beta\n\xff\n")
    cold = report(site)
    assert cold == report(site, no_cache=True) and "TM000" in cold
    counter = ParseCounter(monkeypatch)
    assert report(site) == cold
    assert counter.paths == [] and counter.linted == []
    (site / "nl/b.md").write_text(ENGLISH_B.replace("Use it", "Gebruik het"))  # repaired: linted again
    assert report(site) == report(site, no_cache=True)
    assert "nl/b.md" in counter.linted


def test_a_pair_run_on_a_page_found_unreadable_before_still_stops_on_it(site: Path) -> None:
    from linter.errors import InputError

    (site / "es/b.md").write_text("---\ntitle: [broken\n---\n" + ENGLISH_B)
    (site / "es/c.md").write_bytes(b"\xff")
    report(site)  # a site run keeps es/b.md's error
    pair = {"source": Path("en/b.md"), "lang": "es"}
    with pytest.raises(InputError) as cold:
        report(site, paths=[Path("es/c.md"), Path("es/b.md")], no_cache=True, **pair)
    for _ in range(2):
        with pytest.raises(InputError) as warm:
            report(site, paths=[Path("es/c.md"), Path("es/b.md")], **pair)
        assert str(warm.value) == str(cold.value)


@pytest.mark.corpus
def test_warm_corpus_after_random_edits_equals_a_fresh_run(shared: Path, tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    shutil.copytree(shared / "corpus", root)
    (root / ".transmark.toml").write_text('source = "en"\ntranslation = "{lang}/{path}"\n')
    report(root, cache_dir=tmp_path / "cache")
    pages = sorted(p for p in root.rglob("*.md") if p.parts[-2:][0] != "README.md")
    rng = random.Random(13)
    for jobs in (1, 2):  # on one process, then on this one and a worker (the edited pairs are a pool's worth)
        for page in rng.sample(pages, len(pages) // 20):
            lines = page.read_text(encoding="utf-8").splitlines(keepends=True)
            if len(lines) > 3:
                i = rng.randrange(1, len(lines))
                lines[i], lines[i - 1] = lines[i - 1], lines[i]  # shuffle two lines: headings, cards and links move
            page.write_text("".join(lines), encoding="utf-8")
        assert report(root, cache_dir=tmp_path / "cache", jobs=jobs) == report(root, no_cache=True)


def test_a_warm_run_starts_no_workers_for_a_few_changed_pairs(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import concurrent.futures

    for lang in ("de", "fr", "it", "pt", "ru", "ja", "ko", "zh", "uk", "pl", "sv"):  # 26 pairs: a pool's worth
        for name in ("a.md", "b.md"):
            (site / lang).mkdir(exist_ok=True)
            (site / lang / name).write_text((site / "nl" / name).read_text())
    cold = reporters.render("json", lint(load_config(site), Request(jobs=2)))

    def no_pool(*args, **kwargs):
        raise AssertionError("a worker pool started")

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", no_pool)
    assert reporters.render("json", lint(load_config(site), Request(jobs=2))) == cold
    (site / "de/b.md").write_text(ENGLISH_B.replace("## Usage", "## Gebrauch"))
    assert reporters.render("json", lint(load_config(site), Request(jobs=2))) == report(site, no_cache=True)


def entry_names(cache: Path) -> set[str]:
    """The cache's entries (results, outlines, heading index) of every configuration."""
    return {path.name for path in cache.glob("v*-*/*/*.json")}


def test_a_whole_site_run_keeps_only_what_the_site_reaches(site: Path, tmp_path: Path) -> None:
    report(site)
    cache = site / ".transmark_cache"
    first = entry_names(cache)
    for text in ("Een andere tekst", "Een derde tekst"):
        (site / "nl/a.md").write_text((site / "nl/a.md").read_text().replace("Een tekst", text))
        report(site)
        report(site, paths=[site / "es"])  # a run over part of the site prunes nothing
    # Exactly what a first run on today's pages writes: the entries of nl/a.md's older contents are gone.
    report(site, cache_dir=tmp_path / "fresh")
    assert entry_names(cache) == entry_names(tmp_path / "fresh") != first
    assert len(entry_names(cache)) == len(first)


def test_a_part_of_the_site_prunes_nothing(site: Path) -> None:
    report(site)
    before = entry_names(site / ".transmark_cache")
    (site / "nl/a.md").write_text((site / "nl/a.md").read_text().replace("Een tekst", "Een andere tekst"))
    report(site, paths=[site / "nl/a.md"])
    assert entry_names(site / ".transmark_cache") > before


def test_a_cache_named_elsewhere_is_never_pruned(site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Other projects may share it: their entries are not this site's old content."""
    report(site, cache_dir=tmp_path / "shared")
    monkeypatch.setenv("TRANSMARK_CACHE_DIR", str(tmp_path / "shared"))
    report(site)
    before = entry_names(tmp_path / "shared")
    (site / "nl/a.md").write_text((site / "nl/a.md").read_text().replace("Een tekst", "Een andere tekst"))
    report(site)
    report(site, cache_dir=tmp_path / "shared")
    assert entry_names(tmp_path / "shared") > before


def test_pruning_drops_old_configurations_and_abandoned_writes(site: Path) -> None:
    import os
    import time

    report(site)
    cache = site / ".transmark_cache"
    (current,) = cache.glob("v*-*")
    month = time.time() - 31 * 86400
    old, recent = cache / "v3-oldversion", cache / "v4-otherconfig"
    for folder in (old, recent):
        (folder / "ab").mkdir(parents=True)
        (folder / "ab" / "ab12.json").write_text("[]")
    os.utime(old, (month, month))
    writing, abandoned = current / "ab" / ".tmp-1.json", current / "ab" / ".tmp-2.json"
    writing.parent.mkdir(exist_ok=True)
    for leftover in (writing, abandoned):
        leftover.write_text("[")
    os.utime(abandoned, (month, month))
    gitlog = sorted(p.name for p in cache.iterdir() if not p.name.startswith("v"))
    report(site)
    assert not old.exists() and recent.exists()  # another configuration in use keeps its entries
    assert writing.exists() and not abandoned.exists()  # a write in progress is left alone
    assert sorted(p.name for p in cache.iterdir() if not p.name.startswith("v")) == gitlog  # history, markers


def test_clean_removes_the_cache_and_nothing_else(site: Path, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from linter.cli.main import main

    report(site)
    result = CliRunner().invoke(main, ["clean"])
    assert result.exit_code == 0 and not (site / ".transmark_cache").exists()
    assert "removed" in result.output and sorted(p.name for p in site.iterdir()) == ["en", "es", "nl", "transmark.toml"]
    assert CliRunner().invoke(main, ["clean"]).output.startswith("no cache at")
    other = tmp_path / "not-a-cache"
    other.mkdir()
    (other / "keep.txt").write_text("mine")
    result = CliRunner().invoke(main, ["clean", "--cache-dir", str(other)])
    assert result.exit_code == 2 and "not a transmark cache" in result.output and (other / "keep.txt").exists()
    report(site, cache_dir=tmp_path / "elsewhere")
    assert CliRunner().invoke(main, ["clean", "--cache-dir", str(tmp_path / "elsewhere")]).exit_code == 0
    assert not (tmp_path / "elsewhere").exists()
