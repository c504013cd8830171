"""Structure rules that look beyond their own pair: headings and anchors of other pages of the run."""

from __future__ import annotations

from pathlib import Path

import pytest

from linter.engine.findings import Finding
from linter.engine.registry import Registry
from linter.engine.runner import Runner, configure
from linter.engine.site import Site
from linter.parse.markdown import parse_page
from linter.parse.slug import heading_ids
from linter.parse.source import SourceText
from linter.project.target import Target

OTHER_EN = "## Intro\n\nText.\n\n## CryptPad\n\nCryptPad [site](https://cryptpad.org).\n\n## Criteria\n\nText.\n"
OTHER_IT = (
    "## Introduzione\n\nTesto.\n\n## CryptPad\n\nCryptPad [sito](https://cryptpad.org).\n\n## Criteri\n\nTesto.\n"
)


def _lint(tmp_path: Path, rule: str, pages: dict[str, tuple[str, str]], page: str) -> list[Finding]:
    """Write en/<name> and it/<name> for every page, then lint `page` in a run that holds them all."""
    targets = []
    for name, (english, italian) in pages.items():
        for lang, text in (("en", english), ("it", italian)):
            path = tmp_path / lang / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        targets.append(Target("it", tmp_path / "en" / name, tmp_path / "it" / name))
    runner = Runner(configure(Registry.load(), select=[rule]), is_english=lambda text: False)
    runner.site = Site.of_targets(targets, runner.site_page)
    return runner.lint_files(str(tmp_path / "en" / page), str(tmp_path / "it" / page), "it")


def test_heading_of_another_page(tmp_path: Path) -> None:
    pages = {
        "chat.md": ("## Signal\n\nText.\n\n## Criteria\n\nText.\n", "## Signal\n\nTesto.\n\n## CryptPad\n\nTesto.\n"),
        "office.md": (OTHER_EN, OTHER_IT),
    }
    findings = _lint(tmp_path, "shuffled-heading", pages, "chat.md")
    assert [(f.span.start.line, f.message) for f in findings] == [
        (
            5,
            'heading "CryptPad" stands where English has "Criteria"; "CryptPad" is a heading of another page '
            f"({tmp_path / 'en' / 'office.md'}:5)",
        )
    ]


@pytest.mark.parametrize(
    "translated",
    [
        "## Signal\n\nTesto.\n\n## Criteri\n\nTesto.\n",  # a translation no English page uses as a heading
        "## Signal\n\nTesto.\n\n## Критерии\n\nТекст.\n",  # not Latin: the site is not even consulted
    ],
)
def test_translated_heading_is_not_another_pages(tmp_path: Path, translated: str) -> None:
    pages = {"chat.md": ("## Signal\n\nText.\n\n## Criteria\n\nText.\n", translated), "office.md": (OTHER_EN, OTHER_IT)}
    assert _lint(tmp_path, "shuffled-heading", pages, "chat.md") == []


def test_non_latin_heading_does_not_load_the_site() -> None:
    class NoSite(Site):
        def headings(self) -> dict:  # type: ignore[override]
            raise AssertionError("the site index was built for a heading its own page explains")

    runner = Runner(configure(Registry.load(), select=["shuffled-heading"]), is_english=lambda text: False)
    runner.site = NoSite.of_targets([], runner.site_page)
    source = parse_page(SourceText.from_bytes("en.md", b"## Signal\n\n## Criteria\n"), "en")
    target = parse_page(SourceText.from_bytes("ru.md", "## Signal\n\n## Критерии\n".encode()), "ru")
    assert runner.lint_pages(source, target) == []


def test_link_into_another_page_suggests_the_translated_id(tmp_path: Path) -> None:
    pages = {
        "chat.md": ("See [CryptPad](office.md#criteria).\n", "Vedi [CryptPad](office.md#criteria).\n"),
        "office.md": (OTHER_EN, OTHER_IT),
    }
    findings = _lint(tmp_path, "broken-anchor-link", pages, "chat.md")
    assert [(str(f.span.start), f.message) for f in findings] == [
        (
            "1:6",
            'link "office.md#criteria" names no heading of the translation of '
            f'{tmp_path / "en" / "office.md"} (English "Criteria" has the id "#criteria"); '
            'there the heading is "Criteri", with the id "#criteri"',
        )
    ]


def test_link_into_another_page_of_another_shape_has_no_hint(tmp_path: Path) -> None:
    reshaped = "## Introduzione\n\nTesto.\n\n### CryptPad\n\nTesto.\n\n## Criteri\n\nTesto.\n"
    pages = {
        "chat.md": ("See [CryptPad](office.md#criteria).\n", "Vedi [CryptPad](office.md#criteria).\n"),
        "office.md": (OTHER_EN, reshaped),
    }
    (finding,) = _lint(tmp_path, "broken-anchor-link", pages, "chat.md")
    assert finding.message.endswith('(English "Criteria" has the id "#criteria")')


@pytest.mark.parametrize(
    ("english", "translated"),
    [
        ("office.md#criteria", "office.md#criteri"),  # translated to the translated heading's id
        ("office.md#cryptpad", "office.md#cryptpad"),  # a heading that kept its English text
        ("office.md#requirements", "office.md#requirements"),  # broken in English as well
        ("missing.md#criteria", "missing.md#criteria"),  # a page outside the run
        ("https://example.org/office.md#criteria", "https://example.org/office.md#criteria"),  # another site
    ],
)
def test_links_that_are_fine_or_not_the_translations_doing(tmp_path: Path, english: str, translated: str) -> None:
    pages = {
        "chat.md": (f"See [CryptPad]({english}).\n", f"Vedi [CryptPad]({translated}).\n"),
        "office.md": (OTHER_EN, OTHER_IT),
    }
    assert _lint(tmp_path, "broken-anchor-link", pages, "chat.md") == []


def test_heading_ids_follow_python_markdown() -> None:
    text = (
        "## Signal\n\n## Signal\n\n## Сигнал\n\n## Другое\n\n## Signal { #signal_1 }\n\n"
        "## Наблюдение как бизнес-модель\n\n!!! note\n\n    ### Signal\n"
    )
    page = parse_page(SourceText.from_bytes("ru.md", text.encode()), "ru")
    # Explicit ids are taken first; `_1`, `_2` … make the others unique, an empty slug included.
    assert list(heading_ids(page)) == ["signal_1", "signal", "signal_2", "_1", "_2", "-", "signal_3"]
