"""rules/link_facts.py: its judgement of broken links and images checked against the site's renderer.

Every markup variant the rules call broken must render without the link (or image) in
Python-Markdown configured like the site (tests/oracle.py), and every variant they accept
must render it; helpers that fold benign URL rewrites are pinned on real corpus URLs.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from oracle import has_img, links, render
from test_cases import IS_ENGLISH, run_case

from linter.engine.registry import Registry
from linter.engine.runner import Runner, configure
from linter.engine.site import Site
from linter.parse.markdown import parse_page
from linter.parse.source import SourceText
from linter.project.target import Target
from rules.link_facts import normalized
from rules.links import DEFAULT_LOCALIZED_URLS, _delocalized, _localizers

URL = "https://huggingface.co/docs/optimum/concept_guides/quantization"
ENGLISH_LINK = f"Use [quantized models]({URL}) for speed.\n"

# (translation, words the message must say)
BROKEN_LINKS = [
    (f"Usa [modelos cuantizados] ({URL}) para.\n", 'a space between "]" and "("'),
    (f"Usa [modelos cuantizados]\n({URL}) para.\n", 'a space between "]" and "("'),
    (f"Usa [modelos cuantizados]\u00a0({URL}) para.\n", 'a space between "]" and "("'),
    (f"使う[量子化モデル]（{URL}）。\n", "full-width"),
    (f"使う【量子化モデル】({URL})。\n", "full-width"),
    (f"使う[量子化モデル]({URL}）。\n", "full-width"),
    (f"Usa \\[modelos cuantizados\\]({URL}) para.\n", "escaped"),
    (f"Usa modelos cuantizados]({URL}) para.\n", 'its "[" is missing'),
    (f"Usa [modelos cuantizados({URL}) para.\n", 'its "]" is missing'),
    (f"Usa [modelos cuantizados]({URL} para.\n", 'its ")" is missing'),
    (f"Usa [modelos] cuantizados ({URL}) para.\n", 'words between "]" and "("'),
    (f"Usa modelos cuantizados ({URL}) para.\n", "brackets are gone"),
    (f"Usa modelos cuantizados {URL} para.\n", "link markup is gone"),
]


@pytest.mark.parametrize(("translation", "reason"), BROKEN_LINKS)
def test_broken_link_variants_do_not_render_and_are_flagged(translation: str, reason: str) -> None:
    assert not links(render(translation)), "the site renders this as a link: the rule must not call it broken"
    findings = run_case("broken-link-syntax", ENGLISH_LINK, translation)
    assert len(findings) == 1 and reason in findings[0].message, [f.message for f in findings]


def test_broken_link_with_a_translated_anchor_is_flagged() -> None:
    english = "Read our [full list of criteria](#criteria) for more information.\n"
    translation = "Lee nuestra \\[lista completa de criterios\\](#criterios) para más información.\n"
    assert not links(render(translation))
    findings = run_case("broken-link-syntax", english, translation)
    assert [f.span.start.column for f in findings] == [13]


@pytest.mark.parametrize(
    "translation",
    [
        f"Usa [modelos cuantizados]({URL}) para.\n",
        f'Usa [modelos cuantizados]({URL} "") para.\n',
        f"Usa [modelos cuantizados]( {URL} ) para.\n",
        f"Usa [modelos cuantizados](<{URL}>) para.\n",
        f"Usa [modelos [cuantizados]]({URL}) para.\n",
    ],
)
def test_links_the_site_renders_are_not_called_broken(translation: str) -> None:
    assert links(render(translation)) == [URL]
    assert not run_case("broken-link-syntax", ENGLISH_LINK, translation)


def test_space_in_url_renders_as_a_link_to_another_address() -> None:
    # markdown-it refuses `(url with space)`; Python-Markdown links to it, so the target changed.
    english = "Use [Tor Browser](tor.md#tor-browser) instead.\n"
    translation = "השתמש ב [Tor Browser]( tor.md#tor - browser) במקום.\n"
    assert links(render(translation)) == ["tor.md#tor - browser"]
    assert not run_case("broken-link-syntax", english, translation)
    assert not run_case("missing-link", english, translation)
    changed = run_case("changed-link-target", english, translation)
    assert len(changed) == 1 and "tor.md#tor - browser" in changed[0].message


SRC = "assets/img/cloud/tresorit.svg"
ENGLISH_IMAGE = f"![Tresorit logo]({SRC}){{ align=right }}\n\n**Tresorit** is a provider.\n"


@pytest.mark.parametrize(
    ("translation", "reason"),
    [
        (f"Tresorit logo]({SRC}){{ align=right }}\n\n**Tresorit** is een aanbieder.\n", '"![" is missing'),
        (f"[Tresorit logo]({SRC}){{ align=right }}\n\n**Tresorit** is een aanbieder.\n", '"!" is missing'),
        (f"! [Tresorit logo]({SRC}){{ align=right }}\n\n**Tresorit** is een aanbieder.\n", 'a space after "!"'),
        (f"![Tresorit logo] ({SRC}){{ align=right }}\n\n**Tresorit** is een aanbieder.\n", "a space"),
        (f"！[Tresorit logo]（{SRC}）\n\n**Tresorit** is een aanbieder.\n", "full-width"),
    ],
)
def test_lost_image_markers_do_not_render_and_are_flagged(translation: str, reason: str) -> None:
    assert not has_img(render(translation), SRC)
    findings = run_case("lost-image-marker", ENGLISH_IMAGE, translation)
    assert len(findings) == 1 and reason in findings[0].message, [f.message for f in findings]


@pytest.mark.parametrize(
    ("translation", "lost"),
    [
        (f"![Logo]({SRC}) {{ align=right }}\n\n**Tresorit** is een aanbieder.\n", True),
        (f"![Logo]({SRC})\n{{ align=right }}\n\n**Tresorit** is een aanbieder.\n", True),
        (f"![Logo]({SRC})\n\n**Tresorit** is een aanbieder.\n", True),
        (f"![Logo]({SRC}){{align=right}}\n\n**Tresorit** is een aanbieder.\n", False),
    ],
)
def test_image_attribute_list_is_lost_when_the_site_drops_it(translation: str, lost: bool) -> None:
    rendered = render(translation)
    assert has_img(rendered, SRC)
    assert ('align="right" alt="Logo"' not in rendered) is lost
    assert bool(run_case("lost-image-attributes", ENGLISH_IMAGE, translation)) is lost


def _localized(english: str, translated: str, lang: str) -> bool:
    localizers = _localizers(DEFAULT_LOCALIZED_URLS, lang)
    return _delocalized(english, localizers) == _delocalized(translated, localizers)


@pytest.mark.parametrize(
    ("english", "translated", "lang"),
    [
        ("https://en.wikipedia.org/wiki/Distributed_networking", "https://es.wikipedia.org/wiki/Red_distribuida", "es"),
        ("https://www.privacyguides.org/en/", "https://www.privacyguides.org/es/", "es"),
        ("https://docs.fedoraproject.org/en-US/docs", "https://docs.fedoraproject.org/ru/docs/", "ru"),
        ("https://openwrt.org", "https://openwrt.org/ru", "ru"),
        ("https://developer.android.com/guide", "https://developer.android.com/guide?hl=ja", "ja"),
        ("https://a.dev/x#sec", "https://a.dev/x?hl=es-419#sec", "es"),
        ("https://f-droid.org/en/packages/", "https://f-droid.org/es/packages", "es"),
        ("https://support.apple.com/en-us/1#:~:text=It’s on", "https://support.apple.com/ru-ru/1#:~:text=It's", "ru"),
        ("https://getmonero.org/downloads", "https://getmonero.org/pt-br/downloads", "pt-BR"),
    ],
)
def test_localized_urls_are_accepted(english: str, translated: str, lang: str) -> None:
    assert _localized(english, translated, lang)


@pytest.mark.parametrize(
    ("english", "translated", "lang"),
    [
        ("https://en.wikipedia.org/wiki/Exif", "https://ru.wikipedia.org/wiki/Exif", "es"),  # not the reader's
        (
            "https://bugzilla.mozilla.org/show_bug.cgi?id=1677497#c0",
            "https://bugzilla.mozilla.org/show_bug.cgi?id=1677497#c",
            "ja",
        ),
        ("https://www.getsession.org/linux", "https://www.getession.org/linux", "pt"),
        ("https://example.org/go/x", "https://example.org/es/x", "es"),  # replaced, not added, segment
    ],
)
def test_other_changes_are_not_localization(english: str, translated: str, lang: str) -> None:
    assert not _localized(english, translated, lang)


def test_normalized_folds_benign_rewrites() -> None:
    assert normalized("https://Signal.org/legal/") == normalized("https://signal.org/legal")
    assert normalized("https://a.org/%C3%A9") == normalized("https://a.org/é")
    assert normalized("./vpn.md") == normalized("vpn.md")
    assert normalized("vpn.md#a") != normalized("vpn.md#b")


def _write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")


@pytest.mark.parametrize(("anchor", "flagged"), [("por-que-no", False), ("linux", True), ("no-existe", True)])
def test_anchor_into_another_page_may_be_the_translated_heading_id(tmp_path: Path, anchor: str, flagged: bool) -> None:
    _write(
        tmp_path,
        {
            "en/dns.md": "# DNS\n\nSee [why not](overview.md#why-not).\n",
            "en/overview.md": "# Overview\n\n## Why not?\n\nText.\n\n## Linux\n\nText.\n",
            "es/dns.md": f"# DNS\n\nVer [por qué no](overview.md#{anchor}).\n",
            "es/overview.md": "# Resumen\n\n## ¿Por qué no?\n\nTexto.\n\n## Linux\n\nTexto.\n",
        },
    )
    targets = [Target("es", tmp_path / f"en/{p}", tmp_path / f"es/{p}") for p in ("dns.md", "overview.md")]
    runner = Runner(configure(Registry.load(), select=["changed-link-target"]), is_english=IS_ENGLISH)
    runner.site = Site.of_targets(targets, runner.site_page)
    source = parse_page(SourceText.read(targets[0].source), "en")
    target = parse_page(SourceText.read(targets[0].translation), "es")
    assert bool(runner.lint_pages(source, target)) is flagged


def test_localized_urls_option_replaces_the_defaults() -> None:
    english = "See [the docs](https://example.org/docs).\n"
    translation = "Vedi [la documentazione](https://example.org/docs?country=it).\n"
    settings = {"changed-link-target": {"localized-urls": [r"(?<=[?&])country={lang}"]}}
    source = parse_page(SourceText.from_bytes("en.md", english.encode()), "en")
    target = parse_page(SourceText.from_bytes("it.md", translation.encode()), "it")
    configured = Runner(configure(Registry.load(), ["changed-link-target"], settings=settings), IS_ENGLISH)
    assert not configured.lint_pages(source, target)
    assert run_case("changed-link-target", english, translation)  # `country=` is not a default


def _changed_links(english: str, translation: str, lang: str) -> list[str]:
    runner = Runner(configure(Registry.load(), select=["TM501"]), is_english=IS_ENGLISH)
    source = parse_page(SourceText.from_bytes("en.md", english.encode("utf-8")), "en")
    target = parse_page(SourceText.from_bytes("es.md", translation.encode("utf-8")), lang)
    return [finding.message for finding in runner.lint_pages(source, target)]


def test_a_pair_without_its_language_localises_links_by_the_code_they_insert() -> None:
    """`check --source en.md es.md` without --lang: `/es/docs/x` for `/docs/x` is the same page for its readers."""
    english = "See the [tutorial](/docs/tutorial/) and [home](https://fastapi.tiangolo.com/tutorial/).\n"
    translation = "Vea el [tutorial](/es/docs/tutorial/) y [inicio](https://fastapi.tiangolo.com/es/tutorial/).\n"
    assert _changed_links(english, translation, "") == []
    mixed = "Vea el [tutorial](/es/docs/tutorial/) y [inicio](https://fastapi.tiangolo.com/pt/tutorial/).\n"
    assert len(_changed_links(english, mixed, "")) == 2  # two languages: none is the page's
