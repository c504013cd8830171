"""Content hashes of a site's files, remembered across runs by what `stat` says of each file.

A run with a cache needs the content hash of every page it may answer from the cache (a pair's
key, the site's heading index): reading and hashing every English page cost a one-page hook run
more than its own page. A file whose size, modification and change times, inode and device are
what they were when it was hashed is taken to hold the same content, as git's index does. A file
modified less than `_RACY` before it was hashed is hashed again every run until it is older: a
write in the same timestamp tick would leave its times as they were.

With each hash the table keeps whether the file holds `transmark-`: a run reads the suppression
directives only of the pages that do, not every page again.
"""

from __future__ import annotations

import os
import time
from typing import Any, TypeGuard

from linter.engine.cache import Cache, digest, read_hashable

_RACY = 2_000_000_000  # ns: coarser than any file system's timestamps (FAT's are 2 s)
MARK = b"transmark-"  # what every suppression directive holds (engine/suppress.py)

# path -> [size, mtime_ns, ctime_ns, inode, device, content hash, whether it holds MARK]
Known = dict[str, list[Any]]


class FileDigests:
    """`file_digest` for one run, answered from the last runs' hashes where `stat` shows no change."""

    def __init__(self, store: Cache | None) -> None:
        self._store = store
        # Paths are relative to the working folder: runs from another folder keep their own table.
        self.key = digest("file-digests", os.getcwd()) if store is not None else ""  # its cache entry
        self._known: Known | None = None
        self._changed = False
        self._marked: dict[str, bool] = {}  # the files hashed in this run: whether each holds MARK

    def __call__(self, path: str) -> str | None:
        if self._store is None:
            return self._read(path)[0]
        known = self._table()
        try:
            info = os.stat(path)
        except (OSError, ValueError):
            info = None
        entry = known.get(path)
        if info is not None and _is_entry(entry) and entry[:5] == _stamp(info):
            self._marked[path] = entry[6]
            return str(entry[5])
        hashed_at = time.time_ns()
        content, info = self._read(path)
        if content is None or info is None:
            return content
        if info.st_mtime_ns < hashed_at - _RACY and info.st_ctime_ns < hashed_at - _RACY:
            known[path] = [*_stamp(info), content, self._marked[path]]
            self._changed = True
        return content

    def _read(self, path: str) -> tuple[str | None, os.stat_result | None]:
        """The file's hash and `stat` (None, None for no regular file), noting whether it holds MARK."""
        data, info = read_hashable(path)
        if data is None:
            return None, None
        self._marked[path] = MARK in data
        return digest(data), info

    def marked(self, path: str) -> bool | None:
        """Whether the file held MARK when this run hashed it; None when it did not hash it."""
        return self._marked.get(path)

    def save(self) -> None:
        """Keep this run's new hashes for the next run (only when there are new ones)."""
        if self._store is not None and self._changed:
            self._store.put(self.key, self._known)
            self._changed = False

    def _table(self) -> Known:
        if self._known is None:
            found = self._store.get(self.key) if self._store is not None else None
            self._known = found if isinstance(found, dict) else {}  # entries are checked as they are used
        return self._known


def _stamp(info: os.stat_result) -> list[int]:
    return [info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino, info.st_dev]


def _is_entry(value: object) -> TypeGuard[list[Any]]:
    return isinstance(value, list) and len(value) == 7 and isinstance(value[5], str) and type(value[6]) is bool
