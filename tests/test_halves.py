"""A big pair's rules shared with a fork: every job runs once, a failing fork changes nothing, same findings."""

from __future__ import annotations

import os
import select
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from linter.engine import halves
from linter.engine import runner as runner_module
from linter.engine.cache import Cache
from linter.engine.halves import beside, may_fork, run_halves
from linter.engine.registry import Registry
from linter.engine.runner import Runner, configure
from linter.engine.site import Site
from linter.parse.markdown import parse_page
from linter.parse.source import SourceText
from linter.parse.tree import Admonition, Page, Section
from linter.project.target import Target

pytestmark = pytest.mark.skipif(sys.platform != "linux" or not may_fork(2), reason="forks on Linux, in one thread")

SITE = Path(__file__).resolve().parents[1] / "fixtures" / "site"


def test_every_job_runs_once_and_the_fork_reports_its_state() -> None:
    parent = os.getpid()
    ran_here: list[int] = []

    def run(index: int) -> tuple[int, int]:
        if os.getpid() == parent:
            ran_here.append(index)
        return index, index * index

    done, ran_there = run_halves(40, run, lambda: sorted(k for k in range(40) if k not in ran_here))
    assert done == {index: (index, index * index) for index in range(40)}
    assert len(ran_here) == len(set(ran_here))  # nothing the parent ran was run twice
    assert set(ran_here) | set(ran_there or range(40)) == set(range(40))


def test_the_costliest_jobs_come_first() -> None:
    # Each process takes the next job nobody took: the cheapest are left for whoever is done first.
    assert halves.costliest_first([1, 9, 3, 9, 5, 2]) == [1, 3, 4, 2, 5, 0]
    assert halves.costliest_first([]) == []


def test_the_fork_takes_the_next_job_in_order_not_the_last() -> None:
    # The cheapest jobs are left for whichever process is done first; the fork starts near the top.
    parent = os.getpid()
    ran_there: list[int] = []

    def run(index: int) -> int:
        if os.getpid() == parent:
            time.sleep(0.1)
        else:
            ran_there.append(index)
            time.sleep(2)  # meanwhile this process takes every other job
        return index

    done, there = run_halves(12, run, lambda: ran_there)
    assert done == {index: index for index in range(12)}
    assert there is not None and len(there) == 1 and there[0] < 6


@pytest.mark.parametrize("failure", ["raises", "does not pickle", "dies"])
def test_what_the_fork_did_not_finish_runs_here(failure: str) -> None:
    parent = os.getpid()

    def run(index: int) -> object:
        if os.getpid() != parent and index % 2:
            if failure == "raises":
                raise RecursionError
            if failure == "dies":
                os._exit(3)
            return lambda: index  # no lambda pickles
        return index

    done, _ = run_halves(30, run, lambda: None)
    assert done == {index: index for index in range(30)}


def test_a_job_that_fails_everywhere_raises_here_and_leaves_no_child() -> None:
    def run(index: int) -> int:
        if index == 7:
            raise ValueError("seven")
        return index

    with pytest.raises(ValueError, match="seven"):
        run_halves(12, run, lambda: None)
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)  # the fork was reaped


def test_findings_are_the_same_on_a_fork(monkeypatch: pytest.MonkeyPatch) -> None:
    english, italian = (
        str(SITE / "docs" / "real-time-communication.md"),
        str(SITE / "i18n" / "it" / "real-time-communication.md"),
    )

    def lint(forks: bool) -> list[object]:
        runner = Runner(configure(Registry.load()), is_english=lambda text: "the" in text.split())
        runner.forks = forks
        return runner.lint_files(english, italian, "it")

    alone = lint(False)
    forked: list[int] = []
    real = runner_module.run_halves
    monkeypatch.setattr(runner_module, "_FORK_CHARS", 0)
    monkeypatch.setattr(runner_module, "run_halves", lambda *args: forked.append(1) or real(*args))
    assert alone and lint(True) == alone
    assert forked


def test_the_rules_of_one_family_are_one_job(monkeypatch: pytest.MonkeyPatch) -> None:
    # The markup rules of several modules scan the pages once (page_side): one process runs them all.
    jobs: list[list[str]] = []
    shared = Runner._on_halves

    def on_halves(self: Runner, families: list[list[Any]], *args: Any) -> Any:
        jobs.extend([type(active.rule).__module__ for active in family] for family in families)
        return shared(self, families, *args)

    monkeypatch.setattr(runner_module, "_FORK_CHARS", 0)
    monkeypatch.setattr(Runner, "_on_halves", on_halves)
    runner = Runner(configure(Registry.load()), is_english=lambda text: "the" in text.split())
    runner.forks = True
    runner.lint_files(
        str(SITE / "docs" / "real-time-communication.md"),
        str(SITE / "i18n" / "it" / "real-time-communication.md"),
        "it",
    )
    markup = [job for job in jobs if "rules.emphasis" in job]
    assert len(markup) == 1 and {"rules.code", "rules.html", "rules.icons"} <= set(markup[0])
    assert sum("rules.links" in job or "rules.images" in job for job in jobs) == 1  # the links compared once


