"""Speed where users feel it, in one run (not a test): whole processes, medians, peak memory.

    python bench/speed.py [--site DIR] [-n 7] [--page es/vpn.md --source en/vpn.md]

On a copy of the site (default: ../shared/corpus with its `{lang}/{path}` layout):
  floor   markdown-it-py with transmark's plugin set parsing every page, on as many processes as
          `check` uses (a fresh interpreter, start-up included, like the others);
  cold    `transmark check --no-cache` of the whole site;
  warm    `transmark check` after 5% of the translated pages changed (each run edits a fresh 5%
          of a warmed cache's site, so every sample is a real warm re-run);
  hook    a pre-commit style run on one translated page: in site mode (`--skip-unmatched PAGE`,
          cache warm but the page just edited), and in pair mode (`--source EN PAGE`).
Every figure is the median (min-max) of n runs, with the largest peak RSS of those runs.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SITE = ROOT.parent / "shared" / "corpus"
TRANSMARK = [sys.executable, "-m", "linter"]
FLOOR = """
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from linter.parse.tokenizer import markdown_parser

def parse(paths):
    md = markdown_parser()
    for path in paths:
        md.parse(Path(path).read_text(encoding="utf-8"))

paths = sorted(str(p) for p in Path(sys.argv[1]).rglob("*.md"))
jobs = int(sys.argv[2])
with ProcessPoolExecutor(jobs) as pool:
    list(pool.map(parse, [paths[i::jobs] for i in range(jobs)]))
"""


def timed(argv: list[str], cwd: Path) -> tuple[float, int]:
    """Wall seconds and peak RSS (KiB) of one whole process and its children."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(argv)} exited {proc.returncode}")
    return elapsed, usage.ru_maxrss


def report(name: str, samples: list[tuple[float, int]], floor: float | None = None) -> float:
    times = [t for t, _ in samples]
    median = statistics.median(times)
    ratio = f"  {median / floor:.2f}x floor" if floor else ""
    print(
        f"{name:<28} {median * 1000:8.0f} ms  ({min(times) * 1000:.0f}-{max(times) * 1000:.0f})"
        f"  peak {max(r for _, r in samples) / 1024:.0f} MiB{ratio}"
    )
    return median


def edit(page: Path, rng: random.Random) -> None:
    """A small real-looking edit: one line gets a word, so the page's content hash changes."""
    lines = page.read_text(encoding="utf-8").splitlines(keepends=True) or ["\n"]
    i = rng.randrange(len(lines))
    lines[i] = lines[i].rstrip("\n") + " edit\n"
    page.write_text("".join(lines), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--site", type=Path, default=DEFAULT_SITE)
    parser.add_argument("-n", type=int, default=7)
    parser.add_argument("--page", default="es/vpn.md", help="translated page for the hook runs")
    parser.add_argument("--source", default="en/vpn.md", help="its English page (pair mode)")
    parser.add_argument("--config", default='source = "en"\ntranslation = "{lang}/{path}"\n')
    args = parser.parse_args()
    if not args.site.is_dir():
        raise SystemExit(f"{args.site}: no such site (pass --site)")
    jobs = os.cpu_count() or 1
    env_path = os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])
    os.environ["PYTHONPATH"] = env_path
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        shutil.copytree(args.site, site)
        if not any((site / name).exists() for name in (".transmark.toml", "transmark.toml", "mkdocs.yml")):
            (site / ".transmark.toml").write_text(args.config)
        os.environ["TRANSMARK_CACHE_DIR"] = str(Path(tmp) / "cache")
        english = site / args.source.split("/")[0]
        pages = sorted(p for p in site.rglob("*.md") if p.parent != site and not p.is_relative_to(english))
        print(f"{args.site}: {len(pages)} translated pages, {jobs} CPUs, n={args.n}, Python {sys.version.split()[0]}")
        timed([sys.executable, "-c", FLOOR, str(site), str(jobs)], site)  # warm the OS file cache
        floor = report(
            "floor (markdown-it-py)",
            [timed([sys.executable, "-c", FLOOR, str(site), str(jobs)], site) for _ in range(args.n)],
        )
        cold = report(
            "cold check (--no-cache)",
            [timed([*TRANSMARK, "check", "--no-cache"], site) for _ in range(args.n)],
            floor,
        )
        timed([*TRANSMARK, "check"], site)  # fill the cache
        rng = random.Random(13)
        warm = []
        for _ in range(args.n):
            for page in rng.sample(pages, max(1, len(pages) // 20)):
                edit(page, rng)
            warm.append(timed([*TRANSMARK, "check"], site))
        median = report("warm check (5% edited)", warm)
        print(f"{'':<28} {median / cold:8.1%} of cold")
        hook_site, hook_pair = [], []
        for _ in range(args.n):
            edit(site / args.page, rng)
            hook_site.append(timed([*TRANSMARK, "check", "--skip-unmatched", args.page], site))
            hook_pair.append(timed([*TRANSMARK, "check", "--no-cache", "--source", args.source, args.page], site))
        report("hook, site mode (1 page)", hook_site)
        report("hook, pair mode (1 page)", hook_pair)


if __name__ == "__main__":
    main()
