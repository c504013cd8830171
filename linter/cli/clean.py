"""`transmark clean`: remove the result cache, as `ruff clean` does."""

from __future__ import annotations

import shutil
from pathlib import Path

import click

from linter.cli.common import fail
from linter.errors import TransmarkError


@click.command()
@click.option("--config", "config_path", type=click.Path(path_type=Path), help="Configuration file.")
@click.option(
    "--cache-dir",
    type=click.Path(path_type=Path, file_okay=False),
    help="The cache to remove (default: $TRANSMARK_CACHE_DIR, else .transmark_cache in the project root).",
)
def clean(config_path: Path | None, cache_dir: Path | None) -> None:
    """Remove the cache of results, outlines and git history; the next run lints every page afresh."""
    from linter.app import Request, load_config
    from linter.app.selection import cache_dir_for
    from linter.engine.cache import is_cache

    try:
        folder = cache_dir_for(load_config(Path.cwd(), config_path), Request(cache_dir=cache_dir))
    except TransmarkError as exc:
        fail(str(exc))
        return
    assert folder is not None  # only --no-cache has none
    if not folder.exists():
        click.echo(f"no cache at {folder}")
        return
    if not is_cache(folder):  # a mistyped --cache-dir must not cost someone a folder
        fail(f"{folder}: not a transmark cache (no CACHEDIR.TAG written by transmark); left alone")
        return
    try:
        shutil.rmtree(folder)
    except OSError as exc:
        fail(f"{folder}: cannot remove: {exc.strerror}")
        return
    click.echo(f"removed {folder}")
