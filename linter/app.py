"""One transmark run, resolved once for every command and for library users.

`lint(config, request)` turns a configuration and what was asked (a site, some paths, a pair,
gettext catalogs, PR mode) into a `Run`: it finds the targets, selects and configures the
rules, lints, then drops what suppressions, ignores and the baseline say to drop. `fix`
repairs the same targets with the same rules. `check`, `fix`, `baseline`, `report` and `po`
are thin command lines over them, so they always agree.

    run = lint(load_config(Path.cwd()), Request())  # every translation the layout finds
    pair = lint(load_config(Path.cwd()), Request([Path("it/page.md")], source=Path("en/page.md"), lang="it"))
"""

from __future__ import annotations

import dataclasses
import functools
import os
import sys
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from linter.engine.findings import Finding, Severity, finding_classes
from linter.engine.run import NEW, OLD, Run
from linter.errors import ConfigError, TransmarkError
from linter.project.config import Config, load_config
from linter.project.target import Target

if TYPE_CHECKING:
    from linter.engine.fixes import FixRun
    from linter.engine.registry import Registry
    from linter.engine.results import PairResults
    from linter.engine.rule import Rule
    from linter.engine.runner import ActiveRule, Runner
    from linter.engine.suppress import Catalogue, Entry, Ignores
    from linter.history.status import PageStatus
    from linter.parse.dialect import Dialect
    from linter.po import CatalogTarget

__all__ = ["Request", "Run", "Target", "fix", "lint", "load_config", "stamp", "status"]


@dataclass(frozen=True)
class Request:
    """What a command (or a library caller) asks for; empty means the whole site."""

    paths: Sequence[Path] = ()  # files or folders to limit the run to; .po files are linted as catalogs
    source: Path | None = None  # pair mode: the English page every path translates
    lang: str = ""  # pair mode: the translations' language code
    select: Sequence[str] = ()  # rule ids, id prefixes or names; replaces the configured `select`
    ignore: Sequence[str] = ()  # added to the configured `ignore`
    fail_on: str | None = None  # else the configured `fail-on`
    diff_base: str | None = None  # PR mode: only pages changed since this git ref; findings get a status
    new_only: bool = False  # with diff_base: keep only new findings
    baseline: Path | None = None  # else the configured `baseline`
    use_baseline: bool = True  # false when recording a new baseline
    changed_source: str | None = None  # else the configured `changed-source`
    skip_unmatched: bool = False  # paths that are no translated page are ignored, not an error (pre-commit)
    source_history: Path | None = None  # English git work tree (pair mode: or revision folder): stale blocks (TM701)
    no_source_history: bool = False  # do not read the git history of the site's repository (read by default)
    site: Path | None = None  # pair mode: the site whose other pages rules may look into
    catalogs: bool = False  # `transmark po`: paths are gettext catalogs or folders of them; TM009 counts entries
    jobs: int | None = None  # worker processes, default one per CPU; the findings are the same for any number
    cache_dir: Path | None = None  # else TRANSMARK_CACHE_DIR, else .transmark_cache in the project root
    no_cache: bool = False  # lint every pair afresh and keep nothing


def lint(config: Config, request: Request = Request(), progress: Callable[[int, int], None] | None = None) -> Run:
    """Lint what `request` asks for under `config`. Raises TransmarkError (ConfigError, InputError) on bad input.

    `progress` is told (pairs just finished, pairs in the run) as groups of pairs finish, for a progress bar.
    """
    if request.new_only and not request.diff_base:
        raise TransmarkError("--new-only needs --diff-base REF")
    threshold = Severity.parse(request.fail_on or config.fail_on)
    changes = _changes(config, request) if request.diff_base else None
    scope = _scope(config, request, changes)
    if request.skip_unmatched and not scope.targets and not scope.catalogs:
        return Run([], 0, config.root, threshold=threshold)  # a hook run on other Markdown files: load no rules
    rules = _Rules.of(config, _registry(config, request), request)
    runner = rules.runner(scope)
    total = len(scope.targets)
    step = None if progress is None else lambda done: progress(done, total)
    findings = _lint(rules, scope, runner, request.jobs, step)
    status = _status(rules, scope, changes, findings, request.jobs) if changes is not None else None
    if status is not None and request.new_only:
        findings = [f for f in findings if status[f] == NEW]
    baseline_path = request.baseline
    if baseline_path is None and config.baseline and request.use_baseline:
        baseline_path = config.file(config.baseline)
    if baseline_path is not None:
        from linter.engine import baseline

        known = baseline.matched(baseline.load(baseline_path), findings, scope.page_of)
        findings = [f for f, old in zip(findings, known, strict=True) if not old]
    return Run(
        findings,
        len(scope.targets) + len(scope.catalogs),
        config.root,
        rules.ran(),
        status,
        scope.page_of,
        scope.targets,
        threshold,
        runner.source_page,
    )


