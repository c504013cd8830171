"""The fuzzer: Markdown built from the site's syntax, and real fixture pages mutated on both sides.

Asserted for every example: no exception escapes (a refused file is an InputError naming it),
the pair finishes within a hang guard, the same input gives the same findings, and no file
is written. The short profile runs with the suite; `-m fuzz` runs the long one (100,000
examples by default, `TRANSMARK_FUZZ_EXAMPLES` to change it): bench/fuzz.sh runs it and
prints the figures (examples, refusals, the slowest pair).
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from linter.engine.registry import Registry
from linter.engine.runner import Runner, configure
from linter.errors import InputError

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
HANG = 20.0  # seconds for one pair: only a hang gets near it
LONG_EXAMPLES = int(os.environ.get("TRANSMARK_FUZZ_EXAMPLES", "100000"))
RULES = configure(Registry.load())


def _is_english(text: str) -> bool:
    """A cheap stand-in for the language detector: the fuzzer tests the engine, not the model."""
    return text.isascii() and len(text.split()) > 4


def _pairs() -> list[tuple[str, str]]:
    """(English, translation) texts of the real pages among the fixtures."""
    site = FIXTURES / "site"
    english = (site / "docs" / "real-time-communication.md").read_text(encoding="utf-8")
    found = [
        (english, (site / "i18n" / lang / "real-time-communication.md").read_text(encoding="utf-8"))
        for lang in ("it", "uk")
    ]
    seeds = FIXTURES / "seeds"
    latest = sorted((seeds / "en").glob("*.md"))[-1].read_text(encoding="utf-8")
    found += [(latest, path.read_text(encoding="utf-8")) for path in sorted(seeds.glob("*.txt"))]
    corpus = FIXTURES / "corpus"
    for path in sorted((corpus / "en").rglob("*.md")):
        for lang in ("es", "he"):
            other = corpus / lang / path.relative_to(corpus / "en")
            if other.is_file():
                found.append((path.read_text(encoding="utf-8"), other.read_text(encoding="utf-8")))
    return found


PAIRS = _pairs()

# -- Markdown from the site's syntax ---------------------------------------------------------------

_words = st.sampled_from(
    ["Signal", "messenger", "private", "日本語の文", "текст", "שלום", "el", "the", "Element", "E2EE", "x", "«ok»"]
)
_url = st.sampled_from(
    ["https://signal.org/", "../basics/why.md#anchor", "#section", "assets/logo.svg", "https://ex.co[x]/p", "<x y>", ""]
)
_hostile = st.sampled_from(
    [
        "[",
        "[^",
        "![",
        "](",
        "<",
        "{.",
        "{",
        " ",
        "*",
        "_",
        "a_",
        "`",
        "``x",
        "(/",
        "«",
        '"',
        ":",
        "#",
        "|",
        "\\",
        "&amp;",
    ]
)


@st.composite
def _inline(draw: st.DrawFn) -> str:
    kind = draw(st.integers(0, 12))
    word = draw(_words)
    if kind == 0:
        return f"[{word}]({draw(_url)})"
    if kind == 1:
        return f"![{word}]({draw(_url)}){{ align=right }}"
    if kind == 2:
        return (
            draw(st.sampled_from(["*", "**", "_", "__", "***", "~~", "=="]))
            + word
            + draw(st.sampled_from(["*", "**", "_", "", "~~"]))
        )
    if kind == 3:
        return f"`{word}`"
    if kind == 4:
        return draw(
            st.sampled_from([":material-check:", ":octicons-x-16:", "[^1]", "<b>", "</b>", "<br>", "{ #id }", "&nbsp;"])
        )
    if kind == 5:  # a long run of one hostile unit: the scanners must stay linear
        return draw(_hostile) * draw(st.integers(1, _LONG_RUN))
    return word


_LONG_RUN = 3000  # built lines; mutations of real pages make the longer runs


def _line(draw: st.DrawFn) -> str:
    return " ".join(draw(st.lists(_inline(), min_size=0, max_size=6)))


@st.composite
def _block(draw: st.DrawFn, depth: int = 0) -> list[str]:
    kind = draw(st.integers(0, 15 if depth < 2 else 5))
    text = _line(draw)
    if kind <= 2:
        return [text, ""]
    if kind == 3:
        return [
            draw(st.sampled_from(["#", "##", "###", "####"]))
            + " "
            + text
            + draw(st.sampled_from(["", " { #x }", " #"])),
            "",
        ]
    if kind == 4:
        return [draw(st.sampled_from(["- ", "* ", "1. ", "- [ ] "])) + text for _ in range(draw(st.integers(1, 3)))] + [
            ""
        ]
    if kind == 5:
        return [draw(st.sampled_from(["```", "~~~", "```python"])), text, draw(st.sampled_from(["```", "~~~", ""])), ""]
    body = [("    " + line) if line else "" for line in draw(_blocks(depth + 1))]
    tag = draw(
        st.sampled_from(["note", "warning", "recommendation", "downloads", "tip", "example", "recomendación", ""])
    )
    title = draw(st.sampled_from(["", ' "Title"', ' ""', ' "Tí"tle"']))
    if kind == 6:
        return [f"!!! {tag}{title}", "", *body]
    if kind == 7:
        return [draw(st.sampled_from(["???", "???+"])) + f" {tag}{title}", "", *body]
    if kind == 8:
        return [f'=== "{text[:20]}"', "", *body]
    if kind == 9:
        return [f"/// {tag or 'note'} | {text[:20]}", "", *[line[4:] for line in body], "///", ""]
    if kind == 10:
        return [f'<div class="admonition {tag}" markdown>', "", *[line[4:] for line in body], "</div>", ""]
    if kind == 11:
        summary = draw(st.sampled_from(["<summary>Download</summary>", "<summary>", ""]))
        return [f'<details class="{tag}" markdown>', summary, "", *[line[4:] for line in body], "</details>", ""]
    if kind == 12:
        close = draw(st.sampled_from(["</div>", "  </div>", ""]))
        items = [f"- {line[4:]}" if line else "" for line in body]
        return ['<div class="grid cards" markdown>', "", *items, close, ""]
    if kind == 13:
        return ["| a | b |", "|---|---|", f"| {text} | x |", ""]
    if kind == 14:
        return [f"[^1]: {text}", "", f"*[HTML]: {text}", "", f'--8<-- "{text[:10]}.md"', ""]
    return ["> " + text, ""]


def _blocks(depth: int = 0) -> st.SearchStrategy[list[str]]:
    return st.lists(_block(depth), max_size=6 if depth else 12).map(lambda blocks: [line for b in blocks for line in b])


_front_matter = st.sampled_from(
    [
        "",
        "---\ntitle: Real-time communication\n---\n",
        '---\ntitle: "Comunicación"\ndescription: >-\n  Text\nicon: material/chat\ntags:\n  - a\n  - b\n---\n',
        "---\nx: !!int x\n---\n",
        "---\nx: !!timestamp 2024-99-99\n---\n",
        "---\nx: !!binary '!!'\n---\n",
        "---\nx: !!python/object/apply:os.system [echo]\n---\n",
        "---\na: &a [1]\nb: *a\n---\n",
        "---\n- list\n---\n",
        "---\ntitle: [unclosed\n---\n",
        "---\n",
    ]
)


@st.composite
def _document(draw: st.DrawFn) -> str:
    lines = draw(_blocks())
    newline = draw(st.sampled_from(["\n", "\n", "\r\n"]))
    return draw(_front_matter) + newline.join(lines) + newline


# -- mutations of real pages -----------------------------------------------------------------------

_mutation = st.tuples(
    st.sampled_from(["delete", "duplicate", "swap", "indent", "dedent", "insert", "crlf", "cut", "run", "bom"]),
    st.integers(0, 10_000),
    st.integers(0, 10_000),
    st.lists(_block(), max_size=1).map(lambda blocks: "\n".join(blocks[0]) if blocks else ""),
    _hostile,
)


def _mutate(text: str, mutations: list[tuple[str, int, int, str, str]], long_run: int) -> str:
    lines = text.split("\n")
    for op, a, b, block, unit in mutations:
        if not lines:
            break
        i, j = a % len(lines), b % len(lines)
        if op == "delete":
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, lines[i])
        elif op == "swap":
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "indent":
            lines[i] = "    " + lines[i]
        elif op == "dedent":
            lines[i] = lines[i][4:] if lines[i].startswith("    ") else lines[i].lstrip()
        elif op == "insert":
            lines.insert(i, block)
        elif op == "crlf":
            lines[i] += "\r"
        elif op == "cut":  # a damaged export: the page ends mid-line
            lines = lines[: i + 1]
            lines[-1] = lines[-1][: b % (len(lines[-1]) + 1)]
        elif op == "run":
            cut = b % (len(lines[i]) + 1)
            lines[i] = lines[i][:cut] + unit * (1 + b % long_run) + lines[i][cut:]
        elif op == "bom":
            lines[0] = "\ufeff" + lines[0]
    return "\n".join(lines)


# -- the properties ---------------------------------------------------------------------------------


@dataclass
class Figures:
    """What a fuzz run saw: printed by bench/fuzz.sh from TRANSMARK_FUZZ_REPORT."""

    examples: int = 0
    refused: int = 0  # InputError: a clean one-line refusal (broken front matter, a NUL byte, …)
    slowest: float = 0.0
    slowest_bytes: int = 0
    started: float = field(default_factory=time.monotonic)

    def save(self) -> None:
        where = os.environ.get("TRANSMARK_FUZZ_REPORT")
        if where and (self.examples % 10 == 0 or self.examples == 1):
            figures = {
                "examples": self.examples,
                "refused": self.refused,
                "slowest_pair_seconds": round(self.slowest, 3),
                "slowest_pair_bytes": self.slowest_bytes,
                "elapsed_seconds": round(time.monotonic() - self.started),
            }
            Path(where).write_text(json.dumps(figures) + "\n", encoding="utf-8")


FIGURES = Figures()


def _findings(folder: Path) -> list[tuple] | str:
    runner = Runner(RULES, _is_english)
    try:
        findings = runner.lint_files(str(folder / "en.md"), str(folder / "it.md"), "it")
    except InputError as exc:
        assert exc.path in (str(folder / "en.md"), str(folder / "it.md")), exc
        assert "\n" not in str(exc)
        return f"refused: {exc}"
    return [(f.rule_id, f.span, f.message, f.source_span, f.key) for f in findings]


def _check_pair(folder: Path, english: str, translation: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in (("en.md", english), ("it.md", translation)):
        (folder / name).write_bytes(text.encode("utf-8", errors="surrogatepass"))
    before = {path.name: (path.read_bytes(), path.stat().st_mtime_ns) for path in folder.iterdir()}
    started = time.monotonic()
    first = _findings(folder)
    elapsed = time.monotonic() - started
    assert elapsed < HANG, f"{elapsed:.1f} s for one pair"
    assert _findings(folder) == first, "the same pair gave other findings"
    assert {path.name: (path.read_bytes(), path.stat().st_mtime_ns) for path in folder.iterdir()} == before
    FIGURES.examples += 1
    FIGURES.refused += isinstance(first, str)
    if elapsed > FIGURES.slowest:
        FIGURES.slowest, FIGURES.slowest_bytes = elapsed, len(english) + len(translation)
    FIGURES.save()


SHORT = settings(  # the suite's share: about a minute on a loaded machine
    max_examples=60,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
LONG = settings(max_examples=LONG_EXAMPLES, deadline=None, database=None, suppress_health_check=list(HealthCheck))


@SHORT
@given(english=_document(), translation=_document())
def test_built_markdown(tmp_path_factory: pytest.TempPathFactory, english: str, translation: str) -> None:
    _check_pair(tmp_path_factory.mktemp("built"), english, translation)


@settings(SHORT, max_examples=15)  # a real pair costs a hundred built ones
@given(
    index=st.integers(0, len(PAIRS) - 1), source=st.lists(_mutation, max_size=4), target=st.lists(_mutation, max_size=8)
)
def test_mutated_real_pages(tmp_path_factory: pytest.TempPathFactory, index: int, source: list, target: list) -> None:
    english, translation = PAIRS[index]
    _check_pair(tmp_path_factory.mktemp("mutated"), _mutate(english, source, 2000), _mutate(translation, target, 2000))


@pytest.mark.fuzz
@LONG
@given(
    built=st.booleans(),
    english=_document(),
    translation=_document(),
    index=st.integers(0, len(PAIRS) - 1),
    source=st.lists(_mutation, max_size=4),
    target=st.lists(_mutation, max_size=8),
)
def test_fuzz_long(
    tmp_path_factory: pytest.TempPathFactory,
    built: bool,
    english: str,
    translation: str,
    index: int,
    source: list,
    target: list,
) -> None:
    """The long profile: built pairs, and real pages with runs of up to 100,000 characters."""
    folder = tmp_path_factory.mktemp("fuzz", numbered=True)
    try:
        if built:
            _check_pair(folder, english, translation)
        else:
            real_english, real_translation = PAIRS[index]
            _check_pair(folder, _mutate(real_english, source, 100_000), _mutate(real_translation, target, 100_000))
    finally:
        for path in folder.iterdir():
            path.unlink()
        folder.rmdir()
