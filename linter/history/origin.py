"""Which English revision a translation was made from, what English changed since, and stale blocks.

Translation keeps a page's skeleton and its invariant facts: front-matter keys, heading
levels and explicit ids, block kinds and admonition types in order, URLs, image paths,
code, icons, footnotes. A page's *tokens* are these in document order, plus a digest of
every text a translator left in English (it names the English revision exactly). Each
revision of the English page is scored against the translation:

    score = (heading similarity + token similarity) / 2

where a similarity is the Dice coefficient of the matched elements of two sequences
(difflib's matching blocks), and heading similarity compares the sequences of heading
levels (a page's outline is what Crowdin's segment-by-segment export never changes; list
items are far more numerous and would drown it). Revisions with equal scores tie; the
newest of them is named, unless the translation's front matter records one of them as its
base (MDN's `l10n.sourceCommit`).

Fingerprints (the tokens, and per block its facts) are cached by blob id (see history.py),
so a history is parsed once, whatever the number of languages.
"""

from __future__ import annotations

import difflib
import hashlib
import re
import textwrap
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlunsplit

from linter import __version__
from linter.align.aligner import Alignment, align
from linter.engine.cache import digest as content_digest
from linter.engine.site import scan_headings
from linter.errors import InputError
from linter.history.headings import OldHeadings, old_headings
from linter.history.history import FingerprintCache, Histories, History, HistoryError, Revision
from linter.history.stamps import Stamp, check_stamp
from linter.parse.markdown import parse_page
from linter.parse.source import SourceText
from linter.parse.tree import Admonition, Block, Node, Page, Section
from linter.parse.urls import split_url

FORMAT = 2  # bump when tokens, blocks or headings change: it names the cache namespace
CACHE_NAMESPACE = f"origin-{__version__}-{FORMAT}"
_BOOKKEEPING = frozenset({"l10n"})  # front-matter keys only translations have
_TIE = 1e-9
_CLOSE = 0.02  # a runner-up within this of the winner makes the answer "close"
_SAME_BLOCK = 0.5  # word similarity above which two English texts are versions of one block
_WORD = re.compile(r"\w+")

BlockPrint = tuple[str, str, str, int, int]  # section anchor, kind, facts digest, first line, last line
_Hit = tuple[Revision, int, int]  # a revision and a block's lines in it


def _digest(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=6).hexdigest()


# -- fingerprints ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Fingerprint:
    tokens: tuple[str, ...]
    blocks: tuple[BlockPrint, ...] = ()
    broken: bool = False  # the revision cannot be parsed as a page
    headings: tuple[tuple[int, int, str], ...] = ()  # (line, level, title) as linter.engine.site scans them

    def as_json(self) -> dict[str, Any]:
        blocks = [list(b) for b in self.blocks]
        headings = [list(h) for h in self.headings]
        return {"tokens": list(self.tokens), "blocks": blocks, "broken": self.broken, "headings": headings}

    @classmethod
    def from_json(cls, data: Any) -> Fingerprint | None:
        try:
            blocks = tuple((str(a), str(k), str(d), int(f), int(t)) for a, k, d, f, t in data["blocks"])
            headings = tuple((int(line), int(level), str(title)) for line, level, title in data["headings"])
            return cls(tuple(map(str, data["tokens"])), blocks, bool(data["broken"]), headings)
        except (TypeError, KeyError, ValueError):
            return None  # a damaged cache entry is recomputed


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
            tokens.append(f"T:{_digest(node.title)}")
            continue
        tokens.append(f">{node.tag}" if isinstance(node, Admonition) else node.kind)
        tokens += _facts(node)
        if node.inline is not None and node.inline.text:
            tokens.append(f"T:{_digest(node.inline.text)}")
    return tokens


def _facts(node: Node) -> list[str]:
    """A block's own invariant facts (a code block's whole text among them)."""
    facts = node.inline.invariants() if node.inline is not None else []
    if node.kind == "code" and isinstance(node, Block):
        facts.append(f"c:{_digest(node.raw.strip())}")
    return facts


def _is_heading(token: str) -> bool:
    return token.startswith("#")


def _block_prints(page: Page) -> list[BlockPrint]:
    prints = []
    for node in page.root.walk():
        facts = _facts(node) if not isinstance(node, Section) else []
        if facts:
            prints.append((_section_anchor(node), node.kind, _digest("\n".join(sorted(facts))), *_lines(node)))
    return prints


def _section_anchor(node: Node) -> str:
    parent = node.parent
    while parent is not None and not isinstance(parent, Section):
        parent = parent.parent
    return parent.anchor if isinstance(parent, Section) else ""


def _lines(node: Node) -> tuple[int, int]:
    return node.span.start.line, node.span.end.line


