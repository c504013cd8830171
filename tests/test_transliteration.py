"""Product names written in other scripts are recognised by their consonants (linter/parse/transliteration.py)."""

from __future__ import annotations

import pytest

from linter.parse.transliteration import latin_skeleton, sounds_like, sounds_near, words_in_script


@pytest.mark.parametrize(
    ("name", "word"),
    [
        ("Signal", "סיגנל"),
        ("Signal", "לסיגנל"),  # with the one-letter word "to" written onto it
        ("Session", "סשן"),
        ("Briar", "ברייר"),
        ("Oxen", "אוקסן"),
        ("Matrix", "מטריקס"),
        ("Safari", "ספארי"),
        ("Jitsi", "ג'יטסי"),
        ("Signal", "Сигналом"),  # with a case ending
        ("Element", "элемент"),
        ("Session", "セッション"),
        ("Matrix", "マトリックス"),  # the o after t and u after k are Japanese's own
        ("Mullvad", "ムルヴァド"),
        ("Signal", "시그널은"),  # with a particle
        ("Element", "엘리먼트"),
        ("Session", "세션"),
        ("Brave", "브레이브"),  # ㅣ: the glide of English's "a" (ei)
    ],
)
def test_a_name_in_other_letters_sounds_like_it(name: str, word: str) -> None:
    [(script, found, _)] = words_in_script(word)
    assert found == word
    assert sounds_like(script, word, name)


@pytest.mark.parametrize(
    ("name", "word"),
    [
        ("Briar", "ברור"),  # "clear": ו is no i or a
        ("Bluetooth", "פרטיות"),  # "privacy": the same consonants, other vowels
        ("IVPN", "באופן"),
        ("macOS", "מחוץ"),  # ח is not a k of a Latin name
        ("Tomb", "томов"),  # Cyrillic writes the vowels a name has, and no others
        ("MySudo", "между"),
        ("Send", "Узнайте"),
        ("Proton", "ビルトイン"),  # "built-in": Japanese adds no i after b
        ("Tails", "アドレス"),  # "address": a vowel before the name's first consonant
        ("Signal", "시간을"),  # "the time": hangul writes a, where Signal has no vowel between g and n
        ("Session", "사선"),
    ],
)
def test_a_word_with_other_sounds_does_not(name: str, word: str) -> None:
    [(script, _, _)] = words_in_script(word)
    assert not sounds_like(script, word, name)


def test_a_long_name_may_differ_in_one_consonant_when_asking_whether_it_is_written() -> None:
    assert not sounds_like("Hebrew", "בלוטוס", "Bluetooth")  # s for th
    assert sounds_near("Hebrew", "בלוטוס", "Bluetooth")
    assert not sounds_near("Hebrew", "מטרים", "Matrix")  # another number of consonants
    assert not sounds_near("Hebrew", "אלם", "Tor")  # a short name must match exactly


def test_skeletons_keep_one_sound_for_a_doubled_letter() -> None:
    assert latin_skeleton("Session") == "SSN"
    assert latin_skeleton("Mullvad") == "MLPT"
    assert latin_skeleton("Matrix") == "MTLKS"