def test_what_rules_on_the_fork_looked_up_is_kept_for_the_next_run(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The result cache's reads and the detector's answers: a warm run trusts them."""
    english, italian = SITE / "docs" / "real-time-communication.md", SITE / "i18n" / "it" / "real-time-communication.md"

    def kept(forks: bool) -> tuple[set[tuple[str, str]], dict[str, object]]:
        runner = Runner(configure(Registry.load()), is_english=lambda text: "the" in text.split())
        runner.forks = forks
        runner.site = Site.of_targets([Target("it", english, italian)], runner.site_page)
        runner.site.reads = set()
        with runner.memo.kept(Cache(tmp_path / str(forks), "salt"), str(italian), "it"):
            runner.lint_files(str(english), str(italian), "it")
            return runner.site.reads, dict(runner.memo.asked)

    reads, asked = kept(False)
    monkeypatch.setattr(runner_module, "_FORK_CHARS", 0)
    # The parent takes no rule: every rule runs on the fork, so what is lost there shows.
    parent, claim = os.getpid(), halves._claim
    monkeypatch.setattr(halves, "_claim", lambda *args: claim(*args) if os.getpid() != parent else iter(()))
    assert reads and asked and kept(True) == (reads, asked)


def test_work_beside_comes_back_from_the_fork_or_runs_here() -> None:
    parent = os.getpid()
    other: list[int] = []
    assert beside(lambda: {"page": [1, 2, 3]}, lambda: other.append(1)) == {"page": [1, 2, 3]} and other == [1]

    def fails_there() -> int:
        if os.getpid() != parent:
            raise RecursionError
        return 7

    assert beside(fails_there, lambda: None) == 7


def test_beside_raises_the_work_error_first_as_one_process_would() -> None:
    def broken(what: str) -> Callable[[], None]:
        def fail() -> None:
            raise ValueError(what)

        return fail

    with pytest.raises(ValueError, match="translation"):
        beside(broken("translation"), broken("english"))
    with pytest.raises(ValueError, match="english"):
        beside(lambda: 1, broken("english"))
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)


class _DiesWhenPickledThere:
    """Kills the fork that pickles it: what it sent before is cut off."""

    def __init__(self, parent: int) -> None:
        self.parent = parent

    def __reduce__(self) -> tuple[object, tuple[int]]:
        if os.getpid() != self.parent:
            os._exit(3)
        return _DiesWhenPickledThere, (self.parent,)


def test_an_answer_cut_off_while_it_was_sent_is_worked_out_here() -> None:
    parent = os.getpid()
    here = beside(lambda: ["x" * 500_000, _DiesWhenPickledThere(parent), os.getpid()], lambda: None)
    assert here[0] == "x" * 500_000 and here[2] == parent


def test_the_fork_sends_its_answer_without_waiting_for_a_busy_parent() -> None:
    done, told = os.pipe()  # the fork says here when its answer is all written

    def there(out: halves._Sender) -> None:
        out.write(b"x" * 1_000_000)  # far more than a pipe holds
        os.write(told, b".")

    def busy() -> None:
        ready, _, _ = select.select([done], [], [], 30)
        assert ready, "the fork waited for this process to read"

    try:
        assert halves._with_fork(there, busy, halves._whole) == b"x" * 1_000_000
    finally:
        os.close(done)
        os.close(told)


def test_a_page_parsed_on_a_fork_comes_back_the_same() -> None:
    page = parse_page(SourceText.read(SITE / "i18n" / "it" / "real-time-communication.md"), "it")
    back = beside(lambda: page, lambda: None)
    assert back is not page

    def shape(page: Page) -> list[tuple[object, ...]]:
        fields = [
            (n, [s for k in type(n).__mro__ for s in getattr(k, "__slots__", ()) if s != "children"])
            for n in page.root.walk()
        ]
        # Each field as it was; a parent as the node it is (its index in the walk), with this node among its children.
        index = {n: i for i, (n, _) in enumerate(fields)}
        assert all(n in n.parent.children for n, _ in fields if n.parent is not None)
        return [
            (type(n), [index.get(getattr(n, s)) if s == "parent" else getattr(n, s) for s in names])
            for n, names in fields
        ]

    assert shape(back) == shape(page) and back.source.text == page.source.text
    assert any(isinstance(n, Section) for n in page.root.walk()) and any(
        isinstance(n, Admonition) for n in page.root.walk()
    )
    inlines = [n.inline for n in page.root.walk() if n.inline]
    assert any(i.links for i in inlines) and any(i.images for i in inlines)
