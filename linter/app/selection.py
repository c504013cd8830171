"""The rules a run uses and everything configured around them.

Rule selection and options, suppression entries, per-path and per-language ignores, the site's
Markdown dialect, the English history and the result cache, resolved once per run.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from linter.app.request import Request
from linter.app.scope import Scope, site_config
from linter.engine.findings import Severity
from linter.errors import ConfigError, TransmarkError
from linter.project.config import Config
from linter.records import Value

if TYPE_CHECKING:
    from linter.engine.registry import Registry
    from linter.engine.results import PairResults
    from linter.engine.rule import Rule
    from linter.engine.runner import ActiveRule, Runner
    from linter.engine.suppress import Catalogue, Entry, Ignores
    from linter.parse.dialect import Dialect


class RuleSet(Value):
    """The rules that run and everything that drops findings by where they are."""

    active: list[ActiveRule]
    engine: dict[str, Severity]  # TM001/TM002 when they run
    catalogue: Catalogue
    ignores: Ignores
    entries: list[Entry]
    entries_path: Path | None
    dialect: Dialect  # the site's Markdown extensions: how its pages parse
    export_share: float  # how many of a page's languages must share a breakage for it to be reported once
    max_page_size: int  # bytes: larger pages and catalogs are refused unread
    history: Any  # linter.history.origin.SourceHistory with --source-history
    results: PairResults | None  # the result cache; None with --no-cache

    __slots__ = (
        "active",
        "engine",
        "catalogue",
        "ignores",
        "entries",
        "entries_path",
        "dialect",
        "export_share",
        "max_page_size",
        "history",
        "results",
    )

    def __init__(
        self,
        active: list[ActiveRule],
        engine: dict[str, Severity],
        catalogue: Catalogue,
        ignores: Ignores,
        entries: list[Entry],
        entries_path: Path | None,
        dialect: Dialect,
        export_share: float,
        max_page_size: int,
        history: Any = None,
        results: PairResults | None = None,
    ) -> None:
        self.active = active
        self.engine = engine
        self.catalogue = catalogue
        self.ignores = ignores
        self.entries = entries
        self.entries_path = entries_path
        self.dialect = dialect
        self.export_share = export_share
        self.max_page_size = max_page_size
        self.history = history
        self.results = results

    @classmethod
    def of(cls, config: Config, registry: Registry, request: Request) -> RuleSet:
        from linter.engine.runner import configure
        from linter.engine.suppress import Catalogue, Ignores, engine_severities, is_engine_rule, load_entries
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
        cache_dir = cache_dir_for(config, request)
        dialect = site_config(config, request).dialect()  # --site: that site's Markdown, not the cwd's
        history = english_history(config, request, cache_dir, dialect)
        if history is None:
            without = {rule.id for rule in history_rules()}
            active = [a for a in active if a.rule.id not in without]
        results = None
        if cache_dir is not None:
            results = _results(cache_dir, active, dialect, history, config.max_page_size)
        return cls(
            active,
            engine,
            catalogue,
            ignores,
            entries,
            entries_path,
            dialect,
            config.export_share,
            config.max_page_size,
            history,
            results,
        )

    def runner(self, scope: Scope, texts: Mapping[str, bytes] | None = None) -> Runner:
        """A runner over these rules that sees the scope's site; `texts`: pages' unwritten content (a fix pass)."""
        from linter.engine.runner import Runner
        from linter.engine.site import Site

        runner = Runner(self.active, dialect=self.dialect, max_bytes=self.max_page_size)
        runner.texts = texts or {}
        runner.history = self.history
        runner.site = Site(scope.site, runner.site_page, self.results.cache if self.results is not None else None)
        runner.results = self.results
        return runner

    def ran(self) -> list[tuple[type[Rule], Severity]]:
        from linter.engine.suppress import ENGINE_RULES

        ran = [(a.rule.__class__, a.severity) for a in self.active]
        return ran + [(rule, self.engine[rule.id]) for rule in ENGINE_RULES if rule.id in self.engine]


def registry_for(config: Config, request: Request) -> Registry:
    """The plugins' and built-in rules, plus those judged with the English history (always known to
    select, ignore and [rules.*], run only with a history) and, for `po`, the catalog counts."""
    registry = known_rules(config.plugins)
    if request.catalogs:
        from linter.po import UnfinishedCatalogEntry

        return _with(registry, [UnfinishedCatalogEntry])
    return registry


def known_rules(plugins: Sequence[str] = ()) -> Registry:
    """Every rule a check may run: the plugins' and built-in rules and those judged with the English
    history; what `transmark rules`, `explain` and `docs` list."""
    from linter.engine.registry import Registry

    return _with(Registry.load(plugins), history_rules())


def _with(registry: Registry, extra: Sequence[type[Rule]]) -> Registry:
    from linter.engine.registry import Registry

    missing = [rule for rule in extra if registry.find(rule.id) is None]
    return Registry([*registry.rules, *missing]) if missing else registry


def history_rules() -> tuple[type[Rule], ...]:
    """The rules that compare a translation with older English revisions (stale-block, bad-source-stamp,
    outdated-heading)."""
    from rules.headings import OutdatedHeading
    from rules.staleness import BadSourceStamp, StaleBlock

    return (StaleBlock, BadSourceStamp, OutdatedHeading)


def cache_dir_for(config: Config, request: Request) -> Path | None:
    """Where results and history are kept across runs; None with --no-cache."""
    from linter.engine.cache import DEFAULT_DIR, ENV_DIR

    if request.no_cache:
        return None
    return request.cache_dir or (Path(os.environ[ENV_DIR]) if os.environ.get(ENV_DIR) else config.root / DEFAULT_DIR)


def own_cache(config: Config, request: Request) -> bool:
    """Whether the run's cache is the project's own folder: one that TRANSMARK_CACHE_DIR or --cache-dir
    names may be shared by other projects, whose entries a run cannot tell from old content."""
    from linter.engine.cache import DEFAULT_DIR

    return cache_dir_for(config, request) == config.root / DEFAULT_DIR


def _results(
    cache_dir: Path, active: Sequence[ActiveRule], dialect: Dialect, history: Any, max_page_size: int
) -> PairResults:
    """The pair-result cache, salted by everything that changes what the rules report."""
    from linter.engine.cache import Cache, code_stamp, dependency_stamp, stable_repr
    from linter.engine.results import PairResults

    rules = [f"{a.rule.id}:{a.rule.__class__.__module__}:{a.severity}:{stable_repr(a.options)}" for a in active]
    stamps = history.stamp_keys if history is not None else None
    salt = [stable_repr(dialect), f"history={stamps}", f"max={max_page_size}", *rules]
    salt.append(code_stamp({sys.modules[a.rule.__class__.__module__] for a in active}))
    salt.append(dependency_stamp())
    return PairResults(Cache.open(cache_dir, salt), history.revisions_print if history is not None else None)


def english_history(config: Config, request: Request, cache_dir: Path | None, dialect: Dialect) -> Any:
    """The English history the history rules and `status` read (a SourceHistory): the one `--source-history`
    names, else the site repository's unless turned off; None without one. Its revisions are parsed in
    `dialect`, the site's, as its pages are. A pair run without a cache reads its English page's own log."""
    follow = request.source is not None and cache_dir is None
    if request.source_history is not None:
        return _source_history(request.source_history, cache_dir, config.stamp_keys, dialect, follow)
    if config.history and not request.no_source_history:
        return _repository_history(config.root, cache_dir, config.stamp_keys, dialect, follow)
    return None


def _source_history(
    where: Path, cache_dir: Path | None, stamp_keys: Sequence[str], dialect: Dialect, follow: bool
) -> Any:
    from linter.history.history import HistoryError, is_revision_folder, require_work_tree
    from linter.history.origin import SourceHistory

    try:
        if not is_revision_folder(where):
            require_work_tree(where)
    except HistoryError as exc:
        raise TransmarkError(f"--source-history: {exc}") from None
    return SourceHistory(where, cache_dir, stamp_keys, dialect, follow)


def _repository_history(
    root: Path, cache_dir: Path | None, stamp_keys: Sequence[str], dialect: Dialect, follow: bool
) -> Any:
    """The history of the site's git repository, if it is one; its log is read before worker processes start."""
    from linter.history.vcs import may_be_in_work_tree

    if not may_be_in_work_tree(root):
        return None
    from linter.history.history import work_tree_head
    from linter.history.origin import SourceHistory

    found = work_tree_head(root)
    if found is None:
        return None
    top, head = found
    history = SourceHistory(None, cache_dir, stamp_keys, dialect, follow)
    if not follow:
        history.histories.log(top.resolve(), head)
    return history
