"""Compare language identifiers on the question "is this text English?", on real data.

Usage (from the repository root)::

    .venv/bin/python bench/langid_compare.py [CORPUS_DIR] [--max-paragraphs N]

CORPUS_DIR defaults to ``../shared/corpus`` relative to the repository root and holds
``en/<path>.md`` plus ``{es,he,ja,nl,ru,uk}/<path>.md`` (Crowdin exports of the same pages).

Labelling (no detector is involved in making the labels):

* Paragraphs are blank-line separated blocks of a page, after skipping front matter,
  fenced code, and lines that are only links/images/HTML/table rows/headings/admonition
  or tab markers/abbreviation definitions; link URLs ``](...)``, ``{ ... }`` attribute
  lists, ``:icon-name:`` shortcodes, inline HTML tags, ``**``/``*``/backticks are removed
  and whitespace collapsed.  Texts with fewer than 3 letters are dropped.
* English (positive): a paragraph of a translated page that occurs verbatim (after the
  cleaning above) among the paragraphs of the English page with the same path.
* Not English (negative), ja/he/ru/uk: not verbatim in the English page and at least 50 %
  of its letters are in the language's own script (kana/CJK, Hebrew, Cyrillic).
  Paragraphs with some but under 50 % own-script letters are *mixed* (partly translated)
  and left out of the paragraph set; ones with no own-script letters that are not
  verbatim English (Crowdin re-wrapping) are left out too.
* Not English, es/nl: not verbatim in the English page, no sentence of it occurs verbatim
  among the English page's sentences, it is not found in the raw English page, and its best
  word-level ``difflib`` similarity to any English paragraph of the page is below 0.5 (an
  untranslated string is verbatim or near-verbatim, since the export was made against the
  same English revision).  Everything else from es/nl is skipped.  These negatives get
  their own column.
* Sentences: every kept or mixed paragraph is split with ``linter.langid.split_sentences``
  and labelled by the same rules against the English page's sentences, so partly
  translated paragraphs contribute English and non-English sentences.
* Duplicates (the same untranslated text in six languages) are counted once; if there are
  more paragraphs than ``--max-paragraphs`` a seeded stratified sample is taken.

Score: each library's ``P(en) / (P(en) + max P(other))`` (> 0.5 exactly when ``en`` is its
top-1 language); "English" when the score reaches the threshold (main table: 0.5).
"""

from __future__ import annotations

import argparse
import difflib
import random
import re
import statistics
import subprocess
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from linter.parse.langid import split_sentences  # noqa: E402

LANGS = ("es", "he", "ja", "nl", "ru", "uk")
SCRIPT_LANGS = {
    "ja": re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff66-\uff9f]"),
    "he": re.compile(r"[\u0590-\u05ff]"),
    "ru": re.compile(r"[\u0400-\u04ff]"),
    "uk": re.compile(r"[\u0400-\u04ff]"),
}
SHORT = 40

# --------------------------------------------------------------------------- extraction

_FENCE_RE = re.compile(r"^\s*(```|~~~)")
_SKIP_LINE_RES = [
    re.compile(r"^\s*#{1,6}\s"),  # heading
    re.compile(r"^\s*\|"),  # table row
    re.compile(r"^\s*[-:| ]+\|[-:| ]*$"),  # table separator
    re.compile(r"^\s*\\?(!!!|\?\?\?\+?|===)"),  # admonition / content tab markers
    re.compile(r"^\s*\\?\*\[[^\]]*\]:"),  # abbreviation definitions
    re.compile(r"^\s*<[^>]*>\s*$"),  # a line that is one HTML tag
    re.compile(r"^\s*-+8<-+"),  # snippet includes
    re.compile(r"^\s*<?https?://\S+>?\s*$"),  # a bare URL
    re.compile(r"^\s*</?[a-zA-Z][^>]*>.*</[a-zA-Z]+>\s*$"),  # <small>...</small> etc.
]
_ONLY_LINKS_RE = re.compile(r"^\s*(?:[-*+]\s+|\d+\.\s+)?(?:!?\[[^\]]*\]\([^)]*\)(?:\{[^}]*\})?\s*)+$")
_LIST_MARK_RE = re.compile(r"^\s*(?:[-*+]|\d+\.)\s+(?:\\?\[[ xX]\\?\]\s*|\\x\\\s*)?")
_QUOTE_RE = re.compile(r"^\s*>\s?")
_IMAGE_RE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_LINK_URL_RE = re.compile(r"\]\((?:[^()]|\([^)]*\))*\)")
_ATTR_RE = re.compile(r"\{[^{}]*\}")
_ICON_RE = re.compile(r":[a-z0-9_+]+(?:-[a-z0-9_+]+)*:")
_TAG_RE = re.compile(r"</?[a-zA-Z][^>]*>")
_EMPH_RE = re.compile(r"\*\*|\*|`")
_ESCAPE_RE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!=|<>])")
_FOOTNOTE_RE = re.compile(r"\[\^[^\]]*\]")
_SPACE_RE = re.compile(r"\s+")
_LETTER_RE = re.compile(r"[^\W\d_]")


