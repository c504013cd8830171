"""Site runs: worker processes change nothing, export bugs collapse to the English page, keys are structural."""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest

from linter.align.aligner import align
from linter.engine.findings import Finding, Severity
from linter.engine.keys import node_path, structural_key
from linter.engine.registry import Registry
from linter.engine.runner import Runner, configure, lint_site
from linter.engine.site import Site
from linter.engine.systemic import MIN_LANGUAGES, broken_text, collapse_systemic
from linter.parse.markdown import parse_page
from linter.parse.positions import Pos, Span
from linter.parse.source import SourceText
from linter.project.target import Target

ENGLISH = "# Title\n\n## Signal\n\n!!! recommendation\n\n    ![Signal logo](assets/signal.svg)\n\n    Text.\n"
BROKEN = "# Titolo\n\n## Signal\n\n!!! recommendation\n\n    ![Logo](assets/element.svg)\n\n    Testo.\n"


def _site(tmp_path: Path, languages: list[str], broken: set[str]) -> list[Target]:
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "page.md").write_text(ENGLISH, encoding="utf-8")
    targets = []
    for lang in languages:
        (tmp_path / lang).mkdir()
        text = BROKEN if lang in broken else BROKEN.replace("element", "signal")
        (tmp_path / lang / "page.md").write_text(text, encoding="utf-8")
        targets.append(Target(lang, tmp_path / "en" / "page.md", tmp_path / lang / "page.md"))
    return targets


def _runner() -> Runner:
    return Runner(configure(Registry.load(), select=["TM201"]), is_english=lambda text: False)


def test_breakage_in_every_language_is_one_finding_on_the_english_page(tmp_path: Path) -> None:
    languages = ["de", "es", "fr", "it"]
    findings = lint_site(_runner(), _site(tmp_path, languages, set(languages)))
    assert len(findings) == 1
    (finding,) = findings
    assert finding.path == str(tmp_path / "en" / "page.md") and finding.span.start.line == 7
    assert "every translation (4 languages)" in finding.message and finding.lang == ""


def test_breakage_in_some_languages_stays_per_language(tmp_path: Path) -> None:
    languages = ["de", "es", "fr", "it"]
    findings = lint_site(_runner(), _site(tmp_path, languages, {"de", "es", "fr"}))
    assert [f.lang for f in findings] == ["de", "es", "fr"]
    assert all(f.path.endswith(f"{f.lang}/page.md") for f in findings)


def test_too_few_languages_never_collapse(tmp_path: Path) -> None:
    languages = ["de", "es"][: MIN_LANGUAGES - 1]
    findings = lint_site(_runner(), _site(tmp_path, languages, set(languages)))
    assert len(findings) == len(languages)


def test_untranslated_text_is_progress_and_never_collapses() -> None:
    span = Span(Pos(3, 1), Pos(3, 9))
    findings = [
        Finding("TM401", "untranslated-paragraph", Severity.INFO, f"{lang}/a.md", span, "m", "en/a.md", span, lang=lang)
        for lang in ("de", "es", "fr")
    ]
    targets = [Target(lang, Path("en/a.md"), Path(f"{lang}/a.md")) for lang in ("de", "es", "fr")]
    assert collapse_systemic(findings, targets) == findings


def test_worker_processes_give_the_same_findings_as_one_process() -> None:
    seeds = Path(__file__).resolve().parent.parent / "fixtures" / "seeds"
    origin = {"000": "5bad28ff", "001": "5bad28ff", "002": "9b5446c7", "003": "64d736a7", "004": "e39f0635"}
    targets = [
        Target(lang, next((seeds / "en").glob(f"*_{commit}.md")), next(seeds.glob(f"{seed}_*.txt")))
        for seed, commit in origin.items()
        for lang in ("es", "he", "ja", "nl", "ru", "uk")
    ]
    runner = Runner(configure(Registry.load()), is_english=lambda text: text.isascii())
    assert lint_site(runner, targets, jobs=2) == lint_site(runner, targets, jobs=1)


def test_structural_key_names_the_english_section_and_block() -> None:
    source = parse_page(SourceText("en.md", "# T\n\n## Signal\n\nOne.\n\nTwo.\n"))
    target = parse_page(SourceText("it.md", "# T\n\n## Segnale\n\nUno.\n\n\n\nDue.\n\nExtra.\n"))
    alignment = align(source, target)
    paragraphs = [n for n in target.root.walk() if n.kind == "paragraph"]
    keys = [structural_key(p, alignment) for p in paragraphs]
    assert keys[:2] == ["#t/#signal/paragraph1", "#t/#signal/paragraph2"]
    assert keys[2] == "#t/#signal/+paragraph3"  # no counterpart: anchored to its paired section
    assert node_path(source.root) == "page"


