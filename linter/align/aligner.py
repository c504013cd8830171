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

from collections.abc import Callable, Hashable, Iterator, Sequence
from typing import Any

from linter.align.profile import Profiles
from linter.align.sequence import sequence_align
from linter.parse.positions import Pos, Span
from linter.parse.tree import Admonition, Block, Inline, Node, Page, Section
from linter.patterns import lazy
from linter.records import Value


class Pair(Value):
    """One source node and its counterpart; None on one side means missing or extra.

    `how` records what paired them: "root", "anchor", "title", "content", "position",
    "identical", "moved", "joined", "split", "missing", "extra".
    """

    source: Node | None
    target: Node | None
    how: str
    score: float

    __slots__ = ("source", "target", "how", "score")

    def __init__(self, source: Node | None, target: Node | None, how: str, score: float = 0.0) -> None:
        self.source = source
        self.target = target
        self.how = how
        self.score = score

    @property
    def kind(self) -> str:
        node = self.target if self.target is not None else self.source
        assert node is not None
        return node.kind


class Alignment(Value):
    """The English page and its translation, paired node by node (`pairs`), with what rules share about them."""

    source: Page
    target: Page
    pairs: list[Pair]
    cache: dict[object, Any]  # analyses rules share
    _to_target: dict[Node, Node]
    _to_source: dict[Node, Node]
    _of_kinds: dict[tuple[str, ...], list[Pair]]
    # per container: each child's position, and the counterpart of the nearest paired child before it
    _preceding: dict[Node, tuple[dict[Node, int], list[Node | None]]]

    __slots__ = ("source", "target", "pairs", "cache", "_to_target", "_to_source", "_of_kinds", "_preceding")

    def __init__(
        self,
        source: Page,
        target: Page,
        pairs: list[Pair] | None = None,
        cache: dict[object, Any] | None = None,
        _to_target: dict[Node, Node] | None = None,
        _to_source: dict[Node, Node] | None = None,
        _of_kinds: dict[tuple[str, ...], list[Pair]] | None = None,
        _preceding: dict[Node, tuple[dict[Node, int], list[Node | None]]] | None = None,
    ) -> None:
        self.source = source
        self.target = target
        self.pairs = [] if pairs is None else pairs
        self.cache = {} if cache is None else cache
        self._to_target = {} if _to_target is None else _to_target
        self._to_source = {} if _to_source is None else _to_source
        self._of_kinds = {} if _of_kinds is None else _of_kinds
        self._preceding = {} if _preceding is None else _preceding

    def counterpart(self, node: Node) -> Node | None:
        """The paired node on the other side, or None."""
        return self._to_target.get(node) or self._to_source.get(node)

    def pairs_of(self, *kinds: str) -> Iterator[Pair]:
        """The pairs of these kinds (all without), in order; listed once per kinds: every rule asks."""
        found = self._of_kinds.get(kinds)
        if found is None:
            found = self._of_kinds[kinds] = [pair for pair in self.pairs if not kinds or pair.kind in kinds]
        return iter(found)

    def _order(self) -> None:
        """The pairs in reading order (the translation's, then what only English has), once all are added."""
        self.pairs.sort(key=_pair_order)
        self._of_kinds.clear()

    def anchor_in_target(self, source_node: Node) -> Span:
        """Where a missing source node would be in the translation: after its paired predecessor."""
        node: Node | None = source_node
        while node is not None and node.parent is not None:
            positions, preceding = self._preceding_in(node.parent)
            found = preceding[positions[node]]
            if found is not None:
                return Span(found.span.end, found.span.end)
            parent_target = self._to_target.get(node.parent)
            if parent_target is not None:
                return Span(parent_target.span.start, parent_target.span.start)
            node = node.parent
        return Span(Pos(1, 1), Pos(1, 1))

    def _preceding_in(self, parent: Node) -> tuple[dict[Node, int], list[Node | None]]:
        """Each child's position, and the counterpart of the nearest paired child before it: worked out
        once a container (each missing node searched its siblings: 31,000 tabs lost, 16 s)."""
        known = self._preceding.get(parent)
        if known is None:
            positions: dict[Node, int] = {}
            preceding: list[Node | None] = []
            last = None
            for at, child in enumerate(parent.children):
                positions.setdefault(child, at)
                preceding.append(last)
                found = self._to_target.get(child)
                last = last if found is None else found
            known = self._preceding[parent] = (positions, preceding)
        return known

    def _add(self, pair: Pair) -> None:
        self.pairs.append(pair)
        self._of_kinds.clear()
        self._preceding.clear()
        if pair.source is not None and pair.target is not None:
            self._to_target.setdefault(pair.source, pair.target)
            self._to_source.setdefault(pair.target, pair.source)


