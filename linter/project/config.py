"""Load the configuration from .transmark.toml, transmark.toml or pyproject.toml."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType
from typing import Any

from linter.errors import ConfigError
from linter.parse.dialect import DEFAULT as DEFAULT_DIALECT
from linter.parse.dialect import Dialect
from linter.parse.source import MAX_BYTES
from linter.patterns import lazy
from linter.project.discovery import (
    DEFAULT_INCLUDE,
    Layout,
    check_pattern,
    detect_layout,
    display_path,
)
from linter.project.mkdocs import find_mkdocs

CONFIG_NAMES = (".transmark.toml", "transmark.toml")
PYPROJECT = "pyproject.toml"
FAIL_ON = ("error", "warning", "info")
CHANGED_SOURCE = ("check-translations", "skip")

# TOML key -> expected kind; the dataclass field is the key in snake_case.
_KEYS = {
    "source": "string",
    "translation": "string",
    "languages": "strings",
    "source-lang": "string",
    "include": "strings",
    "exclude": "strings",
    "select": "strings",
    "ignore": "strings",
    "fail-on": "string",
    "per-path-ignores": "string-lists",
    "per-language-ignores": "string-lists",
    "changed-source": "string",
    "suppressions": "string",
    "baseline": "string",
    "rules": "tables",
    "plugins": "strings",
    "export-share": "share",
    "history": "boolean",
    "stamp-keys": "strings",
    "max-page-size": "size",
}
_TOML_TYPES = {
    bool: "boolean",
    int: "integer",
    float: "float",
    str: "string",
    list: "array",
    dict: "table",
}
_EXPECTED = {
    "string": "a string",
    "strings": "an array of strings",
    "tables": "a table of tables",
    "string-lists": "a table of arrays of strings",
    "share": "a number from 0 to 1",
    "boolean": "true or false",
    "size": 'a positive number of bytes or a string such as "16 MiB"',
}
_SIZE = lazy(r"\s*(\d+)\s*(B|KiB|MiB|GiB)?\s*", re.I)
_UNITS = {"b": 1, "kib": 1024, "mib": 1024**2, "gib": 1024**3}


def _empty() -> Mapping[str, Any]:
    return MappingProxyType({})


@dataclass(frozen=True)
class Config:
    """The effective configuration; `None` means "not set" (detect or use defaults)."""

    root: Path
    path: Path | None = None
    source: str | None = None
    translation: str | None = None
    languages: tuple[str, ...] | None = None
    source_lang: str = "en"
    include: tuple[str, ...] = DEFAULT_INCLUDE
    exclude: tuple[str, ...] = ()
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    fail_on: str = "error"
    # Read-only mappings; hash=False because mappings are unhashable.
    per_path_ignores: Mapping[str, tuple[str, ...]] = field(default_factory=_empty, hash=False)  # glob -> rules
    per_language_ignores: Mapping[str, tuple[str, ...]] = field(default_factory=_empty, hash=False)
    changed_source: str = "check-translations"  # what a changed English page means: lint its translations, or not
    suppressions: str | None = None  # the suppression file, relative to `root`
    baseline: str | None = None  # the baseline file, relative to `root`
    rules: Mapping[str, Mapping[str, object]] = field(default_factory=_empty, hash=False)
    plugins: tuple[str, ...] = ()
    # Breakage with the same text in at least this share of a page's languages is reported once, on English.
    export_share: float = 1.0
    # In a git repository, the English pages' history is read (stale blocks, page status); false: never.
    history: bool = True
    # Front-matter keys (dotted for nested ones) where a translation records the English commit it was made from.
    stamp_keys: tuple[str, ...] = ("l10n.sourceCommit", "default_lang_commit", "source_commit")
    max_page_size: int = MAX_BYTES  # bytes: a larger page or catalog is reported as unreadable, not read

    def layout(self) -> Layout | None:
        """The configured layout, else the detected one adjusted by the config."""
        if self.source is not None and self.translation is not None:
            return Layout(
                self.source,
                self.translation,
                self.languages,
                self.source_lang,
                self.include,
                self.exclude,
            )
        detected = detect_layout(self.root, self.source_lang)
        if detected is None:
            return None
        # A detected layout may narrow the include (e.g. crowdin's "**/*.*" is wider,
        # "*.md" narrower); only an explicit include replaces it.
        include = detected.include if self.include == DEFAULT_INCLUDE else self.include
        languages = self.languages if self.languages is not None else detected.languages
        return replace(
            detected,
            languages=languages,
            include=include,
            exclude=detected.exclude + self.exclude,
        )

    def dialect(self) -> Dialect:
        """The Markdown dialect of the site's mkdocs.yml; without one, every syntax the parser knows."""
        mkdocs = find_mkdocs(self.root, self.source_lang)
        return mkdocs.dialect() if mkdocs is not None else DEFAULT_DIALECT

    def file(self, value: str) -> Path:
        """A file named by the configuration, such as `baseline`: relative to the configuration's folder."""
        return self.root / value

    def describe(self, key: str) -> str:
        """How an error names one of this configuration's keys: `transmark.toml: "select"`."""
        where = display_path(self.path) if self.path else "configuration"
        table = " in [tool.transmark]" if self.path is not None and self.path.name == PYPROJECT else ""
        return f'{where}: "{key}"{table}'

    def as_toml(self) -> str:
        """The effective configuration as a transmark.toml; unset keys are comments."""
        where = display_path(self.path) if self.path else "none found, defaults"
        lines = [f"# configuration file: {where}"]
        if self.source is None or self.translation is None:
            lines.append(f"# layout: {self._detected()}")
        try:
            lines.append(f"# markdown extensions: {self.dialect().describe()}")
        except ConfigError as exc:
            lines.append(f"# markdown extensions: cannot be read: {exc}")
        for key in _KEYS:
            if key == "rules":
                continue
            value = getattr(self, key.replace("-", "_"))
            if value is None:
                lines.append(f"# {key} is not set")
            else:
                lines.append(f"{key} = {_toml_value(value)}")
        for name, options in self.rules.items():
            lines += ["", f"[rules.{_toml_key(name)}]"]
            lines += [f"{_toml_key(k)} = {_toml_value(v)}" for k, v in options.items()]
        return "\n".join(lines) + "\n"

    def _detected(self) -> str:
        try:
            layout = self.layout()
        except ConfigError as exc:
            return f"cannot be detected: {exc}"
        if layout is None:
            return 'none detected: set "source" and "translation"'
        found = f"detected source = {_toml_string(layout.source)}, translation = {_toml_string(layout.translation)}"
        if layout.languages is not None:
            found += f", languages = {_toml_value(layout.languages)}"
        if layout.exclude:
            found += f", exclude = {_toml_value(layout.exclude)}"
        return f"{found} (from {layout.reason})" if layout.reason else found


