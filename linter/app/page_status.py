"""`status`: each translated page up to date, outdated, untranslated or missing."""

from __future__ import annotations

from typing import TYPE_CHECKING

from linter.app.request import Request
from linter.app.scope import resolve_scope
from linter.app.selection import cache_dir_for, english_history
from linter.errors import TransmarkError
from linter.project.config import Config

if TYPE_CHECKING:
    from collections.abc import Callable

    from linter.history.status import PageStatus
    from linter.parse.tree import Page


def status(
    config: Config, request: Request = Request(), english_page: Callable[[str], Page] | None = None
) -> tuple[list[PageStatus], list[str]]:
    """Each translated page's status (`transmark status`), and notes on pages that could not be read.

    In site mode without paths, English pages with no translation in a language are listed too.
    `english_page`: the English page at a path, parsed (a lint run's, which `report` has read already).
    """
    from linter.history.origin import OriginFinder
    from linter.history.status import NO_ENGLISH, NOT_TRANSLATED, PageStatus, page_status
    from linter.parse.markdown import parse_page
    from linter.parse.source import SourceText
    from linter.project.discovery import untranslated

    scope = resolve_scope(config, request, None)
    dialect = config.dialect()
    history = english_history(config, request, cache_dir_for(config, request), dialect)
    finder = history.finder if history is not None else OriginFinder(dialect=dialect)
    pages: list[PageStatus] = []
    notes: list[str] = []
    english_pages: dict[str, Page] = {}  # an English page is read once, not once per language

    def read_english(source: str) -> Page:
        if source not in english_pages:
            english_pages[source] = parse_page(SourceText.read(source), "en", dialect)
        return english_pages[source]

    for target in scope.targets:
        path, source = str(target.translation), str(target.source)
        if not target.source.is_file():
            pages.append(PageStatus(path, source, target.lang, NO_ENGLISH))
            continue
        try:
            translation = parse_page(SourceText.read(path), target.lang, dialect)
            english = (english_page or read_english)(source)
        except (TransmarkError, RecursionError) as exc:
            notes.append(f"{path}: skipped: {exc}")
            continue
        page_history = history.of(source) if history is not None else None
        own = history.of(path) if history is not None else None  # the translation's commits
        translated_at = own.current.date if own is not None else None
        pages.append(page_status(translation, english, page_history, finder, config.stamp_keys, translated_at))
    if not request.paths and request.source is None:
        missing = untranslated(config.root, config.layout())
        pages += [PageStatus(str(t.translation), str(t.source), t.lang, NOT_TRANSLATED, "missing") for t in missing]
    return sorted(pages, key=lambda page: (page.path, page.lang)), notes
