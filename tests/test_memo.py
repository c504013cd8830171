"""Costly judgements of a page's texts, kept across runs: an edit elsewhere asks the detector and the renderer
nothing, and the findings stay."""

from __future__ import annotations

from pathlib import Path

import pytest

import linter.parse.langid as langid
from linter.app import Request, lint, load_config
from linter.engine.cache import Cache
from linter.engine.memo import PageMemo
from linter.output import reporters

ENGLISH = """# Setup

The installer asks for a folder and writes the settings there before it starts.

Choose the folder that holds your documents, then press the button to continue.
"""
SPANISH = """# Configuración

El instalador pide una carpeta y escribe allí la configuración antes de empezar.

Choose the folder that holds your documents, then press the button to continue with it.
"""


class Detector:
    """The real detector, counting the texts it is asked about."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.asked: list[str] = []
        real = langid.is_english

        def counting(text: str, threshold: float = langid.DEFAULT_THRESHOLD) -> bool:
            self.asked.append(text)
            return real(text, threshold)

        monkeypatch.setattr(langid, "is_english", counting)


@pytest.fixture()
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("TRANSMARK_CACHE_DIR", raising=False)
    Path("transmark.toml").write_text('source = "en"\ntranslation = "{lang}/{path}"\n')
    for lang, text in (("en", ENGLISH), ("es", SPANISH)):
        Path(lang).mkdir()
        Path(lang, "setup.md").write_text(text)
    return tmp_path


def check(site: Path, **request) -> str:
    return reporters.render("json", lint(load_config(site), Request([Path("es/setup.md")], jobs=1, **request)))


def test_an_edit_elsewhere_asks_the_detector_nothing(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = check(site)
    assert "untranslated" in first  # the English sentence is found (the detector said so)
    detector = Detector(monkeypatch)
    page = Path("es/setup.md")
    page.write_text(page.read_text().replace("# Configuración", "# Configuración { #setup }"))
    edited = check(site)
    assert detector.asked == []
    assert edited == check(site, no_cache=True)


def test_a_new_sentence_is_asked_about(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    check(site)
    detector = Detector(monkeypatch)
    page = Path("es/setup.md")
    page.write_text(page.read_text().replace("continue with it", "go on with the installation"))
    assert check(site) == check(site, no_cache=True)
    assert detector.asked and all("installation" in text for text in detector.asked)


def _is_bool(value: object) -> bool:
    return type(value) is bool


def test_the_table_holds_what_the_last_lint_asked(tmp_path: Path) -> None:
    store = Cache(tmp_path, "salt")
    memo = PageMemo()
    asked: list[str] = []

    def judge(text: str) -> bool:
        return memo.recall("english", text, lambda: asked.append(text) or text.startswith("en"), _is_bool)

    with memo.kept(store, "es/a.md", "es"):
        assert [judge(t) for t in ("en one", "es uno", "en one")] == [True, False, True]
    assert asked == ["en one", "es uno", "en one"]  # the detector keeps its own memo within a run
    with memo.kept(store, "es/a.md", "es"):
        assert judge("es uno") is False
        assert judge("es dos") is False
    assert asked[3:] == ["es dos"]
    with memo.kept(store, "es/a.md", "es"):
        assert judge("en one") is True  # dropped: the last lint did not ask about it
    assert asked[4:] == ["en one"]
    assert judge("en one") is True and asked[5:] == ["en one"]  # no page: no table
    with memo.kept(store, "es/a.md", "es"):  # kinds are apart
        assert memo.recall("other", "es uno", lambda: ("x",), lambda v: isinstance(v, tuple)) == ("x",)


def test_a_damaged_table_is_asked_again(tmp_path: Path) -> None:
    store = Cache(tmp_path, "salt")
    memo = PageMemo()
    with memo.kept(store, "es/a.md", "es"):
        memo.recall("english", "en one", lambda: True, _is_bool)
    (entry,) = tmp_path.rglob("*.json")
    key = entry.stem
    for damaged in ({next(iter(store.get(key))): "yes"}, ["not", "a", "table"]):
        store.put(key, damaged)
        with memo.kept(store, "es/a.md", "es"):
            assert memo.recall("english", "en one", lambda: False, _is_bool) is False


def test_an_edit_elsewhere_does_not_build_the_renderer(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import rules.emphasis as emphasis

    page = Path("es/setup.md")
    page.write_text(page.read_text() + "\nEl ** botón ** de instalación.\n")
    Path("en/setup.md").write_text(ENGLISH + "\nThe **install** button.\n")
    first = check(site)
    assert "broken-emphasis" in first
    emphasis._renderer.cache_clear()
    emphasis._rendered_markers.cache_clear()

    def no_renderer() -> None:
        raise AssertionError("Python-Markdown built")

    page.write_text(page.read_text().replace("# Configuración", "# Configuración { #setup }"))
    with monkeypatch.context() as patched:
        patched.setattr(emphasis, "_renderer", no_renderer)
        edited = check(site)
    assert edited == check(site, no_cache=True)


def test_answers_kept_as_tuples_come_back_as_tuples(tmp_path: Path) -> None:
    """The cache keeps JSON: a table's tuples are arrays there, and are tuples again when read."""
    store, rows = Cache(tmp_path, "salt"), (("**", "x", "y", True),)
    memo = PageMemo()
    with memo.kept(store, "it/a.md", "it"):
        memo.recall("rows", "text", lambda: rows, lambda value: isinstance(value, tuple))
    computed: list[int] = []
    with memo.kept(store, "it/a.md", "it"):
        found = memo.recall("rows", "text", lambda: computed.append(1) or rows, lambda value: value == rows)
    assert found == rows and not computed


SURVEYED_ENGLISH = """# Setup

The installer asks for a folder and writes the settings there before it starts.

Choose the folder that holds your documents, then press the button to continue.

Keep a copy of the settings in a safe place. Restore them when you move to a new computer.
"""
SURVEYED_SPANISH = """# Configuración

El instalador pide una carpeta y escribe allí la configuración antes de empezar.

Choose the folder that holds your documents, then press the button to continue.

Guarde una copia de la configuración en un lugar seguro. Restore them when you move to a new computer.
"""


def test_an_edit_judges_again_only_the_paragraph_it_touched(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The paragraph survey (TM401-TM404) recalls each paragraph's verdict; the others' findings move with
    the lines the edit added above them."""
    import rules.english_left as english_left

    Path("en/setup.md").write_text(SURVEYED_ENGLISH)
    page = Path("es/setup.md")
    page.write_text(SURVEYED_SPANISH)
    first = check(site)
    assert "untranslated-paragraph" in first and "partly-translated-paragraph" in first
    judged: list[str] = []
    real = english_left._verdict

    def counting(pair, ctx, min_words):  # type: ignore[no-untyped-def]
        judged.append(pair.target.text)
        return real(pair, ctx, min_words)

    page.write_text("\n\n" + SURVEYED_SPANISH.replace("antes de empezar", "antes de que empiece"))
    with monkeypatch.context() as patched:
        patched.setattr(english_left, "_verdict", counting)
        edited = check(site)
    assert judged == ["El instalador pide una carpeta y escribe allí la configuración antes de que empiece."]
    assert edited == check(site, no_cache=True) != first
