"""Does a word in another script say a Latin name?  Consonant skeletons across scripts.

A product name written in Hebrew, Cyrillic, katakana or hangul letters ("סיגנל", "Сигнал",
"シグナル", "시그널" for "Signal") keeps the name's consonants and changes its vowels: Hebrew
writes few vowels, Japanese and Korean add some. Both sides are reduced to the sequence of
their consonant sounds, in classes coarse enough for the spellings to meet (b p f v; k g q;
s z sh ch ts j; t d; l r): "Signal" and "סיגנל" both read S K N L. A letter written twice is
one sound ("Session": S S N, like "סשן").
"""

from __future__ import annotations

import functools
import re
import unicodedata

from linter.patterns import lazy

__all__ = ["NEAR", "latin_skeleton", "skeletons", "sounds_like", "sounds_near", "words_in_script"]

# Latin: digraphs first, then single letters; vowels, h, w and y carry no consonant class.
_LATIN_DIGRAPHS = {"ph": "P", "sh": "S", "ch": "S", "th": "T", "ck": "K", "qu": "K", "gh": ""}
_LATIN = dict.fromkeys("bpfv", "P") | dict.fromkeys("kgq", "K") | dict.fromkeys("szj", "S") | {"x": "KS"}
_LATIN |= dict.fromkeys("td", "T") | dict.fromkeys("lr", "L") | {"m": "M", "n": "N"}
_SOFT_C = lazy(r"c(?=[eiy])")

# Hebrew: alef, he, vav, yod and ayin (not mapped) stand for vowels, or nothing, in transliterated names.
# ח is a sound Latin names do not have (they write k with כ or ק): its own class.
_HEBREW = dict(zip("בגדזחטכךלמםנןספףצץקרשת", "PKTSXTKKLMMNNSPPSSKLST", strict=True))
_GERESH = lazy(r"[גזצ][׳']")  # ג׳ (j), ז׳ (zh), צ׳ (ch)

# The Latin vowels (and w, h) each vowel letter may stand for in a name.
_HEBREW_VOWELS = {"י": "iey", "ו": "ouw", "א": "aeiou", "ע": "aeiou", "ה": "aeh"}
_CYRILLIC_VOWELS = dict.fromkeys("ая", "aeiu") | {"о": "oa"} | dict.fromkeys("ую", "uow")
_CYRILLIC_VOWELS |= dict.fromkeys("иыіїй", "iey") | dict.fromkeys("еэєё", "eaiy")
_KANA_VOWELS = {"a": "aeu", "i": "iey", "u": "uow", "e": "ea", "o": "oaw"}

_CYRILLIC = dict(zip("бвгґджзклмнпрстфхцчшщ", "PPKKTSSKLMNPLSTPKSSSS", strict=True))
# Case endings that add a consonant ("Сигналом"); a name is compared with and without them.
_CYRILLIC_ENDINGS = lazy(r"(?:ами|ями|ого|его|ому|ему|ом|ем|ам|ям|ах|ях|ов|ев|ой|ей|ий|ый)$")

# Katakana: a syllable is one consonant (or none) and a vowel; ッ doubles, ー lengthens, a small
# vowel or ャュョ replaces the vowel before it (シ + ョ: "sho").
_KANA_ROWS = {
    "K": ("カキクケコガギグゲゴ", "aiueoaiueo"),
    "S": ("サシスセソザジズゼゾチツヂヅ", "aiueoaiueoiuiu"),
    "T": ("タテトダデド", "aeoaeo"),
    "N": ("ナニヌネノ", "aiueo"),
    "P": ("バビブベボパピプペポフヴ", "aiueoaiueouu"),
    "M": ("マミムメモ", "aiueo"),
    "L": ("ラリルレロ", "aiueo"),
    "": ("アイウエオヤユヨワハヒヘホ", "aiueoauoaaieo"),
}
_KATAKANA = {
    kana: sound + vowel for sound, (row, vowels) in _KANA_ROWS.items() for kana, vowel in zip(row, vowels, strict=True)
}
_KATAKANA["ン"] = "N"
_SMALL_KANA = dict(zip("ァィゥェォャュョ", "aiueoauo", strict=True))
# Vowels Japanese adds after a consonant the name has none after (Matrix: マトリックス, "matorikkusu").
_EPENTHETIC = {"T": "o", "S": "ui"}

