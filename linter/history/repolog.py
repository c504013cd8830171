"""Every Markdown page's revisions in a git work tree, from one `git log` for the whole repository.

`git log --follow` answers for one file per call; a site has hundreds of pages, so a check
that reads each page's history that way spends seconds in git before it starts. One
`git log -M --raw` of every Markdown file gives the same revisions (renames followed the way
`--follow` does, newest first), and the answer is kept on disk by the commit it was made at:
a warm run costs one `git rev-parse` (the same that finds the work tree) and one file read. When
HEAD has moved on from the cached commit, only the commits since are read.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from linter.history.history import FingerprintCache, HistoryError, Revision, _git, raw_changes

FORMAT = 1  # bump when the cached shape changes
_PAGES = (":(glob)**/*.md", ":(glob)**/*.markdown")

Entries = dict[str, list[list[str]]]  # page path -> [commit, date, blob, path at that commit], newest first


class RepoLog:
    """The revisions of every page of one work tree, as of its HEAD (uncommitted edits are not revisions)."""

    def __init__(self, top: Path, cache_dir: Path | None, head: str | None = None) -> None:
        self.top = top
        self._cache = FingerprintCache(cache_dir, f"gitlog-{FORMAT}")
        self._key = hashlib.sha1(str(top.resolve()).encode("utf-8", "surrogateescape")).hexdigest()
        self.head = _head(top) if head is None else head
        self.entries: Entries = self._load() if self.head else {}

    def revisions(self, path: str) -> list[Revision]:
        return [Revision(*entry) for entry in self.entries.get(path, [])]

    def _load(self) -> Entries:
        cached = self._cache.get(self._key)
        if isinstance(cached, dict) and cached.get("head") == self.head and isinstance(cached.get("pages"), dict):
            return cached["pages"]
        base = cached.get("head") if isinstance(cached, dict) and isinstance(cached.get("pages"), dict) else None
        if base and _is_ancestor(self.top, base, self.head):
            newer, renamed = _read_log(self.top, f"{base}..{self.head}")
            entries = _extend(newer, renamed, cached["pages"])
        else:
            entries, _ = _read_log(self.top, self.head)
        self._cache.put(self._key, {"head": self.head, "pages": entries})
        return entries


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
