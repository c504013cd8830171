"""Every page's revisions from one git log, cached by commit: renames, reuse, incremental update."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_history import REVISIONS, git, make_repo

from linter.history import repolog
from linter.history.history import GitHistory, Histories
from linter.history.origin import SourceHistory


def _commit(root: Path, message: str, date: str) -> str:
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message, date=date)
    return git(root, "rev-parse", "HEAD")


@pytest.fixture
def repo(tmp_path: Path) -> tuple[Path, list[str]]:
    return make_repo(tmp_path / "repo")


def _with_a_stale_translation(repo: tuple[Path, list[str]]) -> Path:
    """The repository with a committed Spanish page whose line 13 links the whitepaper as the first revision did."""
    root, _ = repo
    (root / "i18n" / "es").mkdir(parents=True)
    translation = REVISIONS[3].replace("bitwarden-security-whitepaper/", "bitwarden-security-white-paper/")
    (root / "i18n" / "es" / "passwords.md").write_text(translation, encoding="utf-8")
    (root / "transmark.toml").write_text('source = "docs"\ntranslation = "i18n/{lang}/{path}"\n', encoding="utf-8")
    _commit(root, "translation", "2024-01-05T12:00:00+00:00")
    return root


def test_the_repository_log_gives_what_git_log_follow_gives(repo: tuple[Path, list[str]], tmp_path: Path) -> None:
    root, commits = repo
    git(root, "mv", "docs/passwords.md", "docs/password-managers.md")
    moved = _commit(root, "rename", "2024-01-05T12:00:00+00:00")
    log = repolog.RepoLog(root, tmp_path / "cache")
    found = log.revisions("docs/password-managers.md")
    assert [r.commit for r in found] == [moved, *reversed(commits)]
    assert found[-1].path == "docs/passwords.md"  # the name it had then
    follow = GitHistory(root, "docs/password-managers.md")
    assert [(r.commit, r.blob, r.path) for r in found] == [(r.commit, r.blob, r.path) for r in follow.revisions]
    assert log.revisions("docs/passwords.md") == []


def test_following_each_page_gives_what_the_repository_log_gives(repo: tuple[Path, list[str]], monkeypatch) -> None:
    """`follow` (a pair run without a cache): each page's own `git log --follow`, the repository's log never read."""
    root, commits = repo
    git(root, "mv", "docs/passwords.md", "docs/password-managers.md")
    (root / "docs" / "new.md").write_text("# New\n", encoding="utf-8")
    _commit(root, "rename", "2024-01-05T12:00:00+00:00")
    (root / "docs" / "draft.md").write_text("# Draft\n", encoding="utf-8")
    pages = sorted((root / "docs").glob("*.md"))
    logged = Histories()
    expected = {page: logged.of(page) for page in pages}

    def no_log(*args: object) -> None:
        raise AssertionError("the repository's log was read")

    monkeypatch.setattr(repolog, "RepoLog", no_log)
    followed = Histories(follow=True)
    for page in pages:
        want, got = expected[page], followed.of(page)
        assert (want is None) == (got is None) == (page.name == "draft.md")  # never committed
        if want is not None and got is not None:
            assert got.revisions == want.revisions
    assert [r.commit for r in followed.of(root / "docs" / "password-managers.md").revisions][1:] == commits[::-1]
    assert len(followed.missing) == 1


@pytest.mark.parametrize("cached", [False, True])
def test_a_pair_run_without_a_cache_follows_its_pages(
    repo: tuple[Path, list[str]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cached: bool
) -> None:
    """The repository's log pays when a cache keeps it or a site run's pages share it; a pair run without a
    cache reads its two pages' logs, with the same findings."""
    import json

    from click.testing import CliRunner

    from linter.cli.main import main

    root = _with_a_stale_translation(repo)
    monkeypatch.chdir(root)
    monkeypatch.setenv("TRANSMARK_CACHE_DIR", str(tmp_path / "cache"))
    args = ["check", "--format", "json", "--source", "docs/passwords.md", "i18n/es/passwords.md"]
    logs: list[Path] = []
    real = repolog.RepoLog

    def counted(top: Path, *rest: object) -> repolog.RepoLog:
        logs.append(top)
        return real(top, *rest)

    monkeypatch.setattr(repolog, "RepoLog", counted)
    found = json.loads(CliRunner().invoke(main, args if cached else [*args, "--no-cache"]).output)["findings"]
    assert [(f["rule"], f["line"]) for f in found if f["rule"] == "TM701"] == [("TM701", 13)]
    assert len(logs) == cached


