"""Text rules (rules/paragraphs.py, rules/text.py): helpers, the detector budget, seeds and site lookups."""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

import pytest
from test_cases import IS_ENGLISH
from test_seeds import ORIGIN, SEEDS

from linter.engine.findings import Finding
from linter.engine.registry import Registry
from linter.engine.runner import Runner, configure
from linter.engine.site import Site
from linter.parse.markdown import parse_page
from linter.parse.positions import Pos
from linter.parse.source import SourceText
from linter.parse.tree import Node, Page
from linter.project.target import Target
from rules.prose import Prose, _without_code, plain, quote


def _page(text: str, lang: str = "it", path: str = "it.md") -> Page:
    return parse_page(SourceText.from_bytes(path, text.encode("utf-8")), lang)


def _paragraph(text: str) -> Node:
    return next(node for node in _page(text).root.walk() if node.kind == "paragraph")


def test_prose_drops_container_markers_and_keeps_positions() -> None:
    node = _paragraph("!!! note\n\n    - [x] Select **Strict**. Then\n      restart it.\n")
    prose = Prose.of(node)
    assert prose.content == "Select **Strict**. Then\nrestart it."
    (first, first_span), (second, second_span) = prose.sentences()
    assert (first, second) == ("Select **Strict**.", "Then\nrestart it.")
    assert first_span.start == Pos(3, 11)
    assert second_span.start == Pos(3, 30) and second_span.end == Pos(4, 18)


def test_prose_drops_a_footnotes_label() -> None:
    page = _page('Text.[^4]\n\n[^4]: "[Badness](https://x.org)" (or, "all"), as they do. Je moet ook.\n')
    *_, node = (node for node in page.root.walk() if node.kind == "paragraph")
    prose = Prose.of(node)
    assert prose.content == '"[Badness](https://x.org)" (or, "all"), as they do. Je moet ook.'
    (first, first_span), _ = prose.sentences()
    assert quote(first) == '"[Badness]" (or, "all"), as they do.' and first_span.start == Pos(3, 7)


def test_plain_is_the_text_a_reader_sees() -> None:
    raw = (
        "See [the docs](https://example.org/a_(b)){ .md-button } and `code` :octicons-home-16: "
        "**bold** _em_ snake_case[^1] <small>(YouTube)</small> ![logo](logo.svg)"
    )
    assert plain(raw) == "See the docs and bold em snake_case (YouTube)"
    assert plain(raw, links=False) == "See and bold em snake_case (YouTube)"


# What `_without_code` replaces, as one pattern tried at every word's start (its definition, and too slow).
_CODE_GLUED = re.compile(r"(?<!\w)\w*(?<!`)(`+)(?!`).+?(?<!`)\1(?!`)\w*")


@pytest.mark.parametrize(
    "raw",
    ["x`y`z w", "a``b`c``d", "`a`b`c`", "snake_`x`_y and é`x`é", "``a`b`` `open", "`x`\n`y` z`", "`a`` b`"],
)
def test_code_spans_go_with_the_words_glued_to_them(raw: str) -> None:
    assert _without_code(raw) == _CODE_GLUED.sub(" ", raw)


def test_code_spans_are_found_as_the_pattern_finds_them() -> None:
    # Every text of up to six of these pieces: runs of backticks, words, a letter of another script, breaks.
    pieces = ["`", "``", "a", "_", " ", "\n", "é", "1", "("]
    for size in range(7):
        for parts in itertools.product(pieces, repeat=size):
            raw = "".join(parts)
            assert _without_code(raw) == _CODE_GLUED.sub(" ", raw), raw


def test_quote_keeps_markup_and_drops_link_targets() -> None:
    assert quote("Run `apt update` on [the server](https://example.org){ .x }.") == "Run `apt update` on [the server]."
    assert quote("word " * 30, limit=20) == "word word word word…"


def _lint(select: str, english: str, translation: str, is_english: Callable[[str], bool] = IS_ENGLISH) -> list[Finding]:
    runner = Runner(configure(Registry.load(), select=[select]), is_english=is_english)
    return runner.lint_pages(_page(english, "en", "en.md"), _page(translation))