def _skip_line(line: str) -> bool:
    if not line.strip():
        return True
    if _ONLY_LINKS_RE.match(line):
        return True
    return any(r.match(line) for r in _SKIP_LINE_RES)


def clean(text: str) -> str:
    """Strip the Markdown markup described in the module docstring."""
    text = _IMAGE_RE.sub(" ", text)
    text = _FOOTNOTE_RE.sub("", text)
    text = _LINK_URL_RE.sub("]", text)
    text = text.replace("[", "").replace("]", "")
    text = _ATTR_RE.sub(" ", text)
    text = _ICON_RE.sub(" ", text)
    text = _TAG_RE.sub(" ", text)
    text = _ESCAPE_RE.sub(r"\1", text)
    text = _EMPH_RE.sub("", text)
    return _SPACE_RE.sub(" ", text).strip()


def paragraphs(markdown: str) -> list[str]:
    """Cleaned prose paragraphs of a page."""
    lines = markdown.splitlines()
    if lines and lines[0].strip() == "---":
        for i in range(1, len(lines)):
            if lines[i].strip() == "---":
                lines = lines[i + 1 :]
                break
    out: list[str] = []
    block: list[str] = []
    in_fence = False
    in_raw_html = False  # <style> / <script> blocks

    def flush() -> None:
        if block:
            text = clean(" ".join(block))
            if len(_LETTER_RE.findall(text)) >= 3:
                out.append(text)
            block.clear()

    for line in lines:
        if _FENCE_RE.match(line):
            flush()
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        if re.match(r"^\s*<(style|script)\b", line):
            flush()
            in_raw_html = not re.search(r"</(style|script)>", line)
            continue
        if in_raw_html:
            in_raw_html = not re.search(r"</(style|script)>", line)
            continue
        if not line.strip():
            flush()
            continue
        if _skip_line(line):
            continue
        line = _QUOTE_RE.sub("", line)
        if _LIST_MARK_RE.match(line):  # a list item starts its own text
            flush()
            line = _LIST_MARK_RE.sub("", line)
        block.append(line.strip())
    flush()
    return out


# --------------------------------------------------------------------------- labelling


@dataclass(frozen=True)
class Sample:
    text: str
    lang: str  # language of the page it came from
    english: bool


def _script_ratio(text: str, lang: str) -> float:
    letters = len(_LETTER_RE.findall(text))
    if not letters:
        return 0.0
    return len(SCRIPT_LANGS[lang].findall(text)) / letters


def _best_ratio(text: str, candidates: Iterable[str]) -> float:
    """Best word-level difflib similarity of `text` to any candidate."""
    matcher: difflib.SequenceMatcher[str] = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(text.split())
    best = 0.0
    for cand in candidates:
        matcher.set_seq1(cand.split())
        if matcher.real_quick_ratio() <= best or matcher.quick_ratio() <= best:
            continue
        best = max(best, matcher.ratio())
    return best


@dataclass
class EnglishPage:
    raw: str
    paragraphs: list[str]
    sentences: list[str]

    def __post_init__(self) -> None:
        self.paragraph_set = set(self.paragraphs)
        self.sentence_set = set(self.sentences)
        self.joined = "\n".join(self.paragraphs)


def _label(text: str, lang: str, en: EnglishPage, unit: str) -> bool | None | str:
    """True = English, False = not English, None = skip, "mixed" = partly translated."""
    exact = en.paragraph_set if unit == "para" else en.sentence_set
    if text in exact:
        return True
    if lang in SCRIPT_LANGS:
        ratio = _script_ratio(text, lang)
        if ratio >= 0.5:
            return False
        return "mixed" if ratio > 0 else None
    # es / nl: only clearly different text counts as translated
    if text in en.raw or text in en.joined:  # e.g. alt text or heading Crowdin broke
        return None
    if any(s in en.sentence_set for s in split_sentences(text) if len(s.split()) >= 3):
        return "mixed"
    candidates = en.paragraphs if unit == "para" else en.sentences
    if _best_ratio(text, candidates) < 0.5:
        return False
    return None


