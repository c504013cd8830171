"""The fuzzer: Markdown built from the site's syntax, and real fixture pages mutated on both sides.

Asserted for every example: no exception escapes (a refused file is an InputError naming it),
the pair finishes within a hang guard, the same input gives the same findings, and no file
is written; every few hundred examples, a site of the latest pairs gives the same findings on
one and on two worker processes. The short profile runs with the suite (hypothesis draws every
choice, so a failure shrinks); `-m fuzz` runs the long one (100,000 examples by default,
`TRANSMARK_FUZZ_EXAMPLES` to change it), where hypothesis draws one seed per example and the
same grammar is walked with `random.Random` (drawing each choice through hypothesis cost more
than linting the pair). Its real pages are excerpts of one to three sections on both sides
(now and then a whole page), so an example costs milliseconds, while mutations still make runs
of up to 100,000 characters. bench/fuzz.sh runs it and prints the figures.
"""

from __future__ import annotations

import faulthandler
import json
import os
import random
import re
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, TypeVar

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mutations import OPERATIONS, Mutation, mutate

from linter.engine.registry import Registry
from linter.engine.runner import Runner, configure, lint_site
from linter.errors import InputError
from linter.project.target import Target

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
HANG = 20.0  # CPU seconds for one pair: only a hang gets near it (CPU time: the machine may be busy)
LONG_EXAMPLES = int(os.environ.get("TRANSMARK_FUZZ_EXAMPLES", "100000"))
# bench/fuzz.sh numbers its processes: hypothesis draws small seeds often (two runs of 5,000 shared
# 13% of theirs), so each process salts its seeds to draw examples of its own.
SHARD = os.environ.get("TRANSMARK_FUZZ_SHARD", "")
RULES = configure(Registry.load())
T = TypeVar("T")


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


class Pick(Protocol):
    """Where the grammar's choices come from: hypothesis (shrinks) or a seeded `random.Random` (fast)."""

    def integer(self, low: int, high: int) -> int: ...

    def choice(self, options: Sequence[T]) -> T: ...


class Drawn:
    def __init__(self, draw: st.DrawFn) -> None:
        self._draw = draw

    def integer(self, low: int, high: int) -> int:
        return self._draw(st.integers(low, high))

    def choice(self, options: Sequence[T]) -> T:
        return self._draw(st.sampled_from(options))


class Seeded:
    def __init__(self, seed: int | str) -> None:
        self._random = random.Random(seed)

    def integer(self, low: int, high: int) -> int:
        return self._random.randint(low, high)

    def choice(self, options: Sequence[T]) -> T:
        return self._random.choice(options)


def _some(pick: Pick, most: int, item: Callable[[], T]) -> list[T]:
    return [item() for _ in range(pick.integer(0, most))]


# -- Markdown from the site's syntax ---------------------------------------------------------------

_WORDS = ["Signal", "messenger", "private", "日本語の文", "текст", "שלום", "el", "the", "Element", "E2EE", "x", "«ok»"]
_URLS = ["https://signal.org/", "../basics/why.md#anchor", "#section", "assets/logo.svg", "https://ex.co[x]/p", "<x y>"]
_HOSTILE = [
    *("[", "]", "[^", "![", "](", "[x](", "<", "{.", "{", " ", "*", "_", "a_", "`", "``x", "(/", "«", '"'),
    *(":", "#", "|", "\\", "&amp;", "\t", "~~", "==", "<!--", "-->", "\u200b"),
]
_LONG_RUN = 3000  # built lines; mutations of real pages make the longer runs


def _run(pick: Pick, longest: int) -> int:
    """A run's length: mostly short, now and then (1 in 50) up to `longest`."""
    return pick.integer(1, longest if pick.integer(0, 49) == 0 else min(longest, 100))


def _inline(pick: Pick) -> str:
    kind = pick.integer(0, 12)
    word = pick.choice(_WORDS)
    if kind == 0:
        return f"[{word}]({pick.choice(_URLS)})"
    if kind == 1:
        return f"![{word}]({pick.choice(_URLS)}){{ align=right }}"
    if kind == 2:
        return pick.choice(["*", "**", "_", "__", "***", "~~", "=="]) + word + pick.choice(["*", "**", "_", "", "~~"])
    if kind == 3:
        return f"`{word}`"
    if kind == 4:
        return pick.choice([":material-check:", ":octicons-x-16:", "[^1]", "<b>", "</b>", "<br>", "{ #id }", "&nbsp;"])
    if kind == 5:  # a run of one hostile unit: the scanners must stay linear
        return pick.choice(_HOSTILE) * _run(pick, _LONG_RUN)
    return word


