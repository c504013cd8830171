"""How paths are shown to users and named in baselines: relative to the cwd or to the site root."""

from __future__ import annotations

import os
from pathlib import Path


def display_path(path: str | os.PathLike[str], cwd: str | None = None) -> Path:
    """The path as a user types it: relative to the cwd if under it, else absolute.

    `cwd`: the current directory when the caller shows many paths (asked once, not once a path).
    """
    return Path(display_name(path, cwd))


def display_name(path: str | os.PathLike[str], cwd: str | None = None) -> str:
    """`display_path` as a string (what `str` of it gives): a site's listing holds thousands."""
    absolute = os.path.abspath(path)
    cwd = cwd or os.getcwd()
    if absolute == cwd:
        return "."
    under = cwd if cwd.endswith(os.sep) else cwd + os.sep  # both normalised: a prefix test (a site lists thousands)
    return absolute[len(under) :] if absolute.startswith(under) else absolute


def root_relative(path: str | os.PathLike[str], root: str | os.PathLike[str]) -> str:
    """The path relative to `root`, with forward slashes: how baselines and suppression files name pages."""
    return Path(os.path.relpath(os.path.abspath(path), os.path.abspath(root))).as_posix()
