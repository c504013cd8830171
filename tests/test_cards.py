"""Cards and admonitions: what the rules claim about the renderer, and their matching helpers.

The messages of the TM2xx/TM3xx rules tell translators what the site does with a
broken box ("shows the line as text", "outside the box", "raw Markdown"); these
tests pin those claims with the site-configured renderer (tests/oracle.py).
"""

from __future__ import annotations

import pytest
from oracle import admonition_types, links, render

from rules.admonitions import localized_quotes
from rules.card_facts import same_product, url_key


@pytest.mark.parametrize(
    "header",
    ["!!! note «Titolo»", "!!! warning “Avviso”", "!!! tip „Tipp“", "??? note「注意」", "=== «Android»"],
)
def test_localized_title_quotes_unmake_the_header(header: str) -> None:
    html = render(f"{header}\n\n    Body.\n")
    assert admonition_types(html) == []
    assert "<pre><code>Body." in html  # the box's content becomes a code block
    fixed = localized_quotes(header)
    assert fixed is not None
    assert "<pre>" not in render(f"{fixed}\n\n    Body.\n")


@pytest.mark.parametrize("line", ['!!! note "Titolo"', '!!! note "«Titolo»"', "Usa !!! note «Titolo»", "???"])
def test_localized_quotes_leave_valid_headers_and_prose_alone(line: str) -> None:
    assert localized_quotes(line) is None


def test_collapsible_without_type_renders_a_plain_box() -> None:
    assert admonition_types(render('??? "Scarica"\n\n    - [A](https://a.example)\n')) == [""]


def test_unindented_body_renders_outside_the_box() -> None:
    html = render("!!! warning\n\nBody.\n")
    assert html.index("</div>") < html.index("<p>Body.</p>")


def test_details_without_markdown_attribute_shows_raw_markdown() -> None:
    html = render('<details class="downloads">\n<summary>D</summary>\n\n- [A](https://a.example)\n\n</details>\n')
    assert links(html) == []
    assert "- [A](https://a.example)" in html


def test_unclosed_markdown_div_swallows_the_rest_of_the_page() -> None:
    html = render('<div class="admonition note" markdown>\n\nText.\n\n## Next\n\nMore.\n')
    assert html.rstrip().endswith("</div>")
    assert html.index("<h2") < html.rindex("</div>")


@pytest.mark.parametrize(
    "english, translated",
    [
        (
            "https://apps.apple.com/us/app/simplex-chat/id1605771084",
            "https://apps.apple.com/it/app/simplex-chat/id1605771084",
        ),
        (
            "https://play.google.com/store/apps/details?id=chat.simplex.app",
            "https://play.google.com/store/apps/details?id=chat.simplex.app&hl=it",
        ),
        ("https://signal.org/android/apk/", "https://www.signal.org/android/apk"),
    ],
)
def test_localised_download_links_are_the_same_link(english: str, translated: str) -> None:
    assert url_key(english) == url_key(translated)


@pytest.mark.parametrize(
    "english, translated",
    [
        ("https://getsession.org/linux", "https://www.getession.org/linux"),
        (
            "https://play.google.com/store/apps/details?id=im.vector.app",
            "https://play.google.com/store/apps/details?id=chat.simplex.app",
        ),
    ],
)
def test_changed_download_links_differ(english: str, translated: str) -> None:
    assert url_key(english) != url_key(translated)


@pytest.mark.parametrize(
    "english, translated, same",
    [
        ("Brave Browser", "Brave ブラウザ", True),
        ("Signal", "Sinal", False),
        ("Element", "אלמנט", False),
        ("Tor", "Tor", True),
    ],
)
def test_same_product_keeps_a_word_of_the_english_name(english: str, translated: str, same: bool) -> None:
    assert same_product(english, translated) is same
