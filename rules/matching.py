"""difflib's matching of two sequences, kept linear where equal items repeat by the thousand.

difflib's search for the longest matching block tries each item of one sequence at every equal item
of the other, and does so again in each stretch between the blocks it found: 18 kB of `<b>x</b>`
took 12 s to pair its tags, a stale paragraph of one word repeated grew with the square of its
length, and 40,000 distinct code spans, a few changed, matched in 1,700 blocks, took 30 s. Its tries
are counted as it makes them; past a budget (real pages stay below a hundredth of it: at most 660), the common start
and end are matched, and between them each item of `a` with the next equal item of `b`: a matching
as valid, if not always the longest, found in linear time.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Hashable, Sequence
from difflib import Match, SequenceMatcher

BUDGET = 100_000

Block = tuple[int, int, int]  # a[i:i + size] == b[j:j + size], as difflib's Match


def matching_blocks(a: Sequence[Hashable], b: Sequence[Hashable]) -> list[Block]:
    """Runs of equal items in order, as `SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks()`
    gives them within the budget; the last is (len(a), len(b), 0)."""
    try:
        return [tuple(block) for block in _Budgeted(a, b).get_matching_blocks()]
    except _OverBudget:
        pass
    pairs: list[tuple[int, int]] = []
    start = 0
    while start < min(len(a), len(b)) and a[start] == b[start]:
        pairs.append((start, start))
        start += 1
    end_a, end_b = len(a), len(b)
    while end_a > start and end_b > start and a[end_a - 1] == b[end_b - 1]:
        end_a, end_b = end_a - 1, end_b - 1
    at: dict[Hashable, list[int]] = {}  # an item -> its places in b between the common start and end
    for j in range(start, end_b):
        at.setdefault(b[j], []).append(j)
    after = start
    for i in range(start, end_a):
        places = at.get(a[i], [])
        found = bisect_left(places, after)
        if found < len(places):
            pairs.append((i, places[found]))
            after = places[found] + 1
    pairs += [(end_a + k, end_b + k) for k in range(len(a) - end_a)]
    blocks: list[Block] = []
    for i, j in pairs:
        if blocks and blocks[-1][0] + blocks[-1][2] == i and blocks[-1][1] + blocks[-1][2] == j:
            blocks[-1] = (blocks[-1][0], blocks[-1][1], blocks[-1][2] + 1)
        else:
            blocks.append((i, j, 1))
    return [*blocks, (len(a), len(b), 0)]


class _OverBudget(Exception):
    pass


class _Budgeted(SequenceMatcher):
    """difflib's matcher (no junk, no popular items left out) that gives up past BUDGET tries: each
    search for a longest match tries every item of its stretch of `a` at every place of it in `b`."""

    def __init__(self, a: Sequence[Hashable], b: Sequence[Hashable]) -> None:
        super().__init__(None, a, b, autojunk=False)
        places = self.b2j  # difflib's own index: each item of `b` -> where it is (all, with no junk)
        self.tries = [0]  # tries[i]: what searching a[:i] costs
        for item in a:
            self.tries.append(self.tries[-1] + 1 + len(places.get(item, ())))
        self.left = BUDGET

    def find_longest_match(self, alo: int = 0, ahi: int | None = None, blo: int = 0, bhi: int | None = None) -> Match:
        ahi = len(self.a) if ahi is None else ahi
        self.left -= self.tries[ahi] - self.tries[alo]
        if self.left < 0:
            raise _OverBudget
        return super().find_longest_match(alo, ahi, blo, bhi)


def ratio(a: Sequence[Hashable], b: Sequence[Hashable], blocks: list[Block] | None = None) -> float:
    """difflib's `ratio()`: twice the matched items over all items."""
    matched = sum(size for _, _, size in (matching_blocks(a, b) if blocks is None else blocks))
    return 2.0 * matched / (len(a) + len(b)) if a or b else 1.0


def opcodes(a: Sequence[Hashable], b: Sequence[Hashable]) -> list[tuple[str, int, int, int, int]]:
    """difflib's `get_opcodes()`: how to turn `a` into `b`, from the matching blocks."""
    answer = []
    i = j = 0
    for ai, bj, size in matching_blocks(a, b):
        tag = "replace" if i < ai and j < bj else "delete" if i < ai else "insert" if j < bj else ""
        if tag:
            answer.append((tag, i, ai, j, bj))
        i, j = ai + size, bj + size
        if size:
            answer.append(("equal", ai, i, bj, j))
    return answer
