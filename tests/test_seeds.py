"""End to end on the real Crowdin exports in fixtures/seeds, each against the English revision it was made from.

The expected lines were checked by reading the seed beside its English revision
(fixtures/seeds/README.md says which revision and why).
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest

from linter.engine.registry import Registry
from linter.engine.runner import Runner, configure

SEEDS = Path(__file__).parent.parent / "fixtures" / "seeds"
ORIGIN = {
    "000": "2023-03-07T0852_5bad28ff.md",
    "001": "2023-03-07T0852_5bad28ff.md",
    "002": "2022-06-02T0650_9b5446c7.md",
    "003": "2023-02-06T0925_64d736a7.md",
    "004": "2022-04-13T1919_e39f0635.md",
}


def lint(seed: str) -> dict[str, list[int]]:
    translation = next(SEEDS.glob(f"{seed}_*.txt"))
    runner = Runner(configure(Registry.load()))
    findings = runner.lint_files(str(SEEDS / "en" / ORIGIN[seed]), str(translation))
    lines: dict[str, list[int]] = defaultdict(list)
    for finding in findings:
        lines[finding.rule_name].append(finding.span.start.line)
    return lines


def test_italian_seed_shuffled_headings_swapped_cards_broken_collapsibles() -> None:
    found = lint("000")
    # "## Signal" stands where English has "## Encrypted Messengers", "## Element" where it has
    # "## Additional Options": both are headings of other sections.
    assert found["shuffled-heading"] == [11, 109]
    # SimpleX card holds Element's card (logo, name, links), Briar's SimpleX's, Element's Briar's;
    # the PrivateBin card is pasted where English has `!!! example`. One finding per swapped card.
    assert found["misplaced-card"] == [50, 79, 117, 177]
    assert "mismatched-card-logo" not in found
    # `???` with `downloads` moved to the next line, twice.
    assert found["broken-admonition-header"] == [88, 131]
    assert "translated-admonition-type" not in found  # line 177 is the misplaced PrivateBin card


def test_italian_seed_untranslated_paragraphs() -> None:
    lines = lint("000")
    found, partly = set(lines["untranslated-paragraph"]), set(lines["partly-translated-paragraph"])
    # Paragraphs identical to the English revision, or English but for a stray "recommendation"
    # (135, 175; reported by stray-admonition-keyword), checked by reading the seed.
    wholly_english = {13, 42, 44, 71, 75, 105, 107, 135, 137, 139, 147, 149, 165, 167, 169, 171, 175}
    assert wholly_english <= found
    # Italian paragraphs with English sentences from the English page left in them.
    assert partly == {40, 113}
    translated = {7, 21, 23, 54, 73, 83, 101, 103}  # Italian paragraphs
    assert not (found | partly) & translated


def test_english_locale_file_reports_page_once_and_every_keyword() -> None:
    found = lint("001")
    assert found["translated-admonition-type"] == [17, 50, 75, 110, 143]  # !!! рекомендації
    assert found["untranslated-page"] == [1]
    assert "untranslated-paragraph" not in found


def test_damaged_english_export_extra_sections() -> None:
    found = lint("002")
    assert found["extra-section"] == [39, 74]  # "## Federated", "## Anonymous Routing" (another revision)


def test_hebrew_seed_every_translated_keyword() -> None:
    found = lint("003")
    # !!! המלצה (recommendation) and ??? הורדות (downloads), five cards.
    assert found["translated-admonition-type"] == [12, 26, 45, 58, 76, 87, 101, 114, 133, 145]


def test_portuguese_seed_every_translated_keyword_and_lost_logo() -> None:
    found = lint("004")
    assert found["translated-admonition-type"] == [10, 38, 67, 90]  # !!! recomendação
    # `Element logo](…)` lost its `![`: the card shows no logo, reported once, at the logo's line.
    assert found["lost-image-marker"] == [40]
    assert "mismatched-card-logo" not in found


@pytest.mark.parametrize("seed", sorted(ORIGIN))
def test_seed_output_is_deterministic(seed: str) -> None:
    assert lint(seed) == lint(seed)
