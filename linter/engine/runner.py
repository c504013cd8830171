"""Runs the selected rules over aligned page pairs and turns their reports into sorted findings."""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from linter.align.aligner import Alignment, Pair, align, profile_source
from linter.collector import paused_gc
from linter.engine.cache import file_digest
from linter.engine.crash import crashed
from linter.engine.findings import Finding, Severity
from linter.engine.halves import beside, costliest_first, may_fork, run_halves
from linter.engine.keys import structural_key
from linter.engine.memo import PageMemo, is_bool
from linter.engine.outlines import outline_entry, outline_key, outline_page
from linter.engine.registry import Registry
from linter.engine.results import PairResults
from linter.engine.rule import Report, Rule, RuleContext
from linter.engine.site import Site
from linter.engine.systemic import broken_text, collapse_systemic
from linter.engine.trees import tree_entry, tree_key, tree_page
from linter.engine.unreadable import unreadable
from linter.errors import ConfigError, InputError
from linter.parse.dialect import DEFAULT, Dialect
from linter.parse.markdown import parse_page
from linter.parse.source import MAX_BYTES, SourceText
from linter.parse.tree import Page
from linter.patterns import compile_all
from linter.project.target import Target
from linter.records import Value

if TYPE_CHECKING:
    from concurrent.futures import Future


class ActiveRule(Value):
    """A rule as configured for a run: its severity and options after the configuration file."""

    rule: Rule
    severity: Severity
    options: Mapping[str, Any]

    __slots__ = ("rule", "severity", "options")

    def __init__(self, rule: Rule, severity: Severity, options: Mapping[str, Any]) -> None:
        self.rule = rule
        self.severity = severity
        self.options = options


def configure(
    registry: Registry,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    settings: Mapping[str, Mapping[str, Any]] | None = None,
) -> list[ActiveRule]:
    """Selected rules with their options and severity; unknown rules or options are ConfigErrors."""
    settings = settings or {}
    by_rule: dict[str, Mapping[str, Any]] = {}
    for key, values in settings.items():
        rule = registry.find(key)
        if rule is None:
            raise ConfigError(f'[rules.{key}]: unknown rule "{key}"')
        by_rule[rule.id] = values
    active = []
    for rule in registry.select(select, ignore):
        values = dict(by_rule.get(rule.id, {}))
        severity = rule.severity
        if "severity" in values:
            try:
                severity = Severity.parse(str(values.pop("severity")))
            except ValueError as exc:
                raise ConfigError(f"[rules.{rule.name}] severity: {exc}") from None
        options = {name: option.default for name, option in rule.options.items()}
        for name, value in values.items():
            option = rule.options.get(name)
            if option is None:
                raise ConfigError(f'[rules.{rule.name}]: unknown option "{name}"')
            if isinstance(value, bool) and option.type is not bool or not isinstance(value, option.type):
                if not (option.type is float and isinstance(value, int) and not isinstance(value, bool)):
                    raise ConfigError(f"[rules.{rule.name}] {name}: expected {_type_name(option.type)}")
            if option.validate is not None:
                try:
                    option.validate(value)
                except ValueError as exc:
                    raise ConfigError(f"[rules.{rule.name}] {name}: {exc}") from None
            options[name] = value
        active.append(ActiveRule(rule(), severity, options))
    return active


def _type_name(kind: type | tuple[type, ...]) -> str:
    kinds = kind if isinstance(kind, tuple) else (kind,)
    return " or ".join(k.__name__ for k in kinds)


def _default_is_english() -> Callable[[str], bool]:
    """The language detector, imported only when a rule first asks."""
    detector: list[Callable[[str], bool]] = []

    def is_english(text: str) -> bool:
        if not detector:
            from linter.parse.langid import is_english as real

            detector.append(real)
        return detector[0](text)

    return is_english


