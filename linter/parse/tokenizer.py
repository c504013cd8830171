"""markdown-it-py as transmark configures it: the plugins of a site's dialect, Python-Markdown's
block rules for its containers, inline rules guarded against unmatched brackets, URLs kept as
written, and outline parses that read only the headings' inline content.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from markdown_it import MarkdownIt, helpers
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from mdit_py_plugins.attrs import attrs_plugin
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

from linter.parse.containers import containers_plugin
from linter.parse.dialect import DEFAULT, Dialect
from linter.patterns import lazy

# markdown-it plugins for Python-Markdown extensions a site may leave out.
_OPTIONAL_PLUGINS = (("footnotes", footnote_plugin), ("attr_list", attrs_plugin), ("def_list", deflist_plugin))


@lru_cache(maxsize=8)
def markdown_parser(keep_urls: bool = True, dialect: Dialect = DEFAULT) -> MarkdownIt:
    """markdown-it-py with the plugins and block rules a Material for MkDocs page in `dialect` needs.

    `keep_urls=False` leaves markdown-it's URL normalisation on: markdown-it-py as it
    comes, which the benchmark uses as its yardstick.
    """
    md = MarkdownIt("commonmark", {"html": True})
    md.enable(["table", "strikethrough"])
    md.use(front_matter_plugin)
    for extension, plugin in _OPTIONAL_PLUGINS:
        if dialect.has(extension):
            md.use(plugin)
    md.use(containers_plugin, dialect)
    # Python-Markdown's footnotes have no inline form: `^[note]` is text there, not a footnote.
    md.disable("footnote_inline", ignoreInvalid=True)
    if keep_urls:  # transmark's parser (without: markdown-it-py as it comes, the benchmark's yardstick)
        _guard_bracket_rules(md)
        _dispatch_by_character(md)
        # Read by markdown-it-py >= 4.1's text rule; older releases keep their own stops (same tokens, slower).
        md.inline.terminator_re = TEXT_STOPS
        md.core.ruler.at("inline", _inline_content)
        # Keep URLs as written: findings quote them, and percent-encoding every href costs
        # a tenth of the parse (Python-Markdown does not encode them either).
        md.normalizeLink = _as_is  # type: ignore[method-assign]
        md.normalizeLinkText = _as_is  # type: ignore[method-assign]
        md.helpers = _Helpers()  # type: ignore[assignment]
    return md


class _Helpers:
    """markdown-it's link helpers, with a destination that fails by nesting found at C speed.

    A destination may nest 32 parentheses: the helper reads from every link's `(` to the 33rd, a
    character at a time, so a line of `[x](` nested 90 KB deep took 0.8 s (about 10 µs a character).
    """

    def __getattr__(self, name: str) -> Any:
        return getattr(helpers, name)  # the other helpers as they are

    @staticmethod
    def parseLinkDestination(string: str, pos: int, maximum: int) -> Any:
        if string[pos : pos + 1] != "<" and _TOO_DEEP.match(string, pos, maximum):
            return helpers.parseLinkDestination("", 0, 0)  # its answer for a failed destination
        return helpers.parseLinkDestination(string, pos, maximum)


# 33 `(` before anything that ends or escapes a destination, or closes a parenthesis: markdown-it gives up.
_DEEP = r"(?:[^\x00-\x20\x7f\\()]*\(){33}"
_TOO_DEEP = lazy(_DEEP)
# A `(`, then up to a space, control character or the end, no `)` or escape: an unclosed parenthesis.
_UNCLOSED = r"[^\x00-\x20\x7f\\()]*\([^\x00-\x20\x7f\\)]*(?=[\x00-\x20\x7f]|\Z)"
# A link's `(` and a destination markdown-it gives up on (spaces skipped, no `<…>` form).
_DOOMED = lazy(rf"\([ \t\n]*(?!<)(?:{_DEEP}|{_UNCLOSED})")


# Inline rules that need a `]` after their `[`: each looks ahead for it, nesting into the `[`s it
# passes, so a line of 100,000 `[` took minutes. Without a `]` ahead they cannot match.
# With the character each one starts with: tried at every markup character, they first test that.
_BRACKET_RULES = {"link": "[", "image": "!", "footnote_ref": "["}


def _guard_bracket_rules(md: MarkdownIt) -> None:
    for rule in md.inline.ruler.__rules__:
        if rule.name in _BRACKET_RULES:
            rule.fn = _guarded(rule.fn, _BRACKET_RULES[rule.name])
        if rule.name == "footnote_ref":
            rule.fn = _known_footnote(rule.fn)
        if rule.name == "link":
            rule.fn = _plain_links(rule.fn)
    md.inline.ruler.__cache__ = None  # the ruler caches its chains of rule functions


_LABEL_END = lazy(r"[ \n\]]")
_LABEL_ENDS = "transmark:label-ends"


def _known_footnote(rule: Callable[[StateInline, bool], bool]) -> Callable[[StateInline, bool], bool]:
    """`[^label]` goes to the footnote rule only when the page defines that label.

    The rule reads the label character by character up to a space or `]`: from each `[^` of a
    line of them without a space, to its end (2,400 of them took a second). The ends of labels
    are found once per text.
    """

    def known(state: StateInline, silent: bool) -> bool:
        src, start = state.src, state.pos
        refs = state.env.get("footnotes", {}).get("refs")
        if not refs or not src.startswith("[^", start):
            return False
        ends = state.env.setdefault(_LABEL_ENDS, {})
        found = ends.get(src)
        if found is None:
            found = ends[src] = [match.start() for match in _LABEL_END.finditer(src)]
        index = bisect.bisect_left(found, start + 2)
        end = found[index] if index < len(found) else len(src)
        if end >= state.posMax or src[end] != "]" or f":{src[start + 2 : end]}" not in refs:
            return False
        return rule(state, silent)

    return known


def _guarded(rule: Callable[[StateInline, bool], bool], opener: str) -> Callable[[StateInline, bool], bool]:
    label = 0 if opener == "[" else 1  # `![`: the label starts after the mark

    def guarded(state: StateInline, silent: bool) -> bool:
        if state.src[state.pos] != opener:
            return False
        return _brackets(state).may_close(state.pos + label, state.posMax) and rule(state, silent)

    return guarded


# A link's `(URL)` written plainly: no space, escape, entity, parenthesis or `<…>` form, no title.
_PLAIN_DESTINATION = lazy(r"\(([^\s()<>\\&\x00-\x1f\x7f][^\s()\\&\x00-\x1f\x7f]*)\)")


def _plain_links(rule: Callable[[StateInline, bool], bool]) -> Callable[[StateInline, bool], bool]:
    """`[text](url)` with a label free of brackets and a plain URL, read as markdown-it's link rule reads it.

    The rule finds the label's end by trying every inline rule at each character and reads the URL
    character by character: a third of the parse of a page of links. Counted brackets give the
    label's end; any other link goes to the rule, but for one whose destination nests too deep
    or holds an unclosed `(` (a line of nested unclosed `[x](`), which fails here as the rule fails it.
    """

    def link(state: StateInline, silent: bool) -> bool:
        start, end = state.pos, state.posMax
        if state.src[start] != "[":
            return False
        close = _brackets(state).label_end(start, end)
        destination = None if close is None else _PLAIN_DESTINATION.match(state.src, close + 1, end)
        href = "" if destination is None else state.md.normalizeLink(destination.group(1))
        if destination is None or not state.md.validateLink(href):
            if close is not None and "references" not in state.env and _DOOMED.match(state.src, close + 1, end):
                return False  # the rule's verdict: no inline link, and no reference to fall back on
            return rule(state, silent)
        if not silent:
            state.pos, state.posMax = start + 1, close
            state.push("link_open", "a", 1).attrs = {"href": href}
            if TEXT_STOPS.search(state.src, start + 1, close):
                state.linkLevel += 1
                state.md.inline.tokenize(state)
                state.linkLevel -= 1
            else:  # no rule starts in the label: the text token the text rule would make of it whole
                state.pending += state.src[start + 1 : close]
            state.push("link_close", "a", -1)
            state.posMax = end
        state.pos = destination.end()
        return True

    return link


def _brackets(state: StateInline) -> _Brackets:
    found = state.env.setdefault(_BRACKETS, {})
    brackets = found.get(state.src)
    if brackets is None:
        brackets = found[state.src] = _Brackets(state.src)
    return brackets


# What may hide a bracket from the label scan: code, an attribute list, an escaped bracket, HTML or
# an autolink (`<` and what may start one), a link's URL (after `](`). Elsewhere the scan counts
# each `[` and each `]` of the text.
_OPAQUE = lazy(r"[`{]|\\(?=[\[\]])|<(?=[\w.!#$%&'*+/=?^`{|}~-])|(?<=\])\(")
_BRACKET = lazy(r"[\[\]]")
_BRACKETS = "transmark:brackets"


class _Brackets:
    """Where a text's `[`s may close, counted once per text.

    markdown-it scans ahead for a label's end from every `[` it meets, nesting into the ones it
    passes: a line of 100,000 `[` and one `]` took seconds, and so did thousands of `![` before
    one link. Counting answers most `[`s at once, exactly where the text hides no bracket.
    """

    def __init__(self, src: str) -> None:
        self.opens: list[int] = []
        self.closes: list[int] = []
        self.matched: dict[int, int] = {}  # `[` → the `]` that closes it by counting
        open_: list[int] = []
        for match in _BRACKET.finditer(src):
            if match.group() == "[":
                open_.append(match.start())
                self.opens.append(match.start())
            else:
                self.closes.append(match.start())
                if open_:
                    self.matched[open_.pop()] = match.start()
        self.opaque = [match.start() for match in _OPAQUE.finditer(src)]

    def may_close(self, label: int, end: int) -> bool:
        """False when the label scan from the `[` at `label` surely finds no `]` before `end`."""
        after = bisect.bisect_right(self.opaque, label)
        barrier = self.opaque[after] if after < len(self.opaque) else end
        close = self.matched.get(label)
        if close is not None and close < barrier:  # up to the barrier the scan counts as we did
            return close < end
        if barrier >= end:
            return False
        # Past the barrier the scan may skip brackets, but it still needs a `]` for each `[` left open.
        left_open = 1 + self._between(self.opens, label, barrier) - self._between(self.closes, label, barrier)
        return self._between(self.closes, barrier - 1, end) >= left_open

    def label_end(self, label: int, end: int) -> int | None:
        """The `]` that ends the label of the `[` at `label` before `end`, where counting tells it and
        the label holds no other bracket (so no link nested in it); else None."""
        close = self.matched.get(label)
        if close is None or close >= end or self._between(self.opens, label, close):
            return None
        after = bisect.bisect_right(self.opaque, label)
        return close if after == len(self.opaque) or self.opaque[after] > close else None

    @staticmethod
    def _between(positions: list[int], start: int, stop: int) -> int:
        """How many of `positions` lie after `start` and before `stop`."""
        return bisect.bisect_left(positions, stop) - bisect.bisect_right(positions, start)


OUTLINE = "transmark:outline"


# The inline rules a page may enable, with the characters each starts at (the text rule: at any
# other). Each rule's first test is for one of them.
INLINE_RULES = {
    **{"text": "", "newline": "\n", "escape": "\\", "backticks": "`", "strikethrough": "~", "emphasis": "*_"},
    **{"link": "[", "image": "!", "footnote_ref": "[", "autolink": "<", "html_inline": "<", "entity": "&"},
    "attr": "{",
}
# Where the text rule stops: where a rule starts, and at `]`, where a label scan ends. markdown-it's
# text rule also stops at `#$%+-:=>@^}`, which no rule here starts at: each stop tries every rule,
# and a line of 100,000 `:` or `-` took a quarter of a second.
_STARTS = "".join(sorted(set("".join(INLINE_RULES.values()))))
TEXT_STOPS = lazy(f"[{re.escape(_STARTS)}\\]]")


def _dispatch_by_character(md: MarkdownIt) -> None:
    """One inline rule in markdown-it's chain: it tries only the rules that start at the character.

    markdown-it tries every enabled rule in turn at each stop, and each tests its first character:
    a dozen calls at every `[`, `]` and `*` (a third of the parse of a line of 250,000 nested
    `[x](`). The rules keep markdown-it's order. A rule not listed in INLINE_RULES (a plugin's)
    keeps markdown-it's chain as it is.
    """
    enabled = [(rule.name, rule.fn) for rule in md.inline.ruler.__rules__ if rule.enabled]
    if any(name not in INLINE_RULES for name, _ in enabled):
        return
    chains = {char: [fn for name, fn in enabled if char in INLINE_RULES[name]] for char in _STARTS + "]"}
    others = [fn for name, fn in enabled if name == "text"]

    def by_character(state: StateInline, silent: bool) -> bool:
        for rule in chains.get(state.src[state.pos], others):
            if rule(state, silent):
                return True
        return False

    md.inline.ruler.disable([name for name, _ in enabled])
    md.inline.ruler.push("by_character", by_character)


def _inline_content(state: StateCore) -> None:
    """markdown-it's core inline rule; an outline parse (`OUTLINE` in env) reads only the headings' inline content.

    Content without a character any inline rule starts at is one text token, as markdown-it would
    make it, without its inline parser's set-up and passes (half the cells of a big table).
    """
    outline = state.env.get(OUTLINE, False)
    previous = ""
    for token in state.tokens:
        if token.type == "inline":
            if token.children is None:
                token.children = []
            if not outline or previous == "heading_open":
                content = token.content
                if TEXT_STOPS.search(content):
                    state.md.inline.parse(content, state.md, state.env, token.children)
                elif content:
                    text = Token("text", "", 0)
                    text.content = content
                    token.children.append(text)
        previous = token.type


def _as_is(url: str) -> str:
    return url
