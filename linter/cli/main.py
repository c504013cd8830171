"""The `transmark` command: check, baseline, rules, explain, config, docs."""

from __future__ import annotations

import dataclasses
import functools
import os
import sys
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from linter import __version__
from linter.engine.findings import Finding, Severity
from linter.errors import TransmarkError

if TYPE_CHECKING:
    from linter.engine.fixes import FixRun
    from linter.engine.registry import Registry
    from linter.engine.rule import Rule
    from linter.engine.runner import ActiveRule
    from linter.engine.suppress import Catalogue, Entry, Ignores
    from linter.output.reporters import Run
    from linter.parse.dialect import Dialect
    from linter.project.config import Config

FORMATS = ("text", "json", "github", "sarif", "markdown", "rdjson")
CHANGED_SOURCE = ("check-translations", "skip")
DEFAULT_BASELINE = Path("transmark-baseline.json")


def _fail(message: str) -> None:
    click.echo(f"transmark: {message}", err=True)
    sys.exit(2)


class _LazyGroup(click.Group):
    """Commands that live in their own modules are imported only when run: the hook's start-up stays small."""

    LAZY = {
        "origin": "linter.cli.origin:origin",
        "po": "linter.cli.po:po",
        "report": "linter.cli.report:report",
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


@dataclass(frozen=True)
class _Request:
    """What `check` or `baseline` was asked for."""

    paths: tuple[Path, ...] = ()
    source: Path | None = None
    lang: str = ""
    config_path: Path | None = None
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    fail_on: str | None = None
    diff_base: str | None = None
    new_only: bool = False
    baseline: Path | None = None
    use_baseline: bool = True  # the configured baseline applies; not when writing a new one
    changed_source: str | None = None
    skip_unmatched: bool = False
    source_history: Path | None = None
    jobs: int | None = None  # worker processes; the findings are the same for any number
    site: Path | None = None  # pair mode: the site whose other pages rules may look into


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
@click.option("--diff-base", metavar="REF", help="PR mode: only pages changed since git REF; marks findings new.")
@click.option("--new-only", is_flag=True, help="With --diff-base: report, and fail on, new findings only.")
@click.option("--baseline", type=click.Path(path_type=Path), help="Report only findings not in this baseline file.")
@click.option(
    "--changed-source",
    type=click.Choice(CHANGED_SOURCE),
    help="A changed English page among PATHS: check its translations (default), or skip it.",
)
@click.option("--skip-unmatched", is_flag=True, help="Ignore PATHS that are no translated page (pre-commit).")
@click.option(
    "--source-history",
    type=click.Path(path_type=Path),
    help="The English pages' git work tree (or, with --source, a folder of <date>_<commit>.md revisions): "
    "also report blocks translated from an edited English text (TM701).",
)
@click.option(
    "--site",
    type=click.Path(path_type=Path, file_okay=False),
    help="Pair mode: the site the pair belongs to; rules that look across pages read its English pages.",
)
@click.option("--jobs", type=click.IntRange(min=1), help="Worker processes for a site run (default: one per CPU).")
@click.option("--fix", "apply_fixes", is_flag=True, help="First apply safe fixes (as `transmark fix`), then report.")
@click.option("--unsafe-fixes", is_flag=True, help="With --fix: also apply unsafe fixes.")
def check(output_format: str, output: Path | None, apply_fixes: bool, unsafe_fixes: bool, **request: Any) -> None:
    """Lint translations: PATH... in site mode, or TRANSLATION... against --source EN.md."""
    try:
        if apply_fixes:
            from linter.output.fixreport import summary

            click.echo(summary(_fix(_Request(**request), unsafe_fixes, write=True)), nl=False, err=True)
        run, threshold, _ = _run(_Request(**request))
        from linter.output import reporters

        report = reporters.render(output_format, run)
        if output is not None:
            _write_atomic(output, report)
        else:
            click.echo(report, nl=False)
        if output_format == "github":
            _step_summary(run)
    except TransmarkError as exc:
        _fail(str(exc))
        return
    sys.exit(1 if any(f.severity >= threshold for f in run.findings) else 0)


@main.command("fix")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--source", "source", type=click.Path(path_type=Path), help="Pair mode: the English page.")
@click.option("--lang", default="", help="Pair mode: the translation's language code.")
@click.option("--config", "config_path", type=click.Path(path_type=Path), help="Configuration file.")
@click.option("--select", multiple=True, help="Only these rules (id, id prefix or name); repeatable.")
@click.option("--ignore", multiple=True, help="Skip these rules (id, id prefix or name); repeatable.")
@click.option("--diff", "show_diff", is_flag=True, help="Print a unified diff of the fixes; write nothing.")
@click.option("--unsafe-fixes", is_flag=True, help="Also apply fixes that may change meaning (see `transmark rules`).")
@click.option(
    "--changed-source",
    type=click.Choice(CHANGED_SOURCE),
    help="A changed English page among PATHS: fix its translations (default), or skip it.",
)
@click.option("--skip-unmatched", is_flag=True, help="Ignore PATHS that are no translated page (pre-commit).")
def fix(show_diff: bool, unsafe_fixes: bool, **request: Any) -> None:
    """Repair from the English page what has one right answer: PATH... as for `check`.

    Prints what was fixed per rule and what was left, and why. With --diff, exits 1 when
    there is something to fix.
    """
    from linter.output.fixreport import summary, unified_diff

    try:
        done = _fix(_Request(**request), unsafe_fixes, write=not show_diff)
    except TransmarkError as exc:
        _fail(str(exc))
        return
    if show_diff:
        click.echo(unified_diff(done), nl=False)
        click.echo(summary(done), nl=False, err=True)
        sys.exit(1 if done.fixed_text else 0)
    click.echo(summary(done), nl=False)


def _fix(request: _Request, unsafe: bool, write: bool) -> FixRun:
    """Fix the request's pages (several passes, see linter.engine.fixes); write them unless told not to."""
    from linter.engine.fixes import fix_run, write_atomic
    from linter.engine.registry import Registry
    from linter.parse.markdown import parse_page
    from linter.parse.source import SourceText
    from linter.project.config import load_config

    config = load_config(Path.cwd(), request.config_path)
    # Gettext catalogs named in PATHS are fixed in their own editor, not here.
    scope = dataclasses.replace(_scope(config, request, None), catalogs=[])
    rules = _Rules.of(config, Registry.load(config.plugins), request)
    can_fix = {active.rule.id for active in rules.active if active.rule.fix_safety}
    langs = {translation: lang for _, translation, lang in scope.pairs}

    def lint(texts: Mapping[str, bytes], only: Collection[str] | None) -> list[Finding]:
        part = scope if only is None else dataclasses.replace(scope, pairs=[p for p in scope.pairs if p[1] in only])
        return _lint(rules, part, request.jobs, texts, collapse=False)

    def parses(path: str, data: bytes) -> bool:
        try:
            return not parse_page(SourceText.from_bytes(path, data), langs.get(path, ""), rules.dialect).problems
        except (TransmarkError, RecursionError):
            return False

    done = fix_run(lint, lambda f: f.rule_id in can_fix, parses, unsafe)
    if write:
        for path, data in sorted(done.fixed_text.items()):
            try:
                write_atomic(path, data)
            except OSError as exc:
                raise TransmarkError(f"{path}: cannot write: {exc.strerror}") from None
    return done


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
    from linter.engine import baseline

    try:
        run, _, config = _run(_Request(paths=paths, config_path=config_path, use_baseline=False))
        if output is None:
            output = config.file(config.baseline) if config.baseline else DEFAULT_BASELINE
        _write_atomic(output, baseline.dumps(run.findings, run.page_of))
    except TransmarkError as exc:
        _fail(str(exc))
        return
    click.echo(f"wrote {len(run.findings)} findings to {output}")


def _run(request: _Request) -> tuple[Run, Severity, Config]:
    from linter.engine.registry import Registry
    from linter.output.reporters import NEW, Run
    from linter.project.config import load_config

    if request.new_only and not request.diff_base:
        raise TransmarkError("--new-only needs --diff-base REF")
    config = load_config(Path.cwd(), request.config_path)
    threshold = Severity.parse(request.fail_on or config.fail_on)
    changes = _changes(config, request) if request.diff_base else None
    scope = _scope(config, request, changes)
    if (
        request.skip_unmatched and not scope.pairs and not scope.catalogs
    ):  # a hook run on other Markdown files: skip loading the rules
        return Run([], 0, config.root), threshold, config
    rules = _Rules.of(config, Registry.load(config.plugins), request)
    if request.source_history is not None:
        rules.history = _source_history(request.source_history)
    findings = _lint(rules, scope, request.jobs)
    status = _status(rules, scope, changes, findings) if changes is not None else None
    if status is not None and request.new_only:
        findings = [f for f in findings if status[f] == NEW]
    baseline_path = request.baseline
    if baseline_path is None and config.baseline and request.use_baseline:
        baseline_path = config.file(config.baseline)
    if baseline_path is not None:
        from linter.engine import baseline

        known = baseline.matched(baseline.load(baseline_path), findings, scope.page_of)
        findings = [f for f, old in zip(findings, known, strict=True) if not old]
    run = Run(findings, len(scope.pairs), config.root, rules.ran(), status, scope.page_of)
    return run, threshold, config


def _status(
    rules: _Rules,
    scope: _Scope,
    changes: tuple[Path, str, list[str]],
    findings: list[Finding],
) -> dict[Finding, str]:
    """PR mode: lint the same pages as they were at the base commit; what is not there is new."""
    from linter.engine import baseline
    from linter.history import vcs
    from linter.output.reporters import NEW, OLD

    top, commit, changed = changes
    with vcs.tree_at(top, commit, changed) as mirror:
        base = scope.moved(top, mirror)
        known = [baseline.identity(f, base.page_of(f)) for f in _lint(rules, base)]
    flags = baseline.matched(known, findings, scope.page_of)
    return {f: OLD if old else NEW for f, old in zip(findings, flags, strict=True)}


Pair = tuple[str, str, str]  # (English path, translation path, language)


@dataclass(eq=False)
class _Scope:
    """The pairs a run lints, and the site they belong to (what rules may look into)."""

    pairs: list[Pair]
    site: Callable[[], list[tuple[str, str, str]]]  # (language, English path, translation path), memoised
    root: Path  # the configuration's folder: page names in baselines and suppression files are relative to it
    catalogs: list[Any] = field(default_factory=list)  # gettext catalogs (linter.po.CatalogTarget) named in PATHS
    strict: bool = False  # pair mode: an unreadable page ends the run (exit 2) instead of being a finding

    def page_of(self, finding: Finding) -> str:
        """A finding's English page, relative to the root: how baselines and suppression files name it."""
        from linter.project.discovery import root_relative

        source = self._sources.get(finding.path, finding.path)
        return root_relative(source, self.root)

    def paths_of(self, finding: Finding) -> tuple[str, str]:
        """The finding's file and its English page, relative to the root: what per-path ignores match."""
        from linter.project.discovery import root_relative

        return root_relative(finding.path, self.root), self.page_of(finding)

    @functools.cached_property
    def _sources(self) -> dict[str, str]:
        return {translation: source for source, translation, _ in self.pairs}

    @functools.cached_property
    def _languages(self) -> dict[str, set[str]]:
        index: dict[str, set[str]] = {}
        for lang, source, _ in self.site():
            index.setdefault(source, set()).add(lang)
        return index

    def languages_of(self, source: str) -> set[str]:
        """Every language the site has this English page in (whether this run checks it or not)."""
        return self._languages.get(source, set())

    def siblings(self, findings: list[Finding]) -> list[Pair]:
        """The other languages' pairs of the English pages whose breakage this run found, in a site run
        over some of their translations: an export bug is told from a translation's own only with all."""
        from linter.engine.systemic import MIN_LANGUAGES

        if self.strict:
            return []
        broken = {f.source_path for f in findings if f.lang and f.severity >= Severity.WARNING and f.source_path}
        run = set(self.pairs)
        found = sorted(
            (source, translation, lang)
            for lang, source, translation in self.site()
            if source in broken and (source, translation, lang) not in run
        )
        run_languages = {(source, lang) for source, _, lang in self.pairs}
        return [
            pair
            for pair in found
            if len(self.languages_of(pair[0])) >= MIN_LANGUAGES and (pair[0], pair[2]) not in run_languages
        ]

    def moved(self, top: Path, mirror: Path) -> _Scope:
        """The same scope in a mirror of the repository (the tree at the diff base)."""

        def there(path: str | Path) -> str:
            return str(mirror / os.path.relpath(os.path.abspath(path), top))

        pairs = [(there(s), there(t), lang) for s, t, lang in self.pairs]
        pairs = [(s, t, lang) for s, t, lang in pairs if os.path.isfile(s) and os.path.isfile(t)]
        site = functools.cache(lambda: [(lang, there(s), there(t)) for lang, s, t in self.site()])
        return _Scope(pairs, site, Path(there(self.root)))


def _changes(config: Config, request: _Request) -> tuple[Path, str, list[str]]:
    """(repository top, base commit, top-relative changed files) for --diff-base."""
    from linter.history import vcs

    if request.source is not None:
        raise TransmarkError("--diff-base works in site mode, not with --source")
    top = vcs.toplevel(config.root)
    commit = vcs.resolve(top, request.diff_base or "")
    return top, commit, vcs.changed_files(top, commit)


def _scope(config: Config, request: _Request, changes: tuple[Path, str, list[str]] | None) -> _Scope:
    catalogs = [path for path in request.paths if path.suffix == ".po"]
    if catalogs:  # PO files named on the command line (or by the hook) are linted as catalogs
        from linter.po import CatalogTarget, discover_catalogs

        request = dataclasses.replace(request, paths=tuple(p for p in request.paths if p.suffix != ".po"))
        if request.source is not None:
            found = [CatalogTarget(path, request.lang, source=request.source) for path in catalogs]
        else:
            found = discover_catalogs(config.root, catalogs)
        if not request.paths:
            return _Scope([], lambda: [], config.root, found)
        scope = _scope(config, request, changes)
        scope.catalogs = found
        return scope
    if request.source is not None:
        if not request.paths:
            raise TransmarkError("--source needs at least one translation file")
        pairs = [(str(request.source), str(path), request.lang) for path in request.paths]
        return _Scope(pairs, _pair_site(config, request, pairs), config.root, strict=True)
    if request.site is not None:
        raise TransmarkError("--site works in pair mode, with --source")
    from linter.project.discovery import discover

    layout = config.layout()
    paths = list(request.paths)
    if changes is not None:
        top, _, changed = changes
        under = [os.path.abspath(p) for p in paths]
        # A deleted page is not linted (a deleted English page must not bring its translations).
        paths = [
            top / name
            for name in changed
            if (top / name).is_file()
            and (not under or any(_is_under(os.path.abspath(top / name), folder) for folder in under))
        ]
    sources = (request.changed_source or config.changed_source) != "skip"
    targets = discover(config.root, layout, paths, sources) if paths or changes is None else []
    if request.paths and not targets and not request.skip_unmatched and changes is None:
        raise TransmarkError(f"no translated pages found for {' '.join(map(str, request.paths))}")
    pairs = [(str(t.source), str(t.translation), t.lang) for t in targets]
    site = functools.cache(
        lambda: [(t.lang, str(t.source), str(t.translation)) for t in discover(config.root, layout, [])]
    )
    return _Scope(pairs, site, config.root)


def _pair_site(config: Config, request: _Request, pairs: list[Pair]) -> Callable[[], list[tuple[str, str, str]]]:
    """What a pair-mode run may look into: the pair, plus the site `--site` names or the pair lives in.

    Only the pair is linted; the site's pages are read when a rule asks (a heading or paragraph
    of another page, a link into one), so a pair run costs a site walk only then.
    """
    from linter.project.config import load_config
    from linter.project.discovery import discover

    fixed = [(lang, s, t) for s, t, lang in pairs]
    named = request.site is not None
    if named:
        assert request.site is not None
        if not request.site.is_dir():
            raise TransmarkError(f"--site {request.site}: not a folder")
        site_config = load_config(request.site)
        if site_config.root != Path(os.path.abspath(request.site)):  # a configuration above it is another site's
            site_config = dataclasses.replace(site_config, root=Path(os.path.abspath(request.site)))
    else:
        site_config = config
    try:
        layout = site_config.layout()
    except TransmarkError:
        layout = None
    if layout is None:
        if named:
            raise TransmarkError(f"--site {request.site}: no translation layout found there")
        return lambda: fixed

    @functools.cache
    def triples() -> list[tuple[str, str, str]]:
        try:
            found = [(t.lang, str(t.source), str(t.translation)) for t in discover(site_config.root, layout, [])]
        except TransmarkError:
            return fixed
        if not named:  # a pair outside the site found from the working directory is on its own
            sources = {os.path.abspath(source) for _, source, _ in found}
            if not any(os.path.abspath(source) in sources for source, _, _ in pairs):
                return fixed
        return fixed + [triple for triple in found if triple not in fixed]

    return triples


def _is_under(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


@dataclass
class _Rules:
    """The rules that run and everything that drops findings by where they are."""

    active: list[ActiveRule]
    engine: dict[str, Severity]  # TM001/TM002 when they run
    catalogue: Catalogue
    ignores: Ignores
    entries: list[Entry]
    entries_path: Path | None
    dialect: Dialect  # the site's Markdown extensions: how its pages parse
    export_share: float  # how many of a page's languages must share a breakage for it to be reported once
    history: Any = None  # linter.origin.SourceHistory with --source-history

    @classmethod
    def of(cls, config: Config, registry: Registry, request: _Request) -> _Rules:
        from linter.engine.runner import configure
        from linter.engine.suppress import Catalogue, Ignores, engine_severities, is_engine_rule, load_entries
        from linter.errors import ConfigError
        from linter.project.discovery import display_path

        catalogue = Catalogue((rule.id, rule.name) for rule in registry.rules)
        for option, selectors in (("--select", request.select), ("--ignore", request.ignore)):
            catalogue.resolve_all(selectors, option)
        for key in ("select", "ignore"):
            catalogue.resolve_all(getattr(config, key) or (), config.describe(key))
        select = list(request.select) or list(config.select or ())
        ignore = list(request.ignore) + list(config.ignore)
        engine = engine_severities(catalogue, select, ignore, config.rules, config.describe)
        builtin = {rule.id for rule in registry.rules}
        settings = {key: value for key, value in config.rules.items() if not is_engine_rule(key)}
        try:
            active = configure(
                registry,
                select=[s for s in select if catalogue.resolve(s) & builtin],
                ignore=[s for s in ignore if catalogue.resolve(s) & builtin],
                settings=settings,
            )
        except ConfigError as exc:
            raise ConfigError(f"{display_path(config.path) if config.path else 'configuration'}: {exc}") from None
        if select and not any(catalogue.resolve(s) & builtin for s in select):
            active = []  # only engine rules were selected
        ignores = Ignores(catalogue, config.per_path_ignores, config.per_language_ignores, config.describe)
        entries_path = config.file(config.suppressions) if config.suppressions else None
        if entries_path is not None and not entries_path.is_file():
            raise ConfigError(f"{config.describe('suppressions')}: {display_path(entries_path)} not found")
        entries = load_entries(entries_path, catalogue) if entries_path is not None else []
        return cls(active, engine, catalogue, ignores, entries, entries_path, config.dialect(), config.export_share)

    def ran(self) -> list[tuple[type[Rule], Severity]]:
        from linter.engine.suppress import ENGINE_RULES

        ran = [(a.rule.__class__, a.severity) for a in self.active]
        return ran + [(rule, self.engine[rule.id]) for rule in ENGINE_RULES if rule.id in self.engine]


def _source_history(where: Path) -> Any:
    from linter.history.history import HistoryError, default_cache_dir, is_revision_folder, require_work_tree
    from linter.history.origin import SourceHistory

    try:
        if not is_revision_folder(where):
            require_work_tree(where)
    except HistoryError as exc:
        raise TransmarkError(f"--source-history: {exc}") from None
    return SourceHistory(where, default_cache_dir())


def _lint(
    rules: _Rules,
    scope: _Scope,
    jobs: int | None = None,
    texts: Mapping[str, bytes] | None = None,
    collapse: bool = True,
) -> list[Finding]:
    """Lint the scope's pairs, then drop what suppressions and configuration say to drop.

    `texts` holds pages' unwritten content (a fix pass), read instead of the files.
    """
    from linter.engine.runner import Runner, lint_site
    from linter.engine.site import Site
    from linter.engine.suppress import Suppressions
    from linter.engine.unreadable import configured

    runner = Runner(rules.active, dialect=rules.dialect)
    runner.texts = texts or {}
    if rules.history is not None:
        from linter.engine.runner import ActiveRule
        from rules.headings import OutdatedHeading
        from rules.staleness import StaleBlock

        with_history = (StaleBlock, OutdatedHeading)
        runner.rules = [*rules.active, *(ActiveRule(rule(), rule.severity, {}) for rule in with_history)]
        runner.history = rules.history
    runner.site = Site(scope.site, runner.site_page)
    findings = lint_site(runner, scope.pairs, jobs, strict=scope.strict, share=rules.export_share, collapse=collapse)
    siblings = scope.siblings(findings) if collapse else []
    if siblings:  # breakage every language may share: judged with all of them, as a whole-site run does
        wanted = {path for pair in scope.pairs for path in pair[:2]}
        everything = lint_site(runner, scope.pairs + siblings, jobs, strict=scope.strict, share=rules.export_share)
        findings = [f for f in everything if f.path in wanted]
    findings = configured(findings, rules.engine)
    if scope.catalogs:
        from linter.po import lint_catalogs

        findings += lint_catalogs(runner, scope.catalogs, scope.root)
    suppressions = Suppressions(
        rules.catalogue,
        scope.root,
        frozenset(a.rule.id for a in rules.active),
        rules.engine,
        runner.site_page,
        scope.languages_of,
        rules.entries,
        rules.entries_path,
    )
    findings = suppressions.apply(findings, scope.pairs)
    if rules.ignores:
        findings = [f for f in findings if rules.ignores.keep(f, scope.paths_of(f))]
    return sorted(findings, key=Finding.sort_key)


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


def _write_atomic(path: Path, content: str) -> None:
    """Write via a temporary file and rename, so a reader never sees half a report."""
    import os
    import tempfile

    directory = path.parent if str(path.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(dir=directory, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise TransmarkError(f"{path}: cannot write: {exc.strerror}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(content)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@main.command("rules")
def list_rules() -> None:
    """List every rule: id, name, default severity, its fix (safe, unsafe or -) and summary."""
    from linter.engine.registry import Registry

    try:
        registry = Registry.load(_configured_plugins())
    except TransmarkError as exc:
        _fail(str(exc))
        return
    width = max((len(rule.name) for rule in registry.rules), default=0)
    for rule in registry.rules:
        fix = rule.fix_safety or "-"
        click.echo(f"{rule.id:<7} {rule.name:<{width}}  {str(rule.severity):<8} {fix:<6} {rule.summary}")


@main.command()
@click.argument("rule")
def explain(rule: str) -> None:
    """Print a rule's documentation."""
    from linter.engine.registry import Registry
    from linter.engine.suppress import ENGINE_RULES
    from linter.output.docgen import rule_doc

    try:
        found = Registry.load(_configured_plugins()).find(rule)
    except TransmarkError as exc:
        _fail(str(exc))
        return
    found = found or next((r for r in ENGINE_RULES if rule in (r.id, r.name)), None)
    if found is None:
        _fail(f'unknown rule "{rule}" (see `transmark rules`)')
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
        _fail(str(exc))


@main.command()
@click.option("--output", type=click.Path(path_type=Path), default=Path("docs/rules.md"), show_default=True)
def docs(output: Path) -> None:
    """Write the rule reference (docs/rules.md) from the rules' metadata and docstrings."""
    from linter.engine.registry import Registry
    from linter.output.docgen import rules_markdown

    try:
        _write_atomic(output, rules_markdown(Registry.load().rules))
    except TransmarkError as exc:
        _fail(str(exc))
        return
    click.echo(f"wrote {output}")


def _configured_plugins() -> tuple[str, ...]:
    from linter.project.config import load_config

    try:
        return load_config(Path.cwd()).plugins
    except TransmarkError:
        return ()
