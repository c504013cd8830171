"""Every Markdown page's revisions in a git work tree, from one `git log` for the whole repository.

`git log --follow` answers for one file per call; a site has hundreds of pages, so a check
that reads each page's history that way spends seconds in git before it starts. One
`git log -M --raw` of every Markdown file gives the same revisions (renames followed the way
`--follow` does, newest first). When HEAD has moved on from the cached commit, only the commits
since are read.

The answer is kept on disk in parts, so that what a run reads and writes of it follows the pages it
asks about and the commits since the last run, not the repository's whole history. (As one entry, the
log of a site whose translations are committed beside it, 201 commits of 600 pages each, was 19 MB:
reading it cost a one-page hook run 130 ms, and writing it again after each commit 300 ms more.)
- The work tree's index: the HEAD it holds the log at; for each page, its newest revision's commit; and
  the entry of each of up to 256 shards.
- A shard: the revisions of the pages whose path hashes to it. A page's revisions stay the same until a
  commit touches it, whatever HEAD is then, so a new commit rewrites only the shards of the pages it
  touched, and their old entries are removed. (An entry per page was 3,938 files for the 31-language
  corpus: 3 s to create on the first run here, where a file costs 0.8 ms to create.)
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path
from typing import Any, TypeGuard

from linter.history.history import FingerprintCache, HistoryError, Revision, _git, raw_changes
from linter.patterns import lazy

FORMAT = 2  # bump when the cached shape changes
_PAGES = (":(glob)**/*.md", ":(glob)**/*.markdown")

Entries = dict[str, list[list[str]]]  # page path -> [commit, date, blob, path at that commit], newest first
Newest = dict[str, str]  # page path -> the commit of its newest revision
Shards = dict[str, str]  # shard -> the key of its entry
_HEX = lazy(r"[0-9a-f]{2}:[0-9a-f]{40}")  # a shard's name and its entry's key


class RepoLog:
    """The revisions of every page of one work tree, as of its HEAD (uncommitted edits are not revisions)."""

    def __init__(self, top: Path, cache_dir: Path | None, head: str | None = None) -> None:
        self.top = top
        self._cache = FingerprintCache(cache_dir, f"gitlog-{FORMAT}")
        self._key = hashlib.sha1(str(top.resolve()).encode("utf-8", "surrogateescape")).hexdigest()
        self.head = _head(top) if head is None else head
        self._pages: Entries = {}  # the revisions of the pages read so far
        self._shards: Shards = {}
        self._newest: Newest = self._load() if self.head else {}

    def revisions(self, path: str) -> list[Revision]:
        return [Revision(*entry) for entry in self._entries(path)]

    def _entries(self, path: str) -> list[list[str]]:
        if path not in self._pages:
            commit = self._newest.get(path)
            if commit is None:
                return []  # never committed (or deleted, or renamed away: its history is its new name's)
            shard = _shard(path)
            found = self._cache.get(self._shards[shard]) if shard in self._shards else None
            if not isinstance(found, dict) or not _is_revisions(found.get(path), commit):
                # Removed by a run at a newer HEAD meanwhile, or damaged: read from git again.
                self._newest = self._rebuild(self._shards)
                return self._pages.get(path, [])
            self._pages[path] = found[path]
        return self._pages[path]

    def _load(self) -> Newest:
        """The index at HEAD: as cached, brought up to date from the commits since, or read whole."""
        cached = self._cache.get(self._key)
        if not _is_index(cached):
            return self._rebuild({})
        base, newest, shards = cached["head"], cached["newest"], cached["shards"]
        self._shards = shards
        if base == self.head:
            return newest
        if not _is_ancestor(self.top, base, self.head):
            return self._rebuild(shards)
        return self._update(base, newest, shards)

    def _update(self, base: str, newest: Newest, shards: Shards) -> Newest:
        """The index at HEAD from the one at `base`, an ancestor: the commits since read from git, the
        shards of the pages they touched rewritten."""
        newer, renamed = _read_log(self.top, f"{base}..{self.head}")
        base_of = {new: old for old, new in renamed.items()}
        touched = set(newer) | set(base_of)
        pages_of: dict[str, Entries] = {}  # the shards whose pages change, as the index has them
        for shard in {_shard(page) for page in touched | set(renamed)}:
            found = self._cache.get(shards[shard]) if shard in shards else {}
            # The pages this update only copies are checked as far as the index names them (whole when read).
            if not isinstance(found, dict) or not all(_names(rows, newest.get(page)) for page, rows in found.items()):
                return self._rebuild(shards)
            pages_of[shard] = found
        older: Entries = {}
        for page in touched:
            name = base_of.get(page, "" if page in renamed else page)  # where its older revisions are
            if name in newest:
                rows = pages_of[_shard(name)].get(name)
                if not _is_revisions(rows, newest[name]):
                    return self._rebuild(shards)
                older[name] = rows
        updated = {page: entries for page, entries in _extend(newer, renamed, older).items() if entries}
        now = {page: commit for page, commit in newest.items() if page not in touched and page not in renamed}
        now.update((page, entries[0][0]) for page, entries in updated.items())
        for shard, pages in pages_of.items():
            kept = {page: entries for page, entries in pages.items() if page in now and page not in updated}
            kept.update((page, entries) for page, entries in updated.items() if _shard(page) == shard)
            pages_of[shard] = kept
        self._pages.update(updated)
        return self._save(now, pages_of, shards)

    def _rebuild(self, old: Shards) -> Newest:
        """The whole log read from git and every shard written (`old`: the shards of the index it replaces)."""
        entries, _ = _read_log(self.top, self.head)
        self._pages = entries
        pages_of: dict[str, Entries] = {shard: {} for shard in old}
        for page, revisions in entries.items():
            pages_of.setdefault(_shard(page), {})[page] = revisions
        if self._cache.directory is not None:  # the log of an older format is never read again (it was 19 MB)
            for older in range(1, FORMAT):
                shutil.rmtree(self._cache.directory.parent / f"gitlog-{older}", ignore_errors=True)
        return self._save({page: revisions[0][0] for page, revisions in entries.items()}, pages_of, old)

    def _save(self, now: Newest, pages_of: dict[str, Entries], old: Shards) -> Newest:
        """The changed shards, then the index, then the shards it no longer names removed: a run that read
        the old index finds its shards until then, and a miss after that (it reads git)."""
        shards = dict(old)
        for shard, pages in pages_of.items():
            if pages:
                shards[shard] = hashlib.sha1(f"{self._key}\0{shard}\0{self.head}".encode()).hexdigest()
                self._cache.put(shards[shard], pages)
            else:
                shards.pop(shard, None)
        self._cache.put(self._key, {"head": self.head, "newest": now, "shards": shards})
        for shard, key in old.items():
            if shards.get(shard) != key:
                self._cache.forget(key)
        self._shards = shards
        return now


def _shard(page: str) -> str:
    return hashlib.sha1(page.encode("utf-8", "surrogateescape")).hexdigest()[:2]


def _is_index(value: Any) -> TypeGuard[dict[str, Any]]:
    """The index's shape; its shards' names and keys as this module makes them (a key names a file it may remove)."""
    if not isinstance(value, dict) or type(value.get("head")) is not str:
        return False
    newest, shards = value.get("newest"), value.get("shards")
    return (
        isinstance(newest, dict)
        and all(type(page) is str and type(commit) is str for page, commit in newest.items())
        and isinstance(shards, dict)
        and all(type(key) is str and _HEX.fullmatch(f"{shard}:{key}") for shard, key in shards.items())
    )


def _is_revisions(value: Any, commit: str | None) -> TypeGuard[list[list[str]]]:
    """A page's revisions as stored: rows of four strings, the newest of the commit the index names."""
    return _names(value, commit) and all(
        isinstance(row, list) and len(row) == 4 and all(type(v) is str for v in row) for row in value
    )


