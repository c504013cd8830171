"""Headings of older revisions of an English page that the page has dropped since.

A translation exported from translation memory can show headings the English page no longer
has: the text of an older revision's heading (`### Briar (Android)` where English now says
`### Briar`), or, after English restructured its headings, the translation of the heading an
older revision had at the same place (Crowdin keeps a heading's translation for its place:
the first level-2 heading, the second...).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path

from linter.engine.site import heading_key, scan_headings
from linter.history.history import History, Revision, blob_id
from linter.parse.tree import Page
from linter.records import Value

Place = tuple[int, int]  # (level, ordinal among the page's headings of that level, from 1)


class OldHeading(Value):
    """A heading an older revision of the English page had and the page has no more."""

    title: str
    level: int
    line: int  # in `revision`
    revision: Revision  # the newest revision older than the page that has the heading
    changed: Revision  # the revision after it, which dropped or renamed the heading

    __slots__ = ("title", "level", "line", "revision", "changed")

    def __init__(self, title: str, level: int, line: int, revision: Revision, changed: Revision) -> None:
        self.title = title
        self.level = level
        self.line = line
        self.revision = revision
        self.changed = changed


class OldHeadings(Value):
    """The headings older English revisions had and the page dropped or renamed, by title and by place."""

    by_title: Mapping[str, OldHeading]  # folded title -> the heading
    by_place: Mapping[Place, OldHeading]  # where the newest older revision had a heading the page dropped

    __slots__ = ("by_title", "by_place")

    def __init__(self, by_title: Mapping[str, OldHeading], by_place: Mapping[Place, OldHeading]) -> None:
        self.by_title = by_title
        self.by_place = by_place


Scanned = Mapping[str, Sequence[tuple[int, int, str]]]  # blob id -> (line, level, title) of its headings


def old_headings(page: Page, history: History, scanned: Scanned | None = None) -> OldHeadings:
    """The headings revisions older than `page` had and `page` has not, newest revision first.

    `page` is one of the history's revisions (found by its content), else its newest. `scanned`
    gives the revisions' headings where they are known already (the fingerprint cache).
    """
    own = {heading_key(section.title) for section in page.sections()}
    revisions = history.revisions
    try:
        blob = blob_id(Path(page.path).read_bytes())
    except OSError:
        blob = ""
    start = next((index for index, revision in enumerate(revisions) if revision.blob == blob), 0)
    older = revisions[start + 1 :]
    if scanned is None:
        scanned = {blob: list(scan_headings(text.lines)) for blob, text in history.texts(older).items()}
    by_title: dict[str, OldHeading] = {}
    by_place: dict[Place, OldHeading] = {}
    seen: set[Place] = set()
    for index, revision in enumerate(older):
        headings = scanned.get(revision.blob)
        if headings is None:
            continue
        counts: Counter[int] = Counter()
        for line, level, title in headings:
            counts[level] += 1
            place = (level, counts[level])
            key = heading_key(title)
            if key and key not in own:
                heading = OldHeading(title, level, line, revision, revisions[start + index])
                by_title.setdefault(key, heading)
                if place not in seen:
                    by_place[place] = heading
            seen.add(place)
    return OldHeadings(by_title, by_place)
