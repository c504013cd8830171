"""Revision sources (git, folder of revision files), blob ids and the fingerprint cache."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from linter.history.history import (
    FingerprintCache,
    FolderHistory,
    GitHistory,
    HistoryError,
    NoRevisions,
    blob_id,
    default_cache_dir,
    open_history,
)

ORIGIN = Path(__file__).parent.parent / "fixtures" / "origin"
# Four real revisions of the seed page (the seeds' origins); ../shared/seeds/en-history has all 84.
BUNDLED_HISTORY = Path(__file__).parent.parent / "fixtures" / "seeds" / "en"
REVISIONS = [(ORIGIN / f"en-{n}.md").read_text(encoding="utf-8") for n in (1, 2, 3, 4)]


def git(repo: Path, *args: str, date: str = "2024-01-01T12:00:00+00:00") -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "test@example.org",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "test@example.org",
        "GIT_AUTHOR_DATE": date,
        "GIT_COMMITTER_DATE": date,
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    command = ["git", "-c", "commit.gpgsign=false", "-C", str(repo), *args]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
    return done.stdout.strip()


def make_repo(root: Path, texts: list[str] = REVISIONS, path: str = "docs/passwords.md") -> tuple[Path, list[str]]:
    """A repository where `path` takes each text in turn, one commit a day; returns the commits, oldest first."""
    root.mkdir(parents=True, exist_ok=True)
    git(root, "init", "-q")
    commits = []
    for day, text in enumerate(texts, start=1):
        page = root / path
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(text, encoding="utf-8")
        git(root, "add", path)
        date = f"2024-01-{day:02d}T12:00:00+00:00"
        git(root, "commit", "-q", "-m", f"revision {day}", date=date)
        commits.append(git(root, "rev-parse", "HEAD"))
    return root, commits


def test_blob_id_is_gits() -> None:
    data = REVISIONS[0].encode()
    expected = subprocess.run(["git", "hash-object", "--stdin"], input=data, capture_output=True, check=True)
    assert blob_id(data) == expected.stdout.decode().strip()


def test_bundled_revisions_read_date_and_commit_newest_first() -> None:
    history = FolderHistory(BUNDLED_HISTORY)
    assert [(r.date, r.commit) for r in history.revisions] == [
        ("2023-03-07T08:52", "5bad28ff"),
        ("2023-02-06T09:25", "64d736a7"),
        ("2022-06-02T06:50", "9b5446c7"),
        ("2022-04-13T19:19", "e39f0635"),
    ]
    assert history.revisions[-1].blob == blob_id((BUNDLED_HISTORY / "2022-04-13T1919_e39f0635.md").read_bytes())


@pytest.mark.corpus
def test_folder_history_reads_date_and_commit_newest_first(en_history_dir: Path) -> None:
    history = FolderHistory(en_history_dir)
    assert len(history.revisions) == 84
    newest, oldest = history.revisions[0], history.revisions[-1]
    assert (newest.commit, newest.date) == ("eda031ee", "2025-10-16T23:04")
    assert (oldest.commit, oldest.date) == ("8ef8e2a2", "2022-04-01T19:29")
    assert oldest.blob == blob_id((en_history_dir / "2022-04-01T1929_8ef8e2a2.md").read_bytes())
    assert history.find("5bad28ffdeadbeef") is history.find("5bad28ff") is not None
    assert history.find("5bad") is None  # too short to name a commit


def test_git_history_follows_renames_and_reads_blobs(tmp_path: Path) -> None:
    repo, commits = make_repo(tmp_path / "repo", REVISIONS[:2], path="docs/old-name.md")
    git(repo, "mv", "docs/old-name.md", "docs/passwords.md")
    git(repo, "commit", "-q", "-m", "rename", date="2024-01-03T12:00:00+00:00")
    (repo / "docs" / "passwords.md").write_text(REVISIONS[2], encoding="utf-8")
    git(repo, "commit", "-q", "-am", "revision 3", date="2024-01-04T12:00:00+00:00")
    history = open_history(repo / "docs" / "passwords.md")
    assert isinstance(history, GitHistory)
    # The pure rename changed no content, but it is a revision of the page all the same.
    assert [r.path for r in history.revisions] == ["docs/passwords.md", "docs/passwords.md", *["docs/old-name.md"] * 2]
    assert [r.commit for r in history.revisions][2:] == commits[::-1]
    assert history.revisions[0].date.startswith("2024-01-04T12:00:00")
    texts = history.texts(history.revisions)
    assert texts[history.revisions[0].blob].text == REVISIONS[2]
    assert texts[history.revisions[-1].blob].text == REVISIONS[0]


def test_git_history_at_a_repository_commit_is_the_page_then(tmp_path: Path) -> None:
    repo, commits = make_repo(tmp_path / "repo", REVISIONS[:2])
    (repo / "other.md").write_text("# Other\n", encoding="utf-8")
    git(repo, "add", "other.md")
    git(repo, "commit", "-q", "-m", "other page", date="2024-01-05T12:00:00+00:00")
    unrelated = git(repo, "rev-parse", "HEAD")
    history = open_history(repo, Path("docs/passwords.md"))
    assert history.at(commits[0]) == history.revisions[1]
    # MDN's sourceCommit is the repository's HEAD at translation time, not the page's commit.
    assert history.at(unrelated) == history.revisions[0]
    assert history.at("0" * 40) is None
    assert history.at(f"--output={tmp_path / 'written'}") is None  # not a commit id: git never sees it
    assert not (tmp_path / "written").exists()


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda tmp: tmp / "missing", "missing: not found"),
        (lambda tmp: tmp, "neither a git repository nor a folder of <date>_<commit>.md revision files"),
        (lambda tmp: _write(tmp / "page.md"), "page.md: not in a git repository"),
    ],
)
def test_bad_history_locations_are_one_line_errors(tmp_path: Path, make, message: str) -> None:
    with pytest.raises(HistoryError, match=message):
        open_history(make(tmp_path))


def test_repository_without_source_asks_for_it(tmp_path: Path) -> None:
    repo, _ = make_repo(tmp_path / "repo", REVISIONS[:1])
    with pytest.raises(HistoryError, match="name the English page with --source"):
        open_history(repo)


def test_uncommitted_page_has_no_revisions(tmp_path: Path) -> None:
    repo, _ = make_repo(tmp_path / "repo", REVISIONS[:1])
    _write(repo / "docs" / "new.md")
    with pytest.raises(NoRevisions, match="no committed revisions"):
        open_history(repo / "docs" / "new.md")


def test_folder_without_revision_files_is_empty_history(tmp_path: Path) -> None:
    _write(tmp_path / "notes.md")
    with pytest.raises(NoRevisions, match="no revision files"):
        FolderHistory(tmp_path)


def test_cache_round_trip_on_disk(tmp_path: Path) -> None:
    FingerprintCache(tmp_path, "ns").put("ab" * 20, {"tokens": ["#2"]})
    stored = tmp_path / "ns" / "ab" / f"{'ab' * 20}.json"
    assert json.loads(stored.read_text()) == {"tokens": ["#2"]}
    assert FingerprintCache(tmp_path, "ns").get("ab" * 20) == {"tokens": ["#2"]}
    assert FingerprintCache(tmp_path, "other").get("ab" * 20) is None


def test_cache_survives_damage_and_read_only_folders(tmp_path: Path) -> None:
    cache = FingerprintCache(tmp_path, "ns")
    damaged = tmp_path / "ns" / "cd" / f"{'cd' * 20}.json"
    damaged.parent.mkdir(parents=True)
    damaged.write_text("{not json")
    assert cache.get("cd" * 20) is None
    blocked = FingerprintCache(_write(tmp_path / "a-file"), "ns")  # its folder cannot be created
    blocked.put("ef" * 20, [1])
    assert blocked.get("ef" * 20) == [1]  # kept in memory for the run


def test_default_cache_dir_honours_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("TRANSMARK_CACHE_DIR", str(tmp_path / "c"))
    assert default_cache_dir() == tmp_path / "c"
    monkeypatch.delenv("TRANSMARK_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    if sys.platform.startswith("linux"):
        assert default_cache_dir() == tmp_path / "xdg" / "transmark"


def _write(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("# Page\n", encoding="utf-8")
    return path
