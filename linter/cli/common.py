"""What every command does alike: fail with one line, write a file so no reader sees half of it."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from linter.errors import TransmarkError


def fail(message: str) -> None:
    """Report a usage, configuration or input error in one line and exit 2."""
    click.echo(f"transmark: {message}", err=True)
    sys.exit(2)


def write_atomic(path: Path, content: str) -> None:
    """Write a report or a generated file whole (linter.project.files); a failure is one line."""
    from linter.project.files import write_atomic as write

    try:
        write(path, content.encode("utf-8"))
    except OSError as exc:
        raise TransmarkError(f"{path}: cannot write: {exc.strerror}") from None