def fingerprint(text: SourceText) -> Fingerprint:
    headings = tuple(scan_headings(text.lines))
    try:
        page = parse_page(text, "en")
    except (InputError, RecursionError):
        return Fingerprint((), (), broken=True, headings=headings)
    return Fingerprint(tuple(page_tokens(page)), tuple(_block_prints(page)), headings=headings)


# -- matching -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Score:
    revision: Revision
    score: float
    headings: float | None  # None when neither page has headings
    tokens: float


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
        if len(scored) >= 2 and bound < scored[1].score - _TIE and (also is None or also not in revisions):
            continue
        body = matcher.tokens(tokens)
        score = _combine(headings, body)
        scored += [Score(revision, score, headings, body) for revision in revisions]
        scored.sort(key=lambda s: -s.score)
    newest_first = {revision: index for index, (revision, _) in enumerate(prints)}
    scored.sort(key=lambda s: (-round(s.score, 9), newest_first[s.revision]))
    return scored


# -- what changed since --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Change:
    kind: str  # "added", "removed", "moved", "edited"
    heading: str  # "## Signal"; "(top of page)" for the text before the first heading
    old_lines: tuple[int, int] | None  # in the origin revision
    new_lines: tuple[int, int] | None  # in the current revision
    diff: str


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


# -- stale blocks ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class StaleBlock:
    """A translated block whose facts are those of an older English block, not of the current one."""

    node: Node  # in the translation
    current: Node  # its English counterpart today
    revision: Revision  # the newest revision whose block had the translation's facts
    changed: Revision  # the revision after it, which edited the block
    then: str  # the English block at `revision`
    then_line: int  # its first line there
    now: str  # the current English block


def _older_blocks(prints: Sequence[tuple[Revision, Fingerprint]]) -> dict[tuple[str, str, str], _Hit]:
    """(section, kind, facts) of blocks English had before and has no more, at their newest revision."""
    now = {(anchor, kind, digest) for anchor, kind, digest, _, _ in prints[0][1].blocks}
    older: dict[tuple[str, str, str], _Hit] = {}
    for revision, fp in prints[1:]:
        for anchor, kind, digest, first, last in fp.blocks:
            key = (anchor, kind, digest)
            if key not in now:
                older.setdefault(key, (revision, first, last))
    return older


def _block_text(text: SourceText, first: int, last: int) -> str:
    return textwrap.dedent("\n".join(text.lines[first - 1 : last])).strip("\n")


# -- the answer ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Recorded:
    """The base a translation's front matter records (`l10n.sourceCommit`) and whether its structure agrees."""

    commit: str
    revision: Revision | None  # None when the history has no such commit
    score: float | None
    agrees: bool


@dataclass(frozen=True)
class Origin:
    path: str
    history: History
    best: Score
    runner_up: Score | None
    tied: list[Score]  # other revisions with the best score
    recorded: Recorded | None
    newer: int  # revisions of the English page after the origin
    changes: list[Change]  # English sections changed since the origin
    stale: list[StaleBlock]

    @property
    def confidence(self) -> str:
        """How far ahead of the runner-up the origin is: "tie", "close" or "clear"."""
        if self.runner_up is None:
            return "clear"
        margin = self.best.score - self.runner_up.score
        return "tie" if margin < _TIE else "close" if margin < _CLOSE else "clear"


def recorded_commit(page: Page) -> str | None:
    """MDN's convention: `l10n: {sourceCommit: <sha>}` in a translation's front matter."""
    data = page.front_matter.data if page.front_matter is not None else {}
    l10n = data.get("l10n")
    commit = l10n.get("sourceCommit") if isinstance(l10n, dict) else None
    return str(commit).strip() if commit else None


