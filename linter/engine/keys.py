"""Structural keys: where a finding sits by the page's English structure, not by line.

`#encrypted-messengers/#signal/admonition1/paragraph2` survives the next Crowdin export
moving lines, so suppression files and baselines key on it.
"""

from __future__ import annotations

from linter.align.aligner import Alignment
from linter.parse.tree import Admonition, Node, Section


def _step(node: Node) -> str:
    if isinstance(node, Section):
        return f"#{node.anchor}"
    kind = node.tag if isinstance(node, Admonition) else node.kind
    if node.parent is None:
        return kind
    same = [c for c in node.parent.children if type(c) is type(node) and c.kind == node.kind]
    return f"{kind}{same.index(node) + 1}"


def node_path(node: Node) -> str:
    steps: list[str] = []
    current: Node | None = node
    while current is not None and current.parent is not None:
        steps.append(_step(current))
        current = current.parent
    return "/".join(reversed(steps)) or "page"


def structural_key(node: Node | None, alignment: Alignment) -> str:
    """The English node's path when the node has a counterpart; the translated one's, marked `+`, if not."""
    if node is None:
        return "page"
    counterpart = alignment.counterpart(node)
    if _page_of(node) is alignment.source.root:
        return node_path(node)
    if counterpart is not None:
        return node_path(counterpart)
    # An extra node: anchor it to its nearest paired ancestor so the key still survives line moves.
    ancestor = node.parent
    while ancestor is not None and alignment.counterpart(ancestor) is None and ancestor.parent is not None:
        ancestor = ancestor.parent
    anchor = alignment.counterpart(ancestor) if ancestor is not None else None
    base = node_path(anchor) if anchor is not None else ""
    return f"{base}/+{node_path(node).rsplit('/', 1)[-1]}".lstrip("/")


def _page_of(node: Node) -> Node:
    while node.parent is not None:
        node = node.parent
    return node
