"""`transmark po`: check gettext catalogs (until `check` takes `.po` paths itself)."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

import click

from linter.engine.findings import Severity
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
    from linter.output import reporters

    try:
        findings, files, threshold = _run(paths, source, lang, config_path, select, ignore, fail_on)
    except TransmarkError as exc:
        click.echo(f"transmark: {exc}", err=True)
        sys.exit(2)
    click.echo(reporters.as_json(findings, files) if output_format == "json" else reporters.text(findings), nl=False)
    sys.exit(1 if any(f.severity >= threshold for f in findings) else 0)


def _run(
    paths: Sequence[Path],
    source: Path | None,
    lang: str,
    config_path: Path | None,
    select: Sequence[str],
    ignore: Sequence[str],
    fail_on: str | None,
) -> tuple[list, int, Severity]:
    from linter.engine.registry import Registry
    from linter.engine.runner import Runner, configure
    from linter.po import CatalogTarget, UnfinishedCatalogEntry, discover_catalogs, lint_catalogs
    from linter.project.config import load_config

    config = load_config(Path.cwd(), config_path)
    registry = Registry.load(config.plugins)
    if registry.find(UnfinishedCatalogEntry.id) is None:
        registry = Registry([*registry.rules, UnfinishedCatalogEntry])
    active = configure(
        registry,
        select=list(select) or list(config.select or ()),
        ignore=list(ignore) + list(config.ignore),
        settings={key: value for key, value in config.rules.items() if registry.find(key) is not None},
    )
    if source is not None:
        if not paths:
            raise TransmarkError("--source needs at least one catalog")
        targets = [CatalogTarget(path, lang, source) for path in paths]
    else:
        targets = discover_catalogs(config.root, list(paths))
        if lang:
            targets = [CatalogTarget(t.path, lang) for t in targets]
    if paths and not targets:
        raise TransmarkError(f"no gettext catalogs (.po) among {' '.join(map(str, paths))}")
    findings = lint_catalogs(Runner(active), targets, config.root)
    return findings, len(targets), Severity.parse(fail_on or config.fail_on)