class OriginFinder:
    """Finds origins; keeps fingerprints and parsed revisions for every translation of the run."""

    def __init__(self, cache: FingerprintCache | None = None) -> None:
        self.cache = cache if cache is not None else FingerprintCache(None, CACHE_NAMESPACE)
        self._prints: dict[History, list[tuple[Revision, Fingerprint]]] = {}
        self._texts_seen: dict[History, dict[str, int]] = {}
        self._pages: dict[str, Page] = {}
        self._texts: dict[str, SourceText] = {}

    def prints(self, history: History) -> list[tuple[Revision, Fingerprint]]:
        """Every revision with its fingerprint, newest first; only uncached contents are read and parsed."""
        found = self._prints.get(history)
        if found is not None:
            return found
        by_blob: dict[str, Fingerprint] = {}
        missing: dict[str, Revision] = {}
        for revision in history.revisions:
            if revision.blob in by_blob or revision.blob in missing:
                continue
            cached = self.cache.get(revision.blob)
            fp = Fingerprint.from_json(cached) if cached is not None else None
            if fp is None:
                missing[revision.blob] = revision
            else:
                by_blob[revision.blob] = fp
        texts = history.texts(missing.values()) if missing else {}
        for revision in missing.values():
            text = texts.get(revision.blob)
            fp = fingerprint(text) if text is not None else Fingerprint((), (), broken=True)
            by_blob[revision.blob] = fp
            self.cache.put(revision.blob, fp.as_json())
        found = self._prints[history] = [(revision, by_blob[revision.blob]) for revision in history.revisions]
        return found

    def last_seen(self, history: History, text: str) -> tuple[Revision, Revision] | None:
        """The newest older revision with a block or heading reading `text` (as read), and the one that changed it.

        None when no revision has it, or when the current one still does.
        """
        newest = self._texts_seen.get(history)
        if newest is None:
            newest = self._texts_seen[history] = {}
            for index, (_, fp) in enumerate(self.prints(history)):
                for token in fp.tokens:
                    if token.startswith("T:"):
                        newest.setdefault(token, index)
        index = newest.get(f"T:{_digest(text)}", 0)
        return (history.revisions[index], history.revisions[index - 1]) if index > 0 else None

    def text(self, history: History, revision: Revision) -> SourceText:
        self._fetch(history, [revision])
        text = self._texts.get(revision.blob)
        if text is None:
            raise HistoryError(f"{history.label}: revision {revision.short} cannot be read as a page")
        return text

    def _fetch(self, history: History, revisions: Sequence[Revision]) -> None:
        """Read the texts of several revisions at once (one `git cat-file` for all)."""
        wanted = [revision for revision in revisions if revision.blob not in self._texts]
        if wanted:
            self._texts.update(history.texts(wanted))

    def page(self, history: History, revision: Revision) -> Page:
        page = self._pages.get(revision.blob)
        if page is None:
            page = self._pages[revision.blob] = parse_page(self.text(history, revision), "en")
        return page

    def find(self, translation: Page, history: History, *, changes: bool = True, stale: bool = True) -> Origin:
        prints = self.prints(history)
        commit = recorded_commit(translation)
        base = history.at(commit) if commit else None
        scores = rank(page_tokens(translation), prints, also=base)
        if not scores:
            raise HistoryError(f"{history.label}: no revision can be parsed as a page")
        top = round(scores[0].score, 9)
        tied = [s for s in scores if round(s.score, 9) == top]
        best = next((s for s in tied if s.revision == base), tied[0])
        others = [s for s in scores if s is not best]
        recorded = None
        if commit is not None:
            score = next((s.score for s in scores if s.revision == base), None)
            recorded = Recorded(commit, base, score, base is not None and best.revision == base)
        current = history.current
        changed: list[Change] = []
        if changes and best.revision.blob != current.blob:
            self._fetch(history, [best.revision, current])
            old, new = self.page(history, best.revision), self.page(history, current)
            changed = section_changes(old, new, best.revision.describe(), current.describe())
        return Origin(
            path=translation.path,
            history=history,
            best=best,
            runner_up=others[0] if others else None,
            tied=[s for s in tied if s is not best],
            recorded=recorded,
            newer=history.revisions.index(best.revision),
            changes=changed,
            stale=self.stale_blocks(translation, history) if stale else [],
        )

    def stale_blocks(self, translation: Page, history: History, alignment: Alignment | None = None) -> list[StaleBlock]:
        """Translated blocks whose facts (URLs, images, code) are exactly those of an older English block.

        The older block must be in the section of the same id as the current counterpart, read
        much like it, and be gone from the current English: the English block was edited after
        the translation. `alignment` (the current English with `translation`, as `check` has it)
        saves aligning again.
        """
        prints = self.prints(history)
        older = _older_blocks(prints)
        if not older:
            return []
        if alignment is None:
            alignment = align(self.page(history, history.current), translation)
        hits = []
        for pair in alignment.pairs:
            s, t = pair.source, pair.target
            if s is None or t is None or isinstance(s, Section) or pair.how in ("joined", "split"):
                continue
            facts = sorted(_facts(t))
            if facts and facts != sorted(_facts(s)):
                hit = older.get((_section_anchor(s), s.kind, _digest("\n".join(facts))))
                if hit is not None:
                    hits.append((s, t, *hit))
        self._fetch(history, [revision for _, _, revision, _, _ in hits])
        found = []
        for s, t, revision, first, last in hits:
            then = _block_text(self.text(history, revision), first, last)
            now = _block_text(alignment.source.source, *_lines(s))
            # Two English versions of one block read alike; if not, the translated block is paired
            # with another block than the one it was translated from.
            if _similarity(then, now) < _SAME_BLOCK:
                continue
            old = _node_at(self.page(history, revision), s.kind, first)
            if old is not None and (reads_alike(old, s) or old.text == t.text != s.text):
                continue  # a cosmetic edit; or old English text left untranslated (stale-untranslated-paragraph's)
            changed = history.revisions[history.revisions.index(revision) - 1]
            found.append(StaleBlock(t, s, revision, changed, then, first, now))
        return found


