"""The `transmark` command: check, rules, explain, config."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

import click

from . import __version__
from .errors import TransmarkError
from .findings import Finding, Severity

FORMATS = ("text", "json")


def _fail(message: str) -> None:
    click.echo(f"transmark: {message}", err=True)
    sys.exit(2)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="transmark")
def main() -> None:
    """Check translated Markdown pages against their English source."""


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--source", "source", type=click.Path(path_type=Path), help="Pair mode: the English page.")
@click.option("--lang", default="", help="Pair mode: the translation's language code.")
@click.option("--config", "config_path", type=click.Path(path_type=Path), help="Configuration file.")
@click.option("--select", multiple=True, help="Only these rules (id, id prefix or name); repeatable.")
@click.option("--ignore", multiple=True, help="Skip these rules (id, id prefix or name); repeatable.")
@click.option("--format", "output_format", type=click.Choice(FORMATS), default="text", show_default=True)
@click.option("--output", type=click.Path(path_type=Path), help="Write the report to FILE instead of stdout.")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info"]), help="Exit 1 at or above this severity.")
def check(
    paths: Sequence[Path],
    source: Path | None,
    lang: str,
    config_path: Path | None,
    select: Sequence[str],
    ignore: Sequence[str],
    output_format: str,
    output: Path | None,
    fail_on: str | None,
) -> None:
    """Lint translations: PATH... in site mode, or TRANSLATION... against --source EN.md."""
    try:
        findings, files, threshold = _run(paths, source, lang, config_path, select, ignore, fail_on)
    except TransmarkError as exc:
        _fail(str(exc))
        return
    from . import reporters

    report = reporters.as_json(findings, files) if output_format == "json" else reporters.text(findings)
    if output is not None:
        _write_atomic(output, report)
    else:
        click.echo(report, nl=False)
    sys.exit(1 if any(f.severity >= threshold for f in findings) else 0)


def _run(
    paths: Sequence[Path],
    source: Path | None,
    lang: str,
    config_path: Path | None,
    select: Sequence[str],
    ignore: Sequence[str],
    fail_on: str | None,
) -> tuple[list[Finding], int, Severity]:
    from .config import load_config
    from .registry import Registry
    from .runner import Runner, configure, lint_site
    from .site import Site

    config = load_config(Path.cwd(), config_path)
    registry = Registry.load(config.plugins)
    active = configure(
        registry,
        select=list(select) or list(config.select or ()),
        ignore=list(ignore) + list(config.ignore),
        settings=config.rules,
    )
    threshold = Severity.parse(fail_on or config.fail_on)
    runner = Runner(active)
    if source is not None:
        if not paths:
            raise TransmarkError("--source needs at least one translation file")
        triples = [(str(source), str(path), lang) for path in paths]
        runner.site = Site.of_pairs([(t_lang, s, t) for s, t, t_lang in triples], runner.site_page)
    else:
        from .discovery import discover

        targets = discover(config.root, config.layout(), list(paths))
        if paths and not targets:
            raise TransmarkError(f"no translated pages found for {' '.join(map(str, paths))}")
        triples = [(str(t.source), str(t.translation), t.lang) for t in targets]
        layout = config.layout()
        runner.site = Site(
            lambda: [(t.lang, str(t.source), str(t.translation)) for t in discover(config.root, layout, [])],
            runner.site_page,
        )
    findings = lint_site(runner, triples)
    return findings, len(triples), threshold


def _write_atomic(path: Path, content: str) -> None:
    """Write via a temporary file and rename, so a reader never sees half a report."""
    import os
    import tempfile

    directory = path.parent if str(path.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(dir=directory, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(content)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@main.command("rules")
def list_rules() -> None:
    """List every rule: id, name, default severity and summary."""
    from .registry import Registry

    try:
        registry = Registry.load(_configured_plugins())
    except TransmarkError as exc:
        _fail(str(exc))
        return
    for rule in registry.rules:
        click.echo(f"{rule.id}  {rule.name:<28} {str(rule.severity):<8} {rule.summary}")


@main.command()
@click.argument("rule")
def explain(rule: str) -> None:
    """Print a rule's documentation."""
    from .docgen import rule_doc
    from .registry import Registry

    try:
        found = Registry.load(_configured_plugins()).find(rule)
    except TransmarkError as exc:
        _fail(str(exc))
        return
    if found is None:
        _fail(f'unknown rule "{rule}" (see `transmark rules`)')
        return
    click.echo(rule_doc(found))


@main.command("config")
@click.option("--config", "config_path", type=click.Path(path_type=Path), help="Configuration file.")
def show_config(config_path: Path | None) -> None:
    """Print the effective configuration."""
    from .config import load_config

    try:
        click.echo(load_config(Path.cwd(), config_path).as_toml(), nl=False)
    except TransmarkError as exc:
        _fail(str(exc))


@main.command()
@click.option("--output", type=click.Path(path_type=Path), default=Path("docs/rules.md"), show_default=True)
def docs(output: Path) -> None:
    """Write the rule reference (docs/rules.md) from the rules' metadata and docstrings."""
    from .docgen import rules_markdown
    from .registry import Registry

    _write_atomic(output, rules_markdown(Registry.load().rules))
    click.echo(f"wrote {output}")


def _configured_plugins() -> tuple[str, ...]:
    from .config import load_config

    try:
        return load_config(Path.cwd()).plugins
    except TransmarkError:
        return ()
