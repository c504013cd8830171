"""Time one pair of ~1 MB pages in pair mode (not a test): the "no page under 1 MB takes over 2 s" goal.

    python bench/bigpages.py [-n 5] [--size 1000000]

Builds four pairs of pages just under `--size` bytes, each a shape real sites have or an adversary
makes: a real corpus page and its Spanish translation repeated (../shared/corpus, or
$TRANSMARK_SHARED/corpus); release notes (a long list of short items with links and code); a table of
many rows; one paragraph of many links. Each pair is checked with `transmark check --no-cache
--source EN TRANSLATION` in a fresh process; printed: median wall and CPU seconds (the process and
its children: the forks that parse the translation and share the rules, engine/halves.py) of n runs,
and the page sizes. Wall time needs a second CPU free to gain from them: on a busy machine, compare CPU.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from history import timed  # bench/history.py: (wall, CPU) of one whole process

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("TRANSMARK_SHARED", ROOT.parent / "shared"))


def grow(unit: Callable[[int], str], size: int, head: str = "") -> str:
    parts, total, i = [head], len(head.encode("utf-8")), 0
    while True:
        piece = unit(i)
        total += len(piece.encode("utf-8"))
        if total > size:
            return "".join(parts)
        parts.append(piece)
        i += 1


def _corpus(size: int) -> tuple[str, str]:
    english = (SHARED / "corpus" / "en" / "vpn.md").read_text(encoding="utf-8")
    spanish = (SHARED / "corpus" / "es" / "vpn.md").read_text(encoding="utf-8")
    times = max(1, size // max(len(english.encode()), len(spanish.encode())))
    return english * times, spanish * times


def _release_notes(size: int) -> tuple[str, str]:
    def item(words: tuple[str, str]) -> Callable[[int], str]:
        return lambda i: (
            (f"\n## {i // 20}.{i % 20}.0\n\n### {words[0]}\n\n" if i % 20 == 0 else "")
            + f"* {words[1]} `Depends()` #{i}. PR [#{i}](https://github.com/x/y/pull/{i})"
            + f" by [@dev{i % 97}](https://github.com/dev{i % 97}).\n"
        )

    english = grow(item(("Fixes", "Fix the handling of")), size)
    return english, grow(item(("Correcciones", "Corrige el manejo de")), size)


def _table(size: int) -> tuple[str, str]:
    def row(word: str) -> Callable[[int], str]:
        return lambda i: f"| `opt{i}` | {word} {i} | {'✅' if i % 3 else '❌'} | [link](https://ex.org/{i}) |\n"

    head = "| Option | Meaning | Ok | Docs |\n|---|---|---|---|\n"
    return grow(row("value of"), size, "# Table\n\n" + head), grow(row("valor de"), size, "# Tabla\n\n" + head)


def _links(size: int) -> tuple[str, str]:
    def link(word: str) -> Callable[[int], str]:
        return lambda i: f"{word} [item {i}](https://ex.org/p/{i}) "

    return grow(link("see"), size, "# Links\n\n"), grow(link("ver"), size, "# Enlaces\n\n")


SHAPES = {"corpus page repeated": _corpus, "release notes": _release_notes, "table": _table, "one paragraph": _links}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", type=int, default=5)
    parser.add_argument("--size", type=int, default=1_000_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        # Timed from compiled bytecode, as an installed transmark runs (written once, by an untimed run).
        os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
        os.environ["PYTHONPYCACHEPREFIX"] = str(folder / "bytecode")
        for number, (name, make) in enumerate(SHAPES.items()):
            english, translation = make(args.size)
            (folder / "en.md").write_text(english, encoding="utf-8")
            (folder / "es.md").write_text(translation, encoding="utf-8")
            argv = [sys.executable, "-m", "linter", "check", "--no-cache", "--source", "en.md", "es.md"]
            if number == 0:
                timed(argv, folder)
            runs = [timed(argv, folder) for _ in range(args.n)]
            sizes = f"{len(english.encode()) // 1000} / {len(translation.encode()) // 1000} kB"
            wall = statistics.median(r[0] for r in runs)
            cpu = statistics.median(r[1] for r in runs)
            print(f"{name:22} {sizes:>16}   wall {wall:5.2f} s   CPU {cpu:5.2f} s   (median of {args.n})")


if __name__ == "__main__":
    main()
