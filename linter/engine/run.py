"""A run's result: what `check`, `baseline`, `report` and the reporters all work from."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from linter.engine.crash import has_crashes
from linter.engine.findings import Finding, Severity
from linter.project.target import Target

if TYPE_CHECKING:
    from linter.engine.rule import Rule
    from linter.parse.tree import Page

NEW, OLD = "new", "pre-existing"  # a finding's status in PR mode (--diff-base)


@dataclass
class Run:
    """The findings left after suppressions, ignores and the baseline, and what was checked."""

    findings: list[Finding]
    files: int  # page pairs and catalogs checked
    root: Path  # the configuration's folder
    rules: Sequence[tuple[type[Rule], Severity]] = ()  # the rules that ran, with their effective severity
    status: Mapping[Finding, str] | None = None  # NEW or OLD, with --diff-base
    page_of: Callable[[Finding], str] = field(default=lambda f: f.path)  # English page, root-relative
    targets: Sequence[Target] = ()  # the translated pages checked
    threshold: Severity = Severity.ERROR  # `fail-on`
    source_page: Callable[[str], Page] | None = None  # the run's parsed English pages, by path

    @property
    def crashed(self) -> bool:
        """Whether a rule failed on some page (TM003 findings): the command exits 2."""
        return has_crashes(self.findings)

    @property
    def failed(self) -> bool:
        """Whether a finding is at or above `fail-on`: the command exits 1."""
        return any(f.severity >= self.threshold for f in self.findings)
