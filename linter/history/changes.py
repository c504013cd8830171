"""What English changed between two revisions of a page: sections added, removed, renamed or edited.

Each change carries the lines of both revisions and a unified diff of the text, for `status` and
`origin` to show a translator what to bring over.
"""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Sequence

from linter.parse.tree import Node, Page, Section
from linter.records import Value


class Change(Value):
    """A section of the English page added, removed, moved or edited between two revisions."""

    kind: str  # "added", "removed", "moved", "edited"
    heading: str  # "## Signal"; "(top of page)" for the text before the first heading
    old_lines: tuple[int, int] | None  # in the origin revision
    new_lines: tuple[int, int] | None  # in the current revision
    diff: str

    __slots__ = ("kind", "heading", "old_lines", "new_lines", "diff")

    def __init__(
        self, kind: str, heading: str, old_lines: tuple[int, int] | None, new_lines: tuple[int, int] | None, diff: str
    ) -> None:
        self.kind = kind
        self.heading = heading
        self.old_lines = old_lines
        self.new_lines = new_lines
        self.diff = diff


def section_changes(old: Page, new: Page, old_name: str, new_name: str) -> list[Change]:
    """Sections English added, removed, moved or edited between two revisions, in the new page's order.

    English against English, so sections pair by heading id: in order where the outline
    kept its order, then out of order (moved); a heading renamed in place pairs by content.
    """
    olds, news = old.sections(), new.sections()
    old_keys, new_keys = _keys(olds), _keys(news)
    pairs: list[tuple[Section | None, Section | None, str]] = []
    left_old: list[Section] = []
    left_new: list[Section] = []
    matcher = difflib.SequenceMatcher(None, old_keys, new_keys, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            pairs += [(s, t, "edited") for s, t in zip(olds[i1:i2], news[j1:j2], strict=True)]
        else:
            left_old += olds[i1:i2]
            left_new += news[j1:j2]
    key_of = dict(zip(map(id, news), new_keys, strict=True))
    by_key = {key_of[id(t)]: t for t in left_new}
    for s in list(left_old):
        t = by_key.pop(old_keys[olds.index(s)], None) or _renamed(old, new, s, left_new)
        if t is not None:
            pairs.append((s, t, "moved" if t.anchor == s.anchor else "edited"))
            left_old.remove(s)
            left_new.remove(t)
    pairs += [(s, None, "removed") for s in left_old] + [(None, t, "added") for t in left_new]
    changes = [(0, 0, _change(old, new, old.root, new.root, "edited", old_name, new_name))]
    where = {id(s): t.span.start.line for s, t, _ in pairs if s is not None and t is not None}
    for s, t, kind in pairs:
        if t is not None:
            order = (t.span.start.line, 0)
        else:  # a removed section is listed after the new place of the section before it
            assert s is not None
            before = [where[id(o)] for o in olds[: olds.index(s)] if id(o) in where]
            order = (before[-1] if before else 0, 1)
        changes.append((*order, _change(old, new, s, t, kind, old_name, new_name)))
    return [change for *_, change in sorted(changes, key=lambda item: item[:2]) if change is not None]


def _keys(sections: Sequence[Section]) -> list[str]:
    """Heading ids, numbered on repeats as MkDocs does."""
    seen: Counter[str] = Counter()
    keys = []
    for section in sections:
        keys.append(f"{section.anchor}_{seen[section.anchor]}" if seen[section.anchor] else section.anchor)
        seen[section.anchor] += 1
    return keys


def _renamed(old: Page, new: Page, s: Section, candidates: Sequence[Section]) -> Section | None:
    """A section of the same level whose text is mostly this one's: its heading was reworded."""
    before = _text_lines(old, _own_lines(old, s))[1:]
    best, best_ratio = None, 0.6
    for t in candidates:
        if t.level != s.level:
            continue
        ratio = difflib.SequenceMatcher(None, before, _text_lines(new, _own_lines(new, t))[1:]).ratio()
        if ratio > best_ratio:
            best, best_ratio = t, ratio
    return best


def _change(
    old: Page, new: Page, s: Node | None, t: Node | None, kind: str, old_name: str, new_name: str
) -> Change | None:
    old_lines = _own_lines(old, s) if s is not None else None
    new_lines = _own_lines(new, t) if t is not None else None
    before, after = _text_lines(old, old_lines), _text_lines(new, new_lines)
    if kind == "edited" and before == after:
        return None
    shown = t if t is not None else s
    heading = f"{'#' * shown.level} {shown.title}" if isinstance(shown, Section) else "(top of page)"
    diff = ""
    if before != after:
        diff = unified_diff(
            before, after, old_lines[0] if old_lines else 0, new_lines[0] if new_lines else 0, old_name, new_name
        )
    return Change(kind, heading, old_lines, new_lines, diff)


def _own_lines(page: Page, node: Node) -> tuple[int, int] | None:
    """A section's lines without its subsections; for the page root, the text before the first heading."""
    if isinstance(node, Section):
        first = node.span.start.line
    else:
        first = page.front_matter.span.end.line + 1 if page.front_matter is not None else 1
    last = node.span.end.line
    for child in node.children:
        if isinstance(child, Section):
            last = child.span.start.line - 1
            break
    lines = page.source.lines
    while last >= first and not lines[last - 1].strip():
        last -= 1
    while first <= last and not lines[first - 1].strip():
        first += 1
    return (first, last) if first <= last else None


def _text_lines(page: Page, lines: tuple[int, int] | None) -> list[str]:
    return page.source.lines[lines[0] - 1 : lines[1]] if lines else []


def unified_diff(before: list[str], after: list[str], before_first: int, after_first: int, old: str, new: str) -> str:
    """A unified diff whose hunk headers give true line numbers in the two files."""
    out = [f"--- {old}", f"+++ {new}"]
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    for group in matcher.get_grouped_opcodes(3):
        i1, i2, j1, j2 = group[0][1], group[-1][2], group[0][3], group[-1][4]
        out.append(f"@@ -{_hunk(before_first + i1, i2 - i1)} +{_hunk(after_first + j1, j2 - j1)} @@")
        for tag, a1, a2, b1, b2 in group:
            if tag == "equal":
                out += [f" {line}" for line in before[a1:a2]]
                continue
            out += [f"-{line}" for line in before[a1:a2]]
            out += [f"+{line}" for line in after[b1:b2]]
    return "\n".join(out) + "\n"


def _hunk(start: int, length: int) -> str:
    if length == 1:
        return str(start)
    return f"{start - 1 if length == 0 else start},{length}"