def _line(pick: Pick) -> str:
    return " ".join(_some(pick, 6, lambda: _inline(pick)))


def _block(pick: Pick, depth: int = 0) -> list[str]:
    kind = pick.integer(0, 15 if depth < 2 else 5)
    text = _line(pick)
    if kind <= 2:
        return [text, ""]
    if kind == 3:
        return [pick.choice(["#", "##", "###", "####"]) + " " + text + pick.choice(["", " { #x }", " #"]), ""]
    if kind == 4:
        return [pick.choice(["- ", "* ", "1. ", "- [ ] "]) + text for _ in range(pick.integer(1, 3))] + [""]
    if kind == 5:
        return [pick.choice(["```", "~~~", "```python"]), text, pick.choice(["```", "~~~", ""]), ""]
    body = [("    " + line) if line else "" for line in _blocks(pick, depth + 1)]
    tag = pick.choice(["note", "warning", "recommendation", "downloads", "tip", "example", "recomendación", ""])
    title = pick.choice(["", ' "Title"', ' ""', ' "Tí"tle"'])
    if kind == 6:
        return [f"!!! {tag}{title}", "", *body]
    if kind == 7:
        return [pick.choice(["???", "???+"]) + f" {tag}{title}", "", *body]
    if kind == 8:
        return [f'=== "{text[:20]}"', "", *body]
    if kind == 9:
        return [f"/// {tag or 'note'} | {text[:20]}", "", *[line[4:] for line in body], "///", ""]
    if kind == 10:
        return [f'<div class="admonition {tag}" markdown>', "", *[line[4:] for line in body], "</div>", ""]
    if kind == 11:
        summary = pick.choice(["<summary>Download</summary>", "<summary>", ""])
        return [f'<details class="{tag}" markdown>', summary, "", *[line[4:] for line in body], "</details>", ""]
    if kind == 12:
        close = pick.choice(["</div>", "  </div>", ""])
        items = [f"- {line[4:]}" if line else "" for line in body]
        return ['<div class="grid cards" markdown>', "", *items, close, ""]
    if kind == 13:
        return ["| a | b |", "|---|---|", f"| {text} | x |", ""]
    if kind == 14:
        return [f"[^1]: {text}", "", f"*[HTML]: {text}", "", f'--8<-- "{text[:10]}.md"', ""]
    return ["> " + text, ""]


def _blocks(pick: Pick, depth: int = 0) -> list[str]:
    return [line for block in _some(pick, 6 if depth else 12, lambda: _block(pick, depth)) for line in block]


_FRONT_MATTER = [
    "",
    "---\ntitle: Real-time communication\n---\n",
    '---\ntitle: "Comunicación"\ndescription: >-\n  Text\nicon: material/chat\ntags:\n  - a\n  - b\n---\n',
    "---\nx: !!binary '!!'\n---\n",
    "---\na: &a [1]\nb: *a\n---\n",
    "---\n",
]
# Refused with one line naming the page: picked rarely, or most pairs would test only the refusal.
_BROKEN_FRONT_MATTER = [
    "---\nx: !!int x\n---\n",
    "---\nx: !!timestamp 2024-99-99\n---\n",
    "---\nx: !!python/object/apply:os.system [echo]\n---\n",
    "---\n- list\n---\n",
    "---\ntitle: [unclosed\n---\n",
]


def _document(pick: Pick) -> str:
    lines = _blocks(pick)
    newline = pick.choice(["\n", "\n", "\r\n"])
    front_matter = pick.choice(_BROKEN_FRONT_MATTER if pick.integer(0, 9) == 0 else _FRONT_MATTER)
    return front_matter + newline.join(lines) + newline


# -- mutations of real pages -----------------------------------------------------------------------


def _mutation(pick: Pick, longest: int) -> Mutation:
    block = "\n".join(_block(pick)) if pick.integer(0, 1) else ""
    op, a, b = pick.choice(OPERATIONS), pick.integer(0, 10_000), pick.integer(0, 10_000)
    return op, a, b, block, pick.choice(_HOSTILE), _run(pick, longest)


