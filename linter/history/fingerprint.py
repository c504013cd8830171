"""Fingerprints of a page's revisions, and how each English revision scores against a translation.

Translation keeps a page's skeleton and its invariant facts: front-matter keys, heading
levels and explicit ids, block kinds and admonition types in order, URLs, image paths,
code, icons, footnotes. A page's *tokens* are these in document order, plus a digest of
every text a translator left in English (it names the English revision exactly). Each
revision of the English page is scored against the translation:

    score = (heading similarity + token similarity) / 2

where a similarity is the Dice coefficient of the matched elements of two sequences
(difflib's matching blocks), and heading similarity compares the sequences of heading
levels (a page's outline is what Crowdin's segment-by-segment export never changes; list
items are far more numerous and would drown it).
"""

from __future__ import annotations

import difflib
import hashlib
from collections import Counter
from collections.abc import Sequence
from typing import Any

from linter import __version__
from linter.engine.site import scan_headings
from linter.errors import InputError
from linter.history.history import Revision, blob_id
from linter.parse.dialect import DEFAULT, Dialect
from linter.parse.markdown import parse_page
from linter.parse.source import SourceText
from linter.parse.tree import Admonition, Block, Node, Page, Section
from linter.records import Value

FORMAT = 2  # bump when tokens, blocks or headings change: it names the cache namespace
CACHE_NAMESPACE = f"origin-{__version__}-{FORMAT}"
_BOOKKEEPING = frozenset({"l10n"})  # front-matter keys only translations have
TIE = 1e-9
CLOSE = 0.02  # a runner-up within this of the winner makes the answer "close"


BlockPrint = tuple[str, str, str, int, int]  # section anchor, kind, facts digest, first line, last line
Headings = tuple[tuple[int, int, str], ...]  # (line, level, title) as linter.engine.site scans them


def short_digest(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=6).hexdigest()


# -- fingerprints ---------------------------------------------------------------------------


class Fingerprint(Value):
    """What an English revision is made of, for finding the one a translation was made from."""

    tokens: tuple[str, ...]
    blocks: tuple[BlockPrint, ...]
    broken: bool  # the revision cannot be parsed as a page
    headings: Headings

    __slots__ = ("tokens", "blocks", "broken", "headings")

    def __init__(
        self,
        tokens: tuple[str, ...],
        blocks: tuple[BlockPrint, ...] = (),
        broken: bool = False,
        headings: Headings = (),
    ) -> None:
        self.tokens = tokens
        self.blocks = blocks
        self.broken = broken
        self.headings = headings

    def as_json(self) -> dict[str, Any]:
        blocks = [list(b) for b in self.blocks]
        headings = [list(h) for h in self.headings]
        return {"tokens": list(self.tokens), "blocks": blocks, "broken": self.broken, "headings": headings}

    @classmethod
    def from_json(cls, data: Any) -> Fingerprint | None:
        try:
            blocks = tuple((str(a), str(k), str(d), int(f), int(t)) for a, k, d, f, t in data["blocks"])
            return cls(tuple(map(str, data["tokens"])), blocks, bool(data["broken"]), headings_of(data["headings"]))
        except (TypeError, KeyError, ValueError):
            return None  # a damaged cache entry is recomputed


def headings_of(rows: Any) -> Headings:
    """Headings from their JSON rows; TypeError or ValueError when they are not such rows."""
    return tuple((int(line), int(level), str(title)) for line, level, title in rows)


def page_tokens(page: Page) -> list[str]:
    """What translation keeps of a page, in document order; "T:" tokens are digests of texts."""
    tokens = []
    if page.front_matter is not None:
        tokens += [f"m:{key}" for key in sorted(map(str, page.front_matter.data)) if key not in _BOOKKEEPING]
    for node in page.root.walk():
        if node is page.root:
            continue
        if isinstance(node, Section):
            tokens.append(f"#{node.level}" + (f"{{{node.anchor}}}" if node.explicit_anchor else ""))
            tokens += node.heading.invariants()
            tokens.append(f"T:{short_digest(node.title)}")
            continue
        tokens.append(f">{node.tag}" if isinstance(node, Admonition) else node.kind)
        tokens += block_facts(node)
        if node.inline is not None and node.inline.text:
            tokens.append(f"T:{short_digest(node.inline.text)}")
    return tokens


def block_facts(node: Node) -> list[str]:
    """A block's own invariant facts (a code block's whole text among them)."""
    facts = node.inline.invariants() if node.inline is not None else []
    if node.kind == "code" and isinstance(node, Block):
        facts.append(f"c:{short_digest(node.raw.strip())}")
    return facts


def _is_heading(token: str) -> bool:
    return token.startswith("#")


def _block_prints(page: Page) -> list[BlockPrint]:
    prints = []
    for node in page.root.walk():
        facts = block_facts(node) if not isinstance(node, Section) else []
        if facts:
            prints.append((section_anchor(node), node.kind, short_digest("\n".join(sorted(facts))), *node_lines(node)))
    return prints


def section_anchor(node: Node) -> str:
    parent = node.parent
    while parent is not None and not isinstance(parent, Section):
        parent = parent.parent
    return parent.anchor if isinstance(parent, Section) else ""


def node_lines(node: Node) -> tuple[int, int]:
    return node.span.start.line, node.span.end.line