def align(source: Page, target: Page, source_facts: dict[Node, Any] | None = None) -> Alignment:
    """Pair `target`'s nodes with `source`'s.

    `source_facts` is a cache the caller keeps per English page, so the profiles of its nodes
    are computed once however many translations are aligned with it.
    """
    alignment = Alignment(source, target)
    profiles = Profiles(source_facts)
    sections = source.sections(), target.sections()
    likeness = _Likeness(profiles, _length_ratio(profiles, (source, target), sections))
    alignment._add(Pair(source.root, target.root, "root", 1.0))
    _align_sections(alignment, likeness, *sections)
    containers = [(source.root, target.root)] + [
        (p.source, p.target) for p in list(alignment.pairs) if p.kind == "section" and p.source and p.target
    ]
    for src, tgt in containers:
        _align_children(alignment, likeness, src, tgt)
    _pair_leftovers(alignment, likeness)
    alignment._order()
    if source_facts is not None:
        profiles.keep_source(source.root)
    return alignment


def profile_source(source: Page, source_facts: dict[Node, Any]) -> None:
    """Work out the English page's profiles ahead (while its translation is parsed elsewhere), into the
    cache `align` reads them from."""
    profiles = Profiles(source_facts)
    for node in [source.root, *source.sections()]:  # a node's profile takes in its blocks, not its subsections
        profiles.of(node)
    profiles.keep_source(source.root)


def _pair_order(pair: Pair) -> tuple[int, int, int, int, int]:
    """Where the pair is read: in the translation, else in English (numbers: comparing Pos objects is slower)."""
    if pair.target is not None:
        start = pair.target.span.start
        other = pair.source.span.start if pair.source else Pos(0, 0)
        return (0, start.line, start.column, other.line, other.column)
    assert pair.source is not None
    start = pair.source.span.start
    return (1, start.line, start.column, 0, 0)


def _length_ratio(profiles: Profiles, pages: tuple[Page, Page], sections: tuple[list[Section], ...]) -> float:
    """How much longer the translation's text is than the English (CJK is shorter, German longer)."""
    lengths = [
        profiles.of(page.root).length + sum(profiles.of(node).length for node in found)
        for page, found in zip(pages, sections, strict=True)
    ]
    return lengths[1] / lengths[0] if lengths[0] and lengths[1] else 1.0


