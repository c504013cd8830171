"""Property test: break one fixable element of a real page, run fix, get the page back.

The pages are real (fixtures/site and an excerpt of FastAPI's docs in fixtures/fix). Each
example first fixes the page (what it already has to fix stays out of the comparison), then
breaks one element the way translators and exports do, and checks that `fix` restores exactly
the page as it was: the fix pairs the element by the alignment, not by its position. An element
the rules do not report as such (inside a card that holds another product) is skipped.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from pathlib import Path

from hypothesis import Phase, assume, given, settings
from hypothesis import strategies as st
from test_cases import IS_ENGLISH

from linter.engine.findings import SAFE, Finding
from linter.engine.fixes import fix_run
from linter.engine.registry import Registry
from linter.engine.runner import Runner, configure
from linter.parse.markdown import parse_page
from linter.parse.source import SourceText
from linter.parse.tree import Admonition, Page, Section
from rules.facts import url_in_markup

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
PAIRS = [
    (FIXTURES / "site/docs/real-time-communication.md", FIXTURES / "site/i18n/it/real-time-communication.md"),
    (FIXTURES / "site/docs/real-time-communication.md", FIXTURES / "site/i18n/uk/real-time-communication.md"),
    (FIXTURES / "fix/fastapi-path-params.en.md", FIXTURES / "fix/fastapi-path-params.es.md"),
]
TEXTS = [(english.read_text(encoding="utf-8"), page.read_text(encoding="utf-8")) for english, page in PAIRS]
REGISTRY = Registry.load()
RUNNER = Runner(configure(REGISTRY, select=[rule.id for rule in REGISTRY.rules if rule.fix_safety]), IS_ENGLISH)
TEXT_KEYS = ("title", "description", "meta_title")  # translated: a dropped one is not copied from English
KINDS = ("keyword", "url", "heading id", "image src", "admonition body", "front matter key")
# No shrinking: an example is a whole page, and the failing one is already small to read.
SETTINGS = settings(
    max_examples=40, derandomize=True, deadline=None, database=None, phases=[Phase.explicit, Phase.generate]
)


def _page(text: str, lang: str) -> Page:
    return parse_page(SourceText.from_bytes(f"{lang}.md", text.encode("utf-8")), lang)


def fix_page(english: str, translation: str) -> str:
    """The translation as `fix` leaves it (safe fixes of every rule that can fix)."""
    source = _page(english, "en")

    def lint(texts: Mapping[str, bytes], only: Collection[str] | None) -> list[Finding]:
        text = texts.get("it.md", translation.encode("utf-8")).decode("utf-8")
        return RUNNER.lint_pages(source, _page(text, "it"))

    def parses(_path: str, data: bytes) -> bool:
        return not _page(data.decode("utf-8"), "it").problems

    done = fix_run(lint, lambda f: True, parses, read=lambda _: translation.encode("utf-8"))
    return done.fixed_text.get("it.md", translation.encode("utf-8")).decode("utf-8")


def _replace(text: str, line: int, start: int, end: int, new: str) -> str:
    lines = text.split("\n")
    lines[line - 1] = lines[line - 1][: start - 1] + new + lines[line - 1][end - 1 :]
    return "\n".join(lines)


def mutate(text: str, kind: str, pick: int) -> str | None:
    """`text` with one element of `kind` broken, or None when the page has none."""
    page = _page(text, "it")
    lines = text.split("\n")
    if kind == "keyword":
        boxes = [n for n in page.root.walk() if isinstance(n, Admonition) and n.header_span and n.tag]
        if not boxes:
            return None
        box = boxes[pick % len(boxes)]
        assert box.header_span is not None
        line = box.header_span.start.line
        at = re.search(rf"(?<![\w-]){re.escape(box.tag)}(?![\w-])", lines[line - 1])
        return None if at is None else _replace(text, line, at.start() + 1, at.end() + 1, "consiglio")
    if kind == "admonition body":  # the box's last paragraph loses its indentation
        bodies = [
            n
            for n in page.root.walk()
            if isinstance(n, Admonition) and n.syntax == "!!!" and n.children and n.children[-1].kind == "paragraph"
        ]
        if not bodies:
            return None
        last = bodies[pick % len(bodies)].children[-1]
        for number in range(last.span.start.line, last.span.end.line + 1):
            lines[number - 1] = lines[number - 1].removeprefix("    ")
        return "\n".join(lines)
    if kind == "front matter key":  # a key whose value is a name, not text, dropped
        data = page.front_matter.data if page.front_matter else {}
        names = [k for k, v in data.items() if isinstance(v, str) and " " not in v and k not in TEXT_KEYS]
        if page.front_matter is None or not names:
            return None
        line = page.front_matter.key_lines[names[pick % len(names)]]
        return "\n".join(lines[: line - 1] + lines[line:])
    if kind == "heading id":
        headings = [s for s in page.sections() if s.explicit_anchor and s.heading_span]
        if not headings:
            return None
        heading: Section = headings[pick % len(headings)]
        assert heading.heading_span is not None
        line = heading.heading_span.start.line
        at = lines[line - 1].rfind(" { #")
        if pick % 2:  # the id dropped, or translated
            return _replace(text, line, at + 1, len(lines[line - 1]) + 1, "")
        start = lines[line - 1].rfind("#") + 1
        return _replace(text, line, start + 1, start + 1 + len(heading.anchor), "traducido")
    items = [
        item
        for node in page.root.walk()
        if node.inline is not None
        for item in (node.inline.links if kind == "url" else node.inline.images)
    ]
    written = [found for item in items if (found := url_in_markup(page.source, item)) and "/" in found[1]]
    if not written:
        return None
    span, url = written[pick % len(written)]
    cut = url.rfind("/") + 1  # a typo in the last path segment
    return _replace(text, span.start.line, span.start.column, span.end.column, url[:cut] + "x" + url[cut:])


@SETTINGS
@given(st.integers(0, len(TEXTS) - 1), st.sampled_from(KINDS), st.integers(0, 1000))
def test_fix_restores_one_broken_element(index: int, kind: str, pick: int) -> None:
    english, translation = TEXTS[index]
    clean = fix_page(english, translation)
    broken = mutate(clean, kind, pick)
    assume(broken is not None and broken != clean)
    assert broken is not None
    # An element inside a card that holds another product's content is misplaced-card's (no fix); a body
    # paragraph that pairs with no English block may not belong in the box (an unsafe fix).
    found = RUNNER.lint_pages(_page(english, "en"), _page(broken, "it"))
    assume(any(f.fix is not None and f.fix.safety == SAFE for f in found))
    fixed = fix_page(english, broken)
    assert fixed == clean, f"{kind} #{pick} in {PAIRS[index][1].name} was not restored"


def test_every_kind_of_element_is_on_some_page() -> None:
    for kind in KINDS:
        assert any(mutate(translation, kind, 0) is not None for _, translation in TEXTS), kind
