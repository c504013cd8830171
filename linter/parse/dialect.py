"""The Markdown dialect a site renders with: which Python-Markdown extensions its mkdocs.yml enables.

The parser only recognises the syntaxes the site's renderer knows: without
`pymdownx.blocks` a `/// tip` line is text, without `pymdownx.tabbed` `=== "A"` is a
paragraph. linter/project/mkdocs.py builds a Dialect from a site's mkdocs.yml; without
one, `DEFAULT` keeps every syntax the parser knows.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

# pymdownx.blocks.admonition's own types, when mkdocs.yml lists none.
BLOCK_ADMONITION_TYPES = frozenset(("note", "attention", "caution", "danger", "error", "tip", "hint", "warning"))
_BLOCKS = "pymdownx.blocks."

# privacyguides.org's extensions (linter/parse/renderer.py) plus pymdownx.blocks, which the
# parser knew before it read mkdocs.yml, and FastAPI's code includes: a page linted without a
# site keeps every syntax.
_DEFAULT_EXTENSIONS = (
    "abbr",
    "admonition",
    "attr_list",
    "def_list",
    "footnotes",
    "markdown_include_variants",
    "md_in_html",
    "mdx_include",
    "pymdownx.blocks.admonition",
    "pymdownx.blocks.details",
    "pymdownx.blocks.html",
    "pymdownx.blocks.tab",
    "pymdownx.details",
    "pymdownx.emoji",
    "pymdownx.snippets",
    "pymdownx.superfences",
    "pymdownx.tabbed",
    "pymdownx.tasklist",
    "tables",
    "toc",
)
# MkDocs adds these to every site's list.
MKDOCS_BUILTINS = ("toc", "tables", "fenced_code")


@dataclass(frozen=True)
class Dialect:
    """The extensions a site's renderer runs, by their mkdocs.yml names, and the options the parser needs."""

    extensions: frozenset[str]
    # `/// type` names pymdownx.blocks.admonition accepts; its defaults unless mkdocs.yml lists `types`.
    admonition_types: frozenset[str] = BLOCK_ADMONITION_TYPES
    origin: str = ""  # where it was read, for `transmark config`
    # mkdocs.yml's site_name ("FastAPI"): the name pages write as text, even where code spells it the same.
    site_name: str = ""

    @classmethod
    def of(cls, extensions: Mapping[str, object], origin: str = "", site_name: object = None) -> Dialect:
        """The dialect of mkdocs.yml's `markdown_extensions` (name -> options), plus MkDocs' built-ins."""
        names = frozenset(extensions) | frozenset(MKDOCS_BUILTINS)
        types = BLOCK_ADMONITION_TYPES
        options = extensions.get(f"{_BLOCKS}admonition")
        if isinstance(options, Mapping) and isinstance(options.get("types"), list):
            types = types | _type_names(options["types"])
        return cls(names, types, origin, site_name.strip() if isinstance(site_name, str) else "")

    def has(self, extension: str) -> bool:
        return extension in self.extensions

    @property
    def syntax(self) -> tuple[frozenset[str], frozenset[str]]:
        """What parsing reads of the dialect: two with the same syntax parse every page into the same tree."""
        return self.extensions, self.admonition_types

    @property
    def container_kinds(self) -> frozenset[str]:
        """Indented pymdown containers the site renders: admonition `!!!`, details `???`, tab `===`."""
        kinds = {
            ("admonition", "admonition"),
            ("pymdownx.details", "details"),
            ("pymdownx.tabbed", "tab"),
        }
        return frozenset(kind for extension, kind in kinds if extension in self.extensions)

    @property
    def blocks(self) -> bool:
        """Whether `/// name` blocks exist (any pymdownx.blocks extension is enabled)."""
        return any(name.startswith(_BLOCKS) for name in self.extensions)

    def describe(self) -> str:
        where = f" (from {self.origin})" if self.origin else " (default: no mkdocs.yml read)"
        types = ""
        if self.has(f"{_BLOCKS}admonition"):
            types = "; /// admonition types: " + ", ".join(sorted(self.admonition_types))
        return ", ".join(sorted(self.extensions)) + types + where


def _type_names(types: Iterable[object]) -> frozenset[str]:
    # A type is a name, or a mapping {name: ..., class: ..., title: ...}.
    names = set()
    for item in types:
        if isinstance(item, str):
            names.add(item)
        elif isinstance(item, Mapping) and isinstance(item.get("name"), str):
            names.add(item["name"])
    return frozenset(names)


DEFAULT = Dialect(frozenset(_DEFAULT_EXTENSIONS))
