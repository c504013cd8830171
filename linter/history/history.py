"""An English page's past: its revisions from git or from a folder, and a disk cache for what is learnt from them.

Two sources of revisions, newest first:

- git: `git log --follow --raw` of the page names every commit that changed it, with the
  blob id of the page at that commit, in one call; blob contents come from one
  `git cat-file --batch`, and only for blobs whose fingerprint is not cached yet.
- a folder of revision files named `<date>_<commit>.md` (e.g. `2023-03-07T0852_5bad28ff.md`).

Either way a revision is keyed by the git blob id of its content (computed the same way
for folder files), so a fingerprint is computed once per distinct content, whichever
source or language asked for it. The cache lives in the user's cache directory, never
beside the pages.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from linter.errors import InputError, TransmarkError
from linter.history.vcs import run_git
from linter.parse.source import SourceText
from linter.patterns import lazy
from linter.records import Value

# `2023-03-07T0852_5bad28ff.md`; the time part is optional.
_REVISION_FILE = lazy(
    r"(?P<date>\d{4}-\d{2}-\d{2}(?:T(?P<hour>\d{2}):?(?P<minute>\d{2})(?::?\d{2})?)?)_(?P<commit>[0-9a-fA-F]{6,40})"
    r"\.(?:md|markdown|txt)"
)
_NO_BLOB = "0" * 40
_COMMIT_ID = lazy(r"[0-9a-f]{6,64}")


class HistoryError(TransmarkError):
    """The history cannot be read: not a repository, no revisions, git failing."""


class NoRevisions(HistoryError):
    """The page has no revisions (a page not committed yet)."""


class Revision(Value):
    """One version of an English page: a commit (or a revision file), its date and its content's blob id."""

    commit: str
    date: str  # ISO 8601, as precise as the source knows
    blob: str  # git blob id of the page's content
    path: str  # the page's path in the repository at that commit, or the revision file

    __slots__ = ("commit", "date", "blob", "path")

    def __init__(self, commit: str, date: str, blob: str, path: str) -> None:
        self.commit = commit
        self.date = date
        self.blob = blob
        self.path = path

    @property
    def short(self) -> str:
        return self.commit[:8]

    def describe(self) -> str:
        return f"{self.date[:16].replace('T', ' ')} {self.short}"


def blob_id(data: bytes) -> str:
    """The id git gives a file with this content."""
    return hashlib.sha1(b"blob %d\x00" % len(data) + data).hexdigest()


class History:
    """A page's revisions, newest first; subclasses say where texts come from."""

    def __init__(self, label: str, revisions: list[Revision]) -> None:
        if not revisions:
            raise NoRevisions(f"{label}: no revisions found")
        self.label = label
        self.revisions = revisions

    @property
    def current(self) -> Revision:
        return self.revisions[0]

    def texts(self, revisions: Iterable[Revision]) -> dict[str, SourceText]:
        """Contents by blob id; revisions that cannot be read as a page are left out."""
        raise NotImplementedError

    def find(self, commit: str) -> Revision | None:
        """The revision of this page made by `commit` (a full or abbreviated id)."""
        commit = commit.strip().lower()
        if not _COMMIT_ID.fullmatch(commit):
            return None
        for revision in self.revisions:
            if revision.commit.startswith(commit) or commit.startswith(revision.commit):
                return revision
        return None

    def at(self, commit: str) -> Revision | None:
        """The page as it was at `commit`: the revision itself, or the last one before it."""
        return self.find(commit)


