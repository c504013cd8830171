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
