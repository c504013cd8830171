"""A big pair's rules on two processes: this one and a fork of it, taking jobs from the two ends of a list.

The rules of a pair of 1 MB pages take seconds after the pages are parsed and aligned, and the
machine has a second core. Forked once the pages and their alignment are built, the copy shares them
as they are (pickling a page tree back costs more than half its parse); only what the copy found
comes back. This process takes the jobs from the first on, the fork from the last back, each until
it meets one the other took: so neither idles while the other has a slow job. Ordered by `ends_first`,
the costliest jobs are at the two ends and the cheapest meet in the middle, so the two finish close
together (a costly job met last would keep one side busy while the other waits).
Every job runs once (two may both run the one they meet at: its result is the same); the runner
sorts the findings after, so they are the same as on one process.
"""

from __future__ import annotations

import mmap
import os
import pickle
import signal
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import IO, Any, TypeVar

T = TypeVar("T")

_HERE, _THERE = 1, 2  # who took a job, in the shared claims


def may_fork(jobs: int) -> bool:
    """Whether `jobs` jobs may be shared with a fork: on Linux, in a process of one thread (a fork copies
    only the thread that forks; the others' locks would stay held in the copy)."""
    threading = sys.modules.get("threading")
    alone = threading is None or threading.active_count() == 1
    return jobs > 1 and sys.platform == "linux" and alone


def ends_first(costs: Sequence[float]) -> list[int]:
    """The jobs (indexes into `costs`) in the order `run_halves` shares them best: the costliest first at this
    process's end, the next at the fork's, and so on inwards; equal costs keep their order."""
    ranked = sorted(range(len(costs)), key=lambda index: -costs[index])
    return ranked[0::2] + ranked[1::2][::-1]


def run_halves(jobs: int, run: Callable[[int], T], state: Callable[[], Any]) -> tuple[dict[int, T], Any]:
    """`run(index)` of every index below `jobs`, on this process and a fork of it; and what `state()`
    returned in the fork when it was done (None if it sent nothing).

    A job the fork did not finish (it raised, was killed, or its result does not pickle) is run here
    again, so an exception is raised here as on one process.
    """
    claims = mmap.mmap(-1, jobs)  # anonymous and shared with the fork: which side took each job
    done: dict[int, T] = {}

    def here() -> None:
        for index in _claim(claims, range(jobs), _HERE):
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
    """The fork's side: jobs from the last back until one the parent took or one raises, then the results."""
    done: dict[int, Any] = {}
    try:
        for index in _claim(claims, reversed(range(len(claims))), _THERE):
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


def _claim(claims: mmap.mmap, order: Iterable[int], side: int) -> Iterator[int]:
    """The jobs in `order`, each claimed for `side`, up to the first the other side claimed."""
    for index in order:
        if claims[index]:
            return
        claims[index] = side
        yield index