def test_site_resolves_links_and_reads_other_pages_lazily(tmp_path: Path) -> None:
    (tmp_path / "en" / "sub").mkdir(parents=True)
    (tmp_path / "it" / "sub").mkdir(parents=True)
    (tmp_path / "en" / "sub" / "b.md").write_text("# B\n\n## Bee { #bee }\n", encoding="utf-8")
    (tmp_path / "it" / "sub" / "b.md").write_text("# B\n\n## Ape\n", encoding="utf-8")
    loads: list[str] = []

    def load(path: str, lang: str, outline: bool = False):
        loads.append(path)
        return parse_page(SourceText.read(path), lang, outline=outline)

    en, it = str(tmp_path / "en" / "sub" / "b.md"), str(tmp_path / "it" / "sub" / "b.md")
    site = Site.of_targets([Target("it", Path(en), Path(it))], load)
    assert loads == []
    assert site.resolve(str(tmp_path / "en" / "a.md"), "sub/b.md#bee") == (en.replace("\\", "/"), "bee")
    assert site.resolve(en, "https://example.org/x.md") is None
    assert site.anchors(en, "it") == frozenset({"b", "ape"})
    assert site.anchors(en, "en") == frozenset({"b", "bee"})
    assert [title for title in site.headings()] == ["b", "bee"]
    assert site.page(en, "fr") is None


def test_different_breakage_at_the_same_spot_stays_per_language(tmp_path: Path) -> None:
    """Each language shows another wrong logo: not one export bug, so each keeps its own finding."""
    languages = ["de", "es", "fr", "it"]
    targets = _site(tmp_path, languages, set(languages))
    for target, product in zip(targets, ("element", "molly", "session", "wire"), strict=True):
        target.translation.write_text(BROKEN.replace("element", product), encoding="utf-8")
    findings = lint_site(_runner(), targets)
    assert [f.lang for f in findings] == languages
    assert len({f.message for f in findings}) == len(languages)


def _same_spot(langs: list[str], message: str = "m") -> list[Finding]:
    span = Span(Pos(3, 1), Pos(3, 9))
    return [
        Finding(
            "TM201", "mismatched-card-logo", Severity.WARNING, f"{lang}/a.md", span, message, "en/a.md", span, lang=lang
        )
        for lang in langs
    ]


def test_a_configured_share_of_languages_collapses() -> None:
    targets = [Target(lang, Path("en/a.md"), Path(f"{lang}/a.md")) for lang in ("de", "es", "fr", "it")]
    findings = _same_spot(["de", "es", "fr"])
    assert collapse_systemic(findings, targets) == findings  # not in every language
    (merged,) = collapse_systemic(findings, targets, share=0.75)
    assert merged.path == "en/a.md" and merged.message.startswith("in 3 of 4 translations")


def test_collapsed_finding_does_not_depend_on_the_order_findings_arrive_in() -> None:
    targets = [Target(lang, Path("en/a.md"), Path(f"{lang}/a.md")) for lang in ("de", "es", "fr")]
    findings = [
        replace(f, source_span=Span(Pos(3, 1), Pos(3, 9 + n)))  # the same spot, English spans of other lengths
        for n, f in enumerate(_same_spot(["de", "es", "fr"]))
    ]
    forward, backward = collapse_systemic(findings, targets), collapse_systemic(findings[::-1], targets)
    assert len(forward) == 1 and forward == backward


def test_findings_have_a_total_order() -> None:
    span = Span(Pos(3, 1), Pos(3, 9))
    a = Finding("TM201", "x", Severity.WARNING, "de/a.md", span, "m", "en/a.md", Span(Pos(4, 1), Pos(4, 2)), lang="de")
    b = Finding("TM201", "x", Severity.WARNING, "de/a.md", span, "m", "en/a.md", Span(Pos(5, 1), Pos(5, 2)), lang="de")
    assert sorted([b, a], key=Finding.sort_key) == sorted([a, b], key=Finding.sort_key) == [a, b]


