"""transmark: a translation consistency linter for localized Markdown documentation."""

__version__ = "0.1.0"
