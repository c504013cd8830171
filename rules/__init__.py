"""Built-in rules. BUILTIN_RULES is the single list; the entry point `transmark.rules:builtin` exposes it."""

from __future__ import annotations

from linter.rule import Rule

from .admonitions import BrokenAdmonitionHeader, TranslatedAdmonitionType
from .cards import MismatchedCardLogo
from .paragraphs import UntranslatedPage, UntranslatedParagraph
from .structure import ExtraSection, HeadingLevelChanged, MissingSection, MovedSection, ShuffledHeading

BUILTIN_RULES: tuple[type[Rule], ...] = (
    ShuffledHeading,
    MissingSection,
    ExtraSection,
    MovedSection,
    HeadingLevelChanged,
    MismatchedCardLogo,
    TranslatedAdmonitionType,
    BrokenAdmonitionHeader,
    UntranslatedParagraph,
    UntranslatedPage,
)


def builtin() -> tuple[type[Rule], ...]:
    """Entry point target: built-ins register the way third-party plugins do."""
    return BUILTIN_RULES