def load_config(start: Path, explicit: Path | None = None) -> Config:
    """Read `explicit`, else the nearest config at or above `start`, else defaults."""
    if explicit is not None:
        if not explicit.is_file():
            raise ConfigError(f"{explicit}: configuration file not found")
        return _load_file(explicit)
    start = Path(os.path.abspath(start))
    if start.is_file():
        start = start.parent
    found = find_config(start)
    return _load_file(found) if found else Config(root=start)


def find_config(start: Path) -> Path | None:
    """The first config file found walking up from `start` (a directory)."""
    for directory in (start, *start.parents):
        for name in CONFIG_NAMES:
            if (directory / name).is_file():
                return directory / name
        pyproject = directory / PYPROJECT
        if pyproject.is_file() and _has_transmark_table(pyproject):
            return pyproject
    return None


def _has_transmark_table(pyproject: Path) -> bool:
    # Most pyproject.toml files are not ours: skip parsing those (and their errors).
    try:
        if "tool.transmark" not in pyproject.read_text(encoding="utf-8"):
            return False
    except (OSError, UnicodeDecodeError):
        return False
    tool = read_toml(pyproject).get("tool")
    return isinstance(tool, dict) and "transmark" in tool


def _load_file(path: Path) -> Config:
    path = Path(os.path.abspath(path))
    data = read_toml(path)
    shown = display_path(path)
    if path.name == PYPROJECT:
        tool = data.get("tool")
        table = tool.get("transmark") if isinstance(tool, dict) else None
        if not isinstance(table, dict):
            raise ConfigError(f"{shown}: no [tool.transmark] table")
        where = " in [tool.transmark]"
    else:
        table, where = data, ""
    return Config(root=path.parent, path=path, **_parse(table, str(shown), where))


def read_toml(path: Path) -> dict[str, Any]:
    # Imported here: a site without a TOML configuration (crowdin.yml, mkdocs.yml) does not load the parser.
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib

    shown = display_path(path)
    try:
        # Windows editors save a BOM, which TOML does not allow.
        return tomllib.loads(path.read_bytes().decode("utf-8").removeprefix("\ufeff"))
    except OSError as exc:
        raise ConfigError(f"{shown}: cannot read: {exc.strerror}") from exc
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{shown}: not UTF-8: {exc.reason}") from exc
    except tomllib.TOMLDecodeError as exc:
        # tomllib puts the position at the end of the message: "(at line 3, column 5)".
        message = str(exc)
        at = re.search(r" \(at line (\d+), column (\d+)\)$", message)
        if at:
            shown = f"{shown}:{at[1]}:{at[2]}"
            message = message[: at.start()]
        raise ConfigError(f"{shown}: invalid TOML: {message}") from exc


