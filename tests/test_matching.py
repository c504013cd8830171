"""rules/matching.py: difflib's matching within its budget, a linear one past it."""

from __future__ import annotations

import difflib
import random

import pytest
from test_robustness import _lint

from rules import facts, matching


def _random_pair(rng: random.Random) -> tuple[list[str], list[str]]:
    english = [rng.choice("aab<>") for _ in range(rng.randint(0, 30))]
    return english, [rng.choice("aab<>c") for _ in range(rng.randint(0, 30))]


def test_within_the_budget_it_is_difflib() -> None:
    rng = random.Random(1)
    for _ in range(500):
        a, b = _random_pair(rng)
        matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
        assert matching.matching_blocks(a, b) == [tuple(block) for block in matcher.get_matching_blocks()]
        assert matching.ratio(a, b) == matcher.ratio()
        assert matching.opcodes(a, b) == matcher.get_opcodes()


def test_past_the_budget_the_matching_is_valid_and_pairs_the_same_items(monkeypatch: pytest.MonkeyPatch) -> None:
    """Past the budget, the pairs differ at most in which of equal items pair: the same keys are left over."""
    rng = random.Random(562)
    for _ in range(500):
        a, b = _random_pair(rng)
        within = facts.match_in_order(a, b, str)
        monkeypatch.setattr(matching, "BUDGET", -1)
        blocks, changes, past = matching.matching_blocks(a, b), matching.opcodes(a, b), facts.match_in_order(a, b, str)
        monkeypatch.undo()
        assert blocks[-1] == (len(a), len(b), 0)
        ends = [(0, 0)] + [(i + size, j + size) for i, j, size in blocks[:-1]]
        for (i, j, size), (end_i, end_j) in zip(blocks, ends, strict=True):
            assert i >= end_i and j >= end_j and a[i : i + size] == b[j : j + size]
        rebuilt = [item for tag, i1, i2, j1, j2 in changes for item in (a[i1:i2] if tag == "equal" else b[j1:j2])]
        assert rebuilt == b
        assert all(e == t for e, t in past[0]) and len(past[0]) == len(within[0])
        assert [sorted(side) for side in past[1:]] == [sorted(side) for side in within[1:]], (a, b)


def _difflib_work(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The tries of each search difflib makes (each item of the stretch of `a`, at each place of it in `b`)."""
    work = []
    search = difflib.SequenceMatcher.find_longest_match

    def counted(self, alo=0, ahi=None, blo=0, bhi=None):  # type: ignore[no-untyped-def]
        ahi = len(self.a) if ahi is None else ahi
        work.append(sum(1 + len(self.b2j.get(item, ())) for item in self.a[alo:ahi]))
        return search(self, alo, ahi, blo, bhi)

    monkeypatch.setattr(difflib.SequenceMatcher, "find_longest_match", counted)
    return work


def test_thousands_of_equal_tags_are_paired_without_difflibs_quadratic_search(monkeypatch: pytest.MonkeyPatch) -> None:
    """difflib tries each English key at every equal translated one: 18 kB of `<b>x</b>` took 12 s."""
    work = _difflib_work(monkeypatch)
    english = " ".join(f"<b>x{i}</b>" for i in range(1500))
    translated = "".join(char for i, char in enumerate(english) if char not in "<>" or i % 97)
    assert any(f.rule_id == "TM562" for f in _lint(english, translated))
    assert sum(work) <= matching.BUDGET  # 2,250,000 before


def test_a_huge_stale_paragraph_of_one_word_is_compared_linearly(monkeypatch: pytest.MonkeyPatch) -> None:
    work = _difflib_work(monkeypatch)
    words = ["a_b"] * 3000
    assert matching.ratio(words, words[1:]) == 2 * 2999 / 5999
    assert not work


def test_many_distinct_items_a_few_changed_are_matched_within_the_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each item is in `b` once, but difflib searches each stretch between the blocks it found again:
    40,000 code spans with one in 97 changed (1,700 blocks) took 30 s."""
    work = _difflib_work(monkeypatch)
    english = [f"code{i}" for i in range(20_000)]
    translated = [f"código{i}" if i % 97 == 0 else item for i, item in enumerate(english)]
    assert matching.ratio(english, translated) == 2 * (20_000 - 207) / 40_000
    assert sum(work) <= matching.BUDGET  # 4,100,000 before
