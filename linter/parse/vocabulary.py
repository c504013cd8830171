"""How common a word is in a language: the word lists shipped in the ``wordfreq`` package.

A detector cannot tell the language of one word: fastText gives "forum" Basque 0.18, English
0.14, Dutch 0.05, and "complex" English 0.50, yet both are everyday Dutch. A frequency list
can: "forum" is as common in Dutch as in English (Zipf 4.55 and 4.38), "funding" is not (2.52 in
``wordfreq``'s large Dutch list, so not in the small one, against 4.63), and "networkd" is no English
word at all.

The lists are ``wordfreq``'s "small" ones (the words of its sources seen at least once per million
words, Zipf 3, in 44 languages; data CC BY-SA 4.0), read directly from the package's data
folder: its documented "cBpack" format is a gzipped msgpack list whose first element is a header
and whose i-th following element holds the words seen 10^(-i/100) of the time. ``wordfreq``
itself is never imported (its tokenisers import ``regex``, ``ftfy`` and ``langcodes``: 0.33 s),
and a list loads in 10-30 ms (the file read is half of it), when a rule first asks about its language.
"""

from __future__ import annotations

import functools

from linter.parse.packaged import package_folder

_PACKAGE = "wordfreq"
_HEADER = {"format": "cB", "version": 1}


def zipf(word: str, lang: str) -> float:
    """How often `word` is written in `lang` (a site's language code: "nl", "pt-BR", "zh_TW"), on the Zipf
    scale: log10 of its occurrences per billion words, 9 minus its centibel bucket over 100 as ``wordfreq``
    reckons it; "the" is about 7.7, a word of once per million 3, and an unlisted word or language 0."""
    return _frequencies(lang.replace("_", "-").partition("-")[0].casefold()).get(word.casefold(), 0.0)


@functools.cache
def _frequencies(lang: str) -> dict[str, float]:
    import gzip

    import msgpack

    if not lang.isalpha():
        return {}  # no language code
    folder = package_folder(_PACKAGE, "transmark's word lists come from the 'wordfreq' package: pip install wordfreq")
    path = folder / "data" / f"small_{lang}.msgpack.gz"
    if not path.is_file():
        return {}  # a language wordfreq has no list for
    with gzip.open(path, "rb") as file:
        pack = msgpack.load(file, raw=False)
    if not pack or pack[0] != _HEADER:
        raise ImportError(f"the word list {path} is not in the format transmark reads; reinstall wordfreq")
    # A bucket's words share its value: one dict.fromkeys each, not a rounding per word (a quarter of the time:
    # 17.9 -> 4.2 ms for Dutch's 29,000 words, 47.3 -> 12.8 for Russian's 61,000; a cold run loads five or six).
    frequencies: dict[str, float] = {}
    for index, bucket in enumerate(pack[1:]):
        frequencies.update(dict.fromkeys(bucket, round(9 - index / 100, 2)))
    return frequencies
