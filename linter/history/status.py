"""Per translated page: up to date, outdated (which English sections changed since, and since when), untranslated.

A translation is outdated when English changed *what a reader reads* after the revision the
translation was made from: the revision its source-commit stamp names (MDN's `l10n.sourceCommit`,
OpenTelemetry's `default_lang_commit`), else the one `transmark origin` finds by structure. Edits
that leave every block's text as read and its facts the same (whitespace, line breaks, emphasis
markers, link canonicalisation) do not count; an English change committed before a later fix in
the translation still does, since the translation's structure, not its date, says what it was
made from. The status vocabulary is the one other localisation dashboards use.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from linter.history.changes import Change, section_changes
from linter.history.history import History, Revision
from linter.history.origin import OriginFinder, reading
from linter.history.stamps import Stamp, check_stamp
from linter.parse.tree import Node, Page, Section

UP_TO_DATE = "up_to_date"
OUTDATED = "candidate_outdated"
OUTDATED_LOW = "outdated_low_severity"
NOT_TRANSLATED = "not_translated"
NO_ENGLISH = "no_english_version"
_SMALL_EDIT = 10  # changed words up to which an edit of existing sections is of low severity
_UNTRANSLATED_SHARE = 0.9  # share of paragraphs identical to English from which a page is untranslated


@dataclass(frozen=True)
class PageStatus:
    """Where a translated page stands against English: up to date, outdated since a revision, or not translated."""

    path: str  # the translation (where it would be, when missing)
    source: str
    lang: str
    status: str  # one of the constants above
    detail: str = ""  # "missing", "untranslated", "no history" (up to date as far as can be told)
    since: Revision | None = None  # the English revision the translation was made from
    changes: tuple[Change, ...] = ()  # English sections changed since, meaningfully
    stamp: Stamp | None = None
    current: Revision | None = None  # the English page's newest commit, what `fix --stamp` writes when up to date

    def describe(self) -> str:
        """One line for a translator: what state the page is in and, when outdated, what to look at."""
        if self.status == NO_ENGLISH:
            return "no English version"
        if self.status == NOT_TRANSLATED:
            return self.detail
        if self.status == UP_TO_DATE:
            made = f" (made from {self.since.describe()})" if self.since is not None else ""
            return f"up to date{made}" if self.detail != "no history" else "up to date (no English history to compare)"
        assert self.since is not None
        low = " (small edits)" if self.status == OUTDATED_LOW else ""
        sections = ", ".join(f"{c.heading} ({c.kind})" for c in self.changes)
        return f"outdated{low} since {self.since.describe()}: {sections}"

    def as_json(self) -> dict[str, Any]:
        since = None if self.since is None else {"commit": self.since.commit, "date": self.since.date}
        return {
            "path": self.path,
            "source": self.source,
            "lang": self.lang,
            "status": self.status,
            "detail": self.detail,
            "since": since,
            "sections": [{"heading": c.heading, "change": c.kind} for c in self.changes],
            "stamp": None if self.stamp is None else {"key": self.stamp.key, "commit": self.stamp.commit},
            "stamp_problem": self.stamp.problem if self.stamp is not None and self.stamp.problem else None,
        }


def page_status(
    translation: Page,
    english: Page,
    history: History | None,
    finder: OriginFinder,
    stamp_keys: Sequence[str],
    translated_at: str | None = None,
) -> PageStatus:
    """The status of one translated page; `translated_at`: the date of the translation's last commit, if any."""
    path, source, lang = translation.path, english.path, translation.lang
    if untranslated(translation, english):
        return PageStatus(path, source, lang, NOT_TRANSLATED, "untranslated")
    if history is None:
        return PageStatus(path, source, lang, UP_TO_DATE, "no history")
    stamp = check_stamp(translation, history, stamp_keys, translated_at)
    base = history.at(stamp.commit) if stamp is not None and not stamp.problem else None
    since = base or finder.find(translation, history, changes=False, stale=False).best.revision
    changes, small = meaningful_changes(finder.page(history, since), english, since.describe())
    if not changes:
        return PageStatus(path, source, lang, UP_TO_DATE, since=since, stamp=stamp, current=history.current)
    status = OUTDATED_LOW if small else OUTDATED
    return PageStatus(path, source, lang, status, since=since, changes=tuple(changes), stamp=stamp)


def untranslated(translation: Page, english: Page) -> bool:
    """Nearly every paragraph of the translation is an English paragraph, word for word."""
    english_texts = {node.text for node in english.root.walk() if node.kind == "paragraph"}
    texts = [node.text for node in translation.root.walk() if node.kind == "paragraph" and len(node.text.split()) >= 4]
    same = sum(text in english_texts for text in texts)
    return len(texts) >= 3 and same >= _UNTRANSLATED_SHARE * len(texts)


def meaningful_changes(old: Page, new: Page, old_name: str) -> tuple[list[Change], bool]:
    """Sections English added, removed, moved or edited since `old`, leaving out edits no reader would see;
    and whether they are small: a few words edited in blocks that are all still there."""
    changes = []
    changed_words = 0
    for change in section_changes(old, new, old_name, "today"):
        if change.kind != "edited":
            changes.append(change)
            changed_words = _SMALL_EDIT + 1
            continue
        before, after = _reading(old, change.old_lines), _reading(new, change.new_lines)
        if before == after:
            continue
        changes.append(change)
        if len(before) != len(after) or any(b[0] != a[0] for b, a in zip(before, after, strict=True)):
            changed_words = _SMALL_EDIT + 1  # a block added, removed or of another kind
            continue
        for b, a in zip(before, after, strict=True):
            matcher = difflib.SequenceMatcher(None, " ".join(b[1:]).split(), " ".join(a[1:]).split(), autojunk=False)
            changed_words += sum(
                max(i2 - i1, j2 - j1) for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal"
            )
    return changes, bool(changes) and changed_words <= _SMALL_EDIT


def _reading(page: Page, lines: tuple[int, int] | None) -> list[tuple[str, ...]]:
    """What a reader reads of the section (or text before the first heading) starting at `lines`."""
    if lines is None:
        return []
    node: Node = next((s for s in page.sections() if s.span.start.line == lines[0]), page.root)
    return [reading(child) for child in _own(node)]


def _own(node: Node) -> list[Node]:
    found = []
    for child in node.children:
        if isinstance(child, Section):
            continue
        found.append(child)
        found += _own(child)
    return found