def test_a_second_run_reads_the_log_from_the_cache(
    repo: tuple[Path, list[str]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root, commits = repo
    first = repolog.RepoLog(root, tmp_path / "cache")

    def no_git_log(*args: object) -> None:
        raise AssertionError("git log run again")

    monkeypatch.setattr(repolog, "_read_log", no_git_log)
    again = repolog.RepoLog(root, tmp_path / "cache")
    assert again.revisions("docs/passwords.md") == first.revisions("docs/passwords.md")
    assert len(again.revisions("docs/passwords.md")) == len(commits)


def test_a_new_commit_reads_only_the_commits_since(
    repo: tuple[Path, list[str]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root, commits = repo
    repolog.RepoLog(root, tmp_path / "cache")
    (root / "docs" / "passwords.md").write_text(REVISIONS[0], encoding="utf-8")
    (root / "docs" / "new.md").write_text("# New\n", encoding="utf-8")
    newest = _commit(root, "more", "2024-01-06T12:00:00+00:00")
    ranges: list[str] = []
    read = repolog._read_log

    def recording(top: Path, commits: str) -> tuple[repolog.Entries, dict[str, str]]:
        ranges.append(commits)
        return read(top, commits)

    monkeypatch.setattr(repolog, "_read_log", recording)
    updated = repolog.RepoLog(root, tmp_path / "cache")
    assert ranges == [f"{commits[-1]}..{newest}"]
    whole = repolog.RepoLog(root, None)  # a full read
    for page in ("docs/passwords.md", "docs/new.md"):
        assert updated.revisions(page) == whole.revisions(page)
    assert [r.commit for r in updated.revisions("docs/passwords.md")][:2] == [newest, commits[-1]]


def test_fingerprints_of_a_warm_run_come_from_the_cache(
    repo: tuple[Path, list[str]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root, commits = repo
    page = root / "docs" / "passwords.md"
    SourceHistory(root, tmp_path / "cache").finder.prints(Histories(root, tmp_path / "cache").of(page))

    def no_texts(self: GitHistory, revisions: object) -> dict:
        raise AssertionError("revision texts read again")

    monkeypatch.setattr(GitHistory, "texts", no_texts)
    history = SourceHistory(root, tmp_path / "cache")
    found = history.finder.prints(history.histories.of(page))
    assert [revision.commit for revision, _ in found] == list(reversed(commits))


def test_pr_mode_judges_history_findings_at_the_base_with_the_same_history(
    repo: tuple[Path, list[str]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A stale block found at HEAD and at the base is pre-existing; the base tree (a copy) reads the work tree's log."""
    import json

    from click.testing import CliRunner

    from linter.cli.main import main

    root = _with_a_stale_translation(repo)
    (root / "docs" / "passwords.md").write_text(REVISIONS[3] + "\nOne more line.\n", encoding="utf-8")
    monkeypatch.chdir(root)
    monkeypatch.setenv("TRANSMARK_CACHE_DIR", str(tmp_path / "cache"))
    out = CliRunner().invoke(main, ["check", "--diff-base", "HEAD", "--format", "json"]).output
    stale = [f for f in json.loads(out)["findings"] if f["rule"] == "TM701"]
    assert [(f["line"], f["status"]) for f in stale] == [(13, "pre-existing")]
    pages = git(root, "ls-files", "*.md").split()
    assert len(pages) == 2
    # The work tree's index and its pages' shards: no log of the copy.
    shards = {repolog._shard(page) for page in pages}
    assert len(list((tmp_path / "cache" / f"gitlog-{repolog.FORMAT}").rglob("*.json"))) == 1 + len(shards)


def test_the_work_tree_and_its_head_come_from_one_git_process(
    repo: tuple[Path, list[str]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from linter.history import history

    root, commits = repo
    calls: list[tuple[str, ...]] = []
    run = history._git

    def counting(top: Path, *args: str, **kwargs: object) -> bytes:
        calls.append(args)
        return run(top, *args, **kwargs)

    monkeypatch.setattr(history, "_git", counting)
    assert history.work_tree_head(root / "docs" / "passwords.md") == (root.resolve(), commits[-1])
    assert len(calls) == 1
    empty = tmp_path / "empty"
    git(empty.parent, "init", "-q", str(empty))
    (empty / "docs").mkdir()
    assert history.work_tree_head(empty / "docs") == (empty.resolve(), "")  # no commit yet
    outside = tmp_path / "outside"
    outside.mkdir()
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    assert history.work_tree_head(outside) is None


@pytest.mark.parametrize("shards", [256, 1])
@pytest.mark.parametrize("seed", range(6))
def test_the_log_kept_in_shards_follows_commits_as_a_full_read_does(
    tmp_path: Path, seed: int, shards: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Edits, new pages, renames (a page renamed twice between runs too), deletions and names made anew, one to
    three commits between runs: after each run, the log brought up to date from the cache gives every page the
    revisions a fresh read of the whole log gives, and the cache holds the index and the shards of the pages
    with revisions, nothing left over. With one shard, every update also keeps pages it did not touch."""
    import random

    if shards == 1:
        monkeypatch.setattr(repolog, "_shard", lambda page: "00")
    rng = random.Random(seed)
    root = tmp_path / "repo"
    (root / "docs").mkdir(parents=True)
    git(root, "init", "-q")
    cache = tmp_path / "cache"
    seen: set[str] = set()
    read, first = repolog._read_log, 99  # the day of the first run, which reads the whole log
    ranges: list[str] = []

    def recording(top: Path, commits: str) -> tuple[repolog.Entries, dict[str, str]]:
        ranges.append(commits)
        return read(top, commits)

    for day in range(1, 21):
        pages = sorted(str(p.relative_to(root)) for p in (root / "docs").glob("*.md"))
        action = rng.choice(["edit", "add", "rename", "rename", "delete"] if len(pages) > 1 else ["add"])
        if action == "edit":
            page = root / rng.choice(pages)
            page.write_text(page.read_text(encoding="utf-8") + f"Line {day}.\n", encoding="utf-8")
        elif action == "add":  # sometimes a name a page had before
            name = rng.choice([f"docs/page{day}.md", *sorted(seen)])
            (root / name).write_text(f"# Page {day}\n\n{'Text. ' * 40}\n", encoding="utf-8")
        elif action == "rename":
            git(root, "mv", rng.choice(pages), f"docs/moved{day}.md")
        else:
            git(root, "rm", "-q", rng.choice(pages))
        _commit(root, action, f"2024-02-{day:02d}T12:00:00+00:00")
        seen.update(git(root, "log", "--format=", "--name-only", "-1").split())
        if rng.random() < 0.5:
            continue  # more commits before the next run
        whole = repolog.RepoLog(root, None)
        ranges.clear()
        with monkeypatch.context() as patch:  # the commits since the last run, and nothing more, read from git
            patch.setattr(repolog, "_read_log", recording)
            kept = repolog.RepoLog(root, cache)
            for page in sorted(seen):
                assert kept.revisions(page) == whole.revisions(page), (day, action, page)
        assert len(ranges) == 1 and (".." in ranges[0]) == (day > first), ranges
        first = min(first, day)
        shards = {repolog._shard(page) for page in seen if whole.revisions(page)}
        assert len(list((cache / f"gitlog-{repolog.FORMAT}").rglob("*.json"))) == 1 + len(shards)


def test_a_run_reads_the_index_and_the_shards_of_the_pages_it_asks_about(
    repo: tuple[Path, list[str]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root, commits = repo
    for name in ("a", "b", "c"):
        (root / "docs" / f"{name}.md").write_text(f"# {name}\n", encoding="utf-8")
    _commit(root, "more pages", "2024-01-05T12:00:00+00:00")
    repolog.RepoLog(root, tmp_path / "cache").revisions("docs/a.md")
    read: list[str] = []
    get = repolog.FingerprintCache.get

    def recording(self: repolog.FingerprintCache, key: str) -> object:
        read.append(key)
        return get(self, key)

    monkeypatch.setattr(repolog.FingerprintCache, "get", recording)
    log = repolog.RepoLog(root, tmp_path / "cache")
    assert [r.commit for r in log.revisions("docs/passwords.md")] == list(reversed(commits))
    assert len(read) == 2  # the index and that page's shard


def test_a_damaged_or_missing_shard_is_read_from_git_again(
    repo: tuple[Path, list[str]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root, commits = repo
    first = repolog.RepoLog(root, tmp_path / "cache").revisions("docs/passwords.md")
    folder = tmp_path / "cache" / f"gitlog-{repolog.FORMAT}"
    index = repolog.RepoLog(root, None)._key
    (shard,) = [path for path in folder.rglob("*.json") if path.stem != index]
    for damage in ('{"docs/passwords.md": [[1, 2]]}', "[]", None):
        if damage is None:
            shard.unlink()
        else:
            shard.write_text(damage, encoding="utf-8")
        assert repolog.RepoLog(root, tmp_path / "cache").revisions("docs/passwords.md") == first
        assert shard.is_file()  # written again
    monkeypatch.setattr(repolog, "_read_log", lambda *args: pytest.fail("git log run again"))
    assert repolog.RepoLog(root, tmp_path / "cache").revisions("docs/passwords.md") == first


def test_the_log_of_an_older_format_is_removed_when_the_log_is_first_written(
    repo: tuple[Path, list[str]], tmp_path: Path
) -> None:
    root, commits = repo
    older = tmp_path / "cache" / f"gitlog-{repolog.FORMAT - 1}"
    (older / "ab").mkdir(parents=True)
    (older / "ab" / "ab12.json").write_text('{"head": "x", "pages": {}}', encoding="utf-8")
    other = tmp_path / "cache" / "origin-1"  # fingerprints: another namespace, kept
    other.mkdir()
    assert len(repolog.RepoLog(root, tmp_path / "cache").revisions("docs/passwords.md")) == len(commits)
    assert not older.exists() and other.is_dir()


def test_an_index_naming_files_outside_the_cache_is_read_from_git_and_removes_nothing(
    repo: tuple[Path, list[str]], tmp_path: Path
) -> None:
    """A tampered or foreign index whose shard keys are not this module's (a path up and out of the cache) is no
    index: the log is read from git, and the file it names is neither read nor removed."""
    import json

    root, commits = repo
    repolog.RepoLog(root, tmp_path / "cache")
    folder = tmp_path / "cache" / f"gitlog-{repolog.FORMAT}"
    outside = tmp_path / "precious.json"
    outside.write_text("[]", encoding="utf-8")
    key = repolog.RepoLog(root, None)._key
    index_file = folder / key[:2] / f"{key}.json"
    index = json.loads(index_file.read_text(encoding="utf-8"))
    (shard,) = index["shards"]
    index["shards"][shard] = "../precious"  # the file beside the cache folder
    index["head"] = commits[0]  # an older HEAD: a valid index would be brought up to date, and its old shard removed
    index_file.write_text(json.dumps(index), encoding="utf-8")
    log = repolog.RepoLog(root, tmp_path / "cache")
    assert [r.commit for r in log.revisions("docs/passwords.md")] == list(reversed(commits))
    assert outside.read_text(encoding="utf-8") == "[]"