def fingerprint(text: SourceText, dialect: Dialect = DEFAULT) -> Fingerprint:
    try:
        page = parse_page(text, "en", dialect)
    except (InputError, RecursionError):
        return Fingerprint((), (), broken=True, headings=tuple(scan_headings(text.lines)))
    found = page_fingerprint(page)
    for node in page.root.walk():  # no cycles left: freed now, not by the collector a site run pauses
        node.parent = None
    return found


def page_fingerprint(page: Page) -> Fingerprint:
    """`fingerprint` of a page parsed already."""
    return Fingerprint(
        tuple(page_tokens(page)), tuple(_block_prints(page)), headings=tuple(scan_headings(page.source.lines))
    )


def blob_as_parsed(page: Page, dialect: Dialect) -> str | None:
    """The git blob id of the text `page` was parsed from, when `page_fingerprint(page)` is that blob's
    `fingerprint` in `dialect`: its bytes are its text (no BOM or CRLF undone when read) and it was
    parsed with the same syntax."""
    source = page.source
    if source.had_bom or source.had_crlf or page.dialect.syntax != dialect.syntax:
        return None
    return blob_id(source.text.encode("utf-8"))


def syntax_suffix(dialect: Dialect) -> str:
    """What a fingerprint's cache key adds to the blob id: nothing for the default syntax, else a digest
    of the dialect's (a revision parses differently where a site renders fewer extensions)."""
    if dialect.syntax == DEFAULT.syntax:
        return ""
    return "-" + short_digest(repr([sorted(names) for names in dialect.syntax]))


# -- matching -------------------------------------------------------------------------------


class Score(Value):
    """How close a translation is to one English revision: overall, by headings and by tokens."""

    revision: Revision
    score: float
    headings: float | None  # None when neither page has headings
    tokens: float

    __slots__ = ("revision", "score", "headings", "tokens")

    def __init__(self, revision: Revision, score: float, headings: float | None, tokens: float) -> None:
        self.revision = revision
        self.score = score
        self.headings = headings
        self.tokens = tokens


def _dice_bound(a: Counter[str], b: Counter[str], size: int) -> float:
    """Upper bound of the sequence similarity: the multiset overlap."""
    if len(a) > len(b):
        a, b = b, a
    common = sum(min(count, b[token]) for token, count in a.items() if token in b)
    return 2 * common / size if size else 1.0


class _Matcher:
    """Scores token sequences against one translation; the translation side is indexed once."""

    def __init__(self, target: Sequence[str]) -> None:
        self.target = list(target)
        self.heads = [t for t in target if _is_heading(t)]
        self.counts = Counter(target)
        self._body = difflib.SequenceMatcher(None, autojunk=False)
        self._body.set_seq2(self.target)
        self._outline = difflib.SequenceMatcher(None, autojunk=False)
        self._outline.set_seq2(self.heads)

    def headings(self, tokens: Sequence[str]) -> float | None:
        heads = [t for t in tokens if _is_heading(t)]
        if not heads and not self.heads:
            return None
        self._outline.set_seq1(heads)
        return _ratio(self._outline, len(heads) + len(self.heads))

    def bound(self, tokens: Sequence[str], headings: float | None) -> float:
        return _combine(headings, _dice_bound(Counter(tokens), self.counts, len(tokens) + len(self.target)))

    def tokens(self, tokens: Sequence[str]) -> float:
        self._body.set_seq1(list(tokens))
        return _ratio(self._body, len(tokens) + len(self.target))


def _ratio(matcher: difflib.SequenceMatcher[str], size: int) -> float:
    if not size:
        return 1.0
    return 2 * sum(block.size for block in matcher.get_matching_blocks()) / size


def _combine(headings: float | None, tokens: float) -> float:
    return tokens if headings is None else (headings + tokens) / 2


def rank(
    target: Sequence[str], prints: Sequence[tuple[Revision, Fingerprint]], also: Revision | None = None
) -> list[Score]:
    """The best-scoring revisions (every revision tied for first, and the runner-up), best first.

    Revisions whose score cannot reach the runner-up's are not scored exactly (the multiset
    overlap bounds the sequence similarity from above); `also` is always scored.
    """
    known = {token for _, fp in prints for token in fp.tokens if token.startswith("T:")}
    # Texts the translator translated are in no revision: they say nothing about which one.
    kept = [t for t in target if not t.startswith("T:") or t in known]
    wanted = {t for t in kept if t.startswith("T:")}
    matcher = _Matcher(kept)
    groups: dict[tuple[str, ...], list[Revision]] = {}
    for revision, fp in prints:
        if not fp.broken:
            tokens = tuple(t for t in fp.tokens if not t.startswith("T:") or t in wanted)
            groups.setdefault(tokens, []).append(revision)
    bounded = []
    for tokens, revisions in groups.items():
        headings = matcher.headings(tokens)
        bounded.append((matcher.bound(tokens, headings), headings, tokens, revisions))
    bounded.sort(key=lambda item: -item[0])
    scored: list[Score] = []
    for bound, headings, tokens, revisions in bounded:
        if len(scored) >= 2 and bound < scored[1].score - TIE and (also is None or also not in revisions):
            continue
        body = matcher.tokens(tokens)
        score = _combine(headings, body)
        scored += [Score(revision, score, headings, body) for revision in revisions]
        scored.sort(key=lambda s: -s.score)
    newest_first = {revision: index for index, (revision, _) in enumerate(prints)}
    scored.sort(key=lambda s: (-round(s.score, 9), newest_first[s.revision]))
    return scored