def test_broken_text_on_a_line_of_a_generated_page_is_read_beside_the_finding() -> None:
    """On a line longer than any page's prose, what stands at the finding is read near its span, not on the
    whole line (each of 16,000 findings on a 180 kB line searched all of it)."""
    message = 'code "kode7" where English has "code7"'
    near = "`kode7` " + "x" * 20_000
    far = "`kode6` " + "x" * 20_000 + " kode7"
    assert broken_text(message, [near], Span(Pos(1, 1), Pos(1, 8))) == "kode7"
    assert broken_text(message, [far], Span(Pos(1, 1), Pos(1, 8))) == message  # nothing quoted stands there
    assert broken_text(message, [far[-100:]], Span(Pos(1, 1), Pos(1, 8))) == "kode7"  # a line of prose: all of it
    assert broken_text(message, [far], Span(Pos(1, 1), Pos(1, len(far) + 1))) == "kode7"  # at the span's end


def test_same_broken_text_collapses_though_messages_name_each_languages_heading() -> None:
    """A link to an English-only id breaks in every language; each message names that language's heading."""
    headings = {"de": "Zensur vermeiden", "es": "Evitar la censura", "fr": "Éviter la censure"}
    findings, targets = [], []
    span = Span(Pos(2, 1), Pos(2, 40))
    for lang, heading in headings.items():
        lines = [f"# {lang}", f"- [{heading}](threats.md#avoiding-censorship)", ""]
        message = f'link "threats.md#avoiding-censorship" names no heading; there the heading is "{heading}"'
        shown = broken_text(message, lines, span)
        assert shown == "threats.md#avoiding-censorship", "the quote the page has, not the heading it names"
        findings.append(
            Finding(
                "TM108",
                "broken-anchor-link",
                Severity.WARNING,
                f"{lang}.md",
                span,
                message,
                "en.md",
                span,
                lang=lang,
                shown=shown,
            )
        )
        targets.append(Target(lang, Path("en.md"), Path(f"{lang}.md")))
    (merged,) = collapse_systemic(findings, targets)
    assert merged.path == "en.md" and merged.message.startswith("in every translation (3 languages)")
    assert merged.message.endswith("names no heading"), "one language's heading is no word for the English page"


def test_a_worker_parses_each_page_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each worker knows its share of the pairs: a page a link points into that the same worker lints
    later is parsed whole once, not for its headings first and again for its pair. (This process may
    take back groups no worker has started: a page of those it may have parsed for its headings.)"""
    import linter.engine.runner

    names = [f"p{n}" for n in range(6)]
    targets = []
    for lang in ("en", "de", "es"):
        (tmp_path / lang).mkdir()
        for n, name in enumerate(names):
            links = "".join(f"[{other}]({other}.md#part-{other})\n\n" for other in names if other != name)
            text = f"# {name}\n\n## Part {name}\n\n{links}Text {n}.\n"
            (tmp_path / lang / f"{name}.md").write_text(text, encoding="utf-8")
            if lang != "en":
                targets.append(Target(lang, tmp_path / "en" / f"{name}.md", tmp_path / lang / f"{name}.md"))
    log = tmp_path / "parses.log"

    def logged(source: SourceText, *args: object, **kwargs: object) -> object:
        with log.open("a", encoding="utf-8") as out:
            out.write(f"{os.getpid()} {source.path}\n")
        return parse_page(source, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(linter.engine.runner, "_PARALLEL_MIN", 1)
    monkeypatch.setattr(linter.engine.runner, "parse_page", logged)
    rules = configure(Registry.load(), select=["TM108"])
    found = lint_site(Runner(rules, is_english=lambda text: False), targets, jobs=2)
    parses = log.read_text(encoding="utf-8").splitlines()
    assert len({line.split()[0] for line in parses}) == 2  # this process and one worker
    in_worker = [line for line in parses if line.split()[0] != str(os.getpid())]
    assert in_worker and sorted(set(in_worker)) == sorted(in_worker)
    assert max(Counter(parses).values()) <= 2
    log.unlink()
    assert found == lint_site(Runner(rules, is_english=lambda text: False), targets, jobs=1)
    assert len(log.read_text(encoding="utf-8").splitlines()) == len(names) * 3


def test_this_process_takes_back_the_groups_no_worker_has_started(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A worker held up on its first group: this process, done with its own share, lints the groups the
    worker has not started (shares are estimates), and the findings are those of one process."""
    import multiprocessing

    import linter.engine.runner

    targets = []
    for lang in ("en", "de", "es"):
        (tmp_path / lang).mkdir()
        for n in range(20):
            (tmp_path / lang / f"p{n}.md").write_text(ENGLISH if lang == "en" else BROKEN, encoding="utf-8")
            if lang != "en":
                targets.append(Target(lang, tmp_path / "en" / f"p{n}.md", tmp_path / lang / f"p{n}.md"))
    here, go, log = os.getpid(), multiprocessing.get_context("fork").Event(), tmp_path / "worker.log"
    real_group, real_take_back = linter.engine.runner._lint_group, linter.engine.runner._Workers._take_back

    def lint_group(runner: Runner, group: list[Target], strict: bool) -> object:
        if os.getpid() != here:  # the worker (forked with this function)
            go.wait(60)
            with log.open("a", encoding="utf-8") as out:
                out.write(f"{group[0].source.name}\n")
        return real_group(runner, group, strict)

    def take_back(workers: object) -> None:
        real_take_back(workers)  # type: ignore[arg-type]
        go.set()

    monkeypatch.setattr(linter.engine.runner, "_PARALLEL_MIN", 1)
    monkeypatch.setattr(linter.engine.runner, "_lint_group", lint_group)
    monkeypatch.setattr(linter.engine.runner._Workers, "_take_back", take_back)
    found = lint_site(_runner(), targets, jobs=2)
    # The worker's share is about half of the 20 groups: it linted the one it was held on and what its
    # pool had already handed it; this process linted the rest.
    in_worker = log.read_text(encoding="utf-8").splitlines()
    assert 1 <= len(in_worker) <= 3
    assert found == lint_site(_runner(), targets, jobs=1)


