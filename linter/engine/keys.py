"""Structural keys: where a finding sits by the page's English structure, not by line.

`#encrypted-messengers/#signal/admonition1/paragraph2` survives the next Crowdin export
moving lines, so suppression files and baselines key on it.
"""

from __future__ import annotations

from linter.align.aligner import Alignment
from linter.parse.tree import Admonition, Node, Section

_ORDINALS = object()  # the alignment cache's key for the pages' sibling numbers


Ordinals = dict[Node, dict[Node, int]]  # parent → its children's 1-based numbers among their own kind


def _step(node: Node, ordinals: Ordinals) -> str:
    if isinstance(node, Section):
        return f"#{node.anchor}"
    kind = node.tag if isinstance(node, Admonition) else node.kind
    parent = node.parent
    if parent is None:
        return kind
    numbers = ordinals.get(parent)
    if numbers is None:  # numbered once per parent: a page's keys cost one pass, not one per sibling
        counts: dict[tuple[type, str], int] = {}
        numbers = ordinals[parent] = {}
        for child in parent.children:
            kind_of = (type(child), child.kind)
            counts[kind_of] = numbers[child] = counts.get(kind_of, 0) + 1
    return f"{kind}{numbers[node]}"


def node_path(node: Node, ordinals: Ordinals | None = None) -> str:
    """`ordinals` caches sibling numbers across calls on one page."""
    ordinals = {} if ordinals is None else ordinals
    steps: list[str] = []
    current: Node | None = node
    while current is not None and current.parent is not None:
        steps.append(_step(current, ordinals))
        current = current.parent
    return "/".join(reversed(steps)) or "page"


def structural_key(node: Node | None, alignment: Alignment) -> str:
    """The English node's path when the node has a counterpart; the translated one's, marked `+`, if not."""
    if node is None:
        return "page"
    ordinals = alignment.cache.setdefault(_ORDINALS, {})
    counterpart = alignment.counterpart(node)
    if _page_of(node) is alignment.source.root:
        return node_path(node, ordinals)
    if counterpart is not None:
        return node_path(counterpart, ordinals)
    # An extra node: anchor it to its nearest paired ancestor so the key still survives line moves.
    ancestor = node.parent
    while ancestor is not None and alignment.counterpart(ancestor) is None and ancestor.parent is not None:
        ancestor = ancestor.parent
    anchor = alignment.counterpart(ancestor) if ancestor is not None else None
    base = node_path(anchor, ordinals) if anchor is not None else ""
    return f"{base}/+{_step(node, ordinals)}".lstrip("/")


def _page_of(node: Node) -> Node:
    while node.parent is not None:
        node = node.parent
    return node