class Runner:
    """Lints pairs; parses every English page once however many languages use it."""

    def __init__(
        self,
        rules: Sequence[ActiveRule],
        is_english: Callable[[str], bool] | None = None,
        site: Site | None = None,
        dialect: Dialect = DEFAULT,
        max_bytes: int = MAX_BYTES,
    ) -> None:
        self.rules = rules
        self.max_bytes = max_bytes  # `max-page-size`: larger files are refused unread
        self.dialect = dialect  # how the site's pages parse
        self.is_english = is_english or _default_is_english()
        self._detects = is_english is None  # with the detector of linter.parse.langid (see `before_fork`)
        self.memo = PageMemo()  # the detector's and renderer's answers of the last runs for the pair being linted
        self.site = site
        self.history: Any = None  # English revisions (linter.origin.SourceHistory), for the stale-block rule
        self.texts: Mapping[str, bytes] = {}  # pages' unwritten content (fix passes), read instead of the files
        self.results: PairResults | None = None  # findings kept across runs (--no-cache: none)
        self._sources: dict[str, Page] = {}
        self._neighbours: dict[str, Page] = {}  # translations other rules looked into
        self._outlines: dict[str, Page] = {}  # pages other rules read the headings of
        self._outlines_kept: set[str] = set()  # pages whose outline this run found or wrote in the cache
        self._expected: set[str] = set()  # pages of pairs this process lints later (see `expect`)
        self._source_facts: dict[Page, dict[Any, Any]] = {}  # alignment facts of cached English pages
        self._analysed: Page | None = None  # the English page whose analyses its translations share now
        self.forks = False  # a big pair may use forks to parse and lint (lint_site sets it when it lints here)

    def load(self, path: str, lang: str = "", outline: bool = False) -> Page:
        data = self.texts.get(path)
        source = SourceText.read(path, self.max_bytes) if data is None else SourceText.from_bytes(path, data)
        return parse_page(source, lang, self.dialect, outline)

    def site_page(self, path: str, lang: str, outline: bool = False) -> Page:
        """A page a rule looks up through the Site: English pages share the source cache.

        A page read only for its headings (`outline`) and not parsed whole yet is read from the
        result cache's outlines or gets an outline parse, kept for the run: many pages link into
        one page, a translation is often linked after it was linted and let go, and a warm run
        lints few of the pages that link.
        """
        page = (self._sources if lang == "en" else self._neighbours).get(path)
        if outline:
            page = page or self._outlines.get(path) or self._parse_expected(path, lang)
            if page is None:
                page = self._outlines[path] = self._read_outline(path, lang)
            elif path not in self._outlines_kept:
                self._keep_outline(path, lang, page)
            return page
        if page is not None:
            return page
        if lang == "en":
            return self.source_page(path)
        page = self._neighbours[path] = self.load(path, lang)
        return page

    def expect(self, targets: Iterable[Target]) -> None:
        """Pairs this process lints next: a page of theirs a rule looks into first is parsed whole at
        once (see `_parse_expected`), not once for its outline and again for its pair."""
        for target in targets:
            self._expected.update((str(target.source), str(target.translation)))

    def _parse_expected(self, path: str, lang: str) -> Page | None:
        """The whole page if this process lints it later; None otherwise, or when it does not parse
        whole (an outline parse may still: its error is reported when the page is linted)."""
        if path not in self._expected:
            return None
        self._expected.discard(path)
        try:
            return self.site_page(path, lang)
        except (InputError, RecursionError):
            return None

    def _read_outline(self, path: str, lang: str) -> Page:
        """The page's outline from the cache, else parsed (and then kept in the cache)."""
        key = self._outline_key(path, lang)
        if key is not None:
            assert self.results is not None
            page = outline_page(path, lang, self.dialect, self.results.cache.get(key))
            if page is not None:
                self._outlines_kept.add(path)
                return page
        page = self.load(path, lang, outline=True)
        if key is not None:  # none, or unreadable: (re)written
            assert self.results is not None
            self.results.cache.put(key, outline_entry(page))
            self._outlines_kept.add(path)
        return page

    def _keep_outline(self, path: str, lang: str, page: Page) -> None:
        """Write the outline of a page read for its headings to the cache unless it is there: a page
        parsed whole when a rule first looked into it is read from the cache by the next run."""
        self._outlines_kept.add(path)
        key = self._outline_key(path, lang)
        if key is not None:
            assert self.results is not None
            if not self.results.cache.has(key):
                self.results.cache.put(key, outline_entry(page))

    def _outline_key(self, path: str, lang: str) -> str | None:
        """The cache entry of a page's outline; None as for `_result_key`."""
        if self.results is None or self.texts:
            return None
        content = self.site.file_digest(path) if self.site else file_digest(path)
        return None if content is None else outline_key(lang, content)

    def before_fork(self) -> None:
        """What each process of a site run would otherwise do for itself, done once before the workers fork:
        the patterns compiled and the detector's model loaded (both processes of a warm run of the corpus
        loaded it in 7 of 7 runs; 20 and 25-30 ms of CPU)."""
        compile_all()
        if self._detects:
            from linter.parse.langid import load_model

            try:
                load_model()
            except Exception:  # whatever keeps it from loading is reported to the rule that asks, as without workers
                pass

    def prune_cache(self, targets: Iterable[Target]) -> None:
        """Keep in the cache only what a run over `targets` (the whole site) reads now: their pairs' results,
        their pages' outlines and answer tables (`memo`), the English pages' trees, the site's heading index and
        this folder's table of file hashes (a run from another folder builds its own again); the rest is old
        content. A new kind of entry is listed here, or every whole-site run drops it."""
        if self.results is None or self.texts:
            return
        keep: set[str] = set()
        for target in targets:
            source, translation = str(target.source), str(target.translation)
            keys = (
                self._result_key(source, translation, target.lang),
                self._outline_key(translation, target.lang),
                self._outline_key(source, "en"),
                self._tree_key(source),
                self.memo.table_key(translation, target.lang),
            )
            keep.update(key for key in keys if key is not None)
        if self.site is not None:
            keep.update(self.site.cache_keys())
        self.results.cache.prune(keep)

    def source_page(self, path: str) -> Page:
        page = self._known_source(path)
        if page is None:
            page = self._sources[path] = self.load(path, "en")
            self._keep_tree(path, page)  # now, before any rule attaches its analyses to the page
        return page

    def _keep_tree(self, path: str, page: Page) -> None:
        """Write a freshly parsed English page's tree to the cache (see engine/trees.py)."""
        key = self._tree_key(path)
        entry = tree_entry(page) if key is not None else None
        if key is not None and entry is not None:
            assert self.results is not None
            self.results.cache.put(key, entry)

    def _known_source(self, path: str) -> Page | None:
        """The English page if this run has it, or the cache its tree (kept by the run from then on)."""
        page = self._sources.get(path)
        if page is None:
            key = self._tree_key(path)
            if key is not None:
                assert self.results is not None
                page = tree_page(self.results.cache.get(key))
                if page is not None:
                    self._sources[path] = page
        return page

    def _tree_key(self, path: str) -> str | None:
        """The cache entry of an English page's tree; None as for `_result_key`."""
        if self.results is None or self.texts:
            return None
        content = self.site.file_digest(path) if self.site else file_digest(path)
        return None if content is None else tree_key(path, content)

    def lint_files(self, source: str, translation: str, lang: str = "", look_up: bool = True) -> list[Finding]:
        """The pair's findings: from the result cache if nothing the pair read has changed (`look_up`), else linted."""
        if not Path(source).is_file():
            raise InputError(translation, f"its English source {source} does not exist")
        key = self._result_key(source, translation, lang)
        if key is None:
            return self._lint_files(source, translation, lang)
        assert self.results is not None
        found = self.results.get(key, self.site) if look_up else None
        if found is not None:
            return found
        reads: set[tuple[str, str]] = set()
        if self.site is not None:
            self.site.reads = reads
        try:
            with self.memo.kept(self.results.cache, translation, lang):
                findings = self._lint_files(source, translation, lang)
        except InputError as exc:  # kept too: the next run does not parse the page again to find it unreadable
            self.results.put(key, [], reads, self.site, exc)
            raise
        finally:
            if self.site is not None:
                self.site.reads = None
        if self.history is not None:
            reads.add(("history", source))
        self.results.put(key, findings, reads, self.site)
        return findings

    def stored_key(self, target: Target, readable: bool = False) -> str | None:
        """The pair's result-cache key when an earlier run left an entry under it (`still` reads it); with
        `readable`, not one that records an unreadable pair (a pair run lints it again, to end on the first
        unreadable page in order)."""
        # A missing English page has no hash, so no key: it is linted, to be reported (`lint_files`).
        key = self._result_key(str(target.source), str(target.translation), target.lang)
        if key is None or self.results is None or not self.results.cache.has(key):
            return None
        return None if readable and self.results.unreadable(key) else key

    def still(self, key: str) -> list[Finding] | None:
        """A stored entry's findings when it is whole and nothing the pair read has changed since, else None;
        raises the InputError of an unreadable pair."""
        return None if self.results is None else self.results.get(key, self.site)

    def _result_key(self, source: str, translation: str, lang: str) -> str | None:
        """The pair's result-cache entry; None without a cache, for unreadable files and in fix passes
        (they lint unwritten text)."""
        if self.results is None or self.texts:
            return None
        return self.results.key(source, translation, lang, self.site.file_digest if self.site else file_digest)

    def _lint_files(self, source: str, translation: str, lang: str) -> list[Finding]:
        with paused_gc():  # one collection at the pair's end (none under _lint_group: it freezes the pair)
            try:
                # A page a rule already looked into (a link target) is not parsed again; nor is an English page
                # whose tree the cache holds, which is read first (no fork then parses the translation beside it).
                self._known_source(source)
                target = self._neighbours.pop(translation, None) or self._load_translation(source, translation, lang)
                self._outlines.setdefault(translation, target)  # pages linked later read its headings
                english = self.source_page(source)
                findings = self.lint_pages(english, target)
            except RecursionError:
                raise InputError(translation, "nested too deeply to check") from None
        # The next run that lints a page linking here reads these headings from the cache, not by a parse.
        for path, page in ((translation, target), (source, english)):
            if path not in self._outlines_kept:
                self._keep_outline(path, page.lang, page)
        return findings

    def _load_translation(self, source: str, translation: str, lang: str) -> Page:
        """The translated page; parsed on a fork while this process parses the English page when both are
        big and neither is parsed yet (the fork's page pickled back costs about a third of its parse)."""
        if (
            not self.forks
            or _WORKER is not None
            or source in self._sources
            or _size(Path(source)) + _size(Path(translation)) < _FORK_CHARS
            or not may_fork(2)
        ):
            return self.load(translation, lang)
        return beside(lambda: self.load(translation, lang), lambda: self._profiled_source(source))

    def _profiled_source(self, source: str) -> None:
        """The English page parsed, and the aligner's profiles of it worked out (see `lint_pages`)."""
        page = self.source_page(source)
        profile_source(page, self._source_facts.setdefault(page, {}))

    def _is_english(self, text: str) -> bool:
        return self.memo.recall("english", text, lambda: self.is_english(text), is_bool)

    def lint_pages(self, source: Page, target: Page) -> list[Finding]:
        site = self.site or Site.of_targets([Target(target.lang, Path(source.path), Path(target.path))], self.site_page)
        shared = self._source_facts.setdefault(source, {}) if self._sources.get(source.path) is source else None
        if source is not self._analysed:
            # Pairs come grouped by English page: the last page's analyses (its words, sentences) are done with.
            if self._analysed is not None:
                self._analysed.analyses.clear()
            self._analysed = source
        alignment = align(source, target, shared)
        root_pair = Pair(source.root, target.root, "root", 1.0)
        # Rules for syntax the site does not render are left out.
        rules = [active for active in self.rules if all(map(source.dialect.has, active.rule.extensions))]

        def run(active: ActiveRule) -> list[Finding]:
            ctx = RuleContext(
                alignment, active.options, target.lang, self._is_english, site, self.history, self.memo.recall
            )
            pairs: Iterable[Pair]
            if active.rule.kinds == ("page",):
                pairs = [root_pair]
            else:
                pairs = alignment.pairs_of(*active.rule.kinds)
            found: list[Finding] = []
            try:
                for pair in pairs:
                    for report in active.rule.check(pair, ctx):
                        found.append(_finding(active, report, alignment))
            except (RecursionError, InputError):
                raise
            except Exception as exc:  # a rule's bug costs its own findings on this page, not the others'
                found = [crashed(active.rule, exc, target.path, target.lang)]
            return found

        if not (self.forks and _WORKER is None and _big(source, target)):
            return sorted({finding for active in rules for finding in run(active)}, key=Finding.sort_key)
        # The rules of one family share what they work out (a page's sentences): on a fork, they run together.
        families: dict[str, list[ActiveRule]] = {}
        for active in rules:
            families.setdefault(active.rule.family or type(active.rule).__module__, []).append(active)
        shares = list(families.values())
        shares = [shares[index] for index in costliest_first([sum(a.rule.cost for a in family) for family in shares])]
        return sorted(set(self._on_halves(shares, run, site)), key=Finding.sort_key)

    def _on_halves(
        self, families: list[list[ActiveRule]], run: Callable[[ActiveRule], list[Finding]], site: Site
    ) -> list[Finding]:
        """The findings of the families of rules, on this process and a fork when it may fork; what the
        fork's rules looked up (the result cache's reads) and the answers they recalled (PageMemo) are
        kept as if asked here."""

        def family(index: int) -> list[Finding]:
            return [finding for active in families[index] for finding in run(active)]

        if not may_fork(len(families)):
            return [finding for index in range(len(families)) for finding in family(index)]
        done, theirs = run_halves(len(families), family, lambda: (site.reads, self.memo.asked))
        if theirs is not None:
            reads, asked = theirs
            if reads and site.reads is not None:
                site.reads |= reads
            self.memo.asked.update(asked)
        return [finding for found in done.values() for finding in found]


