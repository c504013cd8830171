"""Stale English (TM404): seed 000 against today's English page, without history and with it.

Read side by side with `fixtures/seeds/current/` (English of 2025-10-16), every block 000 left in
English is one of these. Stale, English the page has rewritten since: 13 (the intro, reworded), 71
(the audit sentence), 107 ("perfect forward secrecy" became "forward secrecy"), 139 (the Matrix audit,
quoted against the likest English today, Signal's), 201 (a criterion reworded); stale, English the page
no longer has: the Element and Session sections (135, 137, 147, 149, 165, 167, 169, 171 "Session has a
[whitepaper]"), the warning's English sentence in a partly translated paragraph (113, "Perfect [Forward
Secrecy]"), two criteria (193, 199 "Should have Perfect Forward Secrecy."). Current, English today's
page still has: 42, 44, 75 (one comma differs), 105, 175 (its last sentence lost to a stray keyword,
the export's damage), 190-192, 200, 202, 203. In the partly translated 40, "Signal requires your phone
number as a personal identifier." is English English has rewritten (short, but beside verbatim English).
The description in the front matter, English of another version too, is untranslated-front-matter's.
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
REWRITTEN = {
    13: 'English now says "These recommendations for encrypted **real-time communication** are great for',
    71: 'English now says "SimpleX Chat was independently audited in [July 2024] and in [October 2022]."',
    107: 'English now says "Briar supports forward secrecy[^1] by using the Bramble [Handshake] and [Transport]',
    139: 'English now says "The specification for the Signal protocol can be found in their [documentation]."',
    201: 'English now says "Should use a decentralized network, i.e. [federated or P2P]."',
}
REMOVED = [135, 137, 147, 149, 165, 167, 169, 171, 193, 199]
STALE_SENTENCES = {
    40: 'sentence "Signal requires your phone number as a personal identifier." is English that the English page no '
    "longer has",
    # inside a warning of a removed section
    113: 'sentence "These messengers do not have Perfect [Forward Secrecy] (PFS), and whi…" is English that the '
    "English page no longer has",
}
CURRENT_ENGLISH = [42, 44, 75, 105, 175, 190, 191, 192, 200, 202, 203]


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
    assert sorted(stale) == sorted([*REWRITTEN, *REMOVED, *STALE_SENTENCES])
    for line, quoted in REWRITTEN.items():
        assert stale[line].startswith("paragraph is English from another version of the page: ")
        assert quoted in stale[line]
    for line in REMOVED:
        assert stale[line] == "paragraph is English that the English page no longer has (from another version)"
    for line, message in STALE_SENTENCES.items():
        assert stale[line] == message
    assert sorted(found["untranslated-paragraph"]) == CURRENT_ENGLISH


def test_with_history_the_finding_names_the_revision_that_had_the_text(tmp_path: Path) -> None:
    revisions = tmp_path / "history"
    revisions.mkdir()
    for page in (ORIGIN, CURRENT):
        shutil.copy(page, revisions / page.name)
    stale = lint(SourceHistory(revisions, cache_dir=None))["stale-untranslated-paragraph"]
    assert stale[71].startswith("paragraph is the English of 2023-03-07 08:52 5bad28ff: English now says")
    assert stale[107].startswith("paragraph is the English of 2023-03-07 08:52 5bad28ff: English now says")
    assert stale[171] == "paragraph is English that the English page no longer has (last in 2023-03-07 08:52 5bad28ff)"
