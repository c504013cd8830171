"""File hashes remembered across runs by `stat`: an unchanged file is not read again, a changed one always is."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

import linter.engine.digests as digests
from linter.app import Request, lint, load_config
from linter.engine.cache import Cache, file_digest
from linter.output import reporters

TICK = 0.05  # longer than a file system's timestamp granularity (the kernel's clock tick)


@pytest.fixture()
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Cache:
    monkeypatch.chdir(tmp_path)
    return Cache(tmp_path / "cache", "salt")


@pytest.fixture()
def settled(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files written a tick ago count as old enough to remember (by default they must be 2 s old)."""
    monkeypatch.setattr(digests, "_RACY", 0)


class Reads:
    """Which files the hashing read."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.paths: list[str] = []
        real = digests.read_hashable

        def counting(path: str):
            self.paths.append(path)
            return real(path)

        monkeypatch.setattr(digests, "read_hashable", counting)


def run(store: Cache, *paths: str) -> list[str | None]:
    """One run's hashes of the files, kept for the next run."""
    hashes = digests.FileDigests(store)
    found = [hashes(path) for path in paths]
    hashes.save()
    return found


def test_an_unchanged_file_is_not_read_again(store: Cache, settled: None, monkeypatch: pytest.MonkeyPatch) -> None:
    Path("a.md").write_text("# A\n")
    Path("b.md").write_text("# B\n")
    time.sleep(TICK)
    first = run(store, "a.md", "b.md")
    reads = Reads(monkeypatch)
    assert run(store, "a.md", "b.md") == first == [file_digest("a.md"), file_digest("b.md")]
    assert reads.paths == []


def _same_size(path: Path, old: str = "a title", new: str = "A TITLE") -> None:
    """Other content of the same size, with the old modification time put back."""
    before = path.stat()
    path.write_text(path.read_text().replace(old, new))
    assert path.stat().st_size == before.st_size
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))


def _replaced(path: Path) -> None:
    """Another file renamed over it (a new inode), with the old modification time."""
    before = path.stat()
    other = path.with_suffix(".new")
    other.write_text(path.read_text().upper())
    os.utime(other, ns=(before.st_atime_ns, before.st_mtime_ns))
    other.replace(path)


@pytest.mark.parametrize(
    "change",
    [_same_size, _replaced, lambda path: path.write_text("# Another title\n")],
    ids=["same-size-same-mtime", "renamed-over", "rewritten"],
)
def test_a_changed_file_is_hashed_again(store: Cache, settled: None, change) -> None:
    page = Path("a.md")
    page.write_text("# a title\n")
    time.sleep(TICK)
    (before,) = run(store, "a.md")
    change(page)
    (after,) = run(store, "a.md")
    assert after == file_digest(page) != before


def test_a_file_changed_just_before_it_was_hashed_is_hashed_again(
    store: Cache, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(digests, "_RACY", 3600 * 10**9)  # "just before": within the hour, however slow the machine
    Path("a.md").write_text("# A\n")
    run(store, "a.md")
    reads = Reads(monkeypatch)
    run(store, "a.md")
    assert reads.paths == ["a.md"]  # a write within the same timestamp tick would not show in its stat


def test_a_damaged_table_is_ignored(store: Cache, settled: None, monkeypatch: pytest.MonkeyPatch) -> None:
    Path("a.md").write_text("# A\n")
    time.sleep(TICK)
    run(store, "a.md")
    key = digests.digest("file-digests", os.getcwd())
    table = store.get(key)
    store.put(key, {"a.md": table["a.md"][:5]})  # no hash
    reads = Reads(monkeypatch)
    assert run(store, "a.md") == [file_digest("a.md")]
    assert reads.paths == ["a.md"]
    store.put(key, ["not", "a", "table"])
    assert run(store, "a.md") == [file_digest("a.md")]


def test_special_files_are_not_remembered(store: Cache, settled: None) -> None:
    os.mkfifo("pipe.md")
    os.mkdir("folder.md")
    time.sleep(TICK)
    assert run(store, "pipe.md", "folder.md", "missing.md") == [None, None, None]
    assert run(store, "pipe.md", "folder.md", "missing.md") == [None, None, None]


@pytest.fixture()
def project(tmp_path: Path, settled: None, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A site (English in en/, translations in {lang}/) as the working folder, with its own cache."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("TRANSMARK_CACHE_DIR", raising=False)
    Path("transmark.toml").write_text('source = "en"\ntranslation = "{lang}/{path}"\n')
    return tmp_path


def write_pages(pages: dict[str, str]) -> None:
    """The pages written a tick ago: old enough for their hashes to be kept."""
    for name, text in pages.items():
        Path(name).parent.mkdir(exist_ok=True)
        Path(name).write_text(text)
    time.sleep(TICK)


def check(root: Path, *paths: str, **options: bool) -> str:
    return reporters.render("json", lint(load_config(root), Request([Path(p) for p in paths], jobs=1, **options)))


def test_a_site_run_sees_an_edit_that_kept_the_size_and_time(project: Path) -> None:
    """A one-page run after an edit that `stat` hides but for the change time (a tool that restores mtimes)."""
    link = "(https://example.org/one).\n"
    write_pages({"en/a.md": f"# A\n\nSee [the site]{link}", "es/a.md": f"# A\n\nVer [el sitio]{link}"})
    clean = check(project, "es/a.md")
    assert check(project, "es/a.md") == clean
    _same_size(Path("es/a.md"), "/one", "/two")  # another link target
    assert check(project, "es/a.md") != clean
    assert check(project, "es/a.md") == check(project, "es/a.md", no_cache=True)


def test_the_table_says_which_files_hold_a_directive(
    store: Cache, settled: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    Path("a.md").write_text("<!-- transmark-disable-file TM401 -->\n# A\n")
    Path("b.md").write_text("# B\n")
    time.sleep(TICK)
    run(store, "a.md", "b.md")
    reads = Reads(monkeypatch)
    hashes = digests.FileDigests(store)
    assert hashes("a.md") == file_digest("a.md") and hashes("b.md") == file_digest("b.md")
    assert [hashes.marked("a.md"), hashes.marked("b.md"), hashes.marked("c.md")] == [True, False, None]
    assert reads.paths == []


def test_a_warm_site_run_reads_for_directives_only_the_pages_that_hold_one(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    directive = "<!-- transmark-disable-next-line TM401 -->\nMore.\n"
    write_pages({"en/a.md": "# A\n\nThe text.\n", "es/a.md": f"# A\n\nThe text.\n\n{directive}"})
    write_pages({f"{lang}/b.md": "# B\n\nText.\n" for lang in ("en", "es")})
    import linter.engine.suppress as suppress

    read: list[str] = []
    real = suppress.read_file
    monkeypatch.setattr(suppress, "read_file", lambda path, *args: read.append(str(path)) or real(path, *args))
    uncached = check(project, no_cache=True)
    assert sorted(read) == ["en/a.md", "en/b.md", "es/a.md", "es/b.md"]
    assert check(project) == uncached  # hashes every page
    read.clear()
    assert check(project) == uncached  # warm: the hashes of the last run say which pages hold a directive
    assert read == ["es/a.md"]