# Below this many pairs a worker pool costs more than it saves (a hook's typical run).
_PARALLEL_MIN = 24
_WORKER: Runner | None = None  # the forked workers' runner (inherited, never pickled)


def lint_site(
    runner: Runner,
    targets: Sequence[Target],
    jobs: int | None = None,
    progress: Callable[[int], None] | None = None,
    strict: bool = False,
    share: float = 1.0,
    collapse: bool = True,
) -> list[Finding]:
    """Lint many pairs, on several processes when it pays off; the result is the same either way.

    Breakage found identically in every language of a page (or `share` of them) is reported once,
    for the English page, and the findings are sorted (unless `collapse` is false: `fix` repairs each
    language's copy, and the caller, which collapses or filters them, sorts them then).

    Pairs are grouped by English page, so each page is parsed once per worker that needs it.
    An unreadable page is a TM000 finding and the others are linted; with `strict` (a pair run)
    the first one ends the run, as a rule's crash always does. `progress` is told how many
    pairs each finished group held (for a progress bar).
    """
    with _frozen_heap():
        return _lint_site(runner, targets, jobs, progress, strict, share, collapse)


@contextmanager
def _frozen_heap() -> Iterator[None]:
    """The garbage collector leaves alone what a run keeps until it ends (see `_lint_group`).

    The pages a run keeps (every English page, every translation's outline) are millions of
    objects; the collector's full passes over them took a fifth of a site run.
    """
    try:
        yield
    finally:
        gc.unfreeze()


