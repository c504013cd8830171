"""linter/parse/vocabulary.py: word frequencies per language, read from wordfreq's lists."""

from __future__ import annotations

import pytest

from linter.parse.vocabulary import zipf


def test_a_word_two_languages_share_is_common_in_both() -> None:
    assert zipf("forum", "nl") >= 4 and zipf("forum", "en") >= 4


def test_an_english_word_is_rare_in_a_language_that_does_not_borrow_it() -> None:
    assert zipf("funding", "en") - zipf("funding", "nl") > 2


@pytest.mark.parametrize("code", ["pt-BR", "pt_BR", "PT"])
def test_a_regional_code_reads_its_language_list(code: str) -> None:
    assert zipf("software", code) == zipf("software", "pt") > 0


def test_case_does_not_matter() -> None:
    assert zipf("Forum", "it") == zipf("forum", "it") > 0


@pytest.mark.parametrize("code", ["", "xx", "../en", "tlh"])
def test_a_language_without_a_list_knows_no_word(code: str) -> None:
    assert zipf("the", code) == 0.0
