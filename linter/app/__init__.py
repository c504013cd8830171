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

from linter.app.fixing import fix, stamp
from linter.app.linting import lint
from linter.app.page_status import status
from linter.app.request import Request
from linter.engine.run import Run
from linter.project.config import load_config
from linter.project.target import Target

__all__ = ["Request", "Run", "Target", "fix", "lint", "load_config", "stamp", "status"]
