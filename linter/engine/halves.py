"""A big pair's rules on two processes: this one and a fork of it, each taking the next job nobody took.

The rules of a pair of 1 MB pages take seconds after the pages are parsed and aligned, and the
machine has a second core. Forked once the pages and their alignment are built, the copy shares them
as they are (pickling a page tree back costs more than half its parse); only what the copy found
comes back. Both processes go down one list, each taking the next job the other has not: so neither
idles while the other has a slow job. Ordered by `costliest_first`, the last jobs are the cheapest,
so the two finish close together: what is left when one is done is at most a cheap job of the other's
(jobs taken from the two ends of the list met wherever the two were, often at a job of a fifth of a
second on the release notes, which one process ran while the other waited).
Every job runs once (two may both run one they reach at the same moment: its result is the same);
the runner sorts the findings after, so they are the same as on one process.
"""

from __future__ import annotations

import mmap
import os
import pickle
import signal
import sys
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from typing import IO, Any, TypeVar

T = TypeVar("T")

_HERE, _THERE = 1, 2  # who took a job, in the shared claims


def may_fork(jobs: int) -> bool:
    """Whether `jobs` jobs may be shared with a fork: on Linux, in a process of one thread (a fork copies
    only the thread that forks; the others' locks would stay held in the copy)."""
    threading = sys.modules.get("threading")
    alone = threading is None or threading.active_count() == 1
    return jobs > 1 and sys.platform == "linux" and alone


def costliest_first(costs: Sequence[float]) -> list[int]:
    """The jobs (indexes into `costs`) in the order `run_halves` shares them best: the costliest first;
    equal costs keep their order."""
    return sorted(range(len(costs)), key=lambda index: -costs[index])


def run_halves(jobs: int, run: Callable[[int], T], state: Callable[[], Any]) -> tuple[dict[int, T], Any]:
    """`run(index)` of every index below `jobs`, on this process and a fork of it; and what `state()`
    returned in the fork when it was done (None if it sent nothing).

    A job the fork did not finish (it raised, was killed, or its result does not pickle) is run here
    again, so an exception is raised here as on one process.
    """
    claims = mmap.mmap(-1, jobs)  # anonymous and shared with the fork: which side took each job
    done: dict[int, T] = {}

    def here() -> None:
        for index in _claim(claims, _HERE):
            done[index] = run(index)

    try:
        data = _with_fork(lambda out: out.write(_served(claims, run, state)), here, _whole)
    finally:
        claims.close()
    try:
        theirs, their_state = pickle.loads(data) if data else ({}, None)
    except Exception:  # a result that pickled but does not load: the jobs are run again
        theirs, their_state = {}, None
    done.update(theirs)
    for index in range(jobs):
        if index not in done:
            done[index] = run(index)
    return done, their_state


def beside(work: Callable[[], T], other: Callable[[], object]) -> T:
    """`work()` computed on a fork while this process runs `other()`; its result comes back pickled,
    and is loaded here as the fork pickles it (once `other()` is done: loading a page takes half as
    long as pickling it, so little of it is left when the fork is).

    When the fork fails (it raised, died, or its result does not pickle), `work()` runs here. Its
    error is raised before one of `other()`'s, as when `work()` runs first on one process.
    """
    failed: list[Exception] = []  # raised after `work`'s own error, if it has one

    def here() -> None:
        try:
            other()
        except Exception as exc:
            failed.append(exc)

    def there(out: _Sender) -> None:
        pickle.dump(work(), out, protocol=pickle.HIGHEST_PROTOCOL)  # a part sent of a failed one does not load

    loaded = _with_fork(there, here, _loaded)
    result: T = work() if loaded is _FAILED else loaded
    if failed:
        raise failed[0]
    return result


_FAILED = object()  # what `_loaded` gives for an answer that does not load


def _loaded(received: IO[bytes]) -> Any:
    try:
        return pickle.load(received)
    except Exception:  # nothing sent, cut off, or not loadable here
        return _FAILED


def _whole(received: IO[bytes]) -> bytes:
    return received.read()


def _with_fork(there: Callable[[_Sender], object], here: Callable[[], None], read: Callable[[IO[bytes]], T]) -> T:
    """`read()` of what `there()` sent from a fork, while this process ran `here()` (first).
    The fork is killed when `here()` or `read()` raises, and always reaped."""
    answer, sent = os.pipe()
    pid = os.fork()
    if pid == 0:  # the copy: never returns into the caller
        try:
            os.close(answer)
            with _Sender(sent) as out:
                there(out)
        finally:
            os._exit(0)
    os.close(sent)
    with os.fdopen(answer, "rb") as received:
        try:
            here()
            found = read(received)
            received.read()  # to the end (an answer that did not load may not be): the fork then leaves
            return found
        except BaseException:
            os.kill(pid, signal.SIGKILL)
            raise
        finally:
            os.waitpid(pid, 0)


class _Sender:
    """The fork's end of the pipe. What is written goes in at once as far as the pipe takes it; the rest is
    kept and sent as the pipe takes more, and at the end. So the fork never waits for a parent still busy
    (a pipe holds 64 KiB; a page's pickle is megabytes), and a parent that is waiting gets each part as it
    is written."""

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self.kept: deque[memoryview] = deque()
        os.set_blocking(fd, False)

    def __enter__(self) -> _Sender:
        return self

    def __exit__(self, *exc: object) -> None:
        os.set_blocking(self.fd, True)
        self._send()
        os.close(self.fd)

    def write(self, data: bytes) -> int:
        self.kept.append(memoryview(bytes(data)))  # the pickler may reuse what it passes
        self._send()
        return len(data)

    def _send(self) -> None:
        """Send what is kept, in order, until the pipe is full (non-blocking) or all of it (blocking)."""
        kept = self.kept
        while kept:
            try:
                sent = os.write(self.fd, kept[0])
            except BlockingIOError:
                return
            if sent == len(kept[0]):
                kept.popleft()
            else:
                kept[0] = kept[0][sent:]


def _served(claims: mmap.mmap, run: Callable[[int], Any], state: Callable[[], Any]) -> bytes:
    """The fork's side: the jobs the parent has not taken, until one raises; then the results."""
    done: dict[int, Any] = {}
    try:
        for index in _claim(claims, _THERE):
            done[index] = run(index)
    except BaseException:  # the parent runs the job again, and raises as one process would
        pass
    return _pickled(lambda: (done, state()))


def _pickled(work: Callable[[], Any]) -> bytes:
    """What `work()` returns, pickled; b"" when it raises or does not pickle (the parent runs it again)."""
    try:
        return pickle.dumps(work(), protocol=pickle.HIGHEST_PROTOCOL)
    except BaseException:
        return b""


def _claim(claims: mmap.mmap, side: int) -> Iterator[int]:
    """The jobs in order, each claimed for `side` when the other side has not claimed it."""
    for index in range(len(claims)):
        if not claims[index]:
            claims[index] = side
            yield index