def _names(value: Any, commit: str | None) -> bool:
    """Whether a page's stored revisions start at the commit the index names."""
    return isinstance(value, list) and bool(value) and isinstance(value[0], list) and value[0][:1] == [commit]


def _head(top: Path) -> str:
    try:
        return _git(top, "rev-parse", "--verify", "--quiet", "HEAD").decode().strip()
    except HistoryError:
        return ""  # a repository without commits


def _is_ancestor(top: Path, old: str, new: str) -> bool:
    try:
        _git(top, "merge-base", "--is-ancestor", old, new)
    except HistoryError:
        return False  # not an ancestor (history rewritten), or an unknown commit
    return True


def _read_log(top: Path, commits: str) -> tuple[Entries, dict[str, str]]:
    """Revisions per page in the range, newest first, and each page's name where the range starts.

    A rename (`R` in the raw output) makes the older commits' name an alias of the newer one,
    the way `git log --follow` continues under the old name.
    """
    args = ("log", "-M", "--raw", "--no-abbrev", "--format=%x00%H%x09%cI", commits, "--", *_PAGES)
    out = _git(top, *args, literal=False).decode("utf-8", "surrogateescape")
    entries: Entries = {}
    alias: dict[str, str] = {}  # a name in older commits -> the page's name at the range's end
    for commit, date, fields, paths in raw_changes(out):  # a deleted page's history belongs to no current page
        path = paths[-1]
        page = alias.get(path, path)
        if not entries.get(page) or entries[page][-1][0] != commit:
            entries.setdefault(page, []).append([commit, date, fields[3], path])
        if fields[4].startswith("R") and len(paths) == 2:
            alias[paths[0]] = page
    return entries, alias


def _extend(newer: Entries, renamed: dict[str, str], older: Entries) -> Entries:
    """The cached log of an ancestor commit with the revisions since put in front (renames followed)."""
    base_of = {new: old for old, new in renamed.items()}
    pages = (set(older) - set(renamed)) | set(newer) | set(base_of)
    entries: Entries = {}
    for page in pages:
        base = base_of.get(page, "" if page in renamed else page)  # a name renamed away and made anew
        entries[page] = newer.get(page, []) + older.get(base, [])
    return entries
