"""`transmark status`: per translated page, up to date, outdated (which English sections, since when), or not."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from linter.errors import TransmarkError

FORMATS = ("text", "json")


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--source", type=click.Path(path_type=Path), help="Pair mode: the English page.")
@click.option("--lang", default="", help="Pair mode: the translation's language code.")
@click.option("--config", "config_path", type=click.Path(path_type=Path), help="Configuration file.")
@click.option("--format", "output_format", type=click.Choice(FORMATS), default="text", show_default=True)
@click.option(
    "--source-history",
    type=click.Path(path_type=Path),
    help="The English pages' git work tree, or with --source a folder of <date>_<commit>.md revisions "
    "(default: the site's own repository).",
)
@click.option("--no-source-history", is_flag=True, help="Do not read the git history: outdated pages are not found.")
def status(
    paths: tuple[Path, ...],
    source: Path | None,
    lang: str,
    config_path: Path | None,
    output_format: str,
    source_history: Path | None,
    no_source_history: bool,
) -> None:
    """Per translated page: up to date, outdated (the English sections changed since, and since when),
    untranslated, missing, or without an English version.

    JSON statuses: up_to_date, candidate_outdated, outdated_low_severity, not_translated, no_english_version.
    """
    from linter.app import Request, load_config
    from linter.app import status as page_statuses

    request = Request(paths, source, lang, source_history=source_history, no_source_history=no_source_history)
    try:
        pages, notes = page_statuses(load_config(Path.cwd(), config_path), request)
    except TransmarkError as exc:
        click.echo(f"transmark: {exc}", err=True)
        sys.exit(2)
    for note in notes:
        click.echo(f"transmark: {note}", err=True)
    if output_format == "json":
        click.echo(json.dumps({"version": 1, "pages": [p.as_json() for p in pages]}, ensure_ascii=False, indent=2))
        return
    width = max((len(page.path) for page in pages), default=0)
    for page in pages:
        click.echo(f"{page.path:<{width}}  {page.describe()}")
        if page.stamp is not None and page.stamp.problem:
            click.echo(f"{'':<{width}}  stamp: {page.stamp.problem}")
