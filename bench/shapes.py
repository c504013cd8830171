"""Time pairs of ~1 MB pages of one construct each (not a test): no page under 1 MB over 2 s, whatever its shape.

    python bench/shapes.py [--size 1000000] [-n 1] [--only TEXT ...] [--no-floor] [--limit 60]

bench/bigpages.py times four realistic 1 MB pairs; this one times the odd ones a generator, a paste or an
adversary makes: every inline markup character alone and in its pairs, links, images, references,
footnotes, attribute lists, HTML, entities, code spans, tables, lists, admonitions, tabs, front matter,
headings, snippets, icons, abbreviations, long words, CJK and RTL text, CRLF. An inline construct is
repeated on one long line and on many short lines; each page is checked against itself and against a
translation of it (a few words changed, every 97th markup character dropped), as
`transmark check --no-cache --source en.md es.md` in a fresh process. Printed for each: wall and CPU
seconds (the process and its forks, medians of n), and the floor: CPU seconds markdown-it-py as
transmark configures it (linter/parse/tokenizer.py) takes to tokenise the English page twice, in a
process of its own. A shape far above its floor is transmark's to fix; one near it is what
markdown-it-py spends on that many tokens or lines. A run still going after `--limit` seconds is stopped with its
workers and reported as such, and the sweep goes on.
"""

from __future__ import annotations

import argparse
import os
import resource
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from bigpages import grow  # bench/bigpages.py: a page of repeated units just under a size

ROOT = Path(__file__).resolve().parent.parent

# One unit of each inline construct: a text, or a function of the unit's number where a real page's would differ.
INLINE: dict[str, str | Callable[[int], str]] = {
    "*emphasis*": lambda i: f"*word{i}*",
    "**strong**": lambda i: f"**word{i}**",
    "* alone": "*",
    "***run": "***word",
    "_emphasis_": lambda i: f"_word{i}_",
    "_ alone": "_",
    "a_b in a word": lambda i: f"a_b{i}",
    "~~strike~~": lambda i: f"~~word{i}~~",
    "~ alone": "~",
    "^sup^": "^word^",
    "^ alone": "^",
    "==mark==": "==word==",
    "= alone": "=",
    "`code`": lambda i: f"`code{i}`",
    "` alone": "`",
    "10-backtick code": "`" * 10 + "x" + "`" * 10,
    "backtick runs 1-50": lambda i: "`" * (i % 50 + 1) + "x",
    "[ alone": "[",
    "] alone": "]",
    "[word]": lambda i: f"[word{i}]",
    "( alone": "(",
    ") alone": ")",
    "! alone": "!",
    "![": "![",
    "[x](": "[x](",
    "](": "](",
    "< alone": "<",
    "> alone": ">",
    "<b>x</b>": lambda i: f"<b>word{i}</b>",
    "<span> unclosed": lambda i: f'<span class="a{i}">',
    "<autolink>": lambda i: f"<https://ex.org/{i}>",
    "& alone": "&",
    "&amp;": "&amp;",
    "&#123;": lambda i: f"&#{i % 1000 + 100};",
    "{ alone": "{",
    "} alone": "}",
    "{: .x }": lambda i: f"word{{: .x{i} }}",
    "{ #id }": lambda i: f"word{{ #id{i} }}",
    "| alone": "|",
    "\\* escapes": "\\*word\\_",
    "\\ alone": "\\",
    "# alone": "#",
    ": alone": ":",
    "- alone": "-",
    "link": lambda i: f"[word {i}](https://ex.org/p/{i})",
    "image": lambda i: f"![word {i}](img/{i}.png)",
    "image { align }": lambda i: f"![word {i}](img/{i}.png){{ align=right }}",
    "reference link": lambda i: f"[word {i}][r{i % 500}]",
    "footnote reference": lambda i: f"word[^{i % 500}]",
    ":icon:": lambda i: f":material-check-{i % 50}:",
    "abbreviation used": lambda i: f"HTML{i % 50}",
    "emphasis mix": lambda i: f"**bold {i}** *it* ***both*** _u_ __uu__",
    "all markup": "*a* `c` [l](u) <b>b</b> &amp; { #x } ~~s~~ ==m== ^s^ :x: | \\* -",
    "CJK": "日本語の文章です。これはテスト",
    "RTL": "שלום עולם זה מבחן",
    "words": lambda i: f"word{i}",
}
# Definitions the inline constructs above refer to, after the text.
DEFINITIONS = {
    "reference link": "".join(f"[r{i}]: https://ex.org/r/{i}\n" for i in range(500)),
    "footnote reference": "".join(f"[^{i}]: note {i}\n" for i in range(500)),
    "abbreviation used": "".join(f"*[HTML{i}]: Hyper text {i}\n" for i in range(50)),
}


