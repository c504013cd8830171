"""Benchmark what reading the English history costs a warm `transmark check` (not a test).

    python bench/history.py [-n 5] [--jobs N] [--keep DIR]

Builds a git copy of the development corpus (../shared/corpus, or $TRANSMARK_SHARED/corpus): a
first commit with every page, `en/real-time-communication.md` at its oldest revision, then one
commit for each later English revision of that page (../shared/seeds/en-history, dated as
named), then the corpus as it is. One run with history fills the cache (the repository's log and the fingerprints, under
a throw-away TRANSMARK_CACHE_DIR). Then N rounds, each a warm `check` with history (the default
in a git repository) and one with `--no-source-history`, interleaved so that load from other
processes falls on both alike. Reported: the medians of wall time and of CPU time (user + system,
the command and its worker processes) and their ratios.

Target: with history <= 1.10 x without.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("TRANSMARK_SHARED", ROOT.parent / "shared"))
PAGE = "en/real-time-communication.md"


def _git(repo: Path, *args: str, date: str = "2022-01-01T00:00:00+00:00") -> None:
    env = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    env.update(GIT_AUTHOR_NAME="b", GIT_AUTHOR_EMAIL="b@example.org", GIT_COMMITTER_NAME="b")
    env.update(GIT_COMMITTER_EMAIL="b@example.org")
    command = ["git", "-c", "commit.gpgsign=false", "-C", str(repo), *args]
    subprocess.run(command, env=env, check=True, capture_output=True)


def build(corpus: Path, history: Path, repo: Path) -> int:
    """The git copy; returns how many commits it has."""
    shutil.copytree(corpus, repo)
    revisions = sorted(history.glob("*.md"))
    current = (repo / PAGE).read_bytes()
    (repo / PAGE).write_bytes(revisions[0].read_bytes())
    _git(repo, "init", "-q")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "corpus")
    commits = 1
    for revision in [*revisions[1:], None]:
        content = revision.read_bytes() if revision is not None else current
        if content == (repo / PAGE).read_bytes():
            continue
        (repo / PAGE).write_bytes(content)
        stamp = revision.name[:15] if revision is not None else "2026-01-01T0000"
        date = f"{stamp[:10]}T{stamp[11:13]}:{stamp[13:15]}:00+00:00"
        _git(repo, "commit", "-q", "-a", "-m", revision.name if revision else "current", date=date)
        commits += 1
    return commits


def timed(argv: list[str], cwd: Path) -> tuple[float, float]:
    """(wall, CPU) seconds of one run; CPU counts the worker processes too."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(argv, cwd=cwd, stdout=subprocess.DEVNULL, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=SHARED / "corpus")
    parser.add_argument("--history", type=Path, default=SHARED / "seeds" / "en-history")
    parser.add_argument("-n", type=int, default=5, help="rounds (medians reported)")
    parser.add_argument("--jobs", type=int, help="worker processes (default: one per CPU)")
    parser.add_argument("--keep", type=Path, help="build the repository here and keep it")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="transmark-bench-") as tmp:
        repo = args.keep or Path(tmp) / "corpus"
        if not (repo / ".git").is_dir():
            print(f"{build(args.corpus, args.history, repo)} commits in {repo}")
        os.environ["TRANSMARK_CACHE_DIR"] = str(Path(tmp) / "cache")
        check = [sys.executable, "-m", "linter", "check", *(["--jobs", str(args.jobs)] if args.jobs else [])]
        os.environ["PYTHONPATH"] = str(ROOT)
        cold = timed(check, repo)
        print(f"cold, with history: {cold[0]:.2f} s wall, {cold[1]:.2f} s CPU")
        runs: dict[str, list[tuple[float, float]]] = {"history": [], "none": []}
        for _ in range(args.n):
            runs["history"].append(timed(check, repo))
            runs["none"].append(timed([*check, "--no-source-history"], repo))
        medians = {name: [statistics.median(v) for v in zip(*found, strict=True)] for name, found in runs.items()}
        for name, (wall, cpu) in medians.items():
            print(f"warm, {name:<8} {wall:6.2f} s wall {cpu:6.2f} s CPU   (median of {args.n})")
        wall_ratio = medians["history"][0] / medians["none"][0]
        cpu_ratio = medians["history"][1] / medians["none"][1]
        print(f"history / none: wall {wall_ratio:.3f}, CPU {cpu_ratio:.3f}  (target <= 1.10)")


if __name__ == "__main__":
    main()
