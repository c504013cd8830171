"""Order-preserving pairing of two node sequences: first by what identifies nodes, then by likeness.

Nodes that share something found nowhere else on either side (an explicit heading id, a heading,
identical code or text, a URL or image) are paired first, wherever they stand; the longest run of
such pairs in the same order on both sides cuts the sequences into gaps, and each gap is aligned
by similarity. So a section one side lacks cannot shift its neighbours onto each other: they are
held by what identifies them, not by their distance from the diagonal.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence

from linter.parse.tree import Node

Similarity = Callable[[Node, Node], tuple[float, str]]
Keys = Callable[[Node], Iterable[tuple[Hashable, float]]]  # identifying keys of a node, with their weight
Paired = tuple[Node, Node, float, str]

# A gap with more cells than this is aligned near its diagonal only, and beyond _MAX_CELLS by
# position: a page of thousands of unidentifiable blocks must not make a hook hang.
_FULL_CELLS = 20_000
_MAX_CELLS = 250_000
_BAND = 12
# What pairing two alike-enough nodes is worth beyond their likeness: translation keeps a page's
# skeleton, so two plausible pairs usually beat one slightly better one.
_PAIR = 0.1


def sequence_align(
    sources: Sequence[Node],
    targets: Sequence[Node],
    similarity: Similarity,
    threshold: float,
    keys: Keys,
    confident: float,
) -> list[Paired]:
    """Pairs in order on both sides: identified ones (similarity at least `confident`), then the
    gaps' best pairing."""
    n, m = len(sources), len(targets)
    if not n or not m:
        return []
    pairs: list[Paired] = []
    i0 = j0 = 0
    # With one node on a side there is nothing to hold in place: the gap alignment picks its match.
    anchors = _anchors(sources, targets, similarity, keys, confident) if n > 1 and m > 1 else []
    for i, j, score, how in [*anchors, (n, m, 0.0, "")]:
        pairs += _align_gap(sources[i0:i], targets[j0:j], similarity, threshold)
        if i < n:
            pairs.append((sources[i], targets[j], score, how))
        i0, j0 = i + 1, j + 1
    return pairs


def _unique_keys(nodes: Sequence[Node], keys: Keys) -> dict[Hashable, tuple[int, float]]:
    """Keys held by exactly one node of the sequence -> (that node's index, the key's weight)."""
    found: dict[Hashable, tuple[int, float]] = {}
    repeated: set[Hashable] = set()
    for index, node in enumerate(nodes):
        for key, weight in keys(node):
            seen = found.get(key)
            if seen is None:
                if key not in repeated:
                    found[key] = (index, weight)
            elif seen[0] != index:
                del found[key]
                repeated.add(key)
    return found


def _anchors(
    sources: Sequence[Node], targets: Sequence[Node], similarity: Similarity, keys: Keys, confident: float
) -> list[tuple[int, int, float, str]]:
    """Pairs of nodes that each other's unique keys point to, the heaviest run in order on both sides.

    Keys come in tiers by weight (an explicit id outranks a heading, a heading outranks a URL of
    the section's text): a node paired by a stronger key is not paired again by a weaker one, so
    a card pasted under the wrong heading does not take its heading's section with it.
    """
    in_targets = _unique_keys(targets, keys)
    if not in_targets:
        return []
    by_tier: dict[float, dict[tuple[int, int], int]] = {}
    for key, (i, weight) in _unique_keys(sources, keys).items():
        found = in_targets.get(key)
        if found is not None and found[1] == weight:
            votes = by_tier.setdefault(weight, {})
            votes[i, found[0]] = votes.get((i, found[0]), 0) + 1
    candidates: list[tuple[int, int, float, str, float]] = []
    claimed: tuple[set[int], set[int]] = (set(), set())
    for weight in sorted(by_tier, reverse=True):
        votes = {pair: count for pair, count in by_tier[weight].items() if _free(pair, claimed)}
        best_target, best_source = _best(votes, 0), _best(votes, 1)
        for i, j in sorted(best_target.items()):
            if j is None or best_source.get(j) != i:
                continue
            score, how = similarity(sources[i], targets[j])
            if score >= confident:
                candidates.append((i, j, score, how, weight))
                claimed[0].add(i)
                claimed[1].add(j)
    candidates.sort()
    return [(i, j, score, how) for i, j, score, how, _ in _heaviest_increasing(candidates)]


def _free(pair: tuple[int, int], claimed: tuple[set[int], set[int]]) -> bool:
    return pair[0] not in claimed[0] and pair[1] not in claimed[1]