def test_detector_runs_only_where_cheaper_evidence_cannot_decide() -> None:
    asked: list[str] = []

    def detector(text: str) -> bool:
        asked.append(text)
        return IS_ENGLISH(text)

    english = (
        "Session allows for E2EE in one-on-one chats or closed groups which allow for up to 100 members.\n\n"
        "Session uses the decentralized Oxen Service Node Network to store and route messages.\n\n"
        "Open groups have no restriction on the number of members, but are open by design.\n"
    )
    translation = (
        "Session allows for E2EE in one-on-one chats or closed groups which allow for up to 100 members.\n\n"
        "Session использует децентрализованную сеть узлов Oxen для хранения и маршрутизации сообщений.\n\n"
        "Open groups have no restriction on the number of members, but are open by design.\n"
    )
    findings = _lint("TM4", english, translation, detector)
    assert sorted(f.span.start.line for f in findings if f.rule_name == "untranslated-paragraph") == [1, 5]
    assert asked == []  # verbatim long English and Cyrillic text need no detector


def _lint_seed(seed: str, select: str) -> dict[str, list[int]]:
    translation = next(SEEDS.glob(f"{seed}_*.txt"))
    runner = Runner(configure(Registry.load(), select=[select]))
    lines: dict[str, list[int]] = defaultdict(list)
    for finding in runner.lint_files(str(SEEDS / "en" / ORIGIN[seed]), str(translation)):
        lines[finding.rule_name].append(finding.span.start.line)
    return lines


def test_italian_seed_stray_keywords_duplicates_and_pasted_paragraphs() -> None:
    found = _lint_seed("000", "TM41")
    # "...releases) downloads" (Briar's `??? downloads` joined onto SimpleX's last download line),
    # "... recommendation We recommend", "... recommendations. recommendation", "... 256 bit. downloads";
    # `downloads` under a lone `???` (lines 88-90) is broken-admonition-header's.
    assert found["stray-admonition-keyword"] == [94, 135, 175, 181]
    # The Matrix audit paragraph (English at 139) translated in the SimpleX section, and Session's
    # whitepaper paragraph (English at 171) translated in the Element section.
    assert found["duplicated-paragraph"] == [73, 133]
    # The PrivateBin card pasted where English has `!!! example`: its logo (179) and KeePassXC's
    # downloads list (183, indented as code); KeePassXC's CSV warning under "Best Case" (197). All
    # three come from other pages.
    assert found["foreign-paragraph"] == [179, 183, 197]


def test_other_seeds_text_findings() -> None:
    for seed in ("001", "002"):
        assert not _lint_seed(seed, "TM41"), seed
    # Signal, Session and Briar written in Hebrew letters ("סיגנל", "לסשן", "ברייר"), and the Chat of
    # "SimpleX Chat" ("SimpleX צ'אט"), the cards' bold names (mismatched-card-name's) aside.
    hebrew = [35, 37, 39, 41, 72, 80, 93, 95, 105, 107, 125, 127, 129, 137, 150]
    # The link text "connects" left in English inside the Hebrew sentence; the names Olm (the link's text reads
    # "the ratchet") and Bramble ("Bramble Handshake", Handshake kept) gone.
    assert _lint_seed("003", "TM41") == {
        "translated-product-name": hebrew,
        "untranslated-link-text": [137],
        "dropped-name": [72, 156],
    }
    # "O sinal", "A sessão": Signal and Session translated as words in the Portuguese text and logo
    # descriptions ("Logotipo do sinal"); the
    # button "Visite getession.org" misspells the domain it links to; the button "Visit element.io" and the
    # link text "connects" are left in English; the link "[Double Ratchet algorithm]" reads "[Duplo
    # algoritmo de catraca]".
    assert _lint_seed("004", "TM41") == {
        "translated-product-name": [12, 28, 30, 34, 92, 108, 110, 112],
        "changed-domain-text": [96],
        "untranslated-link-text": [46, 71],
        "dropped-name": [63],
    }


