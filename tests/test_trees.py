"""English pages' trees in the cache: read back whole, and never anything but a tree."""

from __future__ import annotations

import binascii
import os
import pickle
from pathlib import Path

import pytest

from linter.engine.trees import tree_entry, tree_page
from linter.parse.dialect import DEFAULT
from linter.parse.markdown import parse_page
from linter.parse.positions import Pos, Span
from linter.parse.source import SourceText

SAMPLE = Path(__file__).resolve().parents[1] / "fixtures" / "site" / "docs" / "real-time-communication.md"


def shape(page) -> list[tuple[object, ...]]:
    """Every node's class and fields (its children by their number), in document order."""
    return [
        (type(node).__name__, len(node.children))
        + tuple(value for name, value in zip(node._names, node._pickled(node), strict=True) if name != "children")
        for node in page.root.walk()
    ]


def test_a_page_comes_back_as_it_was_parsed() -> None:
    source = SourceText.read(str(SAMPLE), 10**7)
    parsed = parse_page(source, "en", DEFAULT, False)
    page = tree_page(tree_entry(parsed))
    assert page is not None
    assert shape(page) == shape(parsed) and len(shape(page)) > 100
    assert page.source.text == parsed.source.text and page.source.lines == parsed.source.lines
    assert page.front_matter is not None and parsed.front_matter is not None
    assert page.front_matter.data == parsed.front_matter.data
    assert page.dialect == parsed.dialect and page.problems == parsed.problems and page.analyses == {}
    assert all(child.parent is node for node in page.root.walk() for child in node.children)


FIXTURE_PAGES = sorted((Path(__file__).resolve().parents[1] / "fixtures").rglob("*.md"))


def test_every_fixture_page_comes_back() -> None:
    """Every syntax the fixtures hold (cards, tabs, tables, footnotes, HTML, icons, front matter) pickles to the
    classes the loader allows: a node that grew a field of another kind would make every read a silent miss."""
    missed = []
    for path in FIXTURE_PAGES:
        parsed = parse_page(SourceText.read(str(path), 10**7), "en", DEFAULT, False)
        page = tree_page(tree_entry(parsed))
        if page is None or shape(page) != shape(parsed):
            missed.append(str(path))
    assert len(FIXTURE_PAGES) > 50 and not missed


def test_front_matter_dates_come_back() -> None:
    parsed = parse_page(SourceText("en/a.md", "---\ndate: 2024-05-01\n---\n\n# A\n"), "en", DEFAULT, False)
    page = tree_page(tree_entry(parsed))
    assert page is not None and page.front_matter is not None
    assert str(page.front_matter.data["date"]) == "2024-05-01"


class _Marker:
    """Pickles as a call that would create a folder: what a tampered entry could try."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return os.mkdir, (str(self.path),)


def test_a_tampered_entry_runs_nothing(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    entry = binascii.b2a_base64(pickle.dumps(_Marker(marker)), newline=False).decode()
    assert tree_page(entry) is None
    assert not marker.exists()
    pickle.loads(binascii.a2b_base64(entry))  # the same entry, unpickled without the guard, would run it
    assert marker.exists()


@pytest.mark.parametrize(
    "entry",
    [
        None,
        ["not", "a", "tree"],
        "not base64 at all!",
        binascii.b2a_base64(b"\x80\x05truncated").decode(),
        binascii.b2a_base64(pickle.dumps({"a": 1})).decode(),  # plain values, but no page
        binascii.b2a_base64(pickle.dumps(Span(Pos(1, 1), Pos(1, 2)))).decode(),  # part of a page only
    ],
)
def test_anything_else_is_a_miss(entry: object) -> None:
    assert tree_page(entry) is None


def test_the_deepest_page_the_parser_builds_is_kept() -> None:
    """Lists and quotes nest only as deep as markdown-it lets them (its maxNesting): such a tree pickles."""
    deep = "".join(f"{'    ' * depth}- item\n" for depth in range(400)) + "> " * 2000 + "quote\n"
    parsed = parse_page(SourceText("en/deep.md", deep), "en", DEFAULT, False)
    page = tree_page(tree_entry(parsed))
    assert page is not None and shape(page) == shape(parsed)