def build(corpus: Path) -> tuple[list[Sample], list[Sample], Counter[str]]:
    """Labelled paragraphs and sentences, deduplicated by text."""
    para: dict[str, Sample] = {}
    sent: dict[str, Sample] = {}
    stats: Counter[str] = Counter()
    for en_file in sorted((corpus / "en").rglob("*.md")):
        rel = en_file.relative_to(corpus / "en")
        raw = en_file.read_text(encoding="utf-8")
        en_paras = paragraphs(raw)
        en = EnglishPage(raw, en_paras, [s for p in en_paras for s in split_sentences(p)])
        for lang in LANGS:
            tr_file = corpus / lang / rel
            if not tr_file.is_file():
                continue
            for text in paragraphs(tr_file.read_text(encoding="utf-8")):
                label = _label(text, lang, en, "para")
                stats[f"{lang} para {label}"] += 1
                if isinstance(label, bool):
                    para.setdefault(text, Sample(text, lang, label))
                if label is None:
                    continue
                for s in split_sentences(text):
                    if len(_LETTER_RE.findall(s)) < 3:
                        continue
                    slabel = _label(s, lang, en, "sent")
                    if isinstance(slabel, bool):
                        sent.setdefault(s, Sample(s, lang, slabel))
    return list(para.values()), list(sent.values()), stats


def stratified_sample(samples: list[Sample], limit: int, seed: int = 0) -> list[Sample]:
    """At most `limit` samples, each (lang, label) group shrunk proportionally."""
    if len(samples) <= limit:
        return samples
    groups: dict[tuple[str, bool], list[Sample]] = defaultdict(list)
    for s in samples:
        groups[(s.lang, s.english)].append(s)
    rng = random.Random(seed)
    out: list[Sample] = []
    for key in sorted(groups):
        group = groups[key]
        n = max(1, round(len(group) * limit / len(samples)))
        out.extend(rng.sample(group, min(n, len(group))))
    return out


# --------------------------------------------------------------------------- detectors

Scorer = Callable[[str], float]  # text -> probability that it is English

LOAD_SNIPPETS = {
    "langdetect": (
        "from langdetect import DetectorFactory, detect_langs\n"
        "DetectorFactory.seed = 0\n"
        "detect_langs('This is a sentence.')\n"
    ),
    "py3langid": (
        "from py3langid.langid import LanguageIdentifier, MODEL_FILE\n"
        "ident = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)\n"
        "ident.rank('This is a sentence.')\n"
    ),
    "fastText lid.176.ftz": ("from linter.langid import english_score\nenglish_score('This is a sentence.')\n"),
}


def two_way(probs: dict[str, float]) -> float:
    """P(en) against the strongest rival: P(en) / (P(en) + max P(other)); > 0.5 iff top-1."""
    p_en = probs.get("en", 0.0)
    p_other = max((v for k, v in probs.items() if k != "en"), default=0.0)
    return p_en / (p_en + p_other) if p_en > 0 else 0.0


def make_scorers() -> dict[str, Scorer]:
    """Two-way English score from each library (fastText: linter.langid, uncached)."""
    from langdetect import DetectorFactory, LangDetectException, detect_langs
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    from linter.parse.langid import english_score

    DetectorFactory.seed = 0
    ident = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    english_score("warm up")  # loads the model

    def langdetect_en(text: str) -> float:
        try:
            langs = detect_langs(text)
        except LangDetectException:  # no features (no letters)
            return 0.0
        return two_way({str(x.lang).split("-")[0]: float(x.prob) for x in langs})

    def py3langid_en(text: str) -> float:
        return two_way(dict(ident.rank(text)))

    return {
        "langdetect": langdetect_en,
        "py3langid": py3langid_en,
        "fastText lid.176.ftz": english_score.__wrapped__,
    }


def load_time_ms(snippet: str, runs: int = 3) -> float:
    """Median wall time of import + model load + first call, in a fresh interpreter."""
    code = (
        "import sys, time\n"
        f"sys.path.insert(0, {str(REPO_ROOT)!r})\n"
        "t = time.perf_counter()\n"
        f"{snippet}"
        "print((time.perf_counter() - t) * 1000)\n"
    )
    times = []
    for _ in range(runs):
        res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
        times.append(float(res.stdout.strip().splitlines()[-1]))
    return statistics.median(times)


@dataclass
class Score:
    correct: int = 0
    total: int = 0
    false_pos: int = 0  # said English, is not
    false_neg: int = 0  # said not English, is

    def add(self, predicted: bool, truth: bool) -> None:
        self.total += 1
        if predicted == truth:
            self.correct += 1
        elif predicted:
            self.false_pos += 1
        else:
            self.false_neg += 1

    def pct(self) -> str:
        return f"{100 * self.correct / self.total:.1f}%" if self.total else "n/a"


def evaluate(probs: list[float], samples: list[Sample], threshold: float) -> dict[str, Score]:
    scores: dict[str, Score] = defaultdict(Score)
    for prob, s in zip(probs, samples, strict=True):
        pred = prob >= threshold
        groups = ["all", "en" if s.english else "non-en"]
        if len(s.text) < SHORT:
            groups.append("short")
        if not s.english:
            groups.append("non-en es/nl" if s.lang in ("es", "nl") else "non-en script")
        for g in groups:
            scores[g].add(pred, s.english)
    return scores


