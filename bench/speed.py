"""Speed where users feel it, in one run (not a test): whole processes, medians, peak memory.

    python bench/speed.py [--site DIR] [-n 7] [--page es/vpn.md --source en/vpn.md]

On a copy of the site (default: ../shared/corpus with its `{lang}/{path}` layout):
  floor   markdown-it-py with transmark's plugin set parsing every page, on as many processes as
          `check` uses (a fresh interpreter, start-up included, like the others);
  cold    `transmark check --no-cache` of the whole site;
  warm    `transmark check` after 5% of the translated pages changed (each run edits a fresh 5%
          of a warmed cache's site, so every sample is a real warm re-run);
  hook    a pre-commit style run on one translated page: in site mode (`--skip-unmatched PAGE`),
          with the cache warm but the page just edited, and with an empty cache; and in pair mode
          (`--source EN PAGE`, `--no-cache`). `--hook` times only these.
`--languages 31` first copies the translated language folders of a `{lang}/{path}` site under more language
codes, in turn, up to that many languages: the corpus's 6 languages become a site of privacyguides.org's
size (31 languages, about 3,800 translated pages), where the issue measured its figures.
Every figure is the median (min-max) of n runs, with the median CPU time (user+sys, what a loaded
machine distorts least) and the largest peak RSS of those runs.

The copy is a git work tree with the site committed, as pre-commit runs in one: there transmark also
reads the English pages' history (two `git rev-parse` processes and the cached log on a warm run).
`--history 200x600` gives it a long history first (made with `git fast-import`): 200 commits that each
change 600 random Markdown files, as a site whose Crowdin syncs are committed beside the English pages
has, then the site as it is. The hook rows then also show what the log of such a repository costs; the
row "after a commit" commits the page's edit before each run, so each run finds HEAD moved on (what a
pre-commit hook finds on every commit but a retried one).

Processes run from compiled bytecode, as an installed transmark does (pip compiles it): kept in a
temporary folder, so nothing is written into the checkout even where PYTHONDONTWRITEBYTECODE is set
(with it, every run would compile transmark's modules afresh: about 200 ms of a one-page run).
"""

from __future__ import annotations

import argparse
import json
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


Sample = tuple[float, float, int]  # wall seconds, CPU seconds (user+sys), peak RSS in KiB


