"""The unit every command works on: one translated page and the English page it translates."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Target:
    """One translated page. Discovery gives paths relative to the cwd when under it, else absolute."""

    lang: str  # the translation's language code ("" when unknown, in pair mode)
    source: Path  # the English page
    translation: Path


# A page of the site as its listing holds it: (language, English page, translation), each path as `str` of
# the Target's. A one-page run reads the whole listing (which page links where, which languages a page has)
# but lints a few pages: building a Target of two Paths for each of a 31-language site's 3,800 pages took it
# 30 ms, and an entry only what the path strings cost.
Entry = tuple[str, str, str]


def entry_of(target: Target) -> Entry:
    return target.lang, str(target.source), str(target.translation)


def target_of(entry: Entry) -> Target:
    lang, source, translation = entry
    return Target(lang, Path(source), Path(translation))
