"""`transmark origin`: which English revision each translation was made from, and what English changed since."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from linter.errors import TransmarkError

if TYPE_CHECKING:  # history and the parser are imported only when the command runs
    from linter.history.changes import Change
    from linter.history.fingerprint import Score
    from linter.history.history import History, Revision
    from linter.history.origin import Origin, StaleBlock

FORMATS = ("text", "json")


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--source-history",
    "history_path",
    type=click.Path(path_type=Path),
    help="English revisions: a folder of <date>_<commit>.md files, the English page in a git work tree, "
    "or a git work tree (site mode: every page's history).",
)
@click.option("--source", type=click.Path(path_type=Path), help="Pair mode: the English page (in a git work tree).")
@click.option("--config", "config_path", type=click.Path(path_type=Path), help="Configuration file (site mode).")
@click.option("--format", "output_format", type=click.Choice(FORMATS), default="text", show_default=True)
@click.option("--diff/--no-diff", default=True, show_default=True, help="Text: show the English diffs.")
@click.option("--cache-dir", type=click.Path(path_type=Path), help="Fingerprint cache folder.")
@click.option("--no-cache", is_flag=True, help="Neither read nor write the fingerprint cache.")
@click.option(
    "--check",
    "as_check",
    is_flag=True,
    help="Lint as `check` does with only the rules that read the history (stale-block TM701, outdated-heading "
    "TM112); exit 1 at or above fail-on.",
)
def origin(
    paths: Sequence[Path],
    history_path: Path | None,
    source: Path | None,
    config_path: Path | None,
    output_format: str,
    diff: bool,
    cache_dir: Path | None,
    no_cache: bool,
    as_check: bool,
) -> None:
    """Find the English revision TRANSLATION... was made from and what English changed since.

    Pair mode: TRANSLATION... with --source-history DIR (a folder of revision files) or with
    --source EN.md (a page in a git work tree). Site mode: without --source, every translation
    the configured layout finds under PATH..., each against its English page's git history.
    With --check: site mode, or pair mode with --source (and --source-history DIR or a git work tree).
    """
    if as_check:
        _check(paths, history_path, source, config_path, output_format)
        return
    try:
        origins, notes = _find(paths, history_path, source, config_path, cache_dir, no_cache)
    except TransmarkError as exc:
        click.echo(f"transmark: {exc}", err=True)
        sys.exit(2)
    except RecursionError:
        click.echo("transmark: a page is nested too deeply to compare", err=True)
        sys.exit(2)
    for note in notes:
        click.echo(f"transmark: {note}", err=True)
    if output_format == "json":
        import json

        click.echo(json.dumps({"version": 1, "origins": [as_json(o) for o in origins]}, ensure_ascii=False, indent=2))
    else:
        click.echo(as_text(origins, diff), nl=False)


def _check(
    paths: Sequence[Path], history_path: Path | None, source: Path | None, config_path: Path | None, output_format: str
) -> None:
    """`origin --check`: one `check` run (linter.app, suppressions and baseline included) of the history rules."""
    from linter import app
    from linter.cli.common import fail
    from linter.output import reporters

    request = app.Request(
        tuple(paths),
        source,
        select=("stale-block", "bad-source-stamp", "outdated-heading"),
        source_history=history_path,
    )
    try:
        run = app.lint(app.load_config(Path.cwd(), config_path), request)
    except TransmarkError as exc:
        fail(str(exc))
        return
    click.echo(reporters.render(output_format, run), nl=False)
    sys.exit(1 if run.failed else 0)


def _find(
    paths: Sequence[Path],
    history_path: Path | None,
    source: Path | None,
    config_path: Path | None,
    cache_dir: Path | None,
    no_cache: bool,
) -> tuple[list[Origin], list[str]]:
    from linter.history.fingerprint import CACHE_NAMESPACE
    from linter.history.history import (
        FingerprintCache,
        default_cache_dir,
        is_revision_folder,
        open_history,
        require_work_tree,
    )
    from linter.history.origin import OriginFinder
    from linter.parse.markdown import parse_page
    from linter.parse.source import SourceText

    if history_path is not None and not history_path.exists():
        raise TransmarkError(f"{history_path}: not found")
    directory = None if no_cache else cache_dir or default_cache_dir()
    finder = OriginFinder(FingerprintCache(directory, CACHE_NAMESPACE))
    pair_mode = source is not None or (
        history_path is not None and (history_path.is_file() or is_revision_folder(history_path))
    )
    if pair_mode:
        if not paths:
            raise TransmarkError("name at least one translation file")
        where = history_path if history_path is not None else source
        assert where is not None
        history = open_history(where, source)
        jobs = [(path, "", history) for path in paths]
        notes: list[str] = []
    else:
        if history_path is not None:
            require_work_tree(history_path)
        jobs, notes = _site_jobs(paths, history_path, config_path)
    origins = []
    for path, lang, page_history in jobs:
        translation = parse_page(SourceText.read(path), lang)
        origins.append(finder.find(translation, page_history))
    return origins, notes


def _site_jobs(
    paths: Sequence[Path], history_path: Path | None, config_path: Path | None
) -> tuple[list[tuple[Path, str, History]], list[str]]:
    """Every translation the layout finds, each with its English page's history (walked once per page)."""
    from linter.history.history import Histories
    from linter.project.config import load_config
    from linter.project.discovery import discover

    config = load_config(Path.cwd(), config_path)
    targets = discover(config.root, config.layout(), list(paths))
    if not targets:
        raise TransmarkError(f"no translated pages found{' for ' + ' '.join(map(str, paths)) if paths else ''}")
    histories = Histories(history_path)
    jobs = []
    for target in targets:
        found = histories.of(target.source)
        if found is not None:
            jobs.append((target.translation, target.lang, found))
    return jobs, [f"{note} (skipped)" for note in histories.missing]