def _parse(table: dict[str, Any], shown: str, where: str) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for key, value in table.items():
        kind = _KEYS.get(key)
        if kind is None:
            import difflib  # a mistyped key only: not on every run's start-up

            close = difflib.get_close_matches(key, _KEYS, n=1)
            hint = f' (did you mean "{close[0]}"?)' if close else ""
            raise ConfigError(f'{shown}: unknown key "{key}"{where}{hint}')
        if not _has_kind(value, kind):
            raise ConfigError(f'{shown}: "{key}"{where} must be {_EXPECTED[kind]}, got {_describe(value)}')
        values[key.replace("-", "_")] = _freeze(value, kind)
    _check_values(values, shown, where)
    return values


def _check_values(values: dict[str, Any], shown: str, where: str) -> None:
    for key, allowed in (("fail-on", FAIL_ON), ("changed-source", CHANGED_SOURCE)):
        value = values.get(key.replace("-", "_"), allowed[0])
        if value not in allowed:
            choices = ", ".join(f'"{choice}"' for choice in allowed)
            raise ConfigError(f'{shown}: "{key}"{where} must be one of {choices}, got "{value}"')
    if ("source" in values) != ("translation" in values):
        raise ConfigError(f'{shown}: "source" and "translation"{where} must be set together')
    problem = "translation" in values and check_pattern(values["translation"])
    if problem:
        raise ConfigError(f'{shown}: "translation"{where}: {problem}')
    for key in ("source", "include", "exclude", "languages"):
        value = values.get(key)
        for item in (value,) if isinstance(value, str) else value or ():
            problem = _path_problem(item, key == "languages")
            if problem:
                raise ConfigError(f'{shown}: "{key}"{where}: "{_printable(item)}" {problem}')


def _path_problem(value: str, name: bool) -> str | None:
    """What is wrong with a folder, glob or language code of the configuration, or None."""
    if not value.strip():
        return "is empty"
    if any(ord(char) < 32 or char == "\x7f" for char in value):
        return "contains a control character"
    parts = value.replace("\\", "/").split("/")
    if name and (len(parts) > 1 or value in (".", "..") or value != value.strip()):
        return "is not a language code"
    if ".." in parts:
        return 'must stay inside the site (no ".." parts)'
    return None


def _printable(text: str) -> str:
    return text.encode("unicode_escape").decode("ascii") if not text.isprintable() else text


def _has_kind(value: object, kind: str) -> bool:
    if kind == "string":
        return isinstance(value, str)
    if kind == "strings":
        return isinstance(value, list) and all(isinstance(v, str) for v in value)
    if kind == "share":
        return isinstance(value, int | float) and not isinstance(value, bool) and 0 <= value <= 1
    if kind == "boolean":
        return isinstance(value, bool)
    if kind == "string-lists":
        return isinstance(value, dict) and all(_has_kind(v, "strings") for v in value.values())
    if kind == "size":
        return _size(value) is not None
    return isinstance(value, dict) and all(isinstance(v, dict) for v in value.values())


def _size(value: object) -> int | None:
    """`max-page-size` in bytes: an integer, or a string with a unit ("512 KiB", "16 MiB")."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value if value > 0 else None
    match = _SIZE.fullmatch(value) if isinstance(value, str) else None
    if match is None or int(match[1]) <= 0:
        return None
    return int(match[1]) * _UNITS[(match[2] or "b").lower()]


def _describe(value: object) -> str:
    if isinstance(value, list):
        kinds = sorted({_toml_type(v) for v in value})
        return f"an array of {', '.join(kinds)}" if kinds else "an empty array"
    if isinstance(value, dict):
        kinds = sorted({_toml_type(v) for v in value.values()})
        return f"a table of {', '.join(kinds)}"
    return _toml_type(value)


def _toml_type(value: object) -> str:
    return _TOML_TYPES.get(type(value), "date/time")


def _freeze(value: object, kind: str) -> object:
    if kind == "strings":
        return tuple(value)  # type: ignore[arg-type]
    if kind == "string-lists":
        return MappingProxyType({k: tuple(v) for k, v in value.items()})  # type: ignore[attr-defined]
    if kind == "size":
        return _size(value)
    if kind == "tables":  # [rules.*]: keep the option values as TOML gave them
        return MappingProxyType({k: MappingProxyType(v) for k, v in value.items()})  # type: ignore[attr-defined]
    return value


def _toml_key(key: str) -> str:
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else _toml_string(key)


def _toml_string(text: str) -> str:
    # JSON escapes are valid TOML, except that TOML also forbids a raw DEL (U+007F).
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return _toml_string(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, Mapping):
        items = (f"{_toml_key(k)} = {_toml_value(v)}" for k, v in value.items())
        return "{ " + ", ".join(items) + " }"
    return str(value)  # numbers and dates/times read from TOML print as TOML