def test_one_pages_languages_alone_are_spread_over_the_workers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A hook run's siblings with an empty cache: one English page in 30 languages is one group of pairs,
    split in halves (it has enough pairs and bytes) so that a second process lints some; the findings are
    those of one process. (Small pages stay on one process: test_one_page_run.)"""
    import concurrent.futures

    from linter.engine.runner import _PARALLEL_MIN, _spread

    more = "".join(f"Paragraph {n} of a long page, as long as a line of a real page is.\n\n" for n in range(100))
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "page.md").write_text(ENGLISH + more, encoding="utf-8")
    targets = []
    for n in range(30):
        lang = f"l{n:02d}"
        (tmp_path / lang).mkdir()
        (tmp_path / lang / "page.md").write_text(BROKEN + more, encoding="utf-8")
        targets.append(Target(lang, tmp_path / "en" / "page.md", tmp_path / lang / "page.md"))
    assert _spread([targets], 2) == [targets[:15], targets[15:]]
    assert _spread([targets], 1) == [targets]
    assert _spread([targets[: _PARALLEL_MIN - 1]], 2) == [targets[: _PARALLEL_MIN - 1]]  # halves too small
    assert _spread([targets[:10], targets[10:]], 2) == [targets[:10], targets[10:]]
    real = concurrent.futures.ProcessPoolExecutor
    pools: list[object] = []

    def pool(*args: object, **kwargs: object) -> concurrent.futures.ProcessPoolExecutor:
        pools.append(args)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", pool)
    assert lint_site(_runner(), targets, jobs=2) == lint_site(_runner(), targets, jobs=1)
    assert len(pools) == 1


def test_workers_fork_with_the_patterns_compiled_and_the_detector_loaded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Done once in this process, not again in each worker: every pattern compiled, the detector's model loaded."""
    import concurrent.futures

    import linter.engine.runner
    import linter.parse.langid as langid
    from linter.patterns import _MADE

    targets = []
    for lang in ("en", "de", "es"):
        (tmp_path / lang).mkdir()
        for name in ("a", "b"):
            (tmp_path / lang / f"{name}.md").write_text(ENGLISH if lang == "en" else BROKEN, encoding="utf-8")
            if lang != "en":
                targets.append(Target(lang, tmp_path / "en" / f"{name}.md", tmp_path / lang / f"{name}.md"))
    monkeypatch.setattr(langid, "_model", None)
    monkeypatch.setattr(linter.engine.runner, "_PARALLEL_MIN", 1)
    real = concurrent.futures.ProcessPoolExecutor
    forked: list[tuple[bool, bool]] = []

    def pool(*args: object, **kwargs: object) -> concurrent.futures.ProcessPoolExecutor:
        forked.append((langid._model is not None, all("search" in vars(made) for made in _MADE)))
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", pool)
    rules = configure(Registry.load(), select=["TM401", "TM201"])
    assert lint_site(Runner(rules), targets, jobs=2) == lint_site(Runner(rules), targets, jobs=1)
    assert forked == [(True, True)]