class FolderHistory(History):
    """Revision files `<date>_<commit>.md` in one folder."""

    def __init__(self, folder: Path) -> None:
        self._files: dict[str, Path] = {}
        revisions = []
        for path in sorted(folder.iterdir(), key=lambda p: p.name, reverse=True):
            match = _REVISION_FILE.fullmatch(path.name)
            if match is None or not path.is_file():
                continue
            try:
                blob = blob_id(path.read_bytes())
            except OSError as exc:
                raise HistoryError(f"{path}: cannot read: {exc.strerror}") from None
            self._files[blob] = path
            revisions.append(Revision(match["commit"].lower(), _folder_date(match), blob, str(path)))
        if not revisions:
            raise NoRevisions(f"{folder}: no revision files named <date>_<commit>.md")
        super().__init__(str(folder), revisions)

    def texts(self, revisions: Iterable[Revision]) -> dict[str, SourceText]:
        found = {}
        for revision in revisions:
            try:
                found[revision.blob] = SourceText.read(self._files[revision.blob])
            except InputError:
                continue
        return found


def _folder_date(match: re.Match[str]) -> str:
    date = match["date"][:10]
    return f"{date}T{match['hour']}:{match['minute']}" if match["hour"] else date


class GitHistory(History):
    """`git log --follow` of one file of a work tree."""

    def __init__(self, top: Path, path: str, revisions: list[Revision] | None = None) -> None:
        """`revisions` when already known (from the repository's log, linter.history.repolog)."""
        self.top = top
        self.path = path
        if revisions is None:
            out = _git(top, "log", "--follow", "--raw", "--no-abbrev", "--format=%x00%H%x09%cI", "--", path)
            revisions = list(_parse_log(out.decode("utf-8", "replace")))
        if not revisions:
            raise NoRevisions(f"{top / path}: no committed revisions in git")
        super().__init__(f"{top / path}", revisions)

    def texts(self, revisions: Iterable[Revision]) -> dict[str, SourceText]:
        wanted = list(dict.fromkeys(revision.blob for revision in revisions))
        if not wanted:
            return {}
        out = _git(self.top, "cat-file", "--batch", stdin=("\n".join(wanted) + "\n").encode())
        found: dict[str, SourceText] = {}
        cursor = 0
        for blob in wanted:
            end = out.index(b"\n", cursor)
            header = out[cursor:end].split()
            cursor = end + 1
            if len(header) < 3 or header[1] != b"blob":
                continue  # "<id> missing"
            size = int(header[2])
            data = out[cursor : cursor + size]
            cursor += size + 1
            try:
                found[blob] = SourceText.from_bytes(f"{blob[:8]}:{self.path}", data)
            except InputError:
                continue
        return found

    def at(self, commit: str) -> Revision | None:
        found = self.find(commit)
        if found is not None or not _COMMIT_ID.fullmatch(commit.strip().lower()):
            return found  # never hand git anything but a commit id (front matter is untrusted)
        # A base recorded as the repository's commit at translation time (MDN's l10n.sourceCommit):
        # the page as it was then is the last commit before it that touched one of the page's paths.
        paths = sorted({revision.path for revision in self.revisions})
        try:
            out = _git(self.top, "log", "-n1", "--format=%H", commit.strip(), "--", *paths)
        except HistoryError:
            return None
        last = out.decode().strip()
        return self.find(last) if last else None


def _parse_log(out: str) -> Iterable[Revision]:
    """One revision per commit of a file's `--follow` log: its blob and its name then."""
    seen = None
    for commit, date, fields, paths in raw_changes(out):
        if commit != seen:
            seen = commit
            yield Revision(commit, date, fields[3], paths[-1])


def raw_changes(out: str) -> Iterator[tuple[str, str, list[str], list[str]]]:
    """(commit, date, raw fields, paths) of each file that `git log --raw --format=%x00%H%x09%cI` shows
    added or changed, in the log's order; the fields are `:mode mode blob blob status`, a rename has
    two paths (old, new). Deletions are left out: they have no blob to read."""
    for record in out.split("\x00"):
        lines = record.strip("\n").split("\n")
        if not lines or "\t" not in lines[0]:
            continue
        commit, date = lines[0].split("\t", 1)
        for line in lines[1:]:
            if not line.startswith(":"):
                continue
            meta, *paths = line[1:].split("\t")
            fields = meta.split()
            if len(fields) < 5 or fields[3] == _NO_BLOB or not paths:
                continue
            yield commit, date, fields, paths


