"""TM003: a rule that raised on a page; the page's other rules and the rest of the run go on."""

from __future__ import annotations

import os
import sys

from linter.engine.findings import Finding, Severity
from linter.engine.rule import Rule
from linter.parse.positions import Pos, Span


class InternalError(Rule):
    """A rule failed on this page: a bug in transmark, not in the translation.

    ## What it does
    Reports that one rule stopped with an error on this page, so its findings for the page
    are missing. The other rules' findings are reported, the other pages are checked, and
    the run ends with exit status 2. `TRANSMARK_DEBUG=1` prints the error's traceback.

    ## Why is this bad?
    The page was not fully checked; please report the message and the page to transmark's
    issue tracker.

    ## Example
    ```markdown title="English"
    [Signal](https://signal.org/)
    ```

    ```markdown title="Translation"
    [Signal](https://signal.org/)
    ```

    ```markdown title="Use instead"
    [Signal](https://signal.org/)
    ```
    """

    id = "TM003"
    name = "internal-error"
    summary = "a rule failed on this page (a transmark bug); its findings there are missing"
    severity = Severity.ERROR
    kinds = ()


def crashed(rule: Rule, error: Exception, path: str, lang: str) -> Finding:
    """The finding for `rule` raising `error` on the page at `path`; the traceback with TRANSMARK_DEBUG=1."""
    if os.environ.get("TRANSMARK_DEBUG"):
        import traceback

        traceback.print_exception(error, file=sys.stderr)
    where = Span(Pos(1, 1), Pos(1, 1))
    detail = " ".join(str(error).split())
    detail = detail if len(detail) <= 120 else detail[:119] + "…"
    message = (
        f"rule {rule.id} {rule.name} failed on this page ({type(error).__name__}: {detail}), "
        "so its findings here are missing; please report this transmark bug"
    )
    return Finding(InternalError.id, InternalError.name, InternalError.severity, path, where, message, lang=lang)


CRASHED = "a rule failed on some pages (internal-error findings); please report it"


def has_crashes(findings: list[Finding]) -> bool:
    """A run with a crashed rule ends with exit status 2."""
    return any(finding.rule_id == InternalError.id for finding in findings)
