"""Find the translated pages (`Target`: language, English page, translation) on disk without reading any page.

A `Layout` says where English pages live (`source`, a directory relative to the site
root) and where their translations go (`translation`, a root-relative pattern whose
placeholders {lang}, {path}, {stem}, {ext} and {name} describe the page relative to the
source directory). Without configuration, `detect_layout` reads crowdin.yml or
mkdocs.yml, or recognises a folder per language.
"""

from __future__ import annotations

import functools
import os
import posixpath
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath
from string import Formatter
from typing import Any

from linter.errors import ConfigError
from linter.patterns import lazy
from linter.project.mkdocs import MkDocsFile, find_mkdocs, read_yaml
from linter.project.paths import display_name
from linter.project.paths import display_path as display_path
from linter.project.paths import root_relative as root_relative
from linter.project.target import Entry, Target

MARKDOWN_SUFFIXES = (".md", ".markdown")
DEFAULT_INCLUDE = ("**/*.md",)
PLACEHOLDERS = ("lang", "path", "stem", "ext", "name")

# A BCP 47-ish tag as used in folder and file names: "fr", "fil", "pt-BR", "zh_TW",
# "zh-Hant", "es-419". Tells language folders from others (docs, src, site...).
_LANGUAGE_CODE = lazy(r"[a-z]{2,3}(?:[-_](?:[A-Z][a-z]{3}|[A-Za-z]{2}|[0-9]{3})){0,2}")

# Regular expressions for each placeholder when matching a translation path.
_GROUPS = {"path": r".+", "stem": r".+", "ext": r"[^/.]+", "name": r"[^/]+"}
_ANY_LANGUAGE = r"[^/]+?"

# (source relative to the source dir, translation relative to root, lang)
_Triple = tuple[str, str, str]


@dataclass(frozen=True)
class Layout:
    """Where a site keeps its English pages and their translations, and which files are pages."""

    source: str
    translation: str
    languages: tuple[str, ...] | None = None
    source_lang: str = "en"
    include: tuple[str, ...] = DEFAULT_INCLUDE
    exclude: tuple[str, ...] = ()
    reason: str = field(default="", compare=False)  # how it was detected, for `transmark config`

    def __post_init__(self) -> None:
        problem = check_pattern(self.translation)
        if problem:
            raise ConfigError(f'"translation" {problem}')


def looks_like_language(name: str) -> bool:
    return _LANGUAGE_CODE.fullmatch(name) is not None


def check_pattern(pattern: str) -> str | None:
    """Return what is wrong with a translation pattern, or None."""
    try:
        parsed = list(Formatter().parse(pattern))
    except ValueError as exc:
        return f'pattern "{pattern}" is malformed: {exc}'
    names = set()
    for _, name, spec, conversion in parsed:
        if name is None:
            continue
        if name not in PLACEHOLDERS or spec or conversion:
            known = ", ".join(f"{{{p}}}" for p in PLACEHOLDERS)
            return f'pattern "{pattern}": unknown placeholder {{{name}}} (use {known})'
        names.add(name)
    if "lang" not in names:
        return f'pattern "{pattern}" must contain {{lang}}'
    if not names & {"path", "stem"}:
        return f'pattern "{pattern}" must contain {{path}} or {{stem}}'
    if any(ord(char) < 32 for char in pattern):
        return f"pattern {pattern!r} contains a control character"
    # Matching compares against normalised relative paths.
    if pattern.startswith("/") or {".", ".."} & set(pattern.split("/")):
        return f'pattern "{pattern}" must be a relative path without "." or ".." parts'
    return None


def discover(
    root: Path,
    layout: Layout | None,
    paths: Sequence[Path] = (),
    sources: bool = True,
) -> list[Target]:
    """Every existing translation (plus its source, which may be missing), sorted.

    `paths` limits the run to those files or directories; a path matching nothing adds
    nothing. An English page among `paths` stands for all its translations unless
    `sources` is false (`changed-source = "skip"`).
    """
    site = _bound(root, layout)
    triples: set[_Triple] = set()
    if paths:
        for path in paths:
            triples.update(site.for_path(os.path.abspath(path), sources))
    else:
        triples.update(site.all_triples())
    english = functools.cache(Path)  # one per English page, shared by its languages (and its parts, for the sort)
    targets = [Target(lang, english(source), Path(shown)) for lang, source, shown in _entries(site, triples)]
    return sorted(targets, key=_target_order)