# Hangul syllables: initial and final consonant of each (U+AC00 + (initial * 21 + vowel) * 28 + final).
_HANGUL_INITIAL = "KKNTTLMPPSS SSSKTP "
_HANGUL_FINAL = ["", "K", "K", "KS", "N", "NS", "N", "T", "L", "LK", "LM", "LP", "LS", "LT", "LP", "L"]
_HANGUL_FINAL += ["M", "P", "PS", "S", "S", "", "S", "S", "K", "T", "P", ""]
# Hangul's 21 vowels (in syllable order) and the Latin vowels (and w, y) each may write in a name:
# ㅓ ("eo") is English's unstressed vowel, whatever its letter; ㅡ ("eu") is Korean's own, after a
# consonant the name has no vowel after ("Signal": 시그널), and so is ㅣ after ch, j, sh (as in Japanese).
_HANGUL_VOWELS = dict(
    zip(
        "ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ",
        ["aiou", "ae", "aiy", "aey", "aeiou", "ae", "aeiouy", "aey", "oau", "aouw", "aew", "oe", "oy", "uow"]
        + ["aouw", "ew", "eiw", "uey", "", "uie", "iey"],
        strict=True,
    )
)

_SCRIPTS = {
    "Hebrew": r"[\u05d0-\u05ea]+(?:[׳'][\u05d0-\u05ea]+)*",
    "Cyrillic": r"[\u0400-\u04ff]+",
    "katakana": r"[\u30a1-\u30fa\u30fc]+",
    "Korean": r"[\uac00-\ud7a3]+",
}
_HEBREW_PREFIXES = "בהוכלמש"  # one-letter words written onto the next: ל־, ב־, ה־, ...


@functools.cache
def _latin(name: str) -> str:
    """A name's spelling as sounds: consonant classes in capitals, vowel letters as they are."""
    text = unicodedata.normalize("NFKD", name.casefold())
    text = re.sub(r"([a-z])\1", r"\1", _SOFT_C.sub("s", text))
    for digraph, sound in _LATIN_DIGRAPHS.items():
        text = text.replace(digraph, sound)
    return "".join(ch if ch.isupper() or ch in "aeiouywh" else _LATIN.get(ch, "K" if ch == "c" else "") for ch in text)


def latin_skeleton(name: str) -> str:
    """The consonant classes of a name written in Latin letters ("Session" -> "SSN")."""
    return re.sub(r"[^A-Z]", "", _latin(name))


def _hebrew(word: str) -> str:
    word = _GERESH.sub("ז", word)  # every geresh letter is a sibilant: S
    return "".join(_HEBREW.get(ch) or (ch if ch in _HEBREW_VOWELS else "") for ch in word)


def _cyrillic(word: str) -> str:
    word = re.sub(r"(.)\1", r"\1", word.casefold())
    return "".join(_CYRILLIC.get(ch) or (ch if ch in _CYRILLIC_VOWELS else "") for ch in word)


def _katakana(word: str) -> str:
    spelling = ""
    for ch in word:
        if ch in _SMALL_KANA and spelling[-1:].islower():
            spelling = spelling[:-1] + _SMALL_KANA[ch]
        else:
            spelling += _KATAKANA.get(ch, "")
    return spelling


