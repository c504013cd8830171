"""Data files that installed packages ship (the language model, the word lists), found without running the packages."""

from __future__ import annotations

TYPE_CHECKING = False  # typing and pathlib are not imported until a file is looked for: importing this stays cheap
if TYPE_CHECKING:
    from pathlib import Path


def package_folder(name: str, missing: str) -> Path:
    """The folder of the installed package `name` (its import name), found with ``importlib.util.find_spec``
    so that its code is not executed; ImportError saying `missing` when it is not installed."""
    import importlib.util
    from pathlib import Path

    spec = importlib.util.find_spec(name)
    if spec is None or spec.origin is None:
        raise ImportError(missing, name=name)
    return Path(spec.origin).parent