def listing(root: Path, layout: Layout | None) -> list[Entry]:
    """What `discover` finds for the whole site, as entries (see target.Entry), sorted: the site a run over
    some of its pages may look into."""
    site = _bound(root, layout)
    return sorted(set(_entries(site, site.all_triples())))


def _entries(site: _BoundLayout, triples: Iterable[_Triple]) -> Iterator[Entry]:
    """The triples as entries: each path as `display_path` names it."""
    cwd = os.getcwd()
    english = functools.cache(lambda source: display_name(site.source_file(source), cwd))  # once per English page
    shown = _shown_under(site.root, cwd)
    return ((lang, english(source), shown(rel)) for source, rel, lang in triples)


def _shown_under(root: str, cwd: str) -> Callable[[str], str]:
    """`display_name` of the root-relative paths the walk gives (clean: no "." or ".." parts), put together
    from the root's own: a name under the root is under the cwd exactly when the root is, unless the cwd
    lies inside the root."""
    if cwd.startswith(root + os.sep):
        return lambda rel: display_name(os.path.join(root, rel), cwd)
    native = (lambda rel: rel) if os.sep == "/" else (lambda rel: rel.replace("/", os.sep))
    if root == cwd:
        return native
    base = display_name(root, cwd) + os.sep
    return lambda rel: base + native(rel)


def _bound(root: Path, layout: Layout | None) -> _BoundLayout:
    root_dir = os.path.abspath(root)
    if layout is None:
        layout = detect_layout(Path(root_dir))
        if layout is None:
            raise ConfigError('no translation layout found: set "source" and "translation" in transmark.toml')
    return _BoundLayout(root_dir, layout)


def _target_order(target: Target) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    """Target's own order (paths compare by their parts), with each path's parts taken once, not per comparison."""
    return target.lang, target.source.parts, target.translation.parts


def untranslated(root: Path, layout: Layout | None) -> list[Target]:
    """English pages with no translation file, one Target per language the site has (translation: where it goes)."""
    root_dir = os.path.abspath(root)
    layout = layout or detect_layout(Path(root_dir))
    if layout is None:
        raise ConfigError('no translation layout found: set "source" and "translation" in transmark.toml')
    site = _BoundLayout(root_dir, layout)
    found = []
    for source in _walk(root_dir, site.source_dir):
        page = posixpath.relpath(source, site.source_dir)
        if not site.wanted(page) or site.match_translation(source) is not None:
            continue  # not a page of the site, or a translation inside the English folder
        for lang in site.languages:
            translation = site.format(lang, page)
            if translation != source and not os.path.isfile(site.file(translation)):
                found.append(Target(lang, display_path(site.file(source)), display_path(site.file(translation))))
    return sorted(found)