class _Likeness(Value):
    """How alike two nodes are (0..1) and what says so; and what identifies a node on its side."""

    profiles: Profiles
    ratio: float  # the translation's text length over the English one's

    __slots__ = ("profiles", "ratio")

    def __init__(self, profiles: Profiles, ratio: float) -> None:
        self.profiles = profiles
        self.ratio = ratio

    def evidence(self, s: Node, t: Node, against: float) -> tuple[float | None, float]:
        """The share of facts the nodes have in common (their `overlap`), and what speaks for the pair beyond
        kind, level and heading: shared facts for, facts not shared against (weighed by `against`), alike shapes
        a little."""
        overlap, shape, total_s, total_t = self.profiles.likeness(s, t, self.ratio)
        shape *= _SHAPE
        if overlap is None:
            return overlap, shape
        return overlap, _weigh(overlap, 1 if total_s and total_t else max(total_s, total_t), against) + shape / 2

    def sections(self, s: Node, t: Node) -> tuple[float, str]:
        assert isinstance(s, Section) and isinstance(t, Section)
        if _same_id(s, t):
            return 1.0, "anchor"
        score = 0.3 if s.level == t.level else 0.0
        how = "position"
        if s.title.strip().casefold() == t.title.strip().casefold():
            score += 0.3
            how = "title"
        overlap, evidence = self.evidence(s, t, _SECTION_AGAINST)
        if how == "position" and overlap is not None and overlap >= 0.5:
            how = "content"
        # A section's own facts may all be lost with one table; a heading's level and place still hold.
        score += evidence
        if _has_subsections(s) or _has_subsections(t):
            # Sections alike in their own text are told apart by what their subsections hold.
            below, lost = self.profiles.subtree_overlap(s, t)
            if below is not None:
                score += _weigh(below, lost, _SECTION_AGAINST) * _SUBTREE / _FACTS
        return max(0.0, min(score, 1.0)), how

    def blocks(self, s: Node, t: Node) -> tuple[float, str]:
        if s.kind != t.kind:
            return 0.0, "position"
        if isinstance(s, Block) and isinstance(t, Block) and s.raw and s.raw.strip() == t.raw.strip():
            return 1.0, "identical"
        if s.text and s.text == t.text:
            return 1.0, "identical"
        score = 0.4
        if isinstance(s, Admonition) and isinstance(t, Admonition) and s.tag == t.tag:
            score += 0.2
        overlap, evidence = self.evidence(s, t, _BLOCK_AGAINST)
        how = "content" if overlap is not None and overlap >= 0.5 else "position"
        return max(0.0, min(score + evidence, 0.99)), how

    def section_keys(self, node: Node) -> list[tuple[Hashable, float]]:
        assert isinstance(node, Section)
        keys: list[tuple[Hashable, float]] = []  # a list, not a generator: keys are read for every node
        # A heading's slug (which an explicit id in the other language may repeat) without the
        # number MkDocs adds to a repeated one: two "Element" headings identify neither.
        anchor = node.anchor if node.explicit_anchor else _NUMBERED_ID.sub("", node.anchor)
        if anchor:
            keys.append((("anchor", anchor), 4.0))
        if title := node.title.strip():
            keys.append((("title", title.casefold()), 2.0))
        return keys + self._fact_keys(node)

    def block_keys(self, node: Node) -> list[tuple[Hashable, float]]:
        keys: list[tuple[Hashable, float]] = []
        if isinstance(node, Block) and len(raw := node.raw.strip()) >= _KEY_TEXT:
            keys.append((("raw", node.kind, raw), 2.0))
        if len(text := node.text) >= _KEY_TEXT:
            keys.append((("text", node.kind, text), 2.0))
        return keys + self._fact_keys(node)

    def _fact_keys(self, node: Node) -> list[tuple[Hashable, float]]:
        return [(fact, 1.0) for fact in self.profiles.facts(node)]


# Weights of the evidence beyond kind, level and heading: shared facts (a section's, then with its
# subsections), facts not shared at all (most for a block, whose facts are few and all its own),
# alike shapes (block kinds and text length).
_FACTS = 0.4
_SUBTREE = 0.2
_BLOCK_AGAINST = 0.2
_SECTION_AGAINST = 0.1
_SHAPE = 0.15
_LOST_CAP = 4  # unshared facts beyond this many say nothing more


def _weigh(overlap: float, lost: int, against: float) -> float:
    """Shared facts count for a pair (up to _FACTS); none shared counts against it, by how many
    facts the other side lost (`lost`, 1 when both sides have different ones)."""
    if overlap:
        return _FACTS * overlap
    return -against * min(lost, _LOST_CAP) / _LOST_CAP


_KEY_TEXT = 20  # shorter text or code is too common to identify a block


# -- sections ------------------------------------------------------------------------------


# The id MkDocs numbers by position: a heading without Latin letters (`_3`) or a repeated one
# (`criteria_1`). It names a place, not a heading.
_NUMBERED_ID = lazy(r"(^|_)\d+$")


def _same_id(s: Section, t: Section) -> bool:
    """Set with `{ #id }` on either side (a translation may add the id English gets from its text)."""
    return (s.explicit_anchor or t.explicit_anchor) and s.anchor == t.anchor


def _has_subsections(section: Section) -> bool:
    return any(isinstance(child, Section) for child in section.children)


