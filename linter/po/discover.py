"""Finding gettext catalogs on disk: by layout pattern, or named on the command line."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from string import Formatter

from linter.errors import ConfigError
from linter.po.lint import CatalogTarget
from linter.project.discovery import display_path

CATALOG_SUFFIX = ".po"
# Where converters and hosting platforms put a page's catalog ({path}: the page without `.md`).
DEFAULT_PATTERNS = (
    "locale/{lang}/LC_MESSAGES/{path}.po",  # mdpo, Sphinx (locale_dirs), Translate Toolkit
    "locales/{lang}/LC_MESSAGES/{path}.po",
    "po/{lang}/{path}.po",  # Weblate, Crowdin PO exports
    "locale/{lang}/{path}.po",
    "i18n/{lang}/{path}.po",
)
_GROUPS = {"lang": r"(?P<lang>[^/]+)", "path": r".+", "stem": r"[^/]+", "name": r"[^/]+"}
_SKIP_DIRS = {"node_modules", "site-packages", "__pycache__"}


def is_catalog(path: Path | str) -> bool:
    return str(path).endswith(CATALOG_SUFFIX)


def pattern_regex(pattern: str) -> re.Pattern[str]:
    """A catalog pattern (`locale/{lang}/LC_MESSAGES/{path}.po`) as a regex on root-relative paths."""
    parts = []
    try:
        parsed = list(Formatter().parse(pattern))
    except ValueError as exc:
        raise ConfigError(f'catalog pattern "{pattern}" is malformed: {exc}') from None
    names = {name for _, name, _, _ in parsed if name}
    if "lang" not in names or names - set(_GROUPS):
        raise ConfigError(f'catalog pattern "{pattern}" needs {{lang}} and may use {{path}}, {{stem}} or {{name}}')
    named = False
    for literal, name, _, _ in parsed:
        parts.append(re.escape(literal))
        if name == "lang":
            parts.append("(?P=lang)" if named else _GROUPS["lang"])
            named = True
        elif name:
            parts.append(_GROUPS[name])
    return re.compile("".join(parts))


def discover_catalogs(
    root: Path, paths: Sequence[Path] = (), patterns: Sequence[str] | None = None
) -> list[CatalogTarget]:
    """Catalogs under `root` that a pattern matches, or the `.po` files and folders in `paths`.

    A catalog named on the command line is checked even if no pattern matches it; its
    language then comes from the catalog's own `Language` header.
    """
    regexes = [pattern_regex(p) for p in (patterns or DEFAULT_PATTERNS)]
    root_dir = os.path.abspath(root)
    found: dict[str, CatalogTarget] = {}
    if paths:
        for path in paths:
            absolute = os.path.abspath(path)
            if os.path.isdir(absolute):
                for file in _walk(absolute):
                    lang = _language(file, root_dir, regexes)
                    if lang is not None:
                        found[file] = CatalogTarget(display_path(file), lang)
            elif is_catalog(absolute):
                found[absolute] = CatalogTarget(display_path(absolute), _language(absolute, root_dir, regexes) or "")
    else:
        for file in _walk(root_dir):
            lang = _language(file, root_dir, regexes)
            if lang is not None:
                found[file] = CatalogTarget(display_path(file), lang)
    return sorted(found.values(), key=lambda target: str(target.path))


def _language(path: str, root: str, regexes: Sequence[re.Pattern[str]]) -> str | None:
    relative = os.path.relpath(path, root).replace(os.sep, "/")
    for regex in regexes:
        match = regex.fullmatch(relative)
        if match:
            return match.group("lang")
    return None


def _walk(top: str) -> Iterator[str]:
    for folder, dirs, files in os.walk(top):
        # Hidden folders (.git, .venv) and installed packages never hold a site's catalogs.
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in _SKIP_DIRS)
        yield from (os.path.join(folder, name) for name in sorted(files) if name.endswith(CATALOG_SUFFIX))