class _BoundLayout:
    """A layout bound to a root directory, with its languages resolved once."""

    def __init__(self, root: str, layout: Layout) -> None:
        self.root = root
        self.layout = layout
        self.source_dir = posixpath.normpath(layout.source)
        self._include = compile_globs(layout.include)
        self._exclude = compile_globs(layout.exclude)
        self._by_name = any(name in ("stem", "ext", "name") for _, name, _, _ in Formatter().parse(layout.translation))
        self.languages = self._find_languages()
        self._regex = _pattern_regex(layout.translation, self.languages)

    def file(self, rel: str) -> str:
        return os.path.normpath(os.path.join(self.root, rel))

    def source_file(self, source: str) -> str:
        return os.path.normpath(os.path.join(self.root, self.source_dir, source))

    def wanted(self, source: str) -> bool:
        return (
            source.endswith(MARKDOWN_SUFFIXES)
            and self._include.fullmatch(source) is not None
            and self._exclude.fullmatch(source) is None
        )

    def all_triples(self) -> Iterator[_Triple]:
        # Walk only the fixed directory in front of each language's translations.
        bases = {_fixed_dir(self.layout.translation, lang) for lang in self.languages}
        for base in sorted(bases):
            for rel in _walk(self.root, base):
                hit = self.match_translation(rel)
                if hit:
                    yield hit

    def for_path(self, absolute: str, sources: bool = True) -> list[_Triple]:
        if os.path.isdir(absolute):
            return [
                triple
                for triple in self.all_triples()
                if (sources and _is_under(self.source_file(triple[0]), absolute))
                or _is_under(self.file(triple[1]), absolute)
            ]
        if not absolute.endswith(MARKDOWN_SUFFIXES) or not _is_under(absolute, self.root):
            return []
        rel = os.path.relpath(absolute, self.root).replace(os.sep, "/")
        hit = self.match_translation(rel)
        if hit:
            return [hit] if os.path.isfile(absolute) else []
        source = posixpath.relpath(rel, self.source_dir)
        if not sources or source.startswith("../") or not self.wanted(source):
            return []
        triples = []
        for lang in self.languages:
            translation = self.format(lang, source)
            if os.path.isfile(self.file(translation)) and not self._exclude.fullmatch(translation):
                triples.append((source, translation, lang))
        return triples

    def match_translation(self, rel: str) -> _Triple | None:
        match = self._regex.fullmatch(rel)
        if match is None:
            return None
        source = self._source_of(match, rel)
        if source is None or not self.wanted(source) or self._exclude.fullmatch(rel):
            return None
        return source, rel, match["lang"]

    def format(self, lang: str, source: str) -> str:
        if not self._by_name:  # "{lang}/{path}": no need to take the page's name apart (once per page of a site)
            return self.layout.translation.format(lang=lang, path=source)
        page = PurePosixPath(source)
        return self.layout.translation.format(
            lang=lang,
            path=source,
            stem=str(page.with_suffix("")),
            ext=page.suffix[1:],
            name=page.name,
        )

    def _source_of(self, match: re.Match[str], rel: str) -> str | None:
        groups = match.groupdict()
        source = groups.get("path")
        if source is None:
            # Without {ext} the source is assumed to share the translation's extension.
            ext = groups.get("ext")
            suffix = f".{ext}" if ext else PurePosixPath(groups.get("name") or rel).suffix
            source = groups["stem"] + suffix
        # Placeholders used twice or together ({stem} and {name}) must agree.
        return source if self.format(match["lang"], source) == rel else None

    def _find_languages(self) -> tuple[str, ...]:
        layout = self.layout
        if layout.languages is not None:
            return tuple(sorted(set(layout.languages) - {layout.source_lang}))
        segments = layout.translation.split("/")
        index = next(i for i, segment in enumerate(segments) if "{lang}" in segment)
        prefix = segments[:index]
        if segments[index] == "{lang}" and not any("{" in segment for segment in prefix):
            return self._language_dirs(os.path.join(self.root, *prefix))
        return self._languages_by_walk()

    def _language_dirs(self, parent: str) -> tuple[str, ...]:
        source = self.source_file(".")
        if os.path.normpath(parent) == os.path.dirname(source):
            return _sibling_languages(source, self.layout.source_lang)
        parent = os.path.normpath(parent)
        return tuple(
            sorted(
                name
                for name in _listdir(parent)
                if not name.startswith(".")
                and name != self.layout.source_lang
                and os.path.join(parent, name) != source
                and os.path.isdir(os.path.join(parent, name))
            )
        )

    def _languages_by_walk(self) -> tuple[str, ...]:
        # E.g. suffix layouts: a language counts once one of its pages has a source.
        regex = _pattern_regex(self.layout.translation, None)
        found: set[str] = set()
        for rel in _walk(self.root, _fixed_dir(self.layout.translation, None)):
            match = regex.fullmatch(rel)
            if match is None or match["lang"] in found:
                continue
            lang = match["lang"]
            if lang == self.layout.source_lang or not looks_like_language(lang):
                continue
            source = self._source_of(match, rel)
            if source is not None and os.path.isfile(self.source_file(source)):
                found.add(lang)
        return tuple(sorted(found))