def timed(argv: list[str], cwd: Path) -> Sample:
    """Wall and CPU seconds and peak RSS (KiB) of one whole process and its children."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(argv)} exited {proc.returncode}")
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss


def report(name: str, samples: list[Sample], floor: float | None = None) -> float:
    times = [t for t, _, _ in samples]
    median = statistics.median(times)
    ratio = f"  {median / floor:.2f}x floor" if floor else ""
    print(
        f"{name:<28} {median * 1000:8.0f} ms  ({min(times) * 1000:.0f}-{max(times) * 1000:.0f})"
        f"  cpu {statistics.median(c for _, c, _ in samples) * 1000:.0f} ms"
        f"  peak {max(r for _, _, r in samples) / 1024:.0f} MiB{ratio}"
    )
    return median


GIT = ["git", "-c", "user.name=bench", "-c", "user.email=bench@example.invalid", "-c", "commit.gpgsign=false"]


def commit(site: Path) -> None:
    """The site committed in a new repository: the work tree a pre-commit hook runs in."""
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "--allow-empty", "-m", "site"]):
        subprocess.run([*GIT, *args], cwd=site, check=True, stdout=subprocess.DEVNULL)


def commit_history(site: Path, commits: int, files: int) -> None:
    """The site committed after `commits` commits that each change `files` random Markdown files (fast-import)."""
    rng = random.Random(7)
    paths = sorted(str(p.relative_to(site)) for p in site.rglob("*") if p.is_file())
    pages = [path for path in paths if path.endswith(".md")]
    if files > len(pages):
        raise SystemExit(f"--history: {files} files a commit, the site has {len(pages)} pages")
    subprocess.run([*GIT, "init", "-q"], cwd=site, check=True)
    importer = subprocess.Popen([*GIT, "fast-import", "--quiet"], cwd=site, stdin=subprocess.PIPE)
    assert importer.stdin is not None
    for number in range(commits + 2):  # streamed: 200 commits of 600 pages are gigabytes of blobs
        stamp = 1_600_000_000 + number * 3600
        importer.stdin.write(f"commit refs/heads/main\ncommitter bench <b@x> {stamp} +0000\n".encode())
        importer.stdin.write(f"data {len(str(number))}\n{number}\n".encode())
        if number == 0 or number == commits + 1:  # the site, and at the end the site as it is again
            changed = [(path, (site / path).read_bytes()) for path in (paths if number == 0 else pages)]
        else:
            sync = f"\n<!-- sync {number} -->\n".encode()
            changed = [(path, (site / path).read_bytes() + sync) for path in rng.sample(pages, files)]
        for path, data in changed:
            importer.stdin.write(f"M 100644 inline {path}\ndata {len(data)}\n".encode() + data + b"\n")
    importer.stdin.close()
    if importer.wait() != 0:
        raise SystemExit("git fast-import failed")
    subprocess.run([*GIT, "checkout", "-q", "-f", "main"], cwd=site, check=True)


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
    parser.add_argument(
        "--config",
        default='source = "en"\ntranslation = "{lang}/{path}"\n',
        help="written as .transmark.toml into a copy that has no configuration (no mkdocs.yml either)",
    )
    parser.add_argument("--hook", action="store_true", help="only the one-page hook runs")
    parser.add_argument("--languages", type=int, help="copy the translated languages up to this many (see above)")
    parser.add_argument("--history", metavar="COMMITSxFILES", help="a long git history first (see above)")
    args = parser.parse_args()
    if not args.site.is_dir():
        raise SystemExit(f"{args.site}: no such site (pass --site)")
    jobs = os.cpu_count() or 1
    env_path = os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])
    os.environ["PYTHONPATH"] = env_path
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        shutil.copytree(args.site, site)
        if args.languages:
            more_languages(site, args.source.split("/")[0], args.languages)
        configured = (site / name for name in (".transmark.toml", "transmark.toml", "mkdocs.yml"))
        if not any(path.exists() for path in configured) and not any(site.glob("docs/*/mkdocs.yml")):
            (site / ".transmark.toml").write_text(args.config)
        if args.history:
            commits, _, files = args.history.partition("x")
            commit_history(site, int(commits), int(files))
        else:
            commit(site)
        cache = Path(tmp) / "cache"
        os.environ["TRANSMARK_CACHE_DIR"] = str(cache)
        os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
        os.environ["PYTHONPYCACHEPREFIX"] = str(Path(tmp) / "bytecode")
        english = site / args.source.split("/")[0]
        pages = sorted(p for p in site.rglob("*.md") if p.parent != site and not p.is_relative_to(english))
        print(f"{args.site}: {len(pages)} translated pages, {jobs} CPUs, n={args.n}, Python {sys.version.split()[0]}")
        print(f"load average {os.getloadavg()[0]:.2f} at the start")
        timed([sys.executable, "-c", FLOOR, str(site), str(jobs)], site)  # warm the OS file cache
        timed([*TRANSMARK, "check"], site)  # compile the bytecode, fill the cache
        hooked = subprocess.run(
            [*TRANSMARK, "check", "--skip-unmatched", "--format", "json", args.page],
            cwd=site,
            capture_output=True,
            text=True,
        )
        if json.loads(hooked.stdout or "{}").get("summary", {}).get("files") != 1:
            raise SystemExit(
                f"{args.page} is no translated page of the site's layout: the hook rows would lint nothing"
            )
        if not args.hook:
            whole_site(site, pages, args.n)
        rng = random.Random(17)
        hook_site, hook_moved, hook_cold, hook_pair = [], [], [], []
        for _ in range(args.n):
            edit(site / args.page, rng)
            hook_site.append(timed([*TRANSMARK, "check", "--skip-unmatched", args.page], site))
            hook_pair.append(timed([*TRANSMARK, "check", "--no-cache", "--source", args.source, args.page], site))
        for _ in range(args.n):
            edit(site / args.page, rng)
            subprocess.run([*GIT, "commit", "-q", "-a", "-m", "edit"], cwd=site, check=True)
            hook_moved.append(timed([*TRANSMARK, "check", "--skip-unmatched", args.page], site))
        report("hook, site mode (1 page)", hook_site)
        report("hook, site, after a commit", hook_moved)
        for _ in range(args.n):
            shutil.rmtree(cache, ignore_errors=True)
            hook_cold.append(timed([*TRANSMARK, "check", "--skip-unmatched", args.page], site))
        report("hook, site, empty cache", hook_cold)
        report("hook, pair mode (1 page)", hook_pair)
        print(f"load average {os.getloadavg()[0]:.2f} at the end")


# Language codes of privacyguides.org's translations; copies take the first ones the site does not have.
LANGUAGES = (
    "ar bn cs da de el es fa fr he hi hu id it ja ko nl pl pt pt-BR ro ru sv th tr uk vi zh-Hans zh-Hant fi nb"
).split()


def more_languages(site: Path, english: str, count: int) -> None:
    """Copy the site's translated language folders, in turn, under new codes until it has `count` languages."""
    have = sorted(p.name for p in site.iterdir() if p.is_dir() and p.name != english and not p.name.startswith("."))
    if not have:
        raise SystemExit(f"{site}: no language folders beside {english}/ to copy (--languages needs {{lang}}/{{path}})")
    new = [code for code in LANGUAGES if code not in have][: max(0, count - len(have))]
    if len(have) + len(new) < count:
        raise SystemExit(f"--languages {count}: at most {len(have) + len(new)} for this site")
    for index, code in enumerate(new):
        shutil.copytree(site / have[index % len(have)], site / code)


def whole_site(site: Path, pages: list[Path], n: int) -> None:
    """The floor, cold and warm runs of the whole site."""
    jobs = os.cpu_count() or 1
    floor = report(
        "floor (markdown-it-py)",
        [timed([sys.executable, "-c", FLOOR, str(site), str(jobs)], site) for _ in range(n)],
    )
    cold = report(
        "cold check (--no-cache)",
        [timed([*TRANSMARK, "check", "--no-cache"], site) for _ in range(n)],
        floor,
    )
    rng = random.Random(13)
    warm = []
    for _ in range(n):
        for page in rng.sample(pages, max(1, len(pages) // 20)):
            edit(page, rng)
        warm.append(timed([*TRANSMARK, "check"], site))
    median = report("warm check (5% edited)", warm)
    print(f"{'':<28} {median / cold:8.1%} of cold")


if __name__ == "__main__":
    main()
