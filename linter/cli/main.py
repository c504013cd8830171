"""The `transmark` command: check, fix, baseline, rules, explain, config, docs (report, po, origin, status, clean
load lazily)."""

from __future__ import annotations

import atexit
import gc
import os
import sys
from collections.abc import Callable
from contextlib import nullcontext
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from linter import __version__
from linter.cli.common import fail, write_atomic
from linter.collector import paused_gc
from linter.errors import TransmarkError

if TYPE_CHECKING:
    from linter.engine.run import Run

FORMATS = ("text", "json", "github", "sarif", "markdown", "rdjson")
CHANGED_SOURCE = ("check-translations", "skip")
_Command = TypeVar("_Command", bound=Callable[..., Any])

# The process ends when its command returns: the interpreter's last collection need not look at
# the pages a run kept (for a pair of 1 MB pages it took a second, the teardown included).
atexit.register(gc.freeze)


def _pages_and_rules(command: _Command) -> _Command:
    """PATHS, pair mode, configuration and rule selection: what `check` and `fix` both take."""
    for option in reversed(
        (
            click.argument("paths", nargs=-1, type=click.Path(path_type=Path)),
            click.option("--source", "source", type=click.Path(path_type=Path), help="Pair mode: the English page."),
            click.option("--lang", default="", help="Pair mode: the translation's language code."),
            click.option("--config", "config_path", type=click.Path(path_type=Path), help="Configuration file."),
            click.option("--select", multiple=True, help="Only these rules (id, id prefix or name); repeatable."),
            click.option("--ignore", multiple=True, help="Skip these rules (id, id prefix or name); repeatable."),
        )
    ):
        command = option(command)
    return command


def _changed_pages(verb: str) -> Callable[[_Command], _Command]:
    """How `check` and `fix` treat PATHS that are English pages or no page at all (the pre-commit hook's)."""

    def apply(command: _Command) -> _Command:
        command = click.option(
            "--skip-unmatched", is_flag=True, help="Ignore PATHS that are no translated page (pre-commit)."
        )(command)
        return click.option(
            "--changed-source",
            type=click.Choice(CHANGED_SOURCE),
            help=f"A changed English page among PATHS: {verb} its translations (default), or skip it.",
        )(command)

    return apply


DEFAULT_BASELINE = Path("transmark-baseline.json")


class _LazyGroup(click.Group):
    """Commands that live in their own modules are imported only when run: the hook's start-up stays small."""

    LAZY = {
        "clean": "linter.cli.clean:clean",
        "origin": "linter.cli.origin:origin",
        "po": "linter.cli.po:po",
        "report": "linter.cli.report:report",
        "status": "linter.cli.status:status",
    }

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*super().list_commands(ctx), *self.LAZY])

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.LAZY:
            import importlib

            module, name = self.LAZY[cmd_name].split(":")
            return getattr(importlib.import_module(module), name)
        return super().get_command(ctx, cmd_name)


@click.group(cls=_LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="transmark")
def main() -> None:
    """Check translated Markdown pages against their English source."""


def run() -> None:
    """`transmark` as a process (the console script, `python -m linter`): `main`, then an exit that frees nothing.

    A run keeps every page it read until it ends; the interpreter's exit would free them, the modules and
    the compiled patterns object by object (10 ms of a one-page hook run), where the system takes the whole
    process back at once. What the command printed is flushed first; a message exit is left to the interpreter.
    """
    try:
        main()
        status = 0
    except SystemExit as done:
        if done.code is not None and not isinstance(done.code, int):
            raise
        status = done.code or 0
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except OSError:  # a closed pipe: the interpreter reports it as it always has
        raise SystemExit(status) from None
    os._exit(status)


