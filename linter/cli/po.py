"""`transmark po`: gettext catalogs, with counts of their unfinished entries (TM009); `check` takes `.po` files too."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

import click

from linter.cli.common import fail
from linter.errors import TransmarkError


@click.command("po")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--source", type=click.Path(path_type=Path), help="The English page every catalog was made from.")
@click.option("--lang", default="", help="The catalogs' language (else the layout's or the header's).")
@click.option("--config", "config_path", type=click.Path(path_type=Path), help="Configuration file.")
@click.option("--select", multiple=True, help="Only these rules (id, id prefix or name); repeatable.")
@click.option("--ignore", multiple=True, help="Skip these rules (id, id prefix or name); repeatable.")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--fail-on", type=click.Choice(["error", "warning", "info"]), help="Exit 1 at or above this severity.")
def po(
    paths: Sequence[Path],
    source: Path | None,
    lang: str,
    config_path: Path | None,
    select: Sequence[str],
    ignore: Sequence[str],
    output_format: str,
    fail_on: str | None,
) -> None:
    """Lint gettext catalogs: PATH... (.po files or folders), else every catalog the layout finds."""
    from linter.app import Request, lint, load_config
    from linter.output import reporters

    request = Request(tuple(paths), source, lang, tuple(select), tuple(ignore), fail_on, catalogs=True)
    try:
        run = lint(load_config(Path.cwd(), config_path), request)
    except TransmarkError as exc:
        fail(str(exc))
        return
    click.echo(
        reporters.as_json(run.findings, run.files) if output_format == "json" else reporters.text(run.findings),
        nl=False,
    )
    if run.crashed:
        from linter.engine.crash import CRASHED

        fail(CRASHED)
    sys.exit(1 if run.failed else 0)