def timed(scorer: Scorer, samples: list[Sample]) -> tuple[list[float], list[float]]:
    """(P(en) per sample, microseconds per call)."""
    probs, micros = [], []
    for s in samples:
        t = time.perf_counter()
        probs.append(scorer(s.text))
        micros.append((time.perf_counter() - t) * 1e6)
    return probs, micros


def _describe(name: str, samples: list[Sample]) -> str:
    c = Counter((s.lang, s.english) for s in samples)
    short = sum(len(s.text) < SHORT for s in samples)
    parts = [f"{lang}: {c[(lang, True)]} en / {c[(lang, False)]} non-en" for lang in LANGS]
    pos = sum(s.english for s in samples)
    return (
        f"{name}: {len(samples)} ({pos} English, {len(samples) - pos} not; "
        f"{short} under {SHORT} chars)\n    " + "; ".join(parts)
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=REPO_ROOT.parent / "shared" / "corpus")
    parser.add_argument("--max-paragraphs", type=int, default=2000)
    parser.add_argument("--max-sentences", type=int, default=3000)
    parser.add_argument("--show-errors", type=int, default=0, metavar="N")
    parser.add_argument("--threshold", type=float, default=0.5, help="for --show-errors")
    args = parser.parse_args(argv)

    paras, sents, stats = build(args.corpus)
    paras = stratified_sample(paras, args.max_paragraphs)
    sents = stratified_sample(sents, args.max_sentences)
    print(_describe("paragraphs", paras))
    print(_describe("sentences", sents))
    skipped = sum(n for k, n in stats.items() if k.endswith(("None", "mixed")))
    mixed = sum(n for k, n in stats.items() if k.endswith("mixed"))
    print(f"    (skipped before dedup: {skipped} paragraphs, of which {mixed} mixed)\n")

    results: dict[str, tuple[list[float], list[float], float]] = {}
    for name, scorer in make_scorers().items():
        p_probs, p_us = timed(scorer, paras)
        s_probs, s_us = timed(scorer, sents)
        results[name] = (p_probs, s_probs, load_time_ms(LOAD_SNIPPETS[name]))
        lat = p_us + s_us
        print(f"{name}: latency median {statistics.median(lat):.0f} µs, mean {statistics.fmean(lat):.0f} µs")
        print(f"    paragraphs mean {statistics.fmean(p_us):.0f} µs, sentences mean {statistics.fmean(s_us):.0f} µs")
    print()

    header = (
        "| library (English if top-1 = en) | para acc | para <40 ch | para es/nl non-en "
        "| para FP/FN | sent acc | sent <40 ch | sent FP/FN | import+load+1st call |"
    )
    print(header)
    print("|---" * (header.count("|") - 1) + "|")
    for name, (p_probs, s_probs, load) in results.items():
        p = evaluate(p_probs, paras, 0.5)
        s = evaluate(s_probs, sents, 0.5)
        print(
            f"| {name} | {p['all'].pct()} | {p['short'].pct()} | {p['non-en es/nl'].pct()} "
            f"| {p['all'].false_pos}/{p['all'].false_neg} | {s['all'].pct()} | {s['short'].pct()} "
            f"| {s['all'].false_pos}/{s['all'].false_neg} | {load:.0f} ms |"
        )

    print("\nThreshold sweep (accuracy, FP/FN) for paragraphs | sentences:")
    print("| library | " + " | ".join(f"t={t}" for t in THRESHOLDS) + " |")
    print("|---" * (len(THRESHOLDS) + 1) + "|")
    for name, (p_probs, s_probs, _) in results.items():
        cells = []
        for t in THRESHOLDS:
            p = evaluate(p_probs, paras, t)["all"]
            s = evaluate(s_probs, sents, t)["all"]
            cells.append(f"{p.pct()} {p.false_pos}/{p.false_neg} · {s.pct()} {s.false_pos}/{s.false_neg}")
        print(f"| {name} | " + " | ".join(cells) + " |")

    if args.show_errors:
        for name, (p_probs, s_probs, _) in results.items():
            print(f"\nerrors of {name} at {args.threshold}:")
            pairs = list(zip(p_probs + s_probs, paras + sents, strict=True))
            wrong = [(pr, x) for pr, x in pairs if (pr >= args.threshold) != x.english]
            for pr, x in wrong[: args.show_errors]:
                kind = "EN " if x.english else "NON"
                print(f"    {x.lang} {kind} score={pr:.2f} {x.text[:90]!r}")
    return 0


THRESHOLDS = (0.5, 0.6, 0.7, 0.8, 0.9)

if __name__ == "__main__":
    raise SystemExit(main())
