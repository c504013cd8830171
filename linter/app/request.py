"""What a command or a library caller asks a run for."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Request:
    """What a command (or a library caller) asks for; empty means the whole site."""

    paths: Sequence[Path] = ()  # files or folders to limit the run to; .po files are linted as catalogs
    source: Path | None = None  # pair mode: the English page every path translates
    lang: str = ""  # pair mode: the translations' language code
    select: Sequence[str] = ()  # rule ids, id prefixes or names; replaces the configured `select`
    ignore: Sequence[str] = ()  # added to the configured `ignore`
    fail_on: str | None = None  # else the configured `fail-on`
    diff_base: str | None = None  # PR mode: only pages changed since this git ref; findings get a status
    new_only: bool = False  # with diff_base: keep only new findings
    baseline: Path | None = None  # else the configured `baseline`
    use_baseline: bool = True  # false when recording a new baseline
    changed_source: str | None = None  # else the configured `changed-source`
    skip_unmatched: bool = False  # paths that are no translated page are ignored, not an error (pre-commit)
    source_history: Path | None = None  # English git work tree (pair mode: or revision folder): stale blocks (TM701)
    no_source_history: bool = False  # do not read the git history of the site's repository (read by default)
    site: Path | None = None  # pair mode: the site whose other pages rules may look into
    catalogs: bool = False  # `transmark po`: paths are gettext catalogs or folders of them; TM009 counts entries
    jobs: int | None = None  # worker processes, default one per CPU; the findings are the same for any number
    cache_dir: Path | None = None  # else TRANSMARK_CACHE_DIR, else .transmark_cache in the project root
    no_cache: bool = False  # lint every pair afresh and keep nothing