def test_foreign_paragraph_names_the_english_page_it_comes_from(tmp_path: Path) -> None:
    files = {
        "en/overview.md": "EOL devices cannot receive firmware updates.\n",
        "en/index.md": "It's important to not use an [end-of-life](https://endoflife.date/android) version.\n",
        "uk/overview.md": (
            "Пристрої EOL не можуть отримувати оновлення.\n\n"
            "Важливо не використовувати версії Android з [вичерпаним терміном](https://endoflife.date/android).\n"
        ),
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    targets = [Target("uk", tmp_path / "en" / page, tmp_path / "uk" / page) for page in ("overview.md", "index.md")]
    runner = Runner(configure(Registry.load(), select=["foreign-paragraph"]))
    runner.site = Site.of_targets(targets, runner.site_page)
    findings = runner.lint_files(str(targets[0].source), str(targets[0].translation), "uk")
    assert [f.span.start.line for f in findings] == [3]
    assert f"which only {tmp_path / 'en' / 'index.md'} does" in findings[0].message


def test_a_link_no_english_page_of_the_site_has_is_the_translators_own(tmp_path: Path) -> None:
    """A translation notice (nextflow-training's AI-translation line) is no paragraph of another page."""
    files = {
        "en/overview.md": "EOL devices cannot receive firmware updates.\n",
        "en/index.md": "Keep your [devices](https://endoflife.date/android) up to date.\n",
        "de/overview.md": (
            "KI-gestützte Übersetzung - [mehr erfahren](https://github.com/nextflow-io/training/blob/master/TRANSLATING.md)\n\n"
            "EOL-Geräte erhalten keine Firmware-Updates.\n"
        ),
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    targets = [Target("de", tmp_path / "en" / page, tmp_path / "de" / page) for page in ("overview.md", "index.md")]
    runner = Runner(configure(Registry.load(), select=["foreign-paragraph"]))
    runner.site = Site.of_targets(targets, runner.site_page)
    assert runner.lint_files(str(targets[0].source), str(targets[0].translation), "de") == []


def test_the_english_a_stale_sentence_was_is_found_among_few_texts(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each stale sentence is compared with the English sentences that share the most words, not with
    every sentence of the page (2,000 stale paragraphs of a 260 KB pair took minutes)."""
    from rules import paragraphs

    compared = []
    similarity = paragraphs._similarity
    monkeypatch.setattr(paragraphs, "_similarity", lambda old, new: compared.append(1) or similarity(old, new))
    count = 200
    english = "".join(
        f"The quick tool number {i} handles the requests well for everyone. "
        f"It also stores the data for the user in many places around {i}.\n\n"
        for i in range(count)
    )
    translation = "".join(
        f"La herramienta rápida número {i} maneja bien las solicitudes para todos. "
        f"It also stored the data for the users in many other places around {i}.\n\n"
        for i in range(count)
    )
    findings = [f for f in _lint("TM404", english, translation) if f.rule_name == "stale-untranslated-paragraph"]
    assert len(findings) == count
    assert all(
        f'English now says "It also stores the data for the user in many places around {i}."' in f.message
        for i, f in enumerate(findings)
    )
    assert len(compared) < 5 * count  # each with all: count * count


def test_link_text_the_linked_pages_translated_headings_keep_is_the_languages_term(tmp_path: Path) -> None:
    files = {
        "en/docker.md": "Use the exec form so that [lifespan events](events.md) are triggered when the server stops.\n",
        "en/events.md": "# Lifespan Events\n\nCode run before startup.\n",
        "ja/docker.md": "停止時に[lifespan events](events.md)がトリガーされるよう exec 形式を使います。\n",
        "ja/events.md": "# Lifespan イベント\n\n起動前に実行されるコード。\n",
        "ko/docker.md": "서버가 멈출 때 [lifespan events](events.md)가 트리거되도록 exec 형식을 사용하세요.\n",
        "ko/events.md": "# 수명 이벤트\n\n시작 전에 실행되는 코드.\n",
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    found = {}
    for lang in ("ja", "ko"):
        targets = [Target(lang, tmp_path / "en" / page, tmp_path / lang / page) for page in ("docker.md", "events.md")]
        runner = Runner(configure(Registry.load(), select=["untranslated-link-text"]))
        runner.site = Site.of_targets(targets, runner.site_page)
        found[lang] = [
            f.span.start.line for f in runner.lint_files(str(targets[0].source), str(targets[0].translation), lang)
        ]
    # ja titles the page "Lifespan イベント": its term; ko translates the title, so the English link text is left over.
    assert found == {"ja": [], "ko": [1]}