@main.command()
@_pages_and_rules
@click.option("--format", "output_format", type=click.Choice(FORMATS), default="text", show_default=True)
@click.option("--output", type=click.Path(path_type=Path), help="Write the report to FILE instead of stdout.")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info"]), help="Exit 1 at or above this severity.")
@click.option("--diff-base", metavar="REF", help="PR mode: only pages changed since git REF; marks findings new.")
@click.option("--new-only", is_flag=True, help="With --diff-base: report, and fail on, new findings only.")
@click.option("--baseline", type=click.Path(path_type=Path), help="Report only findings not in this baseline file.")
@_changed_pages("check")
@click.option(
    "--source-history",
    type=click.Path(path_type=Path),
    help="The English pages' git work tree (or, with --source, a folder of <date>_<commit>.md revisions): "
    "report blocks translated from an edited English text (TM701). Default: the site's own repository.",
)
@click.option(
    "--no-source-history", is_flag=True, help="Do not read the English pages' git history (config: history = false)."
)
@click.option(
    "--site",
    type=click.Path(path_type=Path, file_okay=False),
    help="Pair mode: the site the pair belongs to; rules that look across pages read its English pages.",
)
@click.option("--jobs", type=click.IntRange(min=1), help="Worker processes for a site run (default: one per CPU).")
@click.option(
    "--cache-dir",
    type=click.Path(path_type=Path, file_okay=False),
    help="Keep results here across runs (default: $TRANSMARK_CACHE_DIR, else .transmark_cache in the project root).",
)
@click.option("--no-cache", is_flag=True, help="Lint every page afresh; read and write no cache.")
@click.option("--fix", "apply_fixes", is_flag=True, help="First apply safe fixes (as `transmark fix`), then report.")
@click.option("--unsafe-fixes", is_flag=True, help="With --fix: also apply unsafe fixes.")
def check(
    output_format: str,
    output: Path | None,
    config_path: Path | None,
    apply_fixes: bool,
    unsafe_fixes: bool,
    **request: Any,
) -> None:
    """Lint translations: PATH... in site mode, or TRANSLATION... against --source EN.md."""
    # No cyclic garbage collection for a check: it keeps every page it reads until it ends (the runner
    # freezes each pair's survivors), so the collector frees next to nothing, and its passes over what
    # start-up makes (modules, classes, compiled patterns: 40,000 objects) took a one-page run 12 ms.
    # `--fix` lets each pass's pages go: it collects. What the run kept is frozen at the end, out of later
    # collections' way (a process that goes on, as tests do, lets it go when its next run unfreezes).
    with nullcontext() if apply_fixes else paused_gc(freeze=True):
        _check(output_format, output, config_path, apply_fixes, unsafe_fixes, request)


def _check(
    output_format: str,
    output: Path | None,
    config_path: Path | None,
    apply_fixes: bool,
    unsafe_fixes: bool,
    request: dict[str, Any],
) -> None:
    from linter.app import Request, fix, lint, load_config

    try:
        config = load_config(Path.cwd(), config_path)
        if apply_fixes:
            from linter.output.fixreport import summary

            click.echo(summary(fix(config, Request(**request), unsafe_fixes)), nl=False, err=True)
        run = lint(config, Request(**request))
        from linter.output import reporters

        report = reporters.render(output_format, run)
        if output is not None:
            write_atomic(output, report)
        else:
            click.echo(report, nl=False)
        if output_format == "github":
            _step_summary(run)
    except TransmarkError as exc:
        fail(str(exc))
        return
    if run.crashed:
        from linter.engine.crash import CRASHED

        fail(CRASHED)
    sys.exit(1 if run.failed else 0)


@main.command("fix")
@_pages_and_rules
@click.option("--diff", "show_diff", is_flag=True, help="Print a unified diff of the fixes; write nothing.")
@click.option("--unsafe-fixes", is_flag=True, help="Also apply fixes that may change meaning (see `transmark rules`).")
@_changed_pages("fix")
@click.option(
    "--stamp",
    "write_stamps",
    is_flag=True,
    help="Instead: write the English commit into the source-commit stamp of pages `status` finds up to date.",
)
def fix(show_diff: bool, unsafe_fixes: bool, config_path: Path | None, write_stamps: bool, **request: Any) -> None:
    """Repair from the English page what has one right answer: PATH... as for `check`.

    Prints what was fixed per rule and what was left, and why. With --diff, exits 1 when
    there is something to fix.
    """
    from linter import app
    from linter.output.fixreport import summary, unified_diff

    if write_stamps:
        _stamp(config_path, show_diff, app.Request(**request))
        return
    try:
        config = app.load_config(Path.cwd(), config_path)
        done = app.fix(config, app.Request(**request), unsafe_fixes, write=not show_diff)
    except TransmarkError as exc:
        fail(str(exc))
        return
    if show_diff:
        click.echo(unified_diff(done), nl=False)
        click.echo(summary(done), nl=False, err=True)
        sys.exit(1 if done.fixed_text else 0)
    click.echo(summary(done), nl=False)


