"""What every command does alike: fail with one line, write a file so no reader sees half of it."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import click

from linter.errors import TransmarkError


def fail(message: str) -> None:
    """Report a usage, configuration or input error in one line and exit 2."""
    click.echo(f"transmark: {message}", err=True)
    sys.exit(2)


def write_atomic(path: Path, content: str) -> None:
    """Write via a temporary file and rename, so a reader never sees half a report."""
    directory = path.parent if str(path.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(dir=directory, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise TransmarkError(f"{path}: cannot write: {exc.strerror}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(content)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