def _hangul(word: str) -> str:
    sounds = []
    for ch in word:
        index = ord(ch) - 0xAC00
        vowel = list(_HANGUL_VOWELS)[index // 28 % 21]
        sounds.append(_HANGUL_INITIAL[index // 588].strip() + vowel + _HANGUL_FINAL[index % 28])
    return "".join(sounds).replace("LL", "L")  # 엘리 "elli" is how hangul writes one l between vowels


def _readings(script: str, word: str) -> list[str]:
    """The spellings a word may stand for: itself, and without what grammar attaches to a name."""
    if script == "Hebrew":
        prefixed = [n for n in (1, 2) if len(word) > n + 2 and all(c in _HEBREW_PREFIXES for c in word[:n])]
        return [_hebrew(word[n:]) for n in [0, *prefixed]]
    if script == "Cyrillic":
        return [_cyrillic(word), _cyrillic(_CYRILLIC_ENDINGS.sub("", word.casefold()))]
    if script == "katakana":
        return [_katakana(word)]
    # Korean writes particles onto the name ("시그널은"): each opening run of syllables is a reading.
    return [_hangul(word[:end]) for end in range(2, len(word) + 1)]


def _vowels_fit(script: str, written: str, name: str) -> bool:
    """Whether the vowel letters between the consonants are ones the name's vowels may be written with.

    Hebrew leaves vowels out but writes none the name lacks ("ברור", clear, is not "Briar": ו is no
    i or a); Cyrillic writes each vowel (its last gap is the grammar's); katakana writes a vowel after
    each consonant, where the name has one or as Japanese adds one (u; o after t, d; i after sh, ch).
    Hangul writes a vowel in each syllable, ㅡ (and ㅣ after ch, j, sh) where the name has none.
    """
    consonants = re.findall(r"[A-Z]", written)
    pairs = list(zip(re.split(r"[A-Z]", written), re.split(r"[A-Z]", _latin(name)), strict=True))
    if script == "Korean":
        return all(
            vowel == "ㅡ"
            or any(v in name_gap for v in _HANGUL_VOWELS[vowel])
            or (vowel == "ㅣ" and (k > 0 or i > 0 and consonants[i - 1] == "S"))
            for i, (gap, name_gap) in enumerate(pairs)
            for k, vowel in enumerate(gap)
        )
    if script == "katakana":
        return all(
            any(v in name_gap for v in _KANA_VOWELS[vowel])
            or (i > 0 and vowel in _EPENTHETIC.get(consonants[i - 1], "u"))
            for i, (gap, name_gap) in enumerate(pairs)
            for vowel in gap
        )
    if script == "Hebrew":
        fits = _HEBREW_VOWELS
    else:
        fits, pairs = _CYRILLIC_VOWELS, pairs[:-1]
        if any(not gap and re.search("[aeiou]", name_gap) for gap, name_gap in pairs):
            return False
    return all(any(vowel in name_gap for vowel in fits[letter]) for gap, name_gap in pairs for letter in gap)


def words_in_script(text: str) -> list[tuple[str, str, int]]:
    """Every word of the text in a script names are transliterated into: (script, word, offset)."""
    found = [(script, m.group(), m.start()) for script, pattern in _SCRIPTS.items() for m in re.finditer(pattern, text)]
    return sorted(found, key=lambda item: item[2])


def sounds_like(script: str, word: str, name: str) -> bool:
    """Whether a word of that script reads as the Latin name."""
    skeleton = latin_skeleton(name)
    return any(
        re.sub(r"[^A-Z]", "", written) == skeleton and _vowels_fit(script, written, name)
        for written in _readings(script, word)
    )


NEAR = 4  # consonants a name needs before one of them may be written otherwise


def skeletons(script: str, word: str) -> list[str]:
    """The consonant classes of a word of that script, for each name it may stand for (an index's keys)."""
    return [re.sub(r"[^A-Z]", "", written) for written in _readings(script, word)]


def sounds_near(script: str, word: str, name: str) -> bool:
    """Whether a word of that script may be the Latin name, one consonant aside: a name of four consonants
    or more written as its language says it ("בלוטוס", Bluetooth with s for th). Looser than sounds_like:
    for asking whether a name is written at all, not for calling a word a name."""
    skeleton = latin_skeleton(name)
    if len(skeleton) < NEAR:
        return sounds_like(script, word, name)
    for written in _readings(script, word):
        consonants = re.sub(r"[^A-Z]", "", written)
        if len(consonants) == len(skeleton) and sum(a != b for a, b in zip(consonants, skeleton, strict=True)) <= 1:
            return True
    return False