def _best(votes: dict[tuple[int, int], int], side: int) -> dict[int, int | None]:
    """For each index on one side, the index on the other with the most votes; None when tied."""
    best: dict[int, tuple[int, int | None]] = {}
    for pair, count in votes.items():
        own, other = pair[side], pair[1 - side]
        current = best.get(own)
        if current is None or count > current[0]:
            best[own] = (count, other)
        elif count == current[0]:
            best[own] = (count, None)
    return {own: other for own, (_, other) in best.items()}


_Candidate = tuple[int, int, float, str, float]  # source index, target index, score, how, key weight


def _heaviest_increasing(candidates: list[_Candidate]) -> list[_Candidate]:
    """The subsequence of candidates (sorted by source index) with increasing target indexes and
    the largest summed key weight; a Fenwick tree over target indexes keeps it O(k log k)."""
    size = max((c[1] for c in candidates), default=-1) + 1
    tree: list[tuple[float, int]] = [(0.0, -1)] * (size + 1)  # best (weight, candidate) ending below j
    previous: list[int] = []
    best_total, best_end = 0.0, -1
    for index, candidate in enumerate(candidates):
        j = candidate[1]
        total, before = 0.0, -1
        position = j  # query the prefix of target indexes < j
        while position > 0:
            if tree[position][0] > total:
                total, before = tree[position]
            position -= position & -position
        total += candidate[4]
        previous.append(before)
        # On a tie, the run ending earlier in the translation: what stands later there moved.
        if total > best_total or (total == best_total and j < candidates[best_end][1]):
            best_total, best_end = total, index
        position = j + 1
        while position <= size:
            if total > tree[position][0]:
                tree[position] = (total, index)
            position += position & -position
    run: list[_Candidate] = []
    index = best_end
    while index >= 0:
        run.append(candidates[index])
        index = previous[index]
    return run[::-1]


def _align_gap(
    sources: Sequence[Node], targets: Sequence[Node], similarity: Similarity, threshold: float
) -> list[Paired]:
    """Order-preserving pairing of nodes alike enough (similarity above `threshold`) that
    maximises their summed likeness, each pair counting a little for itself."""
    n, m = len(sources), len(targets)
    if not n or not m:
        return []
    if n == m == 1:  # what the table below and the hole filling make of one node a side (most of a list's items)
        score, how = similarity(sources[0], targets[0])
        return [(sources[0], targets[0], score, how)] if score > threshold or score >= threshold / 2 else []
    if n * m > _MAX_CELLS:
        pairs = []
        for s, t in zip(sources, targets, strict=False):
            score, how = similarity(s, t)
            if score > threshold:
                pairs.append((s, t, score, how))
        return pairs
    band = max(n, m) if n * m <= _FULL_CELLS else abs(n - m) + _BAND
    none = (0.0, "position")
    sims = [
        [similarity(s, targets[j]) if abs(i - j) <= band else none for j in range(m)] for i, s in enumerate(sources)
    ]
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        row, below, sim_row = best[i], best[i + 1], sims[i]
        for j in range(m - 1, -1, -1):
            score = sim_row[j][0]
            take = below[j + 1] + score - threshold + _PAIR if score > threshold else float("-inf")
            row[j] = max(take, below[j], row[j + 1])
    found: list[tuple[int, int, float, str]] = []
    i = j = 0
    while i < n and j < m:
        score, how = sims[i][j]
        if score > threshold and best[i][j] == best[i + 1][j + 1] + score - threshold + _PAIR:
            found.append((i, j, score, how))
            i, j = i + 1, j + 1
        elif best[i][j] == best[i + 1][j]:
            i += 1
        else:
            j += 1
    return _fill_holes(sources, targets, found, similarity, threshold)


def _fill_holes(
    sources: Sequence[Node],
    targets: Sequence[Node],
    found: list[tuple[int, int, float, str]],
    similarity: Similarity,
    threshold: float,
) -> list[Paired]:
    """The pairs found, and a lone node left on each side between two of them paired too: there is
    no other candidate for either, so a block that lost its links is still the same block."""
    pairs: list[Paired] = []
    previous = (-1, -1)
    for i, j, score, how in [*found, (len(sources), len(targets), 0.0, "")]:
        if i - previous[0] == 2 and j - previous[1] == 2:
            s, t = sources[i - 1], targets[j - 1]
            lone_score, lone_how = similarity(s, t)
            if lone_score >= threshold / 2:
                pairs.append((s, t, lone_score, lone_how))
        if i < len(sources):
            pairs.append((sources[i], targets[j], score, how))
        previous = (i, j)
    return pairs