def fix(config: Config, request: Request = Request(), unsafe: bool = False, write: bool = True) -> FixRun:
    """Fix the request's pages in passes (see linter.engine.fixes); write them unless told not to.

    The pages and rules are `lint`'s; gettext catalogs named in the paths are fixed in their own editor, not here.
    """
    from linter.engine.fixes import fix_run
    from linter.parse.markdown import parse_page
    from linter.parse.source import SourceText
    from linter.project.files import write_atomic

    scope = dataclasses.replace(_scope(config, request, None), catalogs=[])
    rules = _Rules.of(config, _registry(config, request), request)
    can_fix = {active.rule.id for active in rules.active if active.rule.fix_safety}
    langs = {str(t.translation): t.lang for t in scope.targets}

    def lint_texts(texts: Mapping[str, bytes], only: Collection[str] | None) -> list[Finding]:
        part = scope
        if only is not None:
            part = dataclasses.replace(scope, targets=[t for t in scope.targets if str(t.translation) in only])
        return _lint(rules, part, rules.runner(part, texts), request.jobs, collapse=False)

    def parses(path: str, data: bytes) -> bool:
        try:
            return not parse_page(SourceText.from_bytes(path, data), langs.get(path, ""), rules.dialect).problems
        except (TransmarkError, RecursionError):
            return False

    done = fix_run(lint_texts, lambda f: f.rule_id in can_fix, parses, unsafe)
    if write:
        for path, data in sorted(done.fixed_text.items()):
            try:
                write_atomic(path, data)
            except OSError as exc:
                raise TransmarkError(f"{path}: cannot write: {exc.strerror}") from None
    return done


def status(config: Config, request: Request = Request()) -> tuple[list[PageStatus], list[str]]:
    """Each translated page's status (`transmark status`), and notes on pages that could not be read.

    In site mode without paths, English pages with no translation in a language are listed too.
    """
    from linter.history.origin import OriginFinder
    from linter.history.status import NO_ENGLISH, NOT_TRANSLATED, PageStatus, page_status
    from linter.parse.markdown import parse_page
    from linter.parse.source import SourceText
    from linter.project.discovery import untranslated

    scope = _scope(config, request, None)
    cache_dir = _cache_dir(config, request)
    history = None
    if request.source_history is not None:
        history = _source_history(request.source_history, cache_dir, config.stamp_keys)
    elif config.history and not request.no_source_history:
        history = _repository_history(config.root, cache_dir, config.stamp_keys)
    finder = history.finder if history is not None else OriginFinder()
    pages: list[PageStatus] = []
    notes: list[str] = []
    dialect = config.dialect()
    for target in scope.targets:
        path, source = str(target.translation), str(target.source)
        if not target.source.is_file():
            pages.append(PageStatus(path, source, target.lang, NO_ENGLISH))
            continue
        try:
            translation = parse_page(SourceText.read(path), target.lang, dialect)
            english = parse_page(SourceText.read(source), "en", dialect)
        except (TransmarkError, RecursionError) as exc:
            notes.append(f"{path}: skipped: {exc}")
            continue
        page_history = history.of(source) if history is not None else None
        own = history.of(path) if history is not None else None  # the translation's commits
        translated_at = own.current.date if own is not None else None
        pages.append(page_status(translation, english, page_history, finder, config.stamp_keys, translated_at))
    if not request.paths and request.source is None:
        missing = untranslated(config.root, config.layout())
        pages += [PageStatus(str(t.translation), str(t.source), t.lang, NOT_TRANSLATED, "missing") for t in missing]
    return sorted(pages, key=lambda page: (page.path, page.lang)), notes