def _lint_site(
    runner: Runner,
    targets: Sequence[Target],
    jobs: int | None,
    progress: Callable[[int], None] | None,
    strict: bool,
    share: float,
    collapse: bool,
) -> list[Finding]:
    """Pairs with no stored findings are linted first; then stored findings are read and checked against
    the site, which reads the headings of pages just linted rather than parsing them again, and the pairs
    whose entries are damaged or whose reads changed are linted too. Workers start only for enough pairs
    to lint; when they do, this process lints a share too, then reads the stored entries while they lint."""
    fresh: list[Target] = []
    stored: list[tuple[Target, str]] = []
    for target in targets:
        key = runner.stored_key(target, readable=strict)
        if key is None:
            fresh.append(target)
        else:
            stored.append((target, key))
    findings: list[Finding] = []
    with _Workers(runner, jobs, strict, progress) as workers:
        workers.lint(fresh, then=len(stored) * _STORED_BYTES)
        stale = []
        for target, key in stored:
            try:
                found = runner.still(key)
            except InputError as exc:
                found = [_unreadable(exc, target)]
            if found is None:
                stale.append(target)
            else:
                findings += found
        if progress is not None and len(stale) < len(stored):
            progress(len(stored) - len(stale))
        workers.lint(stale)
        for found, error in workers.results():
            if error is not None:
                raise InputError(*error)
            findings += found
    findings = _english_once(findings)
    return collapse_systemic(findings, targets, share) if collapse else findings


