"""Stale English (TM404): seed 000 against today's English page, without history and with it.

Read side by side with `fixtures/seeds/current/` (English of 2025-10-16): the paragraphs at 71
and 107 are English the page has rewritten since (a reworded audit sentence, "perfect forward
secrecy" that became "forward secrecy"); the others are English today's page still has, word for
word (75 differs by one comma; 175 lost its last sentence to a stray keyword, which is the export's
damage, reported by stray-admonition-keyword).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from linter.engine.registry import Registry
from linter.engine.runner import Runner, configure
from linter.history.origin import SourceHistory

SEEDS = Path(__file__).parent.parent / "fixtures" / "seeds"
CURRENT = SEEDS / "current" / "2025-10-16T2304_eda031ee.md"
ORIGIN = SEEDS / "en" / "2023-03-07T0852_5bad28ff.md"
STALE = {
    71: 'English now says "SimpleX Chat was independently audited in [July 2024] and in [October 2022]."',
    107: 'English now says "Briar supports forward secrecy[^1] by using the Bramble [Handshake] and [Transport]',
}
CURRENT_ENGLISH = [42, 44, 75, 105, 175, 200, 202, 203]


def lint(history: SourceHistory | None = None) -> dict[str, dict[int, str]]:
    runner = Runner(configure(Registry.load(), select=["untranslated-paragraph", "stale-untranslated-paragraph"]))
    runner.history = history
    found: dict[str, dict[int, str]] = {}
    for finding in runner.lint_files(str(CURRENT), str(next(SEEDS.glob("000_*.txt"))), "it"):
        found.setdefault(finding.rule_name, {})[finding.span.start.line] = finding.message
    return found


def test_seed_000_stale_english_quotes_today_and_current_english_stays_untranslated() -> None:
    found = lint()
    stale = found["stale-untranslated-paragraph"]
    assert sorted(stale) == sorted(STALE)
    for line, quoted in STALE.items():
        assert stale[line].startswith("paragraph is English from another version of the page: ")
        assert quoted in stale[line]
    assert sorted(found["untranslated-paragraph"]) == CURRENT_ENGLISH


def test_with_history_the_finding_names_the_revision_that_had_the_text(tmp_path: Path) -> None:
    revisions = tmp_path / "history"
    revisions.mkdir()
    for page in (ORIGIN, CURRENT):
        shutil.copy(page, revisions / page.name)
    stale = lint(SourceHistory(revisions, cache_dir=None))["stale-untranslated-paragraph"]
    assert stale[71].startswith("paragraph is the English of 2023-03-07 08:52 5bad28ff: English now says")
    assert stale[107].startswith("paragraph is the English of 2023-03-07 08:52 5bad28ff: English now says")
