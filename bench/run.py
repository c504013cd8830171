"""Benchmark transmark against markdown-it-py on the development corpus (not a test).

    python bench/run.py [--corpus DIR] [-n 5] [--page about.md] [--profile b|a]

(a) markdown-it-py alone, as it comes (URL normalisation on), parsing every page of every
    language with the plugin set of `linter.parse.markdown_parser`, in one process;
(b) transmark's full check of every (en, translation) pair in one process, the English
    page parsed once and reused by every language;
(c) a pre-commit style run: a fresh `python -m linter check --source en/X es/X`
    (interpreter start-up included), and the same through the `transmark` console script.

Targets: (b) <= 2 x (a) and (c) < 300 ms.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from linter.project.target import Target  # noqa: E402  (after the path set-up)

CORPUS = Path(os.environ.get("TRANSMARK_SHARED", ROOT.parent / "shared")) / "corpus"
SOURCE_LANG = "en"
LANGUAGES = ("es", "he", "ja", "nl", "ru", "uk")


def pairs(corpus: Path) -> list[Target]:
    """Every translated page, `{lang}/{path}` layout."""
    found = []
    for source in sorted((corpus / SOURCE_LANG).rglob("*.md")):
        rel = source.relative_to(corpus / SOURCE_LANG)
        for lang in LANGUAGES:
            translation = corpus / lang / rel
            if translation.is_file():
                found.append(Target(lang, source, translation))
    return found


def all_pages(corpus: Path) -> list[str]:
    return [str(p) for lang in (SOURCE_LANG, *LANGUAGES) for p in sorted((corpus / lang).rglob("*.md"))]


def bench_markdown_it(corpus: Path) -> float:
    """(a): tokenise every file, no tree building, no rules."""
    from linter.parse.tokenizer import markdown_parser

    md = markdown_parser(keep_urls=False)
    texts = [Path(p).read_text(encoding="utf-8") for p in all_pages(corpus)]
    start = time.perf_counter()
    for text in texts:
        md.parse(text)
    return time.perf_counter() - start


def full_check(corpus: Path, jobs: int | None = None) -> list:
    from linter.engine.registry import Registry
    from linter.engine.runner import Runner, configure, lint_site

    return lint_site(Runner(configure(Registry.load())), pairs(corpus), jobs)


def bench_transmark(corpus: Path, jobs: int | None = None) -> float:
    """(b): the whole check as `transmark check` runs it, reading files included."""
    start = time.perf_counter()
    full_check(corpus, jobs)
    return time.perf_counter() - start


def bench_subprocess(argv: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    result = subprocess.run(argv, cwd=cwd, capture_output=True)
    elapsed = time.perf_counter() - start
    if result.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(argv)} failed ({result.returncode}): {result.stderr.decode()}")
    return elapsed


def median_of(n: int, fn, *args) -> float:
    return statistics.median(fn(*args) for _ in range(n))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("-n", type=int, default=5, help="runs of each measurement (median reported)")
    parser.add_argument("--page", default="basics/account-creation.md", help="page for (c), relative to en/")
    parser.add_argument("--profile", choices=("a", "b"), help="cProfile one run of (a) or (b) instead")
    parser.add_argument("--dump", type=Path, help="write the findings of a full check as JSON and exit")
    args = parser.parse_args()
    corpus = args.corpus

    if args.dump:
        from linter.output import reporters

        args.dump.write_text(reporters.as_json(full_check(corpus), len(pairs(corpus))), encoding="utf-8")
        return
    if args.profile:
        fn = bench_markdown_it if args.profile == "a" else bench_transmark
        profiler = cProfile.Profile()
        profiler.runcall(fn, corpus, *((1,) if args.profile == "b" else ()))
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)
        return

    bench_markdown_it(corpus)  # warm the parser and the file cache
    a = median_of(args.n, bench_markdown_it, corpus)
    b = median_of(args.n, bench_transmark, corpus)
    b1 = median_of(args.n, bench_transmark, corpus, 1)
    module = [sys.executable, "-m", "linter", "check", "--source", f"en/{args.page}", f"es/{args.page}"]
    c = median_of(args.n, bench_subprocess, module, corpus)
    script = shutil.which("transmark", path=str(Path(sys.executable).parent) + os.pathsep + os.environ["PATH"])
    c_script = None
    if script:
        argv = [script, "check", "--source", f"en/{args.page}", f"es/{args.page}"]
        c_script = median_of(args.n, bench_subprocess, argv, corpus)

    print(f"pages: {len(all_pages(corpus))}, pairs: {len(pairs(corpus))}, runs: {args.n} (medians)")
    print(f"(a) markdown-it-py parse, all pages        {a * 1000:8.0f} ms")
    print(f"(b) transmark full check, all pairs        {b * 1000:8.0f} ms   (b)/(a) = {b / a:.2f}  target <= 2")
    print(f"    the same on one process                {b1 * 1000:8.0f} ms   ratio {b1 / a:.2f}")
    print(f"(c) python -m linter check (one page)      {c * 1000:8.0f} ms   target < 300")
    if c_script is not None:
        print(f"(c) transmark console script (one page)    {c_script * 1000:8.0f} ms   target < 300")
    print(json.dumps({"a": a, "b": b, "b_one_process": b1, "ratio": b / a, "c_module": c, "c_script": c_script}))


if __name__ == "__main__":
    main()