def _node_at(page: Page, kind: str, line: int) -> Node | None:
    return next((n for n in page.root.walk() if n.kind == kind and n.span.start.line == line), None)


def canonical_url(url: str) -> str:
    """A URL without what link canonicalisation changes: http/https, `www.`, host case, trailing `/` or index page."""
    parts = split_url(url.strip())
    scheme = "https" if parts.scheme in ("http", "https") else parts.scheme
    path = parts.path.rstrip("/")
    for index in ("/index.md", "/index.html", "/index.htm"):
        path = path.removesuffix(index)
    return urlunsplit((scheme, parts.netloc.lower().removeprefix("www."), path, parts.query, parts.fragment))


def _canonical_facts(node: Node) -> list[str]:
    facts = _facts(node)
    return sorted(f"{f[:2]}{canonical_url(f[2:])}" if f[:2] in ("u:", "i:") else f for f in facts)


def reading(node: Node) -> tuple[str, ...]:
    """A block as a reader gets it: kind, text as read, facts with canonical URLs. Whitespace, line breaks,
    emphasis markers and link canonicalisation leave it the same."""
    return (node.kind, node.text, *_canonical_facts(node))


def reads_alike(a: Node, b: Node) -> bool:
    """Two English versions of a block that differ only cosmetically."""
    return reading(a) == reading(b)


def _similarity(a: str, b: str) -> float:
    """Word-level similarity of two English texts, URLs included (split at punctuation)."""
    return difflib.SequenceMatcher(None, _WORD.findall(a), _WORD.findall(b), autojunk=False).ratio()


class SourceHistory:
    """What `check` needs to report stale blocks: every English page's history, walked once per run.

    A page outside git, or never committed, has no history: its stale blocks are none.
    """

    def __init__(
        self, where: Path | None = None, cache_dir: Path | None = None, stamp_keys: Sequence[str] = ()
    ) -> None:
        self.histories = Histories(where, cache_dir)
        self.stamp_keys = tuple(stamp_keys)  # front-matter keys of source-commit stamps
        self.finder = OriginFinder(FingerprintCache(cache_dir, CACHE_NAMESPACE))
        self._broken: set[str] = set()
        self._old_headings: dict[str, OldHeadings | None] = {}

    def old_headings(self, page: Page) -> OldHeadings | None:
        """Headings older revisions of the English `page` had and it has not; None without a history."""
        if page.path not in self._old_headings:
            history = self.of(page.path)
            if history is None:
                self._old_headings[page.path] = None
            else:
                scanned = {revision.blob: fp.headings for revision, fp in self.finder.prints(history)}
                self._old_headings[page.path] = old_headings(page, history, scanned)
        return self._old_headings[page.path]

    def of(self, path: str) -> History | None:
        """The English page's history; None without one (a git failure is remembered, not retried)."""
        if path in self._broken:
            return None
        try:
            return self.histories.of(Path(path))
        except HistoryError:
            self._broken.add(path)
            return None

    def revisions_print(self, path: str) -> str:
        """The English page's revisions as a short hash: findings that read the history stay valid while it holds."""
        history = self.of(path)
        return (
            "none"
            if history is None
            else content_digest(*(f"{r.commit}:{r.date}:{r.blob}:{r.path}" for r in history.revisions))
        )

    def stale_blocks(self, alignment: Alignment) -> list[StaleBlock]:
        history = self.of(alignment.source.path)
        return [] if history is None else self.finder.stale_blocks(alignment.target, history, alignment)

    def last_seen(self, alignment: Alignment, text: str) -> tuple[Revision, Revision] | None:
        """Where English last had `text` (a block or a heading of the pair's English page), and what changed it."""
        history = self.of(alignment.source.path)
        return None if history is None else self.finder.last_seen(history, text)

    def bad_stamp(self, alignment: Alignment) -> Stamp | None:
        """The translation's source-commit stamp when it names a commit the English history lacks, or one newer
        than the translation (its own commits tell, in the site's repository)."""
        history = self.of(alignment.source.path)
        if history is None:
            return None
        own = self.of(alignment.target.path) if self.histories.where is None else None
        stamp = check_stamp(alignment.target, history, self.stamp_keys, own.current.date if own is not None else None)
        return stamp if stamp is not None and stamp.problem else None
