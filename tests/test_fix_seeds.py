"""`fix` on the real Crowdin exports in fixtures/seeds, each against the English revision it was made from.

These pages are broken in many places at once, where one fix may bring another finding to light:
the fixes that leave the page no worse must still be made, and hold.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Mapping

import pytest
from test_seeds import ORIGIN, SEEDS

from linter.engine.findings import Finding
from linter.engine.fixes import FixRun, element_identity, fix_run
from linter.engine.registry import Registry
from linter.engine.runner import Runner, configure
from linter.parse.markdown import parse_page
from linter.parse.source import SourceText

RUNNER = Runner(configure(Registry.load()))
LANGS = {"000": "it", "001": "en", "002": "en", "003": "he", "004": "pt"}
# Safe fixes per rule, read in the diffs: the joined buttons and the `???` header moved to its
# own line (000), the translated admonition keywords (001, 003, 004), `** text **` (003), an
# image that lost its `!` (004).
FIXED = {
    "000": {"joined-button": 2, "broken-admonition-header": 1},
    "001": {"translated-admonition-type": 5},
    "002": {},
    "003": {"translated-admonition-type": 10, "broken-emphasis": 4},
    "004": {"translated-admonition-type": 4, "lost-image-marker": 1},
}


def _lint(english: str, text: bytes, lang: str) -> list[Finding]:
    source = parse_page(SourceText.read(english), "en")
    return RUNNER.lint_pages(source, parse_page(SourceText.from_bytes("page.md", text), lang))


@pytest.mark.parametrize("seed", sorted(ORIGIN))
def test_fix_on_a_real_export(seed: str) -> None:
    english = str(SEEDS / "en" / ORIGIN[seed])
    original = next(SEEDS.glob(f"{seed}_*.txt")).read_bytes()
    lang = LANGS[seed]

    def fix(text: bytes) -> FixRun:
        def lint(texts: Mapping[str, bytes], only: Collection[str] | None) -> list[Finding]:
            return _lint(english, texts.get("page.md", text), lang)

        def parses(_path: str, data: bytes) -> bool:
            return not parse_page(SourceText.from_bytes("page.md", data), lang).problems

        return fix_run(lint, lambda f: True, parses, read=lambda _: text)

    done = fix(original)
    assert Counter(f.rule_name for f in done.fixed) == Counter(FIXED[seed])
    fixed = done.fixed_text.get("page.md", original)
    before = Counter(map(element_identity, _lint(english, original, lang)))
    after = Counter(map(element_identity, _lint(english, fixed, lang)))
    assert not after - before, "the fix caused a finding"
    assert not after & Counter(map(element_identity, done.fixed)), "a fixed finding is still reported"
    assert not fix(fixed).fixed_text, "a second fix changes the page again"