def _git(top: Path, *args: str, stdin: bytes | None = None, literal: bool = True) -> bytes:
    """git's output; pathspecs are file names unless `literal` is False (our own patterns, never user input)."""
    options = ["-c", "core.quotePath=false", *(["--literal-pathspecs"] if literal else [])]
    return run_git(args, top, purpose="reading the English history", error=HistoryError, options=options, stdin=stdin)


def work_tree(path: Path) -> Path | None:
    """The top of the git work tree holding `path`, or None."""
    directory = path if path.is_dir() else path.parent
    try:
        out = _git(directory.resolve(), "rev-parse", "--show-toplevel")
    except HistoryError:
        return None
    return Path(out.decode().strip())


def work_tree_head(path: Path) -> tuple[Path, str] | None:
    """The top of the git work tree holding `path` and its HEAD commit ("" before the first one), from one git
    process where there is a commit; None outside a work tree."""
    directory = path if path.is_dir() else path.parent
    try:
        out = _git(directory.resolve(), "rev-parse", "--show-toplevel", "--verify", "--quiet", "HEAD")
    except HistoryError:  # outside a work tree, or no commit yet
        top = work_tree(path)
        return None if top is None else (top, "")
    top, head = out.decode().split("\n")[:2]
    return Path(top), head


def open_history(where: Path, source: Path | None = None) -> History:
    """The history `--source-history` names.

    `where` is a folder of revision files, a file in a git work tree (its own history), or a
    git work tree with `source` naming the page (relative to the current directory or the
    work tree).
    """
    if not where.exists():
        raise HistoryError(f"{where}: not found")
    if is_revision_folder(where):
        return FolderHistory(where)
    page = where if where.is_file() else source
    top = require_work_tree(where)
    if page is None:
        raise HistoryError(f"{where}: a git repository; name the English page with --source")
    return GitHistory(top, repo_path(top, page))


def require_work_tree(where: Path) -> Path:
    top = work_tree(where)
    if top is None and where.is_file():
        raise HistoryError(f"{where}: not in a git repository")
    if top is None:
        raise HistoryError(f"{where}: neither a git repository nor a folder of <date>_<commit>.md revision files")
    return top


def is_revision_folder(path: Path) -> bool:
    return path.is_dir() and any(_REVISION_FILE.fullmatch(p.name) for p in path.iterdir())


def repo_path(top: Path, page: Path) -> str:
    """`page` relative to the work tree, as git names it."""
    for candidate in (page, top / page):
        try:
            return candidate.resolve().relative_to(top.resolve()).as_posix()
        except ValueError:
            continue
    raise HistoryError(f"{page}: not inside the git repository {top}")