def _english_once(findings: list[Finding]) -> list[Finding]:
    """The findings, an unreadable English page's once, not once per language: only a finding of no language
    can come twice (every other is its own pair's), so only those are hashed (all 31,000 of a 31-language
    site took 45 ms)."""
    seen: set[Finding] = set()
    kept = []
    for finding in findings:
        if not finding.lang:
            if finding in seen:
                continue
            seen.add(finding)
        kept.append(finding)
    return kept


_GroupResult = tuple[list[Finding], "_Error | None"]


class _Workers:
    """Lints batches of pairs grouped by English page: in this process, or in this process and worker
    processes (started on the first batch big enough to pay for them, then used for the rest).

    With `jobs` processes, this one is one of them: it lints a share of its own rather than waiting,
    and one process fewer is forked and warms up (compiles the rules' patterns, loads the detector).
    Each process gets its share of the groups up front (balanced by size), so it knows which pages it
    lints later: a page a rule looks into first is parsed whole once, not for its outline and again
    for its pair (see `Runner.expect`). A shared queue would balance better and parse twice. Sizes
    are estimates (a worker's start-up, a warm run's second round, pages slower than their bytes):
    when this process is done with its share, it takes back the groups no worker has started.
    """

    def __init__(self, runner: Runner, jobs: int | None, strict: bool, progress: Callable[[int], None] | None) -> None:
        self.runner = runner
        self.jobs = jobs or os.cpu_count() or 1
        self.strict = strict
        self.progress = progress
        self.pools: list[Any] = []  # one single-process executor per worker: each runs its own share
        self.loads: list[int] = []  # bytes given to this process (first) and to each worker so far
        self._done: list[tuple[Sequence[Target], _GroupResult | Future[_GroupResult]]] = []

    def __enter__(self) -> _Workers:
        return self

    def __exit__(self, *exc: object) -> None:
        global _WORKER
        for pool in self.pools:
            pool.shutdown(cancel_futures=True)
        if self.pools:
            _WORKER = None

    def lint(self, targets: Sequence[Target], then: int = 0) -> None:
        """Lint the pairs, or hand them to the workers; `then`: the bytes' worth of work this process
        does before it asks for the results (reading stored entries), which its share leaves room for."""
        by_page: dict[Path, list[Target]] = {}
        for target in targets:
            by_page.setdefault(target.source, []).append(target)
        groups = _spread(list(by_page.values()), self.jobs)
        parallel = min(self.jobs, len(groups)) > 1 and len(targets) >= _PARALLEL_MIN and sys.platform == "linux"
        if not self.pools and parallel:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            global _WORKER
            self.runner.before_fork()
            context = multiprocessing.get_context("fork")
            self.pools = [ProcessPoolExecutor(1, mp_context=context) for _ in range(min(self.jobs, len(groups)) - 1)]
            _WORKER = self.runner  # the workers fork on their first job; also tells this process not to fork big pairs
            self.loads = [0] * (len(self.pools) + 1)
        if not self.pools:
            self.runner.expect(targets)
            self.runner.forks = self.jobs > 1
            for group in by_page.values():
                self._lint_here(group)
            return
        batches = groups
        self.loads[0] += then
        lanes = _shares(batches, self.loads)
        shares: list[list[Target]] = [[] for _ in self.loads]
        for group, lane in zip(batches, lanes, strict=True):
            shares[lane] += group
        for pool, share in zip(self.pools, shares[1:], strict=True):
            pool.submit(_expect_in_worker, share)
        self.runner.expect(shares[0])
        submitted = [
            self.pools[lane - 1].submit(_lint_group_in_worker, group, self.strict) if lane else None
            for group, lane in zip(batches, lanes, strict=True)
        ]
        for group, future in zip(batches, submitted, strict=True):  # in order: results() keeps it
            if future is None:
                self._lint_here(group)
            else:
                self._done.append((group, future))

    def _lint_here(self, group: Sequence[Target]) -> None:
        self._done.append((group, self._here(group)))

    def _take_back(self) -> None:
        """Lint here the groups no worker has started, the last first while the workers go on from the front:
        in warm runs of the corpus this process was done up to 320 ms before the worker it then waited for."""
        for index in reversed(range(len(self._done))):
            group, done = self._done[index]
            if not isinstance(done, tuple) and done.cancel():
                self.runner.expect(group)
                self._done[index] = (group, self._here(group))

    def _here(self, group: Sequence[Target]) -> _GroupResult:
        result = _lint_group(self.runner, group, self.strict)
        if self.progress is not None:
            self.progress(len(group))
        return result

    def results(self) -> Iterator[_GroupResult]:
        """Each group's (findings, error), in the order the groups were linted."""
        self._take_back()
        for group, done in self._done:
            if isinstance(done, tuple):
                yield done
                continue
            yield done.result()
            if self.progress is not None:
                self.progress(len(group))


