"""Git for PR mode (`--diff-base REF`): which files changed since REF, and the tree as it was at REF.

The tree at REF is a temporary mirror of the repository: the changed files hold their
content at REF (all read by one `git cat-file --batch`), everything else is a symlink
into the working tree. Links between pages and the site's other pages resolve there as
they did at REF, and nothing in the repository is touched.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from linter.errors import TransmarkError


def run_git(
    args: Sequence[str],
    cwd: Path,
    *,
    purpose: str,
    error: type[TransmarkError] = TransmarkError,
    options: Sequence[str] = (),
    stdin: bytes | None = None,
) -> bytes:
    """git's output, or `error` naming what git was needed for and git's last message line."""
    import subprocess  # loaded by the first git call: a site outside git never makes one

    try:
        result = subprocess.run(["git", *options, *args], cwd=cwd, input=stdin, capture_output=True, check=False)
    except FileNotFoundError:
        missing = f"{cwd} is not a folder" if not cwd.is_dir() else "git is not installed"
        raise error(f"{purpose}: {missing}") from None
    if result.returncode != 0:
        message = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise error(f"{purpose}: git {args[0]} in {cwd} failed: {message[-1] if message else result.returncode}")
    return result.stdout


def may_be_in_work_tree(directory: Path) -> bool:
    """Whether git could find a work tree holding `directory`: a `.git` above it, or `GIT_DIR` naming one.

    Without either, `git rev-parse` would only say no: a site outside git does not start a process for it.
    """
    if os.environ.get("GIT_DIR"):
        return True
    here = directory.resolve()
    return any(os.path.exists(folder / ".git") for folder in (here, *here.parents))  # never raises


def _git(args: Sequence[str], cwd: Path, stdin: bytes | None = None) -> bytes:
    return run_git(args, cwd, purpose="--diff-base", stdin=stdin)


def toplevel(directory: Path) -> Path:
    """The working tree's top folder; an error outside a git repository."""
    try:
        out = _git(["rev-parse", "--show-toplevel"], directory)
    except TransmarkError:
        raise TransmarkError(f"--diff-base: {directory} is not in a git repository") from None
    return Path(out.decode("utf-8").strip())


def resolve(top: Path, ref: str) -> str:
    """The commit `ref` names, as a full hash."""
    try:
        return _git(["rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}"], top).decode().strip()
    except TransmarkError:
        raise TransmarkError(f'--diff-base: unknown revision "{ref}"') from None


def changed_files(top: Path, commit: str) -> list[str]:
    """Top-relative paths changed since `commit`: committed, staged, unstaged or untracked."""
    diff = _git(["diff", "--name-only", "--no-renames", "-z", commit, "--"], top)
    untracked = _git(["ls-files", "--others", "--exclude-standard", "-z"], top)
    names = {name for name in (diff + untracked).decode("utf-8", "surrogateescape").split("\0") if name}
    return sorted(names)


def _blobs(top: Path, commit: str, paths: Sequence[str]) -> dict[str, bytes | None]:
    """Each path's content at `commit`; None where it did not exist (or was not a file)."""
    wanted = [path for path in paths if "\n" not in path]  # --batch reads one name a line
    request = "".join(f"{commit}:{path}\n" for path in wanted).encode("utf-8", "surrogateescape")
    out = _git(["cat-file", "--batch"], top, request) if wanted else b""
    blobs: dict[str, bytes | None] = dict.fromkeys(paths)
    position = 0
    for path in wanted:
        end = out.index(b"\n", position)
        header = out[position:end].split()
        position = end + 1
        if len(header) == 3 and header[1] in (b"blob", b"tree", b"commit", b"tag"):
            size = int(header[2])
            if header[1] == b"blob":
                blobs[path] = out[position : position + size]
            position += size + 1  # content, then a newline
    return blobs


@contextmanager
def tree_at(top: Path, commit: str, changed: Sequence[str]) -> Iterator[Path]:
    """A temporary mirror of `top` as it was at `commit`, as far as the `changed` files go."""
    blobs = _blobs(top, commit, changed)
    trie: dict[str, dict] = {}  # folder name -> sub-trie; a changed file is an empty leaf marker
    for path in changed:
        node = trie
        parts = path.split("/")
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = {"": path}
    import tempfile

    with tempfile.TemporaryDirectory(prefix="transmark-base-") as tmp:
        mirror = Path(tmp) / top.name
        _build(top, mirror, trie, blobs)
        yield mirror


def _build(real: Path, out: Path, trie: dict[str, dict], blobs: dict[str, bytes | None]) -> None:
    out.mkdir()
    try:
        entries = [entry.name for entry in os.scandir(real)]
    except OSError:  # a folder that exists only at the base revision
        entries = []
    for name in entries:
        if name not in trie:
            os.symlink(real / name, out / name)
    for name, node in trie.items():
        if "" in node:  # a changed file
            content = blobs.get(node[""])
            if content is not None:
                (out / name).write_bytes(content)
        else:
            _build(real / name, out / name, node, blobs)
