"""Which pages and catalogs a request names, and the site they belong to.

Site mode (the layout's pages, or those under some paths), pair mode (`--source`, with the site
it may look into), PR mode (pages changed since a commit) and gettext catalogs.
"""

from __future__ import annotations

import dataclasses
import functools
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from linter.app.request import Request
from linter.engine.findings import Finding, Severity
from linter.errors import TransmarkError
from linter.project.config import Config, load_config
from linter.project.target import Entry, Target, entry_of, target_of
from linter.records import Value

if TYPE_CHECKING:
    from linter.po import CatalogTarget


@dataclass(eq=False)
class Scope:
    """The targets a run lints, and the site they belong to (what rules may look into)."""

    targets: list[Target]
    site: Callable[[], list[Entry]]  # every translated page of the site, memoised
    root: Path  # the configuration's folder: page names in baselines and suppression files are relative to it
    catalogs: list[CatalogTarget] = field(default_factory=list)  # gettext catalogs named in PATHS
    strict: bool = False  # pair mode: an unreadable page ends the run (exit 2) instead of being a finding
    whole_site: bool = False  # the run lints every translated page of the site

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
        for lang, source, _ in self.site():
            index.setdefault(source, set()).add(lang)
        return index

    def languages_of(self, source: str) -> set[str]:
        """Every language the site has this English page in (whether this run checks it or not)."""
        return self._languages.get(source, set())

    def siblings(self, findings: list[Finding]) -> list[Target]:
        """The other languages' pages of the English pages whose breakage this run found, in a site run
        over some of their translations: an export bug is told from a translation's own only with all."""
        from linter.engine.systemic import MIN_LANGUAGES

        if self.strict or self.whole_site:  # a whole-site run has every sibling already
            return []
        broken = {f.source_path for f in findings if f.lang and f.severity >= Severity.WARNING and f.source_path}
        run = set(map(entry_of, self.targets))
        run_languages = {(source, lang) for lang, source, _ in run}
        return sorted(
            target_of(e)
            for e in self.site()
            if e[1] in broken
            and e not in run
            and (e[1], e[0]) not in run_languages
            and len(self.languages_of(e[1])) >= MIN_LANGUAGES
        )

    def moved(self, top: Path, mirror: Path) -> Scope:
        """The same scope in a mirror of the repository (the tree at the diff base)."""

        def there(path: str | Path) -> Path:
            return mirror / os.path.relpath(os.path.abspath(path), top)

        def moved(target: Target) -> Target:
            return Target(target.lang, there(target.source), there(target.translation))

        targets = [moved(t) for t in self.targets]
        targets = [t for t in targets if t.source.is_file() and t.translation.is_file()]
        site = functools.cache(lambda: [entry_of(moved(target_of(e))) for e in self.site()])
        return Scope(targets, site, there(self.root))


class Changes(Value):
    """PR mode: the repository, the base commit and the files changed since (top-relative)."""

    top: Path
    commit: str
    files: list[str]

    __slots__ = ("top", "commit", "files")

    def __init__(self, top: Path, commit: str, files: list[str]) -> None:
        self.top = top
        self.commit = commit
        self.files = files


def changes_since(config: Config, request: Request) -> Changes:
    from linter.history import vcs

    if request.source is not None:
        raise TransmarkError("--diff-base works in site mode, not with --source")
    top = vcs.toplevel(config.root)
    commit = vcs.resolve(top, request.diff_base or "")
    return Changes(top, commit, vcs.changed_files(top, commit))


def resolve_scope(config: Config, request: Request, changes: Changes | None) -> Scope:
    if request.catalogs:
        return Scope([], list, config.root, _catalogs(config, request, list(request.paths)))
    catalogs = [path for path in request.paths if path.suffix == ".po"]
    if catalogs:  # PO files named on the command line (or by the hook) are linted as catalogs
        found = _catalogs(config, request, catalogs)
        pages = dataclasses.replace(request, paths=tuple(p for p in request.paths if p.suffix != ".po"))
        scope = resolve_scope(config, pages, changes) if pages.paths else Scope([], list, config.root)
        scope.catalogs = found
        return scope
    if request.source is not None:
        if not request.paths:
            raise TransmarkError("--source needs at least one translation file")
        pairs = [Target(request.lang, request.source, path) for path in request.paths]
        return Scope(pairs, _pair_site(config, request, pairs), config.root, strict=True)
    if request.site is not None:
        raise TransmarkError("--site works in pair mode, with --source")
    from linter.project.discovery import discover, listing

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
    if not paths and changes is None:  # the whole site: its pages are the run's, listed once
        return Scope(targets, functools.cache(lambda: list(map(entry_of, targets))), config.root, whole_site=True)
    site = functools.cache(lambda: listing(config.root, layout))
    return Scope(targets, site, config.root)


def site_config(config: Config, request: Request) -> Config:
    """The configuration of the site a pair belongs to: `--site`'s (its layout, its mkdocs.yml), else `config`."""
    if request.site is None:
        return config
    if not request.site.is_dir():
        raise TransmarkError(f"--site {request.site}: not a folder")
    found = load_config(request.site)
    if found.root != Path(os.path.abspath(request.site)):  # a configuration above it is another site's
        found = dataclasses.replace(found, root=Path(os.path.abspath(request.site)))
    return found


def _pair_site(config: Config, request: Request, pairs: list[Target]) -> Callable[[], list[Entry]]:
    """What a pair-mode run may look into: the pair, plus the site `--site` names or the pair lives in.

    Only the pair is linted; the site's pages are read when a rule asks (a heading or paragraph
    of another page, a link into one), so a pair run costs a site walk only then.
    """
    from linter.project.discovery import listing

    own = [entry_of(t) for t in pairs]
    named = request.site is not None
    pair_config = site_config(config, request)
    try:
        layout = pair_config.layout()
    except TransmarkError:
        layout = None
    if layout is None:
        if named:
            raise TransmarkError(f"--site {request.site}: no translation layout found there")
        return lambda: own

    @functools.cache
    def entries() -> list[Entry]:
        try:
            found = listing(pair_config.root, layout)
        except TransmarkError:
            return own
        if not named:  # a pair outside the site found from the working directory is on its own
            sources = {os.path.abspath(source) for _, source, _ in found}
            if not any(os.path.abspath(t.source) in sources for t in pairs):
                return own
        return own + [e for e in found if e not in own]

    return entries


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