_Error = tuple[str, str, int | None]  # InputError's fields: exceptions with extra fields do not pickle

# Reading and checking a stored entry costs what linting a pair of this many bytes does: 0.19 ms of CPU
# an entry (702 of the corpus in 0.13 s) against 1.4 us a byte (37 edited pairs of 20 KB on average in
# 1.06 s), in --jobs 1 warm runs; rounded up for the headings this process parses of pages a worker lints.
_STORED_BYTES = 200


# Pairs with fewer characters (or bytes, before they are read) than this lint on one process: a fork
# costs more than half their rules.
_FORK_CHARS = 300_000


def _big(source: Page, target: Page) -> bool:
    return len(source.source.text) + len(target.source.text) >= _FORK_CHARS


def _spread(groups: list[list[Target]], jobs: int) -> list[list[Target]]:
    """The groups, the largest split in halves until there are `jobs` of them, while it has _PARALLEL_MIN pairs
    and _FORK_CHARS bytes: a group's pairs share their English page's parse, but one page's languages alone
    (a hook run's siblings, linted with an empty cache: 2.8 s for a corpus page in 31 languages) would
    otherwise keep one process."""
    groups = list(groups)
    while len(groups) < jobs:
        largest = max(range(len(groups)), key=lambda index: len(groups[index]), default=None)
        if largest is None or len(groups[largest]) < _PARALLEL_MIN or _pairs_bytes(groups[largest]) < _FORK_CHARS:
            break
        group = groups[largest]
        groups[largest : largest + 1] = [group[: len(group) // 2], group[len(group) // 2 :]]
    return groups


def _lint_group(runner: Runner, group: Sequence[Target], strict: bool) -> _GroupResult:
    findings: list[Finding] = []
    for target in group:
        # The pair's survivors (pages kept for the run) are frozen until the run ends (`_frozen_heap`),
        # uncollected: its garbage is a few hundred objects (751 in a corpus run, none for a pair of
        # 1 MB pages) and a young pass over a million survivors to find them took 0.27 s of such a pair.
        with paused_gc(freeze=True):
            try:
                findings += runner.lint_files(str(target.source), str(target.translation), target.lang, look_up=False)
            except InputError as exc:
                if strict:
                    return findings, (exc.path, exc.reason, exc.line)
                findings.append(_unreadable(exc, target))
    return findings, None


def _unreadable(error: InputError, target: Target) -> Finding:
    """TM000 for the page of the pair that cannot be read: an English page's is the same in every language."""
    return unreadable(error, "" if error.path == str(target.source) else target.lang)


def _lint_group_in_worker(group: Sequence[Target], strict: bool) -> _GroupResult:
    assert _WORKER is not None
    return _lint_group(_WORKER, group, strict)


def _expect_in_worker(targets: Sequence[Target]) -> None:
    assert _WORKER is not None
    _WORKER.expect(targets)


def _shares(groups: Sequence[Sequence[Target]], load: list[int]) -> list[int]:
    """The process of each group: the largest groups first, each to the least loaded process (`load`:
    the bytes each has been given, updated).

    A group's load is the bytes of its pairs (English and translation), which parsing, aligning and
    most rules scale with.
    """
    worker_of = [0] * len(groups)
    for size, index in sorted(((_pairs_bytes(group), index) for index, group in enumerate(groups)), reverse=True):
        worker_of[index] = load.index(min(load))
        load[worker_of[index]] += size
    return worker_of


def _pairs_bytes(group: Sequence[Target]) -> int:
    return sum(_size(target.source) + _size(target.translation) for target in group)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:  # reported as unreadable when linted
        return 0


def _finding(active: ActiveRule, report: Report, alignment: Alignment) -> Finding:
    rule = active.rule
    span = report.span or (report.node.span if report.node is not None else None)
    if span is None:
        raise ValueError(f"rule {rule.id} reported neither a node nor a span")
    source_node = report.source
    if source_node is None and report.node is not None:
        source_node = alignment.counterpart(report.node)
    source_span = report.source_span or (source_node.span if source_node is not None else None)
    # Breakage at an English spot is compared across languages by what the translation has there (systemic.py).
    shown = ""
    if source_span is not None and active.severity >= Severity.WARNING:
        shown = broken_text(report.message, alignment.target.source.lines, span)
    return Finding(
        rule_id=rule.id,
        rule_name=rule.name,
        severity=active.severity,
        path=alignment.target.path,
        span=span,
        message=report.message,
        source_path=alignment.source.path if source_span is not None else None,
        source_span=source_span,
        fix=report.fix,
        lang=alignment.target.lang,
        key=report.key or structural_key(report.node if report.node is not None else report.source, alignment),
        shown=shown,
    )
