"""The language detector's answers for one translated page, kept across runs in the result cache.

Linting a page again after an edit asks the detector about nearly the same sentences as the last
time: answered from the page's table, a one-page hook run loads the model (a tenth of its time)
only when the edit made a sentence the detector has to read. The table of a page holds the
answers its last lint asked for, by text hash; the detector is deterministic, and its model
file (size and time) is part of the table's key.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from linter.engine.cache import Cache, digest

Detector = Callable[[str], bool]


class Verdicts:
    """`is_english` answered from the current page's table when it has the text, else by the detector."""

    def __init__(self) -> None:
        self._known: dict[str, bool] | None = None  # the current page's table; None outside `kept`
        self._asked: dict[str, bool] = {}
        self._model = ""

    def judge(self, text: str, detect: Detector) -> bool:
        if self._known is None:
            return detect(text)
        key = digest(text)
        verdict = self._known.get(key)
        if type(verdict) is not bool:  # not asked before, or a damaged table
            verdict = detect(text)
        self._asked[key] = verdict
        return verdict

    @contextmanager
    def kept(self, store: Cache, translation: str, lang: str) -> Iterator[None]:
        """Answer from the page's table while its pair is linted, then keep what this lint asked."""
        key = digest("verdicts", translation, lang, self._model_stamp())
        found = store.get(key)
        self._known, self._asked = (found if isinstance(found, dict) else {}), {}
        try:
            yield
        finally:
            known, self._known = self._known, None
            if self._asked != known:
                store.put(key, self._asked)

    def _model_stamp(self) -> str:
        """The model file's size and time: another model may answer otherwise."""
        if not self._model:
            from linter.parse.langid import model_path

            try:
                info = os.stat(model_path())
                self._model = f"{info.st_size}:{info.st_mtime_ns}"
            except (ImportError, OSError):
                self._model = "none"
        return self._model