def _nested(size: int, depth: int, line: Callable[[int], str]) -> str:
    return grow(lambda i: "    " * min(i, depth) + line(i), size)


def _log(i: int) -> str:
    return f"2024-01-01 12:00:{i % 60:02d} INFO [worker-{i % 8}] request {i} took {i % 997} ms <ok> *x* _y_ [z]"


def _api(i: int) -> str:
    return (
        f"## `func{i}(a, b=None)`\n\n::: pkg.mod.func{i}\n\n| Param | Type | Desc |\n|---|---|---|\n"
        f"| `a` | `int` | the value |\n\n```python\nfunc{i}(1)\n```\n"
    )


def _blocks(size: int) -> Iterator[tuple[str, str]]:
    def lines(unit: Callable[[int], str], head: str = "") -> str:
        return grow(lambda i: unit(i) + "\n", size, head)

    columns = 1 << max(0, (size // 15).bit_length() - 1)
    yield "long word, no spaces", "# T\n\n" + "a" * (size - 10) + "\n"
    yield "table, long", lines(lambda i: f"| `opt{i}` | word {i} | x |", "# T\n\n| a | b | c |\n|---|---|---|\n")
    yield "table, wide", "# T\n\n|" + " c |" * columns + "\n|" + "---|" * columns + "\n|" + " x |" * columns + "\n"
    head = "# T\n\n|" + " c |" * 50 + "\n|" + "---|" * 50 + "\n"
    yield "table, 50 columns", lines(lambda i: "|" + "".join(f" word{j} |" for j in range(50)), head)
    yield "table of empty cells", lines(lambda i: "| | | | | | | | | | | |", "# T\n\n| a | b |\n|---|---|\n")
    yield "list, long", lines(lambda i: f"- word {i} [l](u{i})")
    yield "list, ordered", lines(lambda i: f"{i + 1}. word {i}")
    yield "list nested 400 deep", _nested(size, 400, lambda i: f"- word {i}\n")
    yield "list, sawtooth 60 deep", lines(lambda i: "  " * (i % 60) + f"- word {i}")
    yield "blockquote 500 deep", lines(lambda i: "> " * min(i, 500) + f"word {i}")
    yield "blockquote, long", lines(lambda i: f"> word {i}")
    yield "admonitions !!!", lines(lambda i: f'!!! note "T{i}"\n\n    word {i}\n')
    body = lambda i: "    " * (min(i, 300) + 1) + f"w {i}\n\n"  # noqa: E731  (under a container 300 deep)
    yield "admonitions nested 300 deep", _nested(size, 300, lambda i: "!!! note\n\n" + body(i))
    yield "details ???", lines(lambda i: f'???+ tip "T{i}"\n\n    word {i}\n')
    yield "blocks ///", lines(lambda i: f"/// note | T{i}\n\nword {i}\n\n///\n")
    nested = "".join(f"/// note | T{i}\n\nword {i}\n\n" for i in range(size // 60))
    yield "blocks /// nested", nested + "///\n" * (size // 60)
    yield "blocks /// unclosed", lines(lambda i: f"/// note | T{i}\n\nword {i}\n")
    yield "tabs ===", lines(lambda i: f'=== "Tab {i}"\n\n    word {i}\n')
    yield "tabs nested 300 deep", _nested(size, 300, lambda i: f'=== "Tab {i}"\n\n' + body(i))
    yield "headings", lines(lambda i: f"## Heading {i}\n\nword {i}\n")
    yield "headings with ids", lines(lambda i: f"## Heading {i} {{ #h{i} }}\n")
    yield "headings, one text", lines(lambda i: "## Heading\n\nword\n")
    yield "one long heading", "# " + grow(lambda i: f"word{i} ", size - 3) + "\n"
    yield "setext headings", lines(lambda i: f"Heading {i}\n---------\n")
    yield "rules ---", lines(lambda i: "---\n")
    yield "log in a fence", "# Log\n\n```text\n" + lines(_log) + "```\n"
    yield "log pasted as text", lines(_log)
    yield "indented code", lines(lambda i: f"    line {i} *x* [y]", "# T\n\n")
    yield "fences", lines(lambda i: f"```python\nx = {i}\n```\n")
    yield "fences unclosed", lines(lambda i: f"```python\nx = {i}\n")
    yield "HTML blocks", lines(lambda i: f'<div class="c{i}">\n<p>word {i}</p>\n</div>\n')
    minified = grow(lambda i: f'<p class="c{i}"><a href="/x{i}">word {i}</a></p>', size - 20)
    yield "minified HTML line", f"# T\n\n<div>{minified}</div>\n"
    yield "md_in_html nested", lines(lambda i: f"<div markdown>\n\nword {i}\n") + "</div>\n" * 1000
    yield "HTML comments", lines(lambda i: f"<!-- comment {i} -->")
    yield "unclosed comment", "# T\n\n<!--" + lines(lambda i: f"word {i}")
    yield "front matter, many keys", "---\n" + lines(lambda i: f"key{i}: value {i}") + "---\n\n# T\n"
    yield "front matter, long value", "---\ntitle: " + "a " * (size // 2 - 20) + "\n---\n\n# T\n"
    yield "front matter, long list", "---\ntags:\n" + lines(lambda i: f"  - tag{i}") + "---\n\n# T\n"
    yield "front matter, unclosed", "---\n" + lines(lambda i: f"key{i}: value {i}") + "\n# T\n"
    yield "snippets --8<--", lines(lambda i: f'--8<-- "file{i}.md"')
    yield "abbreviations defined", "# T\n\nHTML text.\n\n" + lines(lambda i: f"*[HTML{i}]: Hyper text {i}")
    yield "footnotes defined", "# T\n\ntext[^1]\n\n" + lines(lambda i: f"[^{i}]: note {i}\n")
    yield "references defined", "# T\n\n[a][r1]\n\n" + lines(lambda i: f"[r{i}]: https://ex.org/{i}")
    yield "definition lists", lines(lambda i: f"Term {i}\n:   Definition {i}\n")
    yield "task list", lines(lambda i: f"- [ ] word {i}")
    card = "- :material-x: **T{0}**\n\n    ---\n\n    word {0}\n"
    yield "grid cards", '<div class="grid cards" markdown>\n\n' + lines(card.format) + "</div>\n"
    yield "API reference", lines(_api)
    yield "short paragraphs", lines(lambda i: f"word {i}.\n")
    yield "one paragraph of sentences", grow(lambda i: f"This is sentence number {i} about the thing. ", size)


def _unit(unit: str | Callable[[int], str], number: int) -> str:
    return unit(number) if callable(unit) else unit


def pages(size: int) -> Iterator[tuple[str, str]]:
    """(name, English page) of every shape."""
    for name, unit in INLINE.items():
        definitions = DEFINITIONS.get(name, "")
        end = size - len(definitions.encode()) - 2
        for layout, between in (("one line", " "), ("lines", "\n")):
            text = grow(lambda i, unit=unit, between=between: _unit(unit, i) + between, end, "# Title\n\n")
            yield f"{name} / {layout}", text + "\n\n" + definitions
    yield from _blocks(size)
    corpus = ROOT.parent / "shared" / "corpus" / "en" / "vpn.md"
    if corpus.is_file():
        text = corpus.read_text(encoding="utf-8")
        yield "corpus page, CRLF", (text * (size // len(text.encode()))).replace("\n", "\r\n")


_WORDS = (("word", "wort"), ("Heading", "Título"), ("value", "valor"), ("note", "nota"), ("item", "elem"))


def translated(english: str) -> str:
    """A translation: a few words changed (about as long), every 97th markup character left out."""
    for word, other in _WORDS:
        english = english.replace(word, other)
    parts, count = [], 0
    for char in english:
        if char in "*_`[]()<>{}|~^=!":
            count += 1
            if count % 97 == 0:
                continue
        parts.append(char)
    return "".join(parts)


_FLOOR = """import sys, time
from linter.parse.tokenizer import markdown_parser
md, text = markdown_parser(), open(sys.argv[1], encoding="utf-8").read()
started = time.process_time()
md.parse(text), md.parse(text)
print(time.process_time() - started)"""


def within(argv: list[str], cwd: Path, limit: float) -> tuple[float, float] | None:
    """(wall, CPU) seconds of one run, as `timed` gives them, or None when it is still going after `limit`
    seconds: it and its workers are stopped (a process group of its own), so one shape that hangs neither
    ends the sweep nor stays behind."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    process = subprocess.Popen(argv, cwd=cwd, stdout=subprocess.DEVNULL, start_new_session=True)
    try:
        process.wait(limit)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        return None
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("-n", type=int, default=1)
    parser.add_argument("--only", nargs="*", default=[], help="shapes whose name holds one of these")
    parser.add_argument("--no-floor", action="store_true", help="leave out markdown-it-py's parse")
    parser.add_argument("--limit", type=float, default=60, help="seconds after which a run is stopped")
    args = parser.parse_args()
    check = [sys.executable, "-m", "linter", "check", "--no-cache", "--source", "en.md", "es.md"]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        os.environ.pop("PYTHONDONTWRITEBYTECODE", None)  # from bytecode, as an installed transmark runs
        os.environ["PYTHONPYCACHEPREFIX"] = str(folder / "bytecode")
        os.environ["PYTHONPATH"] = str(ROOT)
        (folder / "en.md").write_text("# Title\n", encoding="utf-8")
        (folder / "es.md").write_text("# Título\n", encoding="utf-8")
        within(check, folder, args.limit)  # writes the bytecode
        for name, english in pages(args.size):
            if args.only and not any(part in name for part in args.only):
                continue
            (folder / "en.md").write_text(english, encoding="utf-8")
            floor = ""
            if not args.no_floor:
                out = subprocess.run([sys.executable, "-c", _FLOOR, "en.md"], cwd=folder, capture_output=True)
                floor = f"   floor {float(out.stdout or 'nan'):5.2f} s"
            for variant, translation in (("same", english), ("translated", translated(english))):
                (folder / "es.md").write_text(translation, encoding="utf-8")
                size = f"{len(english.encode()) // 1000} / {len(translation.encode()) // 1000} kB"
                runs = [within(check, folder, args.limit) for _ in range(args.n)]
                if None in runs:
                    print(f"{name:32} {variant:10} {size:>15}   over {args.limit:g} s, stopped{floor}", flush=True)
                    continue
                wall, cpu = statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)
                print(f"{name:32} {variant:10} {size:>15}   wall {wall:5.2f} s   CPU {cpu:5.2f} s{floor}", flush=True)


if __name__ == "__main__":
    main()