class Histories:
    """Each English page's history, opened once however many languages ask; None for a page without one.

    `where` is what `--source-history` names (a git work tree, a folder of revision files), or
    None for each page's own repository. In a git work tree the revisions of every page come
    from one log of the repository, cached by commit (`cache_dir`). Pages with no committed
    revision are remembered in `missing`.

    `follow`: each page's own `git log --follow` instead, for a run that asks for a page or two and keeps
    no cache. Reading the repository's log pays only when many pages share it or a cache keeps it: in a
    repository of 200 commits of 300 pages each, it cost such a run 0.33 s (1.66 s against 1.33 s).
    """

    def __init__(self, where: Path | None = None, cache_dir: Path | None = None, follow: bool = False) -> None:
        self.where = where
        self.cache_dir = cache_dir
        self.follow = follow
        self.missing: list[str] = []
        self._opened: dict[Path, History | None] = {}
        self._tops: list[Path] = []  # the work trees found so far
        self._logs: dict[Path, Any] = {}  # work tree top -> linter.history.repolog.RepoLog
        self.mirrors: dict[Path, Path] = {}  # a copy of a work tree (PR mode's base tree) -> the work tree

    def of(self, source: Path) -> History | None:
        source = self._unmirrored(source)
        if source not in self._opened:
            try:
                self._opened[source] = self._open(source)
            except NoRevisions as exc:  # a page not committed yet has no past to compare with
                self._opened[source] = None
                self.missing.append(str(exc))
        return self._opened[source]

    def _unmirrored(self, source: Path) -> Path:
        """A page of a mirrored tree has the history of the same page in the work tree."""
        for mirror, top in self.mirrors.items():
            try:
                return top / source.absolute().relative_to(mirror)
            except ValueError:
                continue
        return source

    def _open(self, source: Path) -> History:
        where = self.where or source
        if not where.exists() or is_revision_folder(where) or (where.is_file() and where != source):
            return open_history(where, source)
        top = self.top(source if self.where is None else where)
        path = repo_path(top, source)
        if self.follow:
            return GitHistory(top, path)
        revisions = self.log(top).revisions(path)
        if not revisions:
            raise NoRevisions(f"{top / path}: no committed revisions in git")
        return GitHistory(top, path, revisions)

    def top(self, where: Path) -> Path:
        """The work tree holding `where`: one already known, else asked of git."""
        resolved = where.resolve()
        for known in self._tops:
            if resolved.is_relative_to(known):
                return known
        found = require_work_tree(where).resolve()
        self._tops.append(found)
        return found

    def log(self, top: Path, head: str | None = None) -> Any:
        """The work tree's RepoLog; `head`: its HEAD commit, when the caller has asked git already."""
        from linter.history.repolog import RepoLog

        if top not in self._logs:
            self._logs[top] = RepoLog(top, self.cache_dir, head)
            if top not in self._tops:
                self._tops.append(top)
        return self._logs[top]


# -- fingerprint cache ---------------------------------------------------------------------


def default_cache_dir() -> Path:
    """TRANSMARK_CACHE_DIR, else the platform's per-user cache folder."""
    explicit = os.environ.get("TRANSMARK_CACHE_DIR")
    if explicit:
        return Path(explicit)
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Caches"
    else:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "transmark"


class FingerprintCache:
    """JSON values by blob id: in memory for the run, on disk across runs.

    `namespace` names the format (bump it when fingerprints change). A cache that cannot
    be written (read-only home, full disk) only costs speed.
    """

    def __init__(self, directory: Path | None, namespace: str) -> None:
        self.directory = directory / namespace if directory is not None else None
        self._memory: dict[str, Any] = {}

    def _file(self, blob: str) -> Path | None:
        return self.directory / blob[:2] / f"{blob}.json" if self.directory is not None else None

    def get(self, blob: str) -> Any | None:
        if blob in self._memory:
            return self._memory[blob]
        path = self._file(blob)
        if path is None:
            return None
        try:
            value = json.loads(path.read_bytes())
        except (OSError, ValueError):
            return None
        self._memory[blob] = value
        return value

    def put(self, blob: str, value: Any) -> None:
        self._memory[blob] = value
        path = self._file(blob)
        if path is None:
            return
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            import tempfile  # only a run that writes the history cache loads it

            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
        except OSError:
            return
        try:
            with os.fdopen(fd, "wb") as handle:  # one write, not json.dump's many: 0.08 ms less an entry of the log
                handle.write(json.dumps(value, separators=(",", ":")).encode())
            os.replace(tmp, path)  # readers never see half a file
        except OSError:
            Path(tmp).unlink(missing_ok=True)

    def forget(self, blob: str) -> None:
        """Drop the value: no run asks for it again (a file that cannot be removed only takes room)."""
        self._memory.pop(blob, None)
        path = self._file(blob)
        if path is None:
            return
        try:
            path.unlink(missing_ok=True)
        except OSError:
            pass
