"""The site's Python-Markdown configuration (privacyguides.org's mkdocs.yml), in one place.

rules/emphasis.py renders suspicious blocks with the prose subset; tests/oracle.py renders whole
pages with all of it. docs/renderer.md says which versions behave how.
"""

from __future__ import annotations

from typing import Any

# Extensions that change how prose renders, in MkDocs order (builtins first, then the site's list).
PROSE_EXTENSIONS: tuple[str, ...] = (
    "tables",
    "fenced_code",
    "admonition",
    "pymdownx.details",
    "pymdownx.superfences",
    "pymdownx.tabbed",
    "pymdownx.arithmatex",
    "pymdownx.critic",
    "pymdownx.caret",
    "pymdownx.keys",
    "pymdownx.mark",
    "pymdownx.tilde",
    "pymdownx.tasklist",
    "attr_list",
    "def_list",
    "md_in_html",
    "abbr",
    "footnotes",
)
PROSE_CONFIGS: dict[str, dict[str, Any]] = {
    "pymdownx.tabbed": {"alternate_style": True},
    "pymdownx.arithmatex": {"generic": True},
    "pymdownx.tasklist": {"custom_checkbox": True},
}
# Whole pages add heading ids, meta, snippets and emoji (whose configs need the package imported).
PAGE_ONLY_EXTENSIONS: tuple[str, ...] = ("toc", "meta", "pymdownx.snippets", "pymdownx.emoji")
