"""`lint`: one run over a request's pages, with suppressions, ignores, the baseline and PR-mode status."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from linter.app.request import Request
from linter.app.scope import Changes, Scope, changes_since, resolve_scope
from linter.app.selection import RuleSet, own_cache, registry_for
from linter.engine.findings import Finding, Severity
from linter.engine.run import NEW, OLD, Run
from linter.errors import TransmarkError
from linter.project.config import Config

if TYPE_CHECKING:
    from linter.engine.runner import Runner


def lint(config: Config, request: Request = Request(), progress: Callable[[int, int], None] | None = None) -> Run:
    """Lint what `request` asks for under `config`. Raises TransmarkError (ConfigError, InputError) on bad input.

    `progress` is told (pairs just finished, pairs in the run) as groups of pairs finish, for a progress bar.
    """
    if request.new_only and not request.diff_base:
        raise TransmarkError("--new-only needs --diff-base REF")
    threshold = Severity.parse(request.fail_on or config.fail_on)
    changes = changes_since(config, request) if request.diff_base else None
    scope = resolve_scope(config, request, changes)
    if request.skip_unmatched and not scope.targets and not scope.catalogs:
        return Run([], 0, config.root, threshold=threshold)  # a hook run on other Markdown files: load no rules
    rules = RuleSet.of(config, registry_for(config, request), request)
    runner = rules.runner(scope)
    total = len(scope.targets)
    step = None if progress is None else lambda done: progress(done, total)
    findings = lint_scope(rules, scope, runner, request.jobs, step)
    if scope.whole_site and own_cache(config, request):  # every entry the site reaches now is known
        runner.prune_cache(scope.targets)
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


def lint_scope(
    rules: RuleSet,
    scope: Scope,
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
    if runner.site is not None:
        runner.site.save_digests()
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
        runner.site.marked if runner.site is not None else lambda path: None,
    )
    findings, notes = suppressions.apply(findings, scope.targets)
    findings += notes
    if rules.ignores:
        findings = [f for f in findings if rules.ignores.keep(f, scope.paths_of(f))]
    # Collapsing sorted them, and what came after only dropped some or changed TM000's severity (all alike):
    # sorted again only with what was added (a second sort of a 31-language site's findings took 30 ms).
    ordered = collapse and not scope.catalogs and not notes
    return findings if ordered else sorted(findings, key=Finding.sort_key)


def _status(
    rules: RuleSet, scope: Scope, changes: Changes, findings: list[Finding], jobs: int | None
) -> dict[Finding, str]:
    """PR mode: lint the same pages as they were at the base commit; what is not there is new."""
    from linter.engine import baseline
    from linter.history import vcs

    with vcs.tree_at(changes.top, changes.commit, changes.files) as mirror:
        base = scope.moved(changes.top, mirror)
        if rules.history is not None:  # the base tree's pages have the work tree's history
            rules.history.histories.mirrors[mirror.absolute()] = changes.top.absolute()
        try:
            known = [baseline.identity(f, base.page_of(f)) for f in lint_scope(rules, base, rules.runner(base), jobs)]
        finally:
            if rules.history is not None:
                rules.history.histories.mirrors.clear()
    flags = baseline.matched(known, findings, scope.page_of)
    return {f: OLD if old else NEW for f, old in zip(findings, flags, strict=True)}