def _align_sections(alignment: Alignment, likeness: _Likeness, sources: list[Section], targets: list[Section]) -> None:
    found = sequence_align(sources, targets, likeness.sections, 0.25, likeness.section_keys, confident=0.5)
    for s, t, score, how in found:
        alignment._add(Pair(s, t, how, score))


# -- blocks ----------------------------------------------------------------------------------


def _align_children(alignment: Alignment, likeness: _Likeness, source: Node, target: Node) -> None:
    sources = [child for child in source.children if not isinstance(child, Section)]
    targets = [child for child in target.children if not isinstance(child, Section)]
    if not sources or not targets:
        return
    for s, t, score, how in sequence_align(sources, targets, likeness.blocks, 0.3, likeness.block_keys, confident=0.6):
        alignment._add(Pair(s, t, how, score))
        if s.children or t.children:
            _align_children(alignment, likeness, s, t)


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


def _pair_leftovers(alignment: Alignment, likeness: _Likeness) -> None:
    profiles = likeness.profiles
    missing = _unpaired(alignment, alignment.source, alignment._to_target)
    extra = _unpaired(alignment, alignment.target, alignment._to_source)
    moves = _MoveIndex(profiles, extra)
    for s in missing:
        match = _best_moved(profiles, s, moves.candidates(s))
        if match is not None:
            moves.used.add(match)
            alignment._add(Pair(s, match, "moved", 1.0))
            if s.children or match.children:
                _align_children(alignment, likeness, s, match)
            continue
        joined = _joined_into(alignment, profiles, s)
        if joined is not None:
            alignment.pairs.append(Pair(s, joined, "joined", 0.5))
            continue
        alignment.pairs.append(Pair(s, None, "missing", 0.0))
    for t in extra:
        if t in moves.used:
            continue
        split = _joined_into(alignment, profiles, t, reverse=True)
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

    def __init__(self, profiles: Profiles, extra: Sequence[Node]) -> None:
        self.profiles = profiles
        self.order = {node: index for index, node in enumerate(extra)}
        self.used: set[Node] = set()
        self.by_key: dict[object, list[Node]] = {}
        for node in extra:
            for key in self._keys(node):
                self.by_key.setdefault(key, []).append(node)

    def _keys(self, node: Node) -> Iterator[object]:
        yield from self.profiles.facts(node)
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


def _best_moved(profiles: Profiles, s: Node, candidates: Sequence[Node]) -> Node | None:
    best, best_score = None, 0.0
    for t in candidates:
        if t.kind != s.kind:
            continue
        if s.text and s.text == t.text and len(s.text) > 20:
            return t
        overlap = profiles.overlap(s, t)
        if isinstance(s, Section) and isinstance(t, Section) and (overlap is None or overlap >= 0.6):
            # A section with few facts still moved when its heading (or explicit id) is the same.
            if _same_id(s, t) or (s.title.strip() and s.title.strip().casefold() == t.title.strip().casefold()):
                return t
        if overlap is not None and overlap > best_score and profiles.total(s) >= 2:
            best, best_score = t, overlap
    return best if best_score >= 0.6 else None


def _joined_into(alignment: Alignment, profiles: Profiles, node: Node, reverse: bool = False) -> Node | None:
    """A neighbour's counterpart that already holds all of this node's facts (Crowdin joined them)."""
    if not profiles.total(node) or node.parent is None:
        return None
    siblings = node.parent.children
    index = siblings.index(node)
    lookup = alignment._to_source if reverse else alignment._to_target
    for neighbour in (
        siblings[index - 1] if index else None,
        siblings[index + 1] if index + 1 < len(siblings) else None,
    ):
        other = lookup.get(neighbour) if neighbour is not None else None
        if other is not None and profiles.covers(other, node):
            return other
    return None


# -- groups of blocks, for rules comparing inline content ---------------------------------------


class BlockGroup:
    """English and translated blocks connected by pairs: one block each, or the several Crowdin
    joined or split (a fact may sit in either of them)."""

    english: list[Node]
    translation: list[Node]

    __slots__ = ("english", "translation")

    def __init__(self, english: list[Node] | None = None, translation: list[Node] | None = None) -> None:
        self.english = [] if english is None else english
        self.translation = [] if translation is None else translation


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
