"""Errors that end a run with exit code 2 and a one-line message."""

from __future__ import annotations

from pathlib import Path


class TransmarkError(Exception):
    """Base class: the message is shown to the user as one line."""


class InputError(TransmarkError):
    """A file cannot be read as a Markdown page (binary, bad encoding, broken front matter)."""

    def __init__(self, path: Path | str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = str(path)
        self.reason = reason


class ConfigError(TransmarkError):
    """The configuration is invalid; the message names the key."""