# -- reporters -------------------------------------------------------------------------------


def _revision(revision: Revision, score: float | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"commit": revision.commit, "date": revision.date, "path": revision.path}
    if score is not None:
        out["score"] = round(score, 4)
    return out


def _score(score: Score | None) -> dict[str, Any] | None:
    return None if score is None else _revision(score.revision, score.score)


def _change(change: Change) -> dict[str, Any]:
    return {
        "change": change.kind,
        "section": change.heading,
        "old_lines": list(change.old_lines) if change.old_lines else None,
        "new_lines": list(change.new_lines) if change.new_lines else None,
        "diff": change.diff,
    }


def _stale(stale: StaleBlock) -> dict[str, Any]:
    span = stale.node.span
    return {
        "line": span.start.line,
        "column": span.start.column,
        "end_line": span.end.line,
        "kind": stale.node.kind,
        "english_line": stale.current.span.start.line,
        "last_revision": _revision(stale.revision),
        "changed_in": _revision(stale.changed),
        "english_then": stale.then,
        "english_now": stale.now,
    }


def as_json(found: Origin) -> dict[str, Any]:
    recorded = found.recorded
    return {
        "path": found.path,
        "history": found.history.label,
        "origin": _score(found.best),
        "runner_up": _score(found.runner_up),
        "tied": [_score(s) for s in found.tied],
        "confidence": found.confidence,
        "recorded": None
        if recorded is None
        else {
            "commit": recorded.commit,
            "revision": _revision(recorded.revision, recorded.score) if recorded.revision else None,
            "agrees": recorded.agrees,
        },
        "current": _revision(found.history.current),
        "newer_revisions": found.newer,
        "changes": [_change(c) for c in found.changes],
        "stale_blocks": [_stale(s) for s in found.stale],
    }


def as_text(origins: Sequence[Origin], diff: bool) -> str:
    out: list[str] = []
    for found in origins:
        out += _summary(found)
        if diff:
            out += [change.diff.rstrip("\n") for change in found.changes]
        out += _stale_lines(found, diff)
        out.append("")
    return "\n".join(out)


def _summary(found: Origin) -> list[str]:
    best, runner_up = found.best, found.runner_up
    lines = [found.path, f"  origin     {best.revision.describe()}  score {best.score:.3f}"]
    if runner_up is not None:
        note = {"tie": "tie", "close": "close"}.get(found.confidence, "clear")
        lines.append(f"  runner-up  {runner_up.revision.describe()}  score {runner_up.score:.3f}  ({note})")
    if found.tied:
        lines.append(
            f"  tied       {len(found.tied)} other revision(s) score the same, down to "
            f"{found.tied[-1].revision.describe()}: they differ only in what translation changes"
        )
    lines += _recorded_lines(found)
    current = found.history.current
    if found.newer == 0 or best.revision.blob == current.blob:
        lines.append(f"  current    {current.describe()}  (up to date)")
        return lines
    lines.append(f"  current    {current.describe()}  ({found.newer} newer revisions)")
    if found.changes:
        lines.append("  English changed since:")
        lines += [f"    {c.kind:<8} {c.heading}" for c in found.changes]
    return lines


def _recorded_lines(found: Origin) -> list[str]:
    recorded = found.recorded
    if recorded is None:
        return []
    label = f"  recorded   l10n.sourceCommit {recorded.commit[:12]}"
    if recorded.revision is None:
        return [f"{label}: not a revision of this page's history"]
    if recorded.agrees:
        return [f"{label}: agrees ({recorded.revision.describe()})"]
    score = f"{recorded.score:.3f}" if recorded.score is not None else "?"
    return [f"{label}: is {recorded.revision.describe()}, whose structure matches less ({score})"]


def _stale_lines(found: Origin, diff: bool) -> list[str]:
    from linter.history.changes import unified_diff

    if not found.stale:
        return []
    lines = [f"  stale blocks ({len(found.stale)}): English edited them after the translation was made"]
    for stale in found.stale:
        start = stale.node.span.start
        lines.append(
            f"    {found.path}:{start.line}:{start.column}: {stale.node.kind} is as English was up to "
            f"{stale.revision.describe()}; changed in {stale.changed.describe()} "
            f"(English: line {stale.current.span.start.line})"
        )
        if diff:
            then, now = stale.then.split("\n"), stale.now.split("\n")
            current = found.history.current.describe()
            lines.append(
                unified_diff(
                    then, now, stale.then_line, stale.current.span.start.line, stale.revision.describe(), current
                ).rstrip("\n")
            )
    return lines
