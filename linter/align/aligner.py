"""Pairing a translated page tree with its English source tree.

Translation keeps a page's skeleton (Crowdin translates segment by segment, in
place), so both levels are sequence alignments: first all sections of the page,
then the children of every paired container. Similarity comes from what
translation does not change: heading ids, product names in headings, block kinds,
admonition types, and invariant facts (URLs, image paths, code, icons, numbers).
Leftovers are then paired as moved (same content elsewhere) or joined/split
(Crowdin merging two English blocks into one), and the rest is missing or extra.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from linter.parse.positions import Pos, Span
from linter.parse.tree import Admonition, Block, Inline, Node, Page, Section

# Above this many cells, fall back to pairing by position: a hook must never hang.
_MAX_CELLS = 250_000
# How far off the diagonal (beyond the length difference) a pairing is looked for.
_BAND = 12
_LEAF_KINDS = ("paragraph", "code", "table", "html", "snippet", "abbr", "deflist", "heading", "hr")


@dataclass(frozen=True, slots=True)
class Pair:
    """One source node and its counterpart; None on one side means missing or extra.

    `how` records what paired them: "root", "anchor", "title", "content", "position",
    "identical", "moved", "joined", "split", "missing", "extra".
    """

    source: Node | None
    target: Node | None
    how: str
    score: float = 0.0

    @property
    def kind(self) -> str:
        node = self.target if self.target is not None else self.source
        assert node is not None
        return node.kind


@dataclass
class Alignment:
    source: Page
    target: Page
    pairs: list[Pair] = field(default_factory=list)
    cache: dict[object, Any] = field(default_factory=dict, repr=False)  # analyses rules share
    _to_target: dict[Node, Node] = field(default_factory=dict, repr=False)
    _to_source: dict[Node, Node] = field(default_factory=dict, repr=False)

    def counterpart(self, node: Node) -> Node | None:
        """The paired node on the other side, or None."""
        return self._to_target.get(node) or self._to_source.get(node)

    def pairs_of(self, *kinds: str) -> Iterator[Pair]:
        for pair in self.pairs:
            if not kinds or pair.kind in kinds:
                yield pair

    def anchor_in_target(self, source_node: Node) -> Span:
        """Where a missing source node would be in the translation: after its paired predecessor."""
        node: Node | None = source_node
        while node is not None and node.parent is not None:
            siblings = node.parent.children
            for previous in reversed(siblings[: siblings.index(node)]):
                found = self._to_target.get(previous)
                if found is not None:
                    return Span(found.span.end, found.span.end)
            parent_target = self._to_target.get(node.parent)
            if parent_target is not None:
                return Span(parent_target.span.start, parent_target.span.start)
            node = node.parent
        return Span(Pos(1, 1), Pos(1, 1))

    def _add(self, pair: Pair) -> None:
        self.pairs.append(pair)
        if pair.source is not None and pair.target is not None:
            self._to_target.setdefault(pair.source, pair.target)
            self._to_source.setdefault(pair.target, pair.source)


class _Facts:
    """Invariant facts per node, computed once (and, for an English page, once for all languages)."""

    def __init__(self, shared: dict[Node, tuple[dict[str, int], int]] | None = None) -> None:
        self._own: dict[Node, tuple[dict[str, int], int]] = dict(shared) if shared else {}
        self._shared = shared if shared is not None else {}

    def _counted(self, node: Node) -> tuple[dict[str, int], int]:
        """Facts of a node without its subsections (a section's own content), and their number."""
        found = self._own.get(node)
        if found is None:
            found = self._own[node] = self._count(node)
        return found

    @staticmethod
    def _count(node: Node) -> tuple[dict[str, int], int]:
        counts: dict[str, int] = {}
        get = counts.get
        stack = [node]
        while stack:
            current = stack.pop()
            if current.inline is not None:
                for fact in current.inline.invariants():
                    counts[fact] = get(fact, 0) + 1
            if current.kind == "code" and isinstance(current, Block):
                fact = f"c:{current.raw.strip()}"
                counts[fact] = get(fact, 0) + 1
            stack.extend(child for child in current.children if not isinstance(child, Section))
        if isinstance(node, Section):
            for fact in node.heading.invariants():
                counts[fact] = get(fact, 0) + 1
        return counts, sum(counts.values())

    def facts(self, node: Node) -> Iterable[str]:
        return self._counted(node)[0].keys()

    def total(self, node: Node) -> int:
        return self._counted(node)[1]

    def covers(self, outer: Node, inner: Node) -> bool:
        """Whether `outer` holds every fact of `inner` (as often)."""
        have = self._counted(outer)[0]
        return all(have.get(fact, 0) >= count for fact, count in self._counted(inner)[0].items())

    def overlap(self, a: Node, b: Node) -> float | None:
        """Share of facts in common (0..1), or None when neither side has any."""
        own = self._own
        fa, ta = own.get(a) or self._counted(a)
        fb, tb = own.get(b) or self._counted(b)
        if not ta and not tb:
            return None
        if not ta or not tb:
            return 0.0
        if len(fb) < len(fa):
            fa, fb = fb, fa
        common = 0
        for fact, count in fa.items():
            other = fb.get(fact)
            if other is not None:
                common += count if count < other else other
        return common / (ta + tb - common)

    def keep_source(self, root: Node) -> None:
        """Move the facts of `root`'s page to the shared cache (reused by other translations)."""
        shared = self._shared
        for node, found in self._own.items():
            if node in shared:
                continue
            top = node
            while top.parent is not None:
                top = top.parent
            if top is root:
                shared[node] = found


def align(source: Page, target: Page, source_facts: dict[Node, Any] | None = None) -> Alignment:
    """Pair `target`'s nodes with `source`'s.

    `source_facts` is a cache the caller keeps per English page, so the facts of its nodes
    are computed once however many translations are aligned with it.
    """
    alignment = Alignment(source, target)
    facts = _Facts(source_facts)
    alignment._add(Pair(source.root, target.root, "root", 1.0))
    _align_sections(alignment, facts)
    containers = [(source.root, target.root)] + [
        (p.source, p.target) for p in list(alignment.pairs) if p.kind == "section" and p.source and p.target
    ]
    for src, tgt in containers:
        _align_children(alignment, facts, src, tgt)
    _pair_leftovers(alignment, facts)
    alignment.pairs.sort(key=_pair_order)
    if source_facts is not None:
        facts.keep_source(source.root)
    return alignment


def _pair_order(pair: Pair) -> tuple[int, Pos, Pos]:
    if pair.target is not None:
        return (0, pair.target.span.start, pair.source.span.start if pair.source else Pos(0, 0))
    assert pair.source is not None
    return (1, pair.source.span.start, Pos(0, 0))


# -- sections ------------------------------------------------------------------------------


def _section_similarity(facts: _Facts, s: Section, t: Section) -> tuple[float, str]:
    if s.explicit_anchor and t.explicit_anchor and s.anchor == t.anchor:
        return 1.0, "anchor"
    score = 0.3 if s.level == t.level else 0.0
    how = "position"
    if s.title.strip().casefold() == t.title.strip().casefold():
        score += 0.3
        how = "title"
    overlap = facts.overlap(s, t)
    if overlap is not None:
        score += 0.4 * overlap
        if overlap >= 0.5 and how == "position":
            how = "content"
    return score, how


def _align_sections(alignment: Alignment, facts: _Facts) -> None:
    sources, targets = alignment.source.sections(), alignment.target.sections()

    def similarity(s: Node, t: Node) -> tuple[float, str]:
        assert isinstance(s, Section) and isinstance(t, Section)
        return _section_similarity(facts, s, t)

    for s, t, score, how in _sequence_align(sources, targets, similarity, threshold=0.25):
        alignment._add(Pair(s, t, how, score))


# -- blocks ----------------------------------------------------------------------------------


def _block_similarity(facts: _Facts, s: Node, t: Node) -> tuple[float, str]:
    if s.kind != t.kind:
        return 0.0, "position"
    if isinstance(s, Block) and isinstance(t, Block) and s.raw and s.raw.strip() == t.raw.strip():
        return 1.0, "identical"
    if s.text and s.text == t.text:
        return 1.0, "identical"
    score = 0.4
    if isinstance(s, Admonition) and isinstance(t, Admonition):
        score += 0.2 if s.tag == t.tag else 0.0
    overlap = facts.overlap(s, t)
    if overlap is not None:
        score += 0.5 * overlap
        return min(score, 0.99), "content" if overlap >= 0.5 else "position"
    if s.kind in _LEAF_KINDS and s.text and t.text:
        ratio = min(len(s.text), len(t.text)) / max(len(s.text), len(t.text))
        score += 0.2 * ratio
    return score, "position"


def _align_children(alignment: Alignment, facts: _Facts, source: Node, target: Node) -> None:
    sources = [child for child in source.children if not isinstance(child, Section)]
    targets = [child for child in target.children if not isinstance(child, Section)]
    if not sources and not targets:
        return

    def similarity(s: Node, t: Node) -> tuple[float, str]:
        return _block_similarity(facts, s, t)

    for s, t, score, how in _sequence_align(sources, targets, similarity, threshold=0.3):
        alignment._add(Pair(s, t, how, score))
        if s.children or t.children:
            _align_children(alignment, facts, s, t)


# -- leftovers --------------------------------------------------------------------------------


def _unpaired(alignment: Alignment, page: Page, paired: dict[Node, Node]) -> list[Node]:
    """Top-most nodes of a page with no counterpart (their descendants are implied)."""
    found: list[Node] = []
    stack = list(reversed(page.root.children))
    while stack:
        node = stack.pop()
        if node in paired:
            stack.extend(reversed(node.children))
            continue
        found.append(node)
        # A missing section's subsections are aligned on their own.
        stack.extend(reversed([child for child in node.children if isinstance(child, Section)]))
    return found


def _pair_leftovers(alignment: Alignment, facts: _Facts) -> None:
    missing = _unpaired(alignment, alignment.source, alignment._to_target)
    extra = _unpaired(alignment, alignment.target, alignment._to_source)
    moves = _MoveIndex(facts, extra)
    for s in missing:
        match = _best_moved(facts, s, moves.candidates(s))
        if match is not None:
            moves.used.add(match)
            alignment._add(Pair(s, match, "moved", 1.0))
            if s.children or match.children:
                _align_children(alignment, facts, s, match)
            continue
        joined = _joined_into(alignment, facts, s)
        if joined is not None:
            alignment.pairs.append(Pair(s, joined, "joined", 0.5))
            continue
        alignment.pairs.append(Pair(s, None, "missing", 0.0))
    for t in extra:
        if t in moves.used:
            continue
        split = _joined_into(alignment, facts, t, reverse=True)
        if split is not None:
            alignment.pairs.append(Pair(split, t, "split", 0.5))
            continue
        alignment.pairs.append(Pair(None, t, "extra", 0.0))


class _MoveIndex:
    """Unpaired translated nodes by what could make one the moved copy of an English node.

    Only a node sharing a fact, its text, or a section's title or id can be a move, so the
    leftover pass looks at those instead of every extra node (a shuffled page of 3000
    sections would otherwise take 9 million comparisons).
    """

    def __init__(self, facts: _Facts, extra: Sequence[Node]) -> None:
        self.facts = facts
        self.order = {node: index for index, node in enumerate(extra)}
        self.used: set[Node] = set()
        self.by_key: dict[object, list[Node]] = {}
        for node in extra:
            for key in self._keys(node):
                self.by_key.setdefault(key, []).append(node)

    def _keys(self, node: Node) -> Iterator[object]:
        yield from self.facts.facts(node)
        if node.text:
            yield ("text", node.kind, node.text)
        if isinstance(node, Section):
            yield ("title", node.title.strip().casefold())
            if node.explicit_anchor:
                yield ("anchor", node.anchor)

    def candidates(self, node: Node) -> list[Node]:
        """Unused extra nodes that share something with `node`, in document order."""
        found = {t for key in self._keys(node) for t in self.by_key.get(key, ()) if t not in self.used}
        return sorted(found, key=self.order.__getitem__)


def _best_moved(facts: _Facts, s: Node, candidates: Sequence[Node]) -> Node | None:
    best, best_score = None, 0.0
    for t in candidates:
        if t.kind != s.kind:
            continue
        if s.text and s.text == t.text and len(s.text) > 20:
            return t
        overlap = facts.overlap(s, t)
        if isinstance(s, Section) and isinstance(t, Section) and (overlap is None or overlap >= 0.6):
            # A section with few facts still moved when its heading (or explicit id) is the same.
            if (s.explicit_anchor and t.explicit_anchor and s.anchor == t.anchor) or (
                s.title.strip() and s.title.strip().casefold() == t.title.strip().casefold()
            ):
                return t
        if overlap is not None and overlap > best_score and facts.total(s) >= 2:
            best, best_score = t, overlap
    return best if best_score >= 0.6 else None


def _joined_into(alignment: Alignment, facts: _Facts, node: Node, reverse: bool = False) -> Node | None:
    """A neighbour's counterpart that already holds all of this node's facts (Crowdin joined them)."""
    if not facts.total(node) or node.parent is None:
        return None
    siblings = node.parent.children
    index = siblings.index(node)
    lookup = alignment._to_source if reverse else alignment._to_target
    for neighbour in (
        siblings[index - 1] if index else None,
        siblings[index + 1] if index + 1 < len(siblings) else None,
    ):
        other = lookup.get(neighbour) if neighbour is not None else None
        if other is not None and facts.covers(other, node):
            return other
    return None


# -- sequence alignment ------------------------------------------------------------------------


def _sequence_align(
    sources: Sequence[Node],
    targets: Sequence[Node],
    similarity: Callable[[Node, Node], tuple[float, str]],
    threshold: float,
) -> list[tuple[Node, Node, float, str]]:
    """Order-preserving pairing that maximises the summed (similarity - threshold)."""
    n, m = len(sources), len(targets)
    if not n or not m:
        return []
    if n * m > _MAX_CELLS:
        pairs = []
        for s, t in zip(sources, targets, strict=False):
            score, how = similarity(s, t)
            if score > threshold:
                pairs.append((s, t, score, how))
        return pairs
    # Only cells near the diagonal: translation keeps a page's order, and what moved far
    # is paired afterwards as "moved". This keeps a page with n sections O(n), not O(n^2).
    band = abs(n - m) + _BAND
    none = (0.0, "position")
    sims = [
        [similarity(s, targets[j]) if abs(i - j) <= band else none for j in range(m)] for i, s in enumerate(sources)
    ]
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        row, below, sim_row = best[i], best[i + 1], sims[i]
        for j in range(m - 1, -1, -1):
            gain = sim_row[j][0] - threshold
            take = below[j + 1] + gain if gain > 0 else float("-inf")
            row[j] = max(take, below[j], row[j + 1])
    pairs = []
    i = j = 0
    while i < n and j < m:
        score, how = sims[i][j]
        gain = score - threshold
        if gain > 0 and best[i][j] == best[i + 1][j + 1] + gain:
            pairs.append((sources[i], targets[j], score, how))
            i, j = i + 1, j + 1
        elif best[i][j] == best[i + 1][j]:
            i += 1
        else:
            j += 1
    return pairs


# -- groups of blocks, for rules comparing inline content ---------------------------------------


@dataclass(eq=False)
class BlockGroup:
    """English and translated blocks connected by pairs: one block each, or the several Crowdin
    joined or split (a fact may sit in either of them)."""

    english: list[Node] = field(default_factory=list)
    translation: list[Node] = field(default_factory=list)


def own_inline(node: Node) -> Inline | None:
    """A node's own inline content: a section's heading, a block's text."""
    return node.heading if isinstance(node, Section) else node.inline


def block_groups(alignment: Alignment, keep: Callable[[Node, Node], bool]) -> list[BlockGroup]:
    """Groups of paired nodes with inline content whose pair `keep` accepts, in translation order."""
    parent: dict[Node, Node] = {}

    def find(node: Node) -> Node:
        root = node
        while parent.get(root, root) is not root:
            root = parent[root]
        parent[node] = root
        return root

    english: set[Node] = set()
    for pair in alignment.pairs:
        s, t = pair.source, pair.target
        if s is None or t is None or own_inline(s) is None or own_inline(t) is None or not keep(s, t):
            continue
        english.add(s)
        parent[find(s)] = find(t)
    groups: dict[Node, BlockGroup] = {}
    for node in parent:
        group = groups.setdefault(find(node), BlockGroup())
        (group.english if node in english else group.translation).append(node)
    for group in groups.values():
        group.english.sort(key=lambda n: n.span.start)
        group.translation.sort(key=lambda n: n.span.start)
    return sorted(groups.values(), key=lambda g: g.translation[0].span.start)
