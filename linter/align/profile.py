"""What identifies a node across languages: its invariant facts, its shape and its amount of text.

Translation changes words, not URLs, image paths, code, icons, footnote labels or the numbers in
a sentence, and rarely a block's kind or how much there is to say. A node's profile holds those,
for its own content (a section's subsections have their own profiles).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from linter.parse.tree import Admonition, Block, Inline, Node, Section
from linter.patterns import lazy
from linter.records import Value

_NUMBER = lazy(r"\d+")
_NUMBER_FACT = "n:"
_LENGTH_SLACK = 1.5


class Profile(Value):
    """What a node's text holds, for pairing it with its counterpart: its invariant facts and a little of its shape."""

    facts: dict[str, int]  # invariant fact -> how often
    total: int  # number of facts, counted with repetition
    numbers: int  # how many of them are numbers of the text, which say less than the others
    length: int  # characters of text a reader sees
    kinds: dict[str, int]  # kinds of the node's own blocks (admonitions by type) -> how often

    __slots__ = ("facts", "total", "numbers", "length", "kinds")

    def __init__(self, facts: dict[str, int], total: int, numbers: int, length: int, kinds: dict[str, int]) -> None:
        self.facts = facts
        self.total = total
        self.numbers = numbers
        self.length = length
        self.kinds = kinds


class Profiles:
    """Profiles per node, computed once (and, for an English page, once for all its languages)."""

    def __init__(self, shared: dict[Node, Any] | None = None) -> None:
        self._own: dict[Node, Profile] = dict(shared) if shared else {}
        self._shared = shared if shared is not None else {}
        self._subtrees: dict[Section, tuple[dict[str, int], int]] = {}

    def of(self, node: Node) -> Profile:
        found = self._own.get(node)
        if found is None:
            found = self._own[node] = self._profile(node)
        return found

    def _profile(self, node: Node) -> Profile:
        """Built from the children's profiles, so nested blocks are looked at once."""
        facts, numbers, length = _own_facts(node)
        total = sum(facts.values())
        get = facts.get
        kinds: dict[str, int] = {}
        for child in node.children:
            if isinstance(child, Section):
                kinds["section"] = kinds.get("section", 0) + 1  # a section's shape: its subsections too
                continue
            kind = f"{child.kind}:{child.tag}" if isinstance(child, Admonition) else child.kind
            kinds[kind] = kinds.get(kind, 0) + 1
            below = self.of(child)
            length += below.length
            total += below.total
            numbers += below.numbers
            if not facts:  # the first child with facts (often the only one): copied at once
                facts = dict(below.facts)
                get = facts.get
                continue
            for fact, count in below.facts.items():
                facts[fact] = get(fact, 0) + count
        return Profile(facts, total, numbers, length, kinds)

    def facts(self, node: Node) -> Iterator[str]:
        """The node's facts but numbers: what can tell one block from all others."""
        return (fact for fact in self.of(node).facts if not fact.startswith(_NUMBER_FACT))

    def total(self, node: Node) -> int:
        """How many facts but numbers the node has (numbers are often written out in translation)."""
        found = self.of(node)
        return found.total - found.numbers

    def covers(self, outer: Node, inner: Node) -> bool:
        """Whether `outer` holds every fact but numbers of `inner` (as often)."""
        have = self.of(outer).facts
        return all(
            have.get(fact, 0) >= count
            for fact, count in self.of(inner).facts.items()
            if not fact.startswith(_NUMBER_FACT)
        )

    def overlap(self, a: Node, b: Node) -> float | None:
        """Share of facts in common (0..1), or None when neither side has any."""
        pa, pb = self.of(a), self.of(b)
        return _jaccard(pa.facts, pa.total, pb.facts, pb.total)

    def subtree_overlap(self, a: Section, b: Section) -> tuple[float | None, int]:
        """Like `overlap`, for the sections with their subsections; and how many facts one lost
        when only one has any (1 when both have some)."""
        (fa, ta), (fb, tb) = self._subtree(a), self._subtree(b)
        return _jaccard(fa, ta, fb, tb), 1 if ta and tb else max(ta, tb)

    def _subtree(self, section: Section) -> tuple[dict[str, int], int]:
        found = self._subtrees.get(section)
        if found is None:
            own = self.of(section)
            facts, total = own.facts, own.total
            for child in section.children:
                if isinstance(child, Section):
                    if facts is own.facts:
                        facts = dict(facts)
                    sub, count = self._subtree(child)
                    for fact, number in sub.items():
                        facts[fact] = facts.get(fact, 0) + number
                    total += count
            found = self._subtrees[section] = (facts, total)
        return found

    def likeness(self, a: Node, b: Node, ratio: float) -> tuple[float | None, float, int, int]:
        """What the likeness of two nodes reads of their profiles, each looked up once: their `overlap`, how
        alike they are in form (0..1: a container's block kinds, a leaf's length of text, a section's both;
        `ratio` is the pages' length ratio), and how many facts but numbers each has (`total`)."""
        pa, pb = self.of(a), self.of(b)
        return (
            _jaccard(pa.facts, pa.total, pb.facts, pb.total),
            _shape(a, b, pa, pb, ratio),
            pa.total - pa.numbers,
            pb.total - pb.numbers,
        )

    def keep_source(self, root: Node) -> None:
        """Move the profiles of `root`'s page to the shared cache (reused by other translations)."""
        shared = self._shared
        for node, found in self._own.items():
            if node in shared:
                continue
            top = node
            while top.parent is not None:
                top = top.parent
            if top is root:
                shared[node] = found


def _jaccard(fa: dict[str, int], ta: int, fb: dict[str, int], tb: int) -> float | None:
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


def _shape(a: Node, b: Node, pa: Profile, pb: Profile, ratio: float) -> float:
    kinds = _jaccard(pa.kinds, len(a.children), pb.kinds, len(b.children))  # a kind a child
    if kinds is not None and not isinstance(a, Section):
        return kinds  # a container's text is its blocks': their number and kinds say more
    expected, length = pa.length * ratio, pb.length
    low, high = sorted((expected, length))
    # Translations differ in length by more than languages do on average: within half again
    # as long, lengths say nothing.
    size = 1.0 if high <= low * _LENGTH_SLACK else low * _LENGTH_SLACK / high
    return size if kinds is None else (kinds + size) / 2


def _own_facts(node: Node) -> tuple[dict[str, int], int, int]:
    """Facts of the node itself, without its children (fact -> how often, in the order found), how many
    of them are numbers, and its length of text."""
    facts: dict[str, int] = {}
    numbers = length = 0
    inline = node.inline
    if inline is not None:
        length = len(inline.text)
        numbers = _count(facts, inline, inline.text)
    if isinstance(node, Block) and node.kind == "code":
        fact = f"c:{node.raw.strip()}"
        facts[fact] = facts.get(fact, 0) + 1
    if isinstance(node, Section):
        length += len(node.title)
        numbers += _count(facts, node.heading, node.title)
    return facts, numbers, length


def _count(facts: dict[str, int], inline: Inline, text: str) -> int:
    """Count the invariants of `inline` and the numbers of `text` into `facts`; how many numbers."""
    get = facts.get
    for fact in inline.invariants():
        facts[fact] = get(fact, 0) + 1
    found = _NUMBER.findall(text)
    for number in found:
        fact = _NUMBER_FACT + number
        facts[fact] = get(fact, 0) + 1
    return len(found)
