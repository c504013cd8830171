"""`fix` and `fix --stamp`: repairs written into the request's pages."""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from linter.app.linting import lint_scope
from linter.app.page_status import status
from linter.app.request import Request
from linter.app.scope import resolve_scope
from linter.app.selection import RuleSet, registry_for
from linter.engine.findings import Finding
from linter.errors import TransmarkError
from linter.project.config import Config

if TYPE_CHECKING:
    from linter.engine.fixes import FixRun


def fix(config: Config, request: Request = Request(), unsafe: bool = False, write: bool = True) -> FixRun:
    """Fix the request's pages in passes (see linter.engine.fixes); write them unless told not to.

    The pages and rules are `lint`'s; gettext catalogs named in the paths are fixed in their own editor, not here.
    """
    from linter.engine.fixes import fix_run
    from linter.engine.systemic import collapse_systemic
    from linter.parse.markdown import parse_page
    from linter.parse.source import SourceText
    from linter.project.files import write_atomic

    scope = dataclasses.replace(resolve_scope(config, request, None), catalogs=[])
    rules = RuleSet.of(config, registry_for(config, request), request)
    can_fix = {active.rule.id for active in rules.active if active.rule.fix_safety}
    language_rules = {active.rule.id for active in rules.active if active.rule.judges_language}
    langs = {str(t.translation): t.lang for t in scope.targets}

    def lint_texts(texts: Mapping[str, bytes], only: Collection[str] | None) -> list[Finding]:
        part = scope
        if only is not None:
            part = dataclasses.replace(scope, targets=[t for t in scope.targets if str(t.translation) in only])
        return lint_scope(rules, part, rules.runner(part, texts), request.jobs, collapse=False)

    def parses(path: str, data: bytes) -> bool:
        try:
            return not parse_page(SourceText.from_bytes(path, data), langs.get(path, ""), rules.dialect).problems
        except (TransmarkError, RecursionError):
            return False

    def shown(findings: list[Finding]) -> list[Finding]:
        return collapse_systemic(findings, scope.targets, rules.export_share)

    done = fix_run(
        lint_texts, lambda f: f.rule_id in can_fix, parses, unsafe, collapse=shown, language_rules=language_rules
    )
    if write:
        for path, data in sorted(done.fixed_text.items()):
            try:
                write_atomic(path, data)
            except OSError as exc:
                raise TransmarkError(f"{path}: cannot write: {exc.strerror}") from None
    return done


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
