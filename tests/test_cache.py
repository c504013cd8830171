"""The result cache: hits only for the same content, never trusted when damaged, never a crash."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest

from linter.engine.cache import Cache, digest, entry_bytes
from linter.engine.findings import Edit, Finding, Fix, Severity
from linter.engine.results import PairResults
from linter.parse.positions import Pos, Span

FINDING = ["TM301", "translated-admonition-type", 3, "it/a.md", [3, 5, 3, 9], "m", None, None, None, "it", ""]


def test_round_trip_and_salt(tmp_path: Path) -> None:
    cache = Cache(tmp_path, "salt")
    value = {"reads": [["page", "en/a.md", "x"]], "findings": [FINDING]}
    cache.put("k1", value)
    assert cache.get("k1") == value
    assert Cache(tmp_path, "other").get("k1") is None  # another configuration never sees it
    assert (tmp_path / ".gitignore").read_text().strip().endswith("*")
    assert (tmp_path / "CACHEDIR.TAG").is_file()


@pytest.mark.parametrize(
    "damage",
    [
        lambda text: text[: len(text) // 2],  # truncated
        lambda text: "\x00garbage",
        lambda text: entry_bytes("other", []).decode(),  # renamed from another key
        lambda text: json.dumps(["k1", [FINDING]]),  # no checksum line
        lambda text: text.replace('"TM301"', '"TM302"'),  # torn: still JSON of this key, but not what was written
        lambda text: json.dumps({"key": "k1", "value": []}),  # the old layout
    ],
)
def test_damaged_entry_is_a_miss_and_is_rewritten(tmp_path: Path, damage) -> None:
    cache = Cache(tmp_path, "salt")
    cache.put("k1", [FINDING])
    entry = next(tmp_path.rglob("k1.json"))
    entry.write_text(damage(entry.read_text()))
    assert cache.get("k1") is None
    cache.put("k1", [FINDING])
    assert cache.get("k1") == [FINDING]


def test_unwritable_cache_is_skipped(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    cache = Cache(blocker, "salt")
    cache.put("k1", [FINDING])  # no exception
    assert cache.get("k1") is None


def test_concurrent_writers_leave_a_whole_entry_or_a_miss(tmp_path: Path) -> None:
    cache = Cache(tmp_path, "salt")
    values = [[FINDING] * n for n in range(1, 9)]
    for _ in range(2):  # a new entry (renamed into place), then one rewritten in its own file
        threads = [threading.Thread(target=cache.put, args=("k", value)) for value in values for _ in range(3)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert cache.get("k") in [*values, None]  # a torn entry is a miss, never another value
        assert not list(tmp_path.rglob(".tmp-*"))


def test_a_changed_entry_is_rewritten_in_its_own_file(tmp_path: Path) -> None:
    """Replacing a file frees its blocks, which costs a warm run 1-3 ms of waiting an entry on ext4."""
    cache = Cache(tmp_path, "salt")
    cache.put("k1", [FINDING] * 3)
    entry = next(tmp_path.rglob("k1.json"))
    inode = entry.stat().st_ino
    for value in ([FINDING], [FINDING] * 5):  # shorter (no tail of the old one is left), then longer
        cache.put("k1", value)
        assert cache.get("k1") == value
        assert entry.stat().st_ino == inode


@pytest.mark.parametrize("link", ["symlink", "hard link"])
def test_an_entry_linked_elsewhere_is_replaced_not_written_through(tmp_path: Path, link: str) -> None:
    cache = Cache(tmp_path / "cache", "salt")
    cache.put("k1", [FINDING])
    entry = next(tmp_path.rglob("k1.json"))
    outside = tmp_path / "outside.txt"
    outside.write_text("someone's file")
    entry.unlink()
    if link == "symlink":
        entry.symlink_to(outside)
    else:
        entry.hardlink_to(outside)
    cache.put("k1", [FINDING] * 2)
    assert outside.read_text() == "someone's file"
    assert cache.get("k1") == [FINDING] * 2 and not entry.is_symlink()


FULL = Finding(
    "TM301",
    "translated-admonition-type",
    Severity.ERROR,
    "it/a.md",
    Span(Pos(3, 5), Pos(3, 9)),
    'admonition type "nota"',
    "en/a.md",
    Span(Pos(3, 5), Pos(3, 9)),
    Fix((Edit(Span(Pos(3, 5), Pos(3, 9)), "note"),), "safe", 'write "note"'),
    "it",
    "admonition1",
)


def test_findings_and_reads_round_trip(tmp_path: Path) -> None:
    results = PairResults(Cache(tmp_path, "salt"))
    plain = Finding("TM401", "untranslated-paragraph", Severity.INFO, "it/a.md", Span(Pos(1, 1), Pos(1, 2)), "m")
    results.put("k", [FULL, plain], set(), None)
    stored = results.entry("k")
    assert stored is not None and stored.findings == [FULL, plain] and stored.reads == {}


@pytest.mark.parametrize(
    "entry",
    [
        {"findings": [{"@": "os.system", "command": "x"}], "reads": []},  # an object where a row belongs
        {"findings": [FINDING[:-1]], "reads": []},  # a field short
        {"findings": [[*FINDING[:4], ["3", 5, 3, 9], *FINDING[5:]]], "reads": []},  # a line as text
        {"findings": [[*FINDING[:2], 7, *FINDING[3:]]], "reads": []},  # no severity
        {"findings": [[*FINDING[:8], ["safe", "d", [[1, 1, 1]]], *FINDING[9:]]], "reads": []},  # an edit short
        {"findings": [], "reads": [["page", 1, "x"]]},
        {"findings": [], "reads": {"page": "x"}},
        {"findings": []},
        [],
    ],
)
def test_an_entry_of_another_shape_is_a_miss(tmp_path: Path, entry: object) -> None:
    results = PairResults(Cache(tmp_path, "salt"))
    results.cache.put("k", entry)
    assert results.entry("k") is None


def test_digest_is_length_prefixed() -> None:
    assert digest("ab", "c") != digest("a", "bc")
    assert digest("x") == digest(b"x")


def test_stable_repr_orders_sets_and_mappings() -> None:
    from linter.engine.cache import stable_repr

    assert stable_repr(frozenset({"b", "a", "c"})) == stable_repr(frozenset({"c", "b", "a"})) == "{'a', 'b', 'c'}"
    assert stable_repr({"y": {2, 1}, "x": (1,)}) == "{'x': [1], 'y': {1, 2}}"


def test_special_files_are_not_hashed(tmp_path: Path) -> None:
    import os

    from linter.engine.cache import file_digest

    fifo = tmp_path / "page.md"
    os.mkfifo(fifo)
    assert file_digest(fifo) is None  # returns at once: no writer needed
    assert file_digest(tmp_path / "missing.md") is None
    assert file_digest("/dev/zero") is None
    (tmp_path / "ok.md").write_text("x")
    assert file_digest(tmp_path / "ok.md") == digest(b"x")


def test_code_stamp_changes_when_a_rule_module_changes(tmp_path: Path) -> None:
    """An edited rule in a development checkout must not be answered from results of the old code."""
    import os
    import types

    from linter.engine.cache import code_stamp

    source = tmp_path / "my_rules.py"
    source.write_text("RULES = []\n")
    module = types.ModuleType("my_rules")
    module.__file__ = str(source)
    before = code_stamp([module])
    assert code_stamp([module]) == before
    source.write_text("RULES = [1]\n")
    os.utime(source, ns=(1, 1))
    assert code_stamp([module]) != before


def test_dependency_stamp_follows_the_versions_of_the_packages_that_shape_findings(tmp_path: Path) -> None:
    """An upgraded markdown-it-py parses pages otherwise: its version salts the cache, another package's does not."""
    from linter.engine.cache import dependency_stamp

    (tmp_path / "markdown_it_py-4.3.0.dist-info").mkdir()
    (tmp_path / "PyYAML-6.0.2.dist-info").mkdir()  # an older tool's spelling of the same distribution as "pyyaml"
    before = dependency_stamp([str(tmp_path)])
    assert before != dependency_stamp([str(tmp_path / "missing")])  # the packages' versions are in it
    (tmp_path / "requests-2.34.2.dist-info").mkdir()
    (tmp_path / "markdown_it").mkdir()
    assert dependency_stamp([str(tmp_path)]) == before  # another package, a package folder: no change
    (tmp_path / "PyYAML-6.0.2.dist-info").rename(tmp_path / "pyyaml-6.0.2.dist-info")
    assert dependency_stamp([str(tmp_path)]) == before  # the same version, spelt as newer tools do
    (tmp_path / "markdown_it_py-4.3.0.dist-info").rename(tmp_path / "markdown_it_py-4.4.0.dist-info")
    assert dependency_stamp([str(tmp_path)]) != before
    (tmp_path / "polib-1.2.0-py3.11.egg-info").mkdir()  # an egg's metadata names its Python too
    with_egg = dependency_stamp([str(tmp_path)])
    (tmp_path / "polib-1.2.0-py3.11.egg-info").rename(tmp_path / "polib-1.2.1-py3.11.egg-info")
    assert len({before, with_egg, dependency_stamp([str(tmp_path)])}) == 3
    # Where transmark runs, the stamp finds the packages themselves (every one is installed with it).
    assert dependency_stamp() != dependency_stamp([])