def _pattern_regex(pattern: str, languages: Sequence[str] | None) -> re.Pattern[str]:
    if languages is None:
        lang = _ANY_LANGUAGE
    else:
        # Longest first so "pt-BR" wins over "pt"; an empty set matches nothing.
        lang = "|".join(re.escape(code) for code in sorted(languages, key=len, reverse=True))
        lang = lang or "(?!)"
    groups = {**_GROUPS, "lang": lang}
    parts: list[str] = []
    seen: set[str] = set()
    for literal, name, _, _ in Formatter().parse(pattern):
        parts.append(re.escape(literal))
        if name is not None:
            parts.append(f"(?P={name})" if name in seen else f"(?P<{name}>{groups[name]})")
            seen.add(name)
    return re.compile("".join(parts))


def _fixed_dir(pattern: str, lang: str | None) -> str:
    """The directory part of `pattern` before its first unknown placeholder."""
    prefix = ""
    for literal, name, _, _ in Formatter().parse(pattern):
        prefix += literal
        if name is None:
            continue
        if name != "lang" or lang is None:
            break
        prefix += lang
    return prefix.rpartition("/")[0]


def _walk(root: str, base: str) -> Iterator[str]:
    """Markdown files under root/base, as root-relative POSIX paths; no hidden ones."""
    pending = [base]
    while pending:
        rel_dir = pending.pop()
        try:
            entries = list(os.scandir(os.path.join(root, rel_dir)))
        except OSError:
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            rel = f"{rel_dir}/{entry.name}" if rel_dir else entry.name
            # Not following directory symlinks avoids cycles.
            if entry.is_dir(follow_symlinks=False):
                pending.append(rel)
            elif entry.name.endswith(MARKDOWN_SUFFIXES):
                yield rel


def _sibling_languages(source: str, source_lang: str) -> tuple[str, ...]:
    """Folders beside the source folder that look like its translations.

    Beside it there are also folders such as img/ or src/ whose names look like language
    codes: a translation folder must also share an entry name with the source folder.
    """
    source_names = set(_listdir(source))
    parent = os.path.dirname(source)
    return tuple(
        sorted(
            name
            for name in _listdir(parent)
            if name != source_lang
            and looks_like_language(name)
            and os.path.join(parent, name) != source
            and not source_names.isdisjoint(_listdir(os.path.join(parent, name)))
        )
    )


def _listdir(path: str) -> list[str]:
    """Entry names, or none when `path` is not a readable directory."""
    try:
        return os.listdir(path)
    except OSError:
        return []


def _is_under(path: str, directory: str) -> bool:
    return os.path.commonpath([path, directory]) == directory


def compile_globs(patterns: Sequence[str]) -> re.Pattern[str]:
    """One regex for several globs (`**/` spans directories; a directory covers what is under it)."""
    if not patterns:
        return re.compile("(?!)")
    return re.compile("|".join(f"(?:{_glob_regex(p)})" for p in patterns))


def _glob_regex(pattern: str) -> str:
    """Translate a glob relative to the source dir; `**/` spans directories, and a
    pattern naming a directory also covers everything under it."""
    pattern = pattern.strip("/")
    out: list[str] = []
    i = 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif pattern[i] == "*":
            out.append("[^/]*")
            i += 1
        elif pattern[i] == "?":
            out.append("[^/]")
            i += 1
        elif pattern[i] == "[" and (end := pattern.find("]", i + 2)) != -1:
            body = pattern[i + 1 : end]
            negate = body.startswith("!")
            body = re.escape(body[1:] if negate else body).replace(r"\-", "-")
            out.append(f"[{'^' if negate else ''}{body}]")
            i = end + 1
        else:
            out.append(re.escape(pattern[i]))
            i += 1
    return "".join(out) + "(?:/.*)?"


