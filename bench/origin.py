"""Benchmark `transmark origin` on a page with 100 revisions (not a test).

    python bench/origin.py [-n 7]

Builds a throw-away git repository whose page takes the 84 real English revisions of
real-time-communication.md (../shared/seeds/en-history; 83 distinct) and then small edits, 100
commits in all, and the same 100 revisions as a folder of `<date>_<commit>.md` files. Then, for a
seed translation, the median of N runs of:

  walk, cold      history + fingerprints (parse all 100) + ranking; empty cache
  walk, cached    history + fingerprints from the disk cache + ranking (a new run)
  rank only       ranking with fingerprints in memory (a further language of the same run)
  full answer     walk, cached, plus the changed sections' diffs and stale blocks

Target: a cached walk of 100 revisions well under a second.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from linter.history.fingerprint import CACHE_NAMESPACE, page_tokens, rank  # noqa: E402
from linter.history.history import FingerprintCache, FolderHistory, GitHistory, History  # noqa: E402
from linter.history.origin import OriginFinder  # noqa: E402
from linter.parse.markdown import parse_page  # noqa: E402
from linter.parse.source import SourceText  # noqa: E402

EN_HISTORY = ROOT.parent / "shared" / "seeds" / "en-history"
SEED = next((ROOT / "fixtures" / "seeds").glob("003_*.txt"))
PAGE = "docs/real-time-communication.md"


def _git(repo: Path, *args: str, date: str | None = None) -> str:
    env = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1"}
    env.update(GIT_AUTHOR_NAME="b", GIT_AUTHOR_EMAIL="b@example.org", GIT_COMMITTER_NAME="b")
    env.update(GIT_COMMITTER_EMAIL="b@example.org")
    if date:
        env.update(GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
    command = ["git", "-c", "commit.gpgsign=false", "-C", str(repo), *args]
    return subprocess.run(command, env=env, capture_output=True, text=True, check=True).stdout


def build(work: Path) -> tuple[Path, Path]:
    """A git repository and a revision folder, each with 100 revisions of the page."""
    texts: list[tuple[str, str]] = []
    for path in sorted(EN_HISTORY.glob("*.md")):
        text = path.read_text(encoding="utf-8")
        if not texts or text != texts[-1][1]:  # a commit that leaves the page as it was is no revision
            texts.append((path.stem.split("_")[0], text))
    last = texts[-1][1]
    texts += [(f"2026-01-{day:02d}T1200", last + f"\nEdit {day}.\n") for day in range(1, 101 - len(texts))]
    repo, folder = work / "repo", work / "revisions"
    (repo / "docs").mkdir(parents=True)
    folder.mkdir()
    _git(repo, "init", "-q")
    for stamp, text in texts:
        (repo / PAGE).write_text(text, encoding="utf-8")
        _git(repo, "add", PAGE)
        date = f"{stamp[:13]}:{stamp[13:]}:00+00:00"
        _git(repo, "commit", "-q", "-m", stamp, date=date)
        commit = _git(repo, "rev-parse", "--short=8", "HEAD").strip()
        (folder / f"{stamp}_{commit}.md").write_text(text, encoding="utf-8")
    return repo, folder


def median_ms(runs: int, setup: Callable[[], None], work: Callable[[], object]) -> float:
    times = []
    for _ in range(runs):
        setup()
        start = time.perf_counter()
        work()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", type=int, default=7, help="runs per measurement (median reported)")
    runs = parser.parse_args().n
    translation = parse_page(SourceText.read(SEED))
    target = page_tokens(translation)
    with tempfile.TemporaryDirectory() as tmp:
        repo, folder = build(Path(tmp))
        cache_dir = Path(tmp) / "cache"
        sources: dict[str, Callable[[], History]] = {
            "git": lambda: GitHistory(repo, PAGE),
            "folder": lambda: FolderHistory(folder),
        }
        print(f"{len(sources['git']().revisions)} revisions; translation {SEED.name}; median of {runs} runs")

        def clear() -> None:
            shutil.rmtree(cache_dir, ignore_errors=True)

        def walk(source: str) -> object:
            history = sources[source]()
            finder = OriginFinder(FingerprintCache(cache_dir, CACHE_NAMESPACE))
            return rank(target, finder.prints(history))

        def full(source: str) -> object:
            finder = OriginFinder(FingerprintCache(cache_dir, CACHE_NAMESPACE))
            return finder.find(translation, sources[source]())

        for source in sources:
            cold = median_ms(max(1, runs // 2), clear, lambda s=source: walk(s))
            walk(source)  # fill the cache
            cached = median_ms(runs, lambda: None, lambda s=source: walk(s))
            finder = OriginFinder(FingerprintCache(cache_dir, CACHE_NAMESPACE))
            prints = finder.prints(sources[source]())
            ranking = median_ms(runs, lambda: None, lambda p=prints: rank(target, p))
            answer = median_ms(runs, lambda: None, lambda s=source: full(s))
            print(
                f"{source:<7} walk, cold {cold:7.1f} ms   walk, cached {cached:6.1f} ms   "
                f"rank only {ranking:5.1f} ms   full answer {answer:6.1f} ms"
            )


if __name__ == "__main__":
    main()
