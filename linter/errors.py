"""Errors that end a run with exit code 2 and a one-line message."""

from __future__ import annotations

from pathlib import Path


class TransmarkError(Exception):
    """Base class: the message is shown to the user as one line."""


class InputError(TransmarkError):
    """A file cannot be read as a Markdown page (binary, bad encoding, broken front matter)."""

    def __init__(self, path: Path | str, reason: str, line: int | None = None) -> None:
        super().__init__(f"{path}: line {line}: {reason}" if line else f"{path}: {reason}")
        self.path = str(path)
        self.reason = reason
        self.line = line  # where in the file, when known


class ConfigError(TransmarkError):
    """The configuration is invalid; the message names the key."""
