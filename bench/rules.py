"""Where a cold run's CPU goes: parsing, alignment, language identification and each rule (not a test).

    python bench/rules.py [--site DIR] [--top 25] [--select TM4] [-n 3]

Lints the whole site in this process as `check --no-cache --jobs 1` does and charges the process
clock to what runs, each phase exclusive of the phases it calls: a rule's time leaves out the pages
it has parsed (a link's target) and the sentences it asks the language detector about. An analysis
several rules share (`align/analysis.py`) is charged to the first rule that asks for it, and the
findings' collapse, suppressions and sorting to "rest". Figures from one process with the profile's
small overhead (a clock read per rule call), not a whole process: `bench/speed.py` times those.
With `-n`, the site is linted that many times, each from cold (transmark's memo caches emptied), and each
phase's least time is shown: what a busy machine adds to a run is noise, never less.
"""

from __future__ import annotations

import argparse
import functools
import os
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import linter.engine.runner as runner  # noqa: E402  (after the path set-up)
import linter.parse.langid as langid  # noqa: E402
from linter.app import Request, lint, load_config  # noqa: E402
from rules import BUILTIN_RULES  # noqa: E402

DEFAULT_SITE = ROOT.parent / "shared" / "corpus"


class Clock:
    """Process time charged to the innermost phase running."""

    def __init__(self) -> None:
        self.spent: Counter[str] = Counter()
        self.stack = ["rest"]
        self.last = time.process_time()

    def switch(self, phase: str | None) -> None:
        """Charge the time since the last switch to the running phase; then enter `phase` (None: leave it)."""
        now = time.process_time()
        self.spent[self.stack[-1]] += now - self.last
        self.last = now
        if phase is None:
            self.stack.pop()
        else:
            self.stack.append(phase)

    def around(self, phase: str, call: Callable[..., Any]) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            self.switch(phase)
            try:
                return call(*args, **kwargs)
            finally:
                self.switch(None)

        return timed

    def around_generator(self, phase: str, call: Callable[..., Iterator[Any]]) -> Callable[..., Iterator[Any]]:
        """A rule's check: each step of the generator is charged, not the runner's work between steps."""

        def timed(*args: Any, **kwargs: Any) -> Iterator[Any]:
            steps = self.around(phase, call)(*args, **kwargs)
            step = self.around(phase, next)
            while True:
                try:
                    yield step(steps)
                except StopIteration:
                    return

        return timed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--site", type=Path, default=DEFAULT_SITE)
    parser.add_argument("--top", type=int, default=25, help="rules listed (the rest are summed)")
    parser.add_argument("--select", action="append", default=[], help="only these rules (as `check --select`)")
    parser.add_argument("-n", type=int, default=1, help="runs; each phase's least time is shown")
    args = parser.parse_args()
    clock = Clock()
    runner.parse_page = clock.around("parse", runner.parse_page)
    runner.align = clock.around("align", runner.align)
    langid.is_english = clock.around("language id", langid.is_english)
    for rule in BUILTIN_RULES:
        rule.check = clock.around_generator(f"{rule.id} {rule.name}", rule.check)  # type: ignore[method-assign]
    os.chdir(args.site)
    least: dict[str, float] = {}
    for _ in range(args.n):
        _empty_caches()
        clock.spent.clear()
        start = clock.last = time.process_time()
        run = lint(load_config(args.site), Request(select=args.select, jobs=1, no_cache=True))
        clock.switch("rest")
        clock.stack.pop()
        clock.spent["total"] = time.process_time() - start
        least = {name: min(spent, least.get(name, spent)) for name, spent in clock.spent.items()}
    total = least.pop("total")
    print(f"{args.site}: {len(run.findings)} findings, {total:.2f} s CPU in one process (least of {args.n})")
    phases = ("parse", "align", "language id", "rest")
    rules = sorted(((name, spent) for name, spent in least.items() if name not in phases), key=lambda r: -r[1])
    for name, spent in [(p, least.get(p, 0.0)) for p in phases] + [("rules", sum(s for _, s in rules))]:
        print(f"  {name:<40} {spent:7.2f} s  {spent / total:6.1%}")
    for name, spent in rules[: args.top]:
        print(f"    {name:<38} {spent:7.2f} s  {spent / total:6.1%}")
    if len(rules) > args.top:
        rest = sum(spent for _, spent in rules[args.top :])
        print(f"    {'other ' + str(len(rules) - args.top) + ' rules':<38} {rest:7.2f} s  {rest / total:6.1%}")


def _empty_caches() -> None:
    """transmark's memo caches (functools.lru_cache), emptied so that a run starts as a new process does."""
    for name, module in list(sys.modules.items()):
        if name.split(".")[0] not in ("linter", "rules"):
            continue
        for value in list(vars(module).values()):
            if isinstance(value, functools._lru_cache_wrapper):
                value.cache_clear()


if __name__ == "__main__":
    main()
