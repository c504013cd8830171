"""gettext catalogs (mdpo, Translate Toolkit, Sphinx, Weblate/Crowdin PO exports) checked with the page rules."""

from __future__ import annotations

from linter.po.catalog import Catalog, Entry, read_catalog
from linter.po.discover import DEFAULT_PATTERNS, discover_catalogs, is_catalog
from linter.po.lint import CatalogTarget, UnfinishedCatalogEntry, lint_catalog, lint_catalogs, scope

__all__ = [
    "DEFAULT_PATTERNS",
    "Catalog",
    "CatalogTarget",
    "Entry",
    "UnfinishedCatalogEntry",
    "discover_catalogs",
    "is_catalog",
    "lint_catalog",
    "lint_catalogs",
    "read_catalog",
    "scope",
]