# --- Layout detection ---------------------------------------------------------------

_CROWDIN_LANGUAGE = lazy(
    r"%(?:two_letters_code|three_letters_code|locale|locale_with_underscore|android_code"
    r"|osx_code|osx_locale|language)%"
)


def detect_layout(root: Path, source_lang: str = "en") -> Layout | None:
    """Read the layout from the site: crowdin.yml, mkdocs.yml (mkdocs-static-i18n, or one
    mkdocs.yml per language), suffixed pages (`page.fr.md`), or a folder per language."""
    mkdocs = find_mkdocs(root, source_lang)
    docs = mkdocs.docs_dir if mkdocs is not None and mkdocs.path.parent == root else "docs"
    return (
        _from_crowdin(root, source_lang)
        or (_from_mkdocs(root, mkdocs, source_lang) if mkdocs is not None else None)
        or _from_suffixes(root, docs, source_lang)
        or _from_folders(root, source_lang)
    )


def _from_crowdin(root: Path, source_lang: str) -> Layout | None:
    found = next((root / name for name in ("crowdin.yml", "crowdin.yaml") if (root / name).is_file()), None)
    if found is None:
        return None
    config = read_yaml(found)
    base = config.get("base_path", ".")
    files = config.get("files")
    if not isinstance(base, str) or not isinstance(files, list):
        return None
    preserve = bool(config.get("preserve_hierarchy", False))
    for entry in files:
        if isinstance(entry, dict):
            layout = _crowdin_entry(entry, base, preserve, source_lang)
            if layout:
                return replace(layout, reason=f"{found.name}: files.source {entry['source']}")
    return None


def _crowdin_entry(entry: dict[str, Any], base: str, preserve: bool, source_lang: str) -> Layout | None:
    source, translation = entry.get("source"), entry.get("translation")
    if not isinstance(source, str) or not isinstance(translation, str):
        return None
    parts = source.strip("/").split("/")
    fixed = next((i for i, part in enumerate(parts) if re.search(r"[*?\[%]", part)), len(parts))
    glob = "/".join(parts[fixed:])
    if not glob.endswith(("*", ".md", ".markdown")):
        return None  # a single file, or no Markdown (e.g. "*.json")
    source_dir = posixpath.normpath(posixpath.join(base, *parts[:fixed]))
    pattern = _crowdin_translation(translation, "/".join(parts[:fixed]), preserve, "**" in glob)
    pattern = posixpath.normpath(posixpath.join(base, pattern))
    if re.search(r"[%*?]", pattern) or check_pattern(pattern):
        return None  # a placeholder we cannot map, e.g. a flattened hierarchy
    ignore = entry.get("ignore")
    prefix = f"{source_dir}/"
    exclude = tuple(
        posixpath.join(base, item.strip("/")).removeprefix(prefix)
        for item in (ignore if isinstance(ignore, list) else [])
        if isinstance(item, str) and posixpath.join(base, item.strip("/")).startswith(prefix)
    )
    return Layout(source_dir, pattern, None, source_lang, (glob,), exclude)


def _crowdin_translation(translation: str, source_prefix: str, preserve: bool, deep: bool) -> str:
    pattern = _CROWDIN_LANGUAGE.sub("{lang}", translation.strip("/"))
    # %original_path% includes the source folder only with preserve_hierarchy.
    original = f"{source_prefix}/" if preserve and source_prefix else ""
    for tail, placeholder in (
        ("%file_name%.%file_extension%", "{path}"),
        ("%original_file_name%", "{path}"),
        ("%file_name%", "{stem}"),
    ):
        pattern = pattern.replace(f"**/{tail}", placeholder)
        pattern = pattern.replace(f"%original_path%/{tail}", original + placeholder)
        if not deep:  # the file name is the whole path
            pattern = pattern.replace(tail, placeholder)
    return pattern.replace("%file_extension%", "{ext}")