def _stamp(config_path: Path | None, show_diff: bool, request: Any) -> None:
    import difflib

    from linter import app

    try:
        changed = app.stamp(app.load_config(Path.cwd(), config_path), request, write=not show_diff)
    except TransmarkError as exc:
        fail(str(exc))
        return
    for path, before, after in changed:
        if show_diff:
            lines = difflib.unified_diff(before.splitlines(True), after.splitlines(True), f"a/{path}", f"b/{path}")
            click.echo("".join(lines), nl=False)
        else:
            click.echo(f"stamped {path}")
    click.echo(f"{len(changed)} up-to-date pages {'to stamp' if show_diff else 'stamped'}", err=show_diff)
    if show_diff and changed:
        sys.exit(1)


@main.command("baseline")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--config", "config_path", type=click.Path(path_type=Path), help="Configuration file.")
@click.option(
    "--output",
    type=click.Path(path_type=Path),
    help=f'The baseline file; default: the configured "baseline", else {DEFAULT_BASELINE}.',
)
def write_baseline(paths: tuple[Path, ...], config_path: Path | None, output: Path | None) -> None:
    """Record the current findings, so that `check --baseline FILE` reports only new ones."""
    from linter.app import Request, lint, load_config
    from linter.engine import baseline
    from linter.project.discovery import display_path

    try:
        config = load_config(Path.cwd(), config_path)
        run = lint(config, Request(paths=paths, use_baseline=False))
        if output is None:
            output = config.file(config.baseline) if config.baseline else DEFAULT_BASELINE
        write_atomic(output, baseline.dumps(run.findings, run.page_of))
    except TransmarkError as exc:
        fail(str(exc))
        return
    click.echo(f"wrote {len(run.findings)} findings to {display_path(output)}")


def _step_summary(run: Run) -> None:
    """In GitHub Actions, `--format github` also writes the Markdown summary on the run's page."""
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if not summary:
        return
    from linter.output.reporters import markdown

    try:
        with open(summary, "a", encoding="utf-8") as handle:
            handle.write(markdown(run))
    except OSError as exc:
        raise TransmarkError(f"GITHUB_STEP_SUMMARY {summary}: cannot write: {exc.strerror}") from None


@main.command("rules")
def list_rules() -> None:
    """List every rule: id, name, default severity, its fix (safe, unsafe or -) and summary."""
    from linter.app.selection import known_rules

    try:
        registry = known_rules(_configured_plugins())
    except TransmarkError as exc:
        fail(str(exc))
        return
    width = max((len(rule.name) for rule in registry.rules), default=0)
    for rule in registry.rules:
        fix = rule.fix_safety or "-"
        click.echo(f"{rule.id:<7} {rule.name:<{width}}  {str(rule.severity):<8} {fix:<6} {rule.summary}")


@main.command()
@click.argument("rule")
def explain(rule: str) -> None:
    """Print a rule's documentation."""
    from linter.app.selection import known_rules
    from linter.engine.suppress import ENGINE_RULES
    from linter.output.docgen import rule_doc

    try:
        found = known_rules(_configured_plugins()).find(rule)
    except TransmarkError as exc:
        fail(str(exc))
        return
    found = found or next((r for r in ENGINE_RULES if rule in (r.id, r.name)), None)
    if found is None:
        fail(f'unknown rule "{rule}" (see `transmark rules`)')
        return
    click.echo(rule_doc(found))


@main.command("config")
@click.option("--config", "config_path", type=click.Path(path_type=Path), help="Configuration file.")
def show_config(config_path: Path | None) -> None:
    """Print the effective configuration."""
    from linter.project.config import load_config

    try:
        click.echo(load_config(Path.cwd(), config_path).as_toml(), nl=False)
    except TransmarkError as exc:
        fail(str(exc))


@main.command()
@click.option("--output", type=click.Path(path_type=Path), default=Path("docs/rules.md"), show_default=True)
def docs(output: Path) -> None:
    """Write the rule reference (docs/rules.md) from the rules' metadata and docstrings."""
    from linter.app.selection import known_rules
    from linter.output.docgen import rules_markdown

    try:
        write_atomic(output, rules_markdown(known_rules().rules))
    except TransmarkError as exc:
        fail(str(exc))
        return
    click.echo(f"wrote {output}")


def _configured_plugins() -> tuple[str, ...]:
    from linter.project.config import load_config

    try:
        return load_config(Path.cwd()).plugins
    except TransmarkError:
        return ()
