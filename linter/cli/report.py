"""`transmark report`: the site's health as a terminal table, a Markdown summary or one HTML file."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from linter.errors import TransmarkError

if TYPE_CHECKING:
    from linter.output.report import SiteReport


@click.command("report")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--config", "config_path", type=click.Path(path_type=Path), help="Configuration file.")
@click.option("--out", type=click.Path(path_type=Path), help="Write a self-contained HTML report to FILE.")
@click.option("--format", "output_format", type=click.Choice(["text", "markdown"]), default="text", show_default=True)
@click.option("--title", default="Translation report", show_default=True, help="The HTML report's title.")
def report(paths: tuple[Path, ...], config_path: Path | None, out: Path | None, output_format: str, title: str) -> None:
    """Lint the whole site (or PATH...) and summarise it per language and page."""
    from linter.cli.main import _fail, _write_atomic
    from linter.output import report as render

    try:
        site = _lint(paths, config_path)
        if out is not None:
            html = render.to_html(site, title, _lines, render.file_link(out.parent if str(out.parent) else Path(".")))
            out.parent.mkdir(parents=True, exist_ok=True)
            _write_atomic(out, html)
            click.echo(
                f"wrote {out} ({len(html) // 1024} KiB): {len(site.languages)} languages, {len(site.pages)} pages"
            )
        else:
            click.echo(render.markdown(site) if output_format == "markdown" else render.terminal(site), nl=False)
    except TransmarkError as exc:
        _fail(str(exc))


def _lint(paths: tuple[Path, ...], config_path: Path | None) -> SiteReport:
    from linter.engine.registry import Registry
    from linter.engine.runner import Runner, configure, lint_site
    from linter.engine.site import Site
    from linter.errors import InputError
    from linter.output import report as render
    from linter.project.config import load_config
    from linter.project.discovery import discover

    config = load_config(Path.cwd(), config_path)
    targets = discover(config.root, config.layout(), list(paths))
    if not targets:
        raise TransmarkError("no translated pages found")
    triples = [(str(t.source), str(t.translation), t.lang) for t in targets]
    rules = configure(Registry.load(config.plugins), config.select or (), config.ignore, config.rules)
    runner = Runner(rules, dialect=config.dialect())
    runner.site = Site(lambda: [(lang, s, t) for s, t, lang in triples], runner.site_page)
    if sys.stderr.isatty():
        with click.progressbar(length=len(triples), label="linting", file=sys.stderr) as bar:
            findings = lint_site(runner, triples, progress=bar.update, share=config.export_share)
    else:  # quiet when not on a terminal: CI logs and pipes get the report only
        findings = lint_site(runner, triples, share=config.export_share)

    def paragraphs(source: str) -> int:
        try:
            return sum(node.kind == "paragraph" for node in runner.source_page(source).root.walk())
        except InputError:  # an unreadable English page: its TM000 finding says so
            return 0

    return render.build(findings, triples, paragraphs)


def _lines(path: str) -> list[str]:
    try:
        return Path(path).read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return []