_HEADING = re.compile(r"^#{1,6} ", re.M)


def _sections(text: str) -> list[str]:
    """The page cut before each heading line; the first part holds the front matter."""
    starts = [0, *(match.start() for match in _HEADING.finditer(text) if match.start())]
    return [text[start:end] for start, end in zip(starts, [*starts[1:], len(text)], strict=True)]


def _excerpt(pick: Pick, english: str, translation: str) -> tuple[str, str]:
    """One to three sections of a real pair, the same ones on both sides; now and then (1 in 100) all of it."""
    if pick.integer(0, 99) == 0:
        return english, translation
    source, target = _sections(english), _sections(translation)
    first, count = pick.integer(0, len(source) - 1), pick.integer(1, 3)
    return "".join(source[first : first + count]), "".join(target[first : first + count])


def _real_pair(pick: Pick, longest: int) -> tuple[str, str]:
    english, translation = _excerpt(pick, *pick.choice(PAIRS))
    source = _some(pick, 4, lambda: _mutation(pick, longest))
    target = _some(pick, 8, lambda: _mutation(pick, longest))
    return mutate(english, source), mutate(translation, target)


# -- the properties ---------------------------------------------------------------------------------


@dataclass
class Figures:
    """What a fuzz run saw: printed by bench/fuzz.sh from TRANSMARK_FUZZ_REPORT."""

    examples: int = 0
    refused: int = 0  # InputError: a clean one-line refusal (broken front matter, a NUL byte, …)
    sites: int = 0  # sites linted on one and on two worker processes
    slowest: float = 0.0  # CPU seconds
    slowest_bytes: int = 0
    seed: int | None = None  # the long profile's current example: Seeded(f"{SHARD}:{seed}") rebuilds it
    slowest_seed: int | None = None
    slow: list[tuple[float, int, int | None]] = field(default_factory=list)  # the slowest pairs: (CPU s, bytes, seed)
    started: float = field(default_factory=time.monotonic)

    def save(self) -> None:
        where = os.environ.get("TRANSMARK_FUZZ_REPORT")
        if where:
            figures = {
                "examples": self.examples,
                "refused": self.refused,
                "sites_on_1_and_2_workers": self.sites,
                "slowest_pair_cpu_seconds": round(self.slowest, 3),
                "slowest_pair_bytes": self.slowest_bytes,
                "slowest_pair_seed": self.slowest_seed,
                "slowest_pairs": [[round(cpu, 3), size, seed] for cpu, size, seed in self.slow],
                "current_seed": self.seed,  # the example running: the one to rebuild if the process dies
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
    started = time.process_time()
    first = _findings(folder)
    elapsed = time.process_time() - started
    assert elapsed < HANG, f"{elapsed:.1f} s for one pair"
    assert _findings(folder) == first, "the same pair gave other findings"
    assert {path.name: (path.read_bytes(), path.stat().st_mtime_ns) for path in folder.iterdir()} == before
    FIGURES.examples += 1
    FIGURES.refused += isinstance(first, str)
    if elapsed > FIGURES.slowest:
        FIGURES.slowest, FIGURES.slowest_bytes = elapsed, len(english) + len(translation)
        FIGURES.slowest_seed = FIGURES.seed
    FIGURES.slow = sorted(
        [*FIGURES.slow, (elapsed, len(english) + len(translation), FIGURES.seed)],
        key=lambda pair: pair[0],
        reverse=True,
    )[:10]
    FIGURES.save()


_SITE_PAGES, _SITE_LANGUAGES = 8, ("de", "es", "it")
_SITE_PAIRS = _SITE_PAGES * len(_SITE_LANGUAGES)  # 24: enough for worker processes


def _check_workers(folder: Path, pairs: list[tuple[str, str]]) -> None:
    """A site of the latest pairs (8 English pages, 3 languages each) gives the same findings on 1 and 2 workers."""
    targets = []
    for number, (english, translation) in enumerate(pairs):
        page, lang = divmod(number, len(_SITE_LANGUAGES))
        source = folder / "en" / f"page{page}.md"
        target = folder / _SITE_LANGUAGES[lang] / source.name
        for path, text in ((source, english), (target, translation)):
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(text.encode("utf-8", errors="surrogatepass"))
        targets.append(Target(_SITE_LANGUAGES[lang], source, target))
    runner = Runner(RULES, _is_english)
    assert lint_site(runner, targets, jobs=2) == lint_site(runner, targets, jobs=1), "2 workers gave other findings"
    FIGURES.sites += 1


SHORT = settings(  # the suite's share: about a minute on a loaded machine
    max_examples=60,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
LONG = settings(max_examples=LONG_EXAMPLES, deadline=None, database=None, suppress_health_check=list(HealthCheck))


@SHORT
@given(st.data())
def test_built_markdown(tmp_path_factory: pytest.TempPathFactory, data: st.DataObject) -> None:
    pick = Drawn(data.draw)
    _check_pair(tmp_path_factory.mktemp("built"), _document(pick), _document(pick))


@settings(SHORT, max_examples=40)  # excerpts of real pairs, a few sections each
@given(st.data())
def test_mutated_real_pages(tmp_path_factory: pytest.TempPathFactory, data: st.DataObject) -> None:
    english, translation = _real_pair(Drawn(data.draw), 2000)
    _check_pair(tmp_path_factory.mktemp("mutated"), english, translation)


def test_workers_agree_on_a_built_site(tmp_path: Path) -> None:
    pick = Seeded(0)
    _check_workers(tmp_path, [(_document(pick), _real_pair(pick, 2000)[1]) for _ in range(_SITE_PAIRS)])


_LATEST: deque[tuple[str, str]] = deque(maxlen=_SITE_PAIRS)  # for the next worker check
_WORKERS_EVERY = 500  # examples between two worker checks (a check costs about 25 examples)


def _long_pair(pick: Pick) -> tuple[str, str]:
    return (_document(pick), _document(pick)) if pick.integer(0, 1) else _real_pair(pick, 100_000)


# What the long profile found, rebuilt from its seed (as the process salted it): 42905, 9,000
# unclosed `![` beside emphasis, which Python-Markdown took 22 s to render; "1:7198509", 90 KB of
# `[x](` runs whose unclosed parentheses it scanned for 96 s; "1:88041", a run of 51,000 backticks
# that translated-product-name's code-span pattern retried from every backtick (minutes); "2:501946938", a
# heading of 81,000 spaces that attr_list's pattern tried from every space (1.8 s); "2:630903280728", 76,000
# `~` inside a word in emphasis, whose closer pymdownx's delimiter processor searched for from each (1.9 s);
# "2:245219157", 94 KB of `[x](` nested, each `(` read 33 deep by markdown-it's destination helper (0.9 s).
@pytest.mark.parametrize("seed", [42905, "1:7198509", "1:88041", "2:501946938", "2:630903280728", "2:245219157"])
def test_long_profile_finds_stay_fixed(tmp_path: Path, seed: int | str) -> None:
    _check_pair(tmp_path, *_long_pair(Seeded(seed)))


@pytest.mark.fuzz
@LONG
@given(seed=st.integers(0, 2**64 - 1))
def test_fuzz_long(tmp_path_factory: pytest.TempPathFactory, seed: int) -> None:
    """The long profile: built pairs, and real excerpts with runs of up to 100,000 characters."""
    FIGURES.seed = seed
    FIGURES.save()
    pair = _long_pair(Seeded(f"{SHARD}:{seed}" if SHARD else seed))
    folder = tmp_path_factory.mktemp("fuzz", numbered=True)
    # A pair that never finishes would never reach the CPU-time guard: past three times it in wall
    # time, print where every thread is and end the process (the report names the seed).
    faulthandler.dump_traceback_later(3 * HANG, exit=True)
    try:
        _check_pair(folder, *pair)
        _LATEST.append(pair)
        if FIGURES.examples % _WORKERS_EVERY == 0:
            _check_workers(folder / "site", list(_LATEST))
    finally:
        faulthandler.cancel_dump_traceback_later()
        for path in sorted(folder.rglob("*"), reverse=True):
            path.rmdir() if path.is_dir() else path.unlink()
        folder.rmdir()


def test_render_cost_counts_unclosed_brackets_and_parentheses() -> None:
    """Blocks whose Python-Markdown rendering would scan for seconds are read with markdown-it."""
    from rules.emphasis import render_cost

    assert render_cost("A [link](https://x.org/(a)) and (a note) [x].") == 0
    assert render_cost("[x](" * 1000) == 1000 * 4000 + 1000 * 4000 // 5000  # the long profile's 37 KB pair: 6 s
    assert render_cost("![" * 10) == 10 * 20


def test_render_cost_counts_long_runs_of_spaces() -> None:
    """attr_list tries its heading and table-cell pattern from every space of a run to the run's end: the
    long profile's "2:501946938", a heading of 81,000 spaces and a few `_`, rendered in 1.8 s."""
    from rules.emphasis import _RENDER_BUDGET, render_cost

    assert render_cost("## Prove" + " " * 99 + "_x") == 0  # real pages' runs cost nothing
    assert render_cost("## Prove" + " " * 20_000 + "x") == 20_000**2 // 2500 <= _RENDER_BUDGET  # 0.12 s
    assert render_cost("## Prove" + " " * 80_000 + "_x") > _RENDER_BUDGET  # 2.5 s: read with markdown-it
    assert render_cost("| a" + "\t" * 20_000 + "b |") == 80_000**2 // 2500  # a tab is four spaces to it


def test_render_cost_counts_strikethrough_superscript_and_mark_delimiters() -> None:
    """pymdownx searches the text after each `~`, `^` and `=` for its closer: thousands in a block take seconds."""
    from rules.emphasis import _RENDER_BUDGET, render_cost

    assert render_cost("Some ~~old~~ text, x^2^ and ==marked== words.") < 10  # real blocks' few cost nothing
    assert render_cost("*a" + "~" * 20_000 + "b.*") <= _RENDER_BUDGET  # 0.12 s
    assert render_cost("*Anote qué amena" + "~" * 76_000 + "zas.*") > _RENDER_BUDGET  # 1.4 s: read with markdown-it
    assert render_cost("*" + "~a" * 20_000 + "*") > _RENDER_BUDGET  # 1.3 s
    assert render_cost("==" * 20_000) == render_cost("^" * 40_000) == 40_000 * 40_000 // 500


def test_render_cost_counts_the_copies_inline_patterns_make() -> None:
    """Python-Markdown writes a block's text again around each element an inline pattern matches: a big
    block of many elements takes seconds (1 MB of `*word*`: 12 s)."""
    from rules.emphasis import _RENDER_BUDGET, render_cost

    assert render_cost("A *b*, `c`, [d](e), <b>f</b> &amp; \\* g.") == 0  # real blocks' few cost nothing
    assert render_cost("*word* " * 10_000) == 20_000 * 70_000 // 5000 <= _RENDER_BUDGET  # 70 kB: 0.3 s
    assert render_cost("*word* " * 40_000) > _RENDER_BUDGET  # 280 kB: 1.8 s, read with markdown-it
    assert render_cost("<b>x</b> " * 80_000) > 20 * _RENDER_BUDGET  # 720 kB: 22 s


def test_a_page_s_blocks_share_one_render_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each block within a budget of its own still let a page render for seconds (eight blocks just
    within it: 5 s): what does not fit what the page's earlier blocks left is read with markdown-it."""
    from linter.parse.markdown import parse_page
    from linter.parse.source import SourceText
    from rules import emphasis
    from rules.emphasis import render_cost

    english = "# T\n\n" + "".join(f"Block {i}: " + "*word* " * 300 + "\n\n" for i in range(8))
    translation = re.sub(r": \*word\*", ": *wort", english).replace("word", "wort")  # each block shows a `*`
    block = translation.split("\n\n")[2]
    monkeypatch.setattr(emphasis, "_RENDER_BUDGET", 3 * render_cost(block) + 1)
    rendered: list[str] = []
    render = emphasis._rendered_markers.__wrapped__

    def counted(text: str, spaced: bool = False) -> tuple:
        rendered.append(text)
        return render(text, spaced)

    monkeypatch.setattr(emphasis, "_rendered_markers", counted)
    pages = [
        parse_page(SourceText.from_bytes(p, t.encode()), lang)
        for p, t, lang in (("en.md", english, "en"), ("it.md", translation, "it"))
    ]
    findings = Runner(configure(Registry.load()), is_english=_is_english).lint_pages(*pages)
    assert any(f.rule_id == "TM550" for f in findings)
    assert sum("wort" in text for text in rendered) == 3
