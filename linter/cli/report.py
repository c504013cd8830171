"""`transmark report`: the site's health as a terminal table, a Markdown summary or one HTML file."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from linter.cli.common import fail, write_atomic
from linter.errors import TransmarkError

if TYPE_CHECKING:
    from linter.output.report import SiteReport


@click.command("report")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--config", "config_path", type=click.Path(path_type=Path), help="Configuration file.")
@click.option("--out", type=click.Path(path_type=Path), help="Write a self-contained HTML report to FILE.")
@click.option("--format", "output_format", type=click.Choice(["text", "markdown"]), default="text", show_default=True)
@click.option("--title", default="Translation report", show_default=True, help="The HTML report's title.")
@click.option("--jobs", type=click.IntRange(min=1), help="Worker processes (default: one per CPU).")
def report(
    paths: tuple[Path, ...],
    config_path: Path | None,
    out: Path | None,
    output_format: str,
    title: str,
    jobs: int | None,
) -> None:
    """Lint the whole site (or PATH...) and summarise it per language and page."""
    from linter.output import report as render

    try:
        site = _lint(paths, config_path, jobs)
        if out is not None:
            html = render.to_html(site, title, _lines, render.file_link(out.parent if str(out.parent) else Path(".")))
            out.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(out, html)
            click.echo(
                f"wrote {out} ({len(html) // 1024} KiB): {len(site.languages)} languages, {len(site.pages)} pages"
            )
        else:
            click.echo(render.markdown(site) if output_format == "markdown" else render.terminal(site), nl=False)
    except TransmarkError as exc:
        fail(str(exc))


def _lint(paths: tuple[Path, ...], config_path: Path | None, jobs: int | None) -> SiteReport:
    """The same run as `check` (suppressions, ignores and the baseline applied), grouped by language and page."""
    from linter.app import Request, lint, load_config, status
    from linter.errors import InputError
    from linter.output import report as render

    config = load_config(Path.cwd(), config_path)
    request = Request(paths=paths, jobs=jobs)
    if sys.stderr.isatty():
        with _ProgressBar() as bar:
            run = lint(config, request, progress=bar.update)
    else:  # quiet when not on a terminal: CI logs and pipes get the report only
        run = lint(config, request)
    if not run.targets:
        raise TransmarkError("no translated pages found")
    assert run.source_page is not None
    source_page = run.source_page

    def paragraphs(source: str) -> int:
        try:
            return sum(node.kind == "paragraph" for node in source_page(source).root.walk())
        except InputError:  # an unreadable English page: its TM000 finding says so
            return 0

    pages, _ = status(config, Request(paths=paths), source_page)  # unreadable pages: the run's TM000 findings say so
    return render.build(run.findings, run.targets, paragraphs, {page.path: page.status for page in pages})


class _ProgressBar:
    """A terminal progress bar that starts once the run knows how many pairs it lints."""

    def __init__(self) -> None:
        self._bar: Any = None

    def __enter__(self) -> _ProgressBar:
        return self

    def update(self, done: int, total: int) -> None:
        if self._bar is None:
            self._bar = click.progressbar(length=total, label="linting", file=sys.stderr).__enter__()
        self._bar.update(done)

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.__exit__(*exc)


def _lines(path: str) -> list[str]:
    from linter.errors import InputError
    from linter.parse.source import read_file

    try:
        return read_file(path).decode("utf-8", errors="replace").splitlines()
    except InputError:  # a pipe or a device among the findings' pages (TM000) is not read
        return []
