"""Reading a site's mkdocs.yml: its Markdown extensions (the dialect), docs_dir and i18n plugin.

mkdocs.yml files carry tags only MkDocs can resolve (`!ENV`, `!!python/name:`,
`!relative`); they are read as null, never run. `INHERIT:` is followed the way MkDocs
does: the child's mappings are merged into the parent's, and `markdown_extensions`
and `plugins` are merged by name.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from linter.errors import ConfigError
from linter.parse.dialect import Dialect
from linter.project.paths import display_path
from linter.records import Value

MKDOCS_NAMES = ("mkdocs.yml", "mkdocs.yaml")
_MERGED_BY_NAME = ("markdown_extensions", "plugins")
_MAX_INHERIT = 10  # deeper INHERIT chains are cycles or mistakes


class MkDocsFile(Value):
    """One mkdocs.yml with what it inherits merged in."""

    path: Path
    data: Mapping[str, Any]

    __slots__ = ("path", "data")

    def __init__(self, path: Path, data: Mapping[str, Any]) -> None:
        self.path = path
        self.data = data

    @property
    def docs_dir(self) -> str:
        """docs_dir relative to the file's folder (MkDocs' default: docs)."""
        value = self.data.get("docs_dir")
        return os.path.normpath(value) if isinstance(value, str) and value.strip() else "docs"

    def dialect(self) -> Dialect:
        extensions = named_entries(self.data.get("markdown_extensions"))
        return Dialect.of(extensions, str(display_path(self.path)), self.data.get("site_name"))

    def plugin(self, name: str) -> Mapping[str, Any] | None:
        """A plugin's options ({} when listed without options), None when the site does not use it."""
        plugins = named_entries(self.data.get("plugins"))
        if name not in plugins:
            return None
        options = plugins[name]
        return options if isinstance(options, Mapping) else {}


def find_mkdocs(root: Path, source_lang: str) -> MkDocsFile | None:
    """The site's English mkdocs.yml: at the root, else one per language (`docs/en/mkdocs.yml`)."""
    for folder in (root, root / "docs" / source_lang, root / source_lang):
        for name in MKDOCS_NAMES:
            if (folder / name).is_file():
                return load_mkdocs(folder / name)
    return None


def load_mkdocs(path: Path) -> MkDocsFile:
    return MkDocsFile(path, _load_inherited(path, 0))


def _load_inherited(path: Path, depth: int) -> dict[str, Any]:
    data = read_yaml(path)
    parent = data.pop("INHERIT", None)
    if not isinstance(parent, str) or depth >= _MAX_INHERIT:
        return data
    base = path.parent / parent
    if not base.is_file():
        raise ConfigError(f"{display_path(path)}: INHERIT names {parent}, which does not exist")
    return _merge(_load_inherited(base, depth + 1), data)


def _merge(parent: Mapping[str, Any], child: Mapping[str, Any], top: bool = True) -> dict[str, Any]:
    merged = dict(parent)
    for key, value in child.items():
        old = merged.get(key)
        if top and key in _MERGED_BY_NAME:
            old, value = named_entries(old), named_entries(value)
        if isinstance(old, Mapping) and isinstance(value, Mapping):
            merged[key] = _merge(old, value, top=False)
        else:
            merged[key] = value
    return merged


def named_entries(value: object) -> dict[str, Any]:
    """`markdown_extensions`/`plugins` as name -> options, from either the list or the mapping form."""
    if isinstance(value, Mapping):
        return {str(name): options for name, options in value.items()}
    entries: dict[str, Any] = {}
    if isinstance(value, list):
        for item in value:
            if isinstance(item, str):
                entries[item] = None
            elif isinstance(item, Mapping):
                entries.update((str(name), options) for name, options in item.items())
    return entries


def read_yaml(path: Path) -> dict[str, Any]:
    """The mapping in a YAML file ({} for anything else); a broken file is one ConfigError line."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"{display_path(path)}: cannot read: {exc.strerror}") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{display_path(path)}: not UTF-8: {exc.reason}") from None
    return dict(_parsed(str(display_path(path)), text))  # a copy: INHERIT is popped from it


@functools.lru_cache(maxsize=8)
def _parsed(name: str, text: str) -> dict[str, Any]:
    """A YAML file's top-level mapping, parsed once per run however many callers read it (the layout and
    the dialect both read mkdocs.yml): with libyaml when PyYAML has it, ten times faster on a big mkdocs.yml;
    a file libyaml refuses is read again by PyYAML's own parser, whose messages say what is wrong."""
    import yaml  # only sites without configuration pay for importing PyYAML

    try:
        data = yaml.load(text, Loader=_lenient_loader(fast=True))
    except (yaml.YAMLError, RecursionError, ValueError, TypeError):
        try:
            data = yaml.load(text, Loader=_lenient_loader(fast=False))
        except (yaml.YAMLError, RecursionError, ValueError, TypeError) as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f":{mark.line + 1}:{mark.column + 1}" if mark is not None else ""
            problem = getattr(exc, "problem", None) or "invalid YAML"
            raise ConfigError(f"{name}{where}: invalid YAML: {problem}") from None
    return data if isinstance(data, dict) else {}


@functools.cache
def _lenient_loader(fast: bool) -> type:
    import yaml

    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader) if fast else yaml.SafeLoader

    class Loader(base):
        """mkdocs.yml uses tags such as !ENV and !!python/name:; read them as null."""

    Loader.add_multi_constructor("", lambda loader, suffix, node: None)
    return Loader