def _from_mkdocs(root: Path, mkdocs: MkDocsFile, source_lang: str) -> Layout | None:
    folder = mkdocs.path.parent
    shown = root_relative(mkdocs.path, root)
    docs = mkdocs.docs_dir
    if folder != root:
        # One MkDocs project per language (docs/en/mkdocs.yml, docs/fr/mkdocs.yml): the same docs_dir in each.
        parent = posixpath.dirname(root_relative(folder, root))
        prefix = f"{parent}/" if parent else ""
        if not os.path.isdir(folder / docs):
            return None
        return Layout(
            f"{prefix}{source_lang}/{docs}",
            f"{prefix}{{lang}}/{docs}/{{path}}",
            source_lang=source_lang,
            reason=f"{shown}: one MkDocs project per language, docs_dir {docs}",
        )
    options = mkdocs.plugin("i18n")
    if options is None:
        return None
    default, languages = _i18n_languages(options, source_lang)
    why = f"{shown}: plugin i18n (mkdocs-static-i18n)"
    if options.get("docs_structure") != "folder":
        languages = languages or _suffix_languages(os.path.join(root, docs), default)
        return Layout(docs, f"{docs}/{{stem}}.{{lang}}.{{ext}}", languages, default, reason=f"{why}, suffixes")
    if os.path.isdir(os.path.join(root, docs, default)):
        return Layout(f"{docs}/{default}", f"{docs}/{{lang}}/{{path}}", languages, default, reason=f"{why}, folders")
    # The default language at the top of docs_dir, each translation in a language folder among its pages.
    languages = languages or _sibling_languages(os.path.join(root, docs), default) or None
    return Layout(
        docs,
        f"{docs}/{{lang}}/{{path}}",
        languages,
        default,
        exclude=tuple(languages or ()),
        reason=f"{why}, folders, {default} at the top of {docs}/",
    )


def _from_suffixes(root: Path, docs: str, source_lang: str) -> Layout | None:
    languages = _suffix_languages(os.path.join(root, docs), source_lang)
    if not languages:
        return None
    return Layout(docs, f"{docs}/{{stem}}.{{lang}}.{{ext}}", languages, source_lang, reason="pages named page.LANG.md")


def _i18n_languages(options: dict[str, Any], source_lang: str) -> tuple[str, tuple[str, ...] | None]:
    default = options.get("default_language", source_lang)  # mkdocs-static-i18n 0.x
    default = default if isinstance(default, str) else source_lang
    languages = options.get("languages")
    codes: list[str] = []
    if isinstance(languages, list):  # 1.x: [{locale: en, default: true}, ...]
        for item in languages:
            if isinstance(item, dict) and isinstance(item.get("locale"), str):
                codes.append(item["locale"])
                if item.get("default"):
                    default = item["locale"]
    elif isinstance(languages, dict):  # 0.x: {fr: {name: Français}, ...}
        codes = [code for code in languages if isinstance(code, str)]
    others = tuple(sorted(set(codes) - {default}))
    return default, others or None


def _suffix_languages(docs: str, source_lang: str) -> tuple[str, ...] | None:
    """Languages of files like page.fr.md that sit beside page.md."""
    files = set(_walk(docs, ""))
    found: set[str] = set()
    for rel in files:
        stem, ext = posixpath.splitext(rel)
        page, dot, lang = stem.rpartition(".")
        if dot and lang != source_lang and looks_like_language(lang) and page + ext in files:
            found.add(lang)
    return tuple(sorted(found)) or None


def _from_folders(root: Path, source_lang: str) -> Layout | None:
    for base in ("docs", "."):
        source = os.path.normpath(os.path.join(root, base, source_lang))
        if os.path.isdir(source) and _sibling_languages(source, source_lang):
            prefix = "" if base == "." else f"{base}/"
            return Layout(
                f"{prefix}{source_lang}",
                f"{prefix}{{lang}}/{{path}}",
                None,
                source_lang,
                reason=f"a folder per language beside {prefix}{source_lang}/",
            )
    return None