def stamp(config: Config, request: Request = Request(), write: bool = True) -> list[tuple[str, str, str]]:
    """`fix --stamp`: the current English commit written into the stamp of every page found up to date.

    Returns (path, text before, text after) of each page it changes; writes them unless told not to.
    """
    from linter.history.stamps import stamped
    from linter.history.status import UP_TO_DATE
    from linter.project.files import write_atomic

    pages, _ = status(config, request)
    changed = []
    for page in pages:
        if page.status != UP_TO_DATE or page.current is None:
            continue
        if page.stamp is not None and page.stamp.commit == page.current.commit:
            continue
        key = page.stamp.key if page.stamp is not None else config.stamp_keys[0]
        try:
            before = Path(page.path).read_bytes().decode("utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise TransmarkError(f"{page.path}: cannot read: {exc}") from None
        after = stamped(before, key, page.current.commit)
        if after != before:
            changed.append((page.path, before, after))
    if write:
        for path, _, after in changed:
            try:
                write_atomic(path, after.encode("utf-8"))
            except OSError as exc:
                raise TransmarkError(f"{path}: cannot write: {exc.strerror}") from None
    return changed


def _registry(config: Config, request: Request) -> Registry:
    """The plugins' and built-in rules, plus those judged with the English history (always known to
    select, ignore and [rules.*], run only with a history) and, for `po`, the catalog counts."""
    from linter.engine.registry import Registry

    registry = Registry.load(config.plugins)
    extra = list(_history_rules())
    if request.catalogs:
        from linter.po import UnfinishedCatalogEntry

        extra.append(UnfinishedCatalogEntry)
    missing = [rule for rule in extra if registry.find(rule.id) is None]
    return Registry([*registry.rules, *missing]) if missing else registry


def _history_rules() -> tuple[type[Rule], ...]:
    """The rules that compare a translation with older English revisions (stale-block, bad-source-stamp,
    outdated-heading)."""
    from rules.headings import OutdatedHeading
    from rules.staleness import BadSourceStamp, StaleBlock

    return (StaleBlock, BadSourceStamp, OutdatedHeading)


def _status(
    rules: _Rules, scope: _Scope, changes: _Changes, findings: list[Finding], jobs: int | None
) -> dict[Finding, str]:
    """PR mode: lint the same pages as they were at the base commit; what is not there is new."""
    from linter.engine import baseline
    from linter.history import vcs

    with vcs.tree_at(changes.top, changes.commit, changes.files) as mirror:
        base = scope.moved(changes.top, mirror)
        if rules.history is not None:  # the base tree's pages have the work tree's history
            rules.history.histories.mirrors[mirror.absolute()] = changes.top.absolute()
        try:
            known = [baseline.identity(f, base.page_of(f)) for f in _lint(rules, base, rules.runner(base), jobs)]
        finally:
            if rules.history is not None:
                rules.history.histories.mirrors.clear()
    flags = baseline.matched(known, findings, scope.page_of)
    return {f: OLD if old else NEW for f, old in zip(findings, flags, strict=True)}


@dataclass(eq=False)
class _Scope:
    """The targets a run lints, and the site they belong to (what rules may look into)."""

    targets: list[Target]
    site: Callable[[], list[Target]]  # every translated page of the site, memoised
    root: Path  # the configuration's folder: page names in baselines and suppression files are relative to it
    catalogs: list[CatalogTarget] = field(default_factory=list)  # gettext catalogs named in PATHS
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
        return {str(t.translation): str(t.source) for t in self.targets}

    @functools.cached_property
    def _languages(self) -> dict[str, set[str]]:
        index: dict[str, set[str]] = {}
        for target in self.site():
            index.setdefault(str(target.source), set()).add(target.lang)
        return index

    def languages_of(self, source: str) -> set[str]:
        """Every language the site has this English page in (whether this run checks it or not)."""
        return self._languages.get(source, set())

    def siblings(self, findings: list[Finding]) -> list[Target]:
        """The other languages' pages of the English pages whose breakage this run found, in a site run
        over some of their translations: an export bug is told from a translation's own only with all."""
        from linter.engine.systemic import MIN_LANGUAGES

        if self.strict:
            return []
        broken = {f.source_path for f in findings if f.lang and f.severity >= Severity.WARNING and f.source_path}
        run = set(self.targets)
        run_languages = {(str(t.source), t.lang) for t in self.targets}
        return sorted(
            t
            for t in self.site()
            if str(t.source) in broken
            and t not in run
            and len(self.languages_of(str(t.source))) >= MIN_LANGUAGES
            and (str(t.source), t.lang) not in run_languages
        )

    def moved(self, top: Path, mirror: Path) -> _Scope:
        """The same scope in a mirror of the repository (the tree at the diff base)."""

        def there(path: str | Path) -> Path:
            return mirror / os.path.relpath(os.path.abspath(path), top)

        def moved(target: Target) -> Target:
            return Target(target.lang, there(target.source), there(target.translation))

        targets = [moved(t) for t in self.targets]
        targets = [t for t in targets if t.source.is_file() and t.translation.is_file()]
        site = functools.cache(lambda: [moved(t) for t in self.site()])
        return _Scope(targets, site, there(self.root))


@dataclass(frozen=True)
class _Changes:
    """PR mode: the repository, the base commit and the files changed since (top-relative)."""

    top: Path
    commit: str
    files: list[str]


def _changes(config: Config, request: Request) -> _Changes:
    from linter.history import vcs

    if request.source is not None:
        raise TransmarkError("--diff-base works in site mode, not with --source")
    top = vcs.toplevel(config.root)
    commit = vcs.resolve(top, request.diff_base or "")
    return _Changes(top, commit, vcs.changed_files(top, commit))


def _scope(config: Config, request: Request, changes: _Changes | None) -> _Scope:
    if request.catalogs:
        return _Scope([], list, config.root, _catalogs(config, request, list(request.paths)))
    catalogs = [path for path in request.paths if path.suffix == ".po"]
    if catalogs:  # PO files named on the command line (or by the hook) are linted as catalogs
        found = _catalogs(config, request, catalogs)
        pages = dataclasses.replace(request, paths=tuple(p for p in request.paths if p.suffix != ".po"))
        scope = _scope(config, pages, changes) if pages.paths else _Scope([], list, config.root)
        scope.catalogs = found
        return scope
    if request.source is not None:
        if not request.paths:
            raise TransmarkError("--source needs at least one translation file")
        pairs = [Target(request.lang, request.source, path) for path in request.paths]
        return _Scope(pairs, _pair_site(config, request, pairs), config.root, strict=True)
    if request.site is not None:
        raise TransmarkError("--site works in pair mode, with --source")
    from linter.project.discovery import discover

    layout = config.layout()
    paths = list(request.paths)
    if changes is not None:
        under = [os.path.abspath(p) for p in paths]
        # A deleted page is not linted (a deleted English page must not bring its translations).
        paths = [
            changes.top / name
            for name in changes.files
            if (changes.top / name).is_file()
            and (not under or any(_is_under(os.path.abspath(changes.top / name), folder) for folder in under))
        ]
    sources = (request.changed_source or config.changed_source) != "skip"
    targets = discover(config.root, layout, paths, sources) if paths or changes is None else []
    if request.paths and not targets and not request.skip_unmatched and changes is None:
        raise TransmarkError(f"no translated pages found for {' '.join(map(str, request.paths))}")
    site = functools.cache(lambda: discover(config.root, layout, []))
    return _Scope(targets, site, config.root)


def _site_config(config: Config, request: Request) -> Config:
    """The configuration of the site a pair belongs to: `--site`'s (its layout, its mkdocs.yml), else `config`."""
    if request.site is None:
        return config
    if not request.site.is_dir():
        raise TransmarkError(f"--site {request.site}: not a folder")
    site_config = load_config(request.site)
    if site_config.root != Path(os.path.abspath(request.site)):  # a configuration above it is another site's
        site_config = dataclasses.replace(site_config, root=Path(os.path.abspath(request.site)))
    return site_config


def _pair_site(config: Config, request: Request, pairs: list[Target]) -> Callable[[], list[Target]]:
    """What a pair-mode run may look into: the pair, plus the site `--site` names or the pair lives in.

    Only the pair is linted; the site's pages are read when a rule asks (a heading or paragraph
    of another page, a link into one), so a pair run costs a site walk only then.
    """
    from linter.project.discovery import discover

    named = request.site is not None
    site_config = _site_config(config, request)
    try:
        layout = site_config.layout()
    except TransmarkError:
        layout = None
    if layout is None:
        if named:
            raise TransmarkError(f"--site {request.site}: no translation layout found there")
        return lambda: pairs

    @functools.cache
    def targets() -> list[Target]:
        try:
            found = discover(site_config.root, layout, [])
        except TransmarkError:
            return pairs
        if not named:  # a pair outside the site found from the working directory is on its own
            sources = {os.path.abspath(t.source) for t in found}
            if not any(os.path.abspath(t.source) in sources for t in pairs):
                return pairs
        return pairs + [t for t in found if t not in pairs]

    return targets


def _catalogs(config: Config, request: Request, paths: list[Path]) -> list[CatalogTarget]:
    """Catalogs among (or under) `paths`, else every catalog of the site; `--source` and `--lang` apply to all."""
    from linter.po import CatalogTarget, discover_catalogs

    if request.source is not None:
        if not paths:
            raise TransmarkError("--source needs at least one catalog")
        return [CatalogTarget(path, request.lang, request.source) for path in paths]
    found = discover_catalogs(config.root, paths)
    if request.lang:
        found = [CatalogTarget(t.path, request.lang) for t in found]
    if request.catalogs and paths and not found:
        raise TransmarkError(f"no gettext catalogs (.po) among {' '.join(map(str, paths))}")
    return found


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
    max_page_size: int  # bytes: larger pages and catalogs are refused unread
    history: Any = None  # linter.history.origin.SourceHistory with --source-history
    results: PairResults | None = None  # the result cache; None with --no-cache

    @classmethod
    def of(cls, config: Config, registry: Registry, request: Request) -> _Rules:
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
        cache_dir = _cache_dir(config, request)
        history = None
        if request.source_history is not None:
            history = _source_history(request.source_history, cache_dir, config.stamp_keys)
        elif config.history and not request.no_source_history:
            history = _repository_history(config.root, cache_dir, config.stamp_keys)
        if history is None:
            without = {rule.id for rule in _history_rules()}
            active = [a for a in active if a.rule.id not in without]
        dialect = _site_config(config, request).dialect()  # --site: that site's Markdown, not the cwd's
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

    def runner(self, scope: _Scope, texts: Mapping[str, bytes] | None = None) -> Runner:
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


def _cache_dir(config: Config, request: Request) -> Path | None:
    """Where results and history are kept across runs; None with --no-cache."""
    from linter.engine.cache import DEFAULT_DIR, ENV_DIR

    if request.no_cache:
        return None
    return request.cache_dir or (Path(os.environ[ENV_DIR]) if os.environ.get(ENV_DIR) else config.root / DEFAULT_DIR)


def _results(
    cache_dir: Path, active: Sequence[ActiveRule], dialect: Dialect, history: Any, max_page_size: int
) -> PairResults:
    """The pair-result cache, salted by everything that changes what the rules report."""
    from linter.engine.cache import Cache, Codec, code_stamp, stable_repr
    from linter.engine.results import PairResults

    rules = [f"{a.rule.id}:{a.rule.__class__.__module__}:{a.severity}:{stable_repr(a.options)}" for a in active]
    stamps = history.stamp_keys if history is not None else None
    salt = [stable_repr(dialect), f"history={stamps}", f"max={max_page_size}", *rules]
    salt.append(code_stamp({sys.modules[a.rule.__class__.__module__] for a in active}))
    codec = Codec(finding_classes())
    return PairResults(Cache.open(cache_dir, salt, codec), history.revisions_print if history is not None else None)


def _source_history(where: Path, cache_dir: Path | None, stamp_keys: Sequence[str]) -> Any:
    from linter.history.history import HistoryError, is_revision_folder, require_work_tree
    from linter.history.origin import SourceHistory

    try:
        if not is_revision_folder(where):
            require_work_tree(where)
    except HistoryError as exc:
        raise TransmarkError(f"--source-history: {exc}") from None
    return SourceHistory(where, cache_dir, stamp_keys)


def _repository_history(root: Path, cache_dir: Path | None, stamp_keys: Sequence[str]) -> Any:
    """The history of the site's git repository, if it is one; its log is read before worker processes start."""
    from linter.history.history import work_tree
    from linter.history.origin import SourceHistory

    top = work_tree(root)
    if top is None:
        return None
    history = SourceHistory(None, cache_dir, stamp_keys)
    history.histories.log(top.resolve())
    return history


def _lint(
    rules: _Rules,
    scope: _Scope,
    runner: Runner,
    jobs: int | None = None,
    progress: Callable[[int], None] | None = None,
    collapse: bool = True,
) -> list[Finding]:
    """Lint the scope's pages and catalogs, then drop what suppressions and configuration say to drop.

    `collapse` false keeps each language's copy of a breakage found in every language (`fix` repairs each).
    """
    from linter.engine.runner import lint_site
    from linter.engine.suppress import Suppressions
    from linter.engine.systemic import collapse_systemic
    from linter.engine.unreadable import configured

    found = lint_site(runner, scope.targets, jobs, progress, strict=scope.strict, collapse=False)
    findings = collapse_systemic(found, scope.targets, rules.export_share) if collapse else found
    siblings = scope.siblings(findings) if collapse else []
    if siblings:  # breakage every language may share: judged with all of them, as a whole-site run does
        wanted = {str(path) for t in scope.targets for path in (t.source, t.translation)}
        found = list(dict.fromkeys(found + lint_site(runner, siblings, jobs, strict=scope.strict, collapse=False)))
        everything = collapse_systemic(found, scope.targets + siblings, rules.export_share)
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
    findings = suppressions.apply(findings, scope.targets)
    if rules.ignores:
        findings = [f for f in findings if rules.ignores.keep(f, scope.paths_of(f))]
    return sorted(findings, key=Finding.sort_key)
