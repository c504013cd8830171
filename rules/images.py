"""TM506-TM508: images keep their marker, their file and their attribute list."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import unquote

from linter.engine.findings import SAFE, Fix, Severity
from linter.engine.rule import Report, Rule, RuleContext
from linter.parse.positions import Span
from linter.parse.source import SourceText
from linter.parse.tree import Image, Link, Node
from linter.patterns import lazy

from .card_facts import card_logo
from .link_facts import Comparison, LinksRule, card_of, image_name, link_report
from .link_markup import marker_fix, quote_link, url_fix


class LostImageMarker(LinksRule):
    """An image lost its `![`: it shows as a link or as text.

    ## What it does
    Finds the path of an English image in the translated block as a link
    (`[alt](src)`, `! [alt](src)`) or as text (`alt](src)`, the seeds'
    `Element logo](…)`).

    ## Why is this bad?
    The logo or screenshot disappears; readers see a link to an image file or
    raw Markdown instead.

    ## Example
    ```markdown title="English"
    ![Tresorit logo](assets/img/cloud/tresorit.svg){ align=right }
    ```
    ```markdown title="Translation"
    Tresorit logo](assets/img/cloud/tresorit.svg){ align=right }
    ```
    ```markdown title="Use instead"
    ![Tresorit logo](assets/img/cloud/tresorit.svg){ align=right }
    ```

    ## Fix
    Safe: writes the lost `!` (or removes the space after it), or writes `![`
    at the start of the line when the English image starts its line too. An
    image whose `![` is lost in the middle of a sentence is left: where its
    alt text starts has no single answer.
    """

    id = "TM506"
    cost = 11
    name = "lost-image-marker"
    summary = "An image lost its `![` and shows as a link or text"
    severity = Severity.ERROR
    fix_safety = SAFE

    def reports(self, found: Comparison, ctx: RuleContext) -> Iterator[Report]:
        for lost in found.lost_marker:
            yield link_report(
                lost.node,
                lost.span,
                f"{image_name(lost.english)} does not render: {lost.reason}, "
                f'so the site shows "{quote_link(lost.shown)}"',
                lost.english,
                marker_fix(ctx.alignment, lost),
            )


class ChangedImageSrc(LinksRule):
    """An image shows another file than its English counterpart.

    ## What it does
    Pairs the images of every translated block with those of its English block
    and flags an image whose path differs (`assets/x.svg`, `./assets/x.svg`
    and `/assets/x.svg` count as the same file). Card logos are left to
    `mismatched-card-logo`.

    ## Why is this bad?
    A translated or mistyped path shows a broken image; another file shows the
    wrong picture.

    ## Example
    ```markdown title="English"
    ![Screenshot](assets/img/android/rfc-hexagon.png)
    ```
    ```markdown title="Translation"
    ![Captura](assets/img/android/captura-hexagono.png)
    ```
    ```markdown title="Use instead"
    ![Captura](assets/img/android/rfc-hexagon.png)
    ```

    ## Fix
    Writes the English path into the translated image, which keeps its alt
    text and attributes; the image is the one the alignment pairs with the
    English image. Safe for a path of the site (or the same host); an image
    from another host is unsafe.
    """

    id = "TM507"
    name = "changed-image-src"
    summary = "An image shows another file than in English"
    severity = Severity.ERROR
    fix_safety = SAFE

    def reports(self, found: Comparison, ctx: RuleContext) -> Iterator[Report]:
        for english, translated in found.changed_src:
            card = card_of(english.node)
            if card is not None and card_logo(card) is english.item:
                continue  # mismatched-card-logo reports a card's logo
            yield link_report(
                translated.node,
                translated.item.span,
                f'{image_name(english)} shows "{quote_link(unquote(translated.url))}" '
                f'where English shows "{quote_link(unquote(english.url))}"',
                english,
                url_fix(ctx.alignment, english, translated, "path"),
            )


class LostImageAttributes(LinksRule):
    """An image lost or changed the attribute list English gives it (`{ align=right }`).

    ## What it does
    Compares the attribute list of every image with its English counterpart's:
    an attribute English sets (`align`, a class such as `.twemoji`, `width`,
    `loading`) that is missing or has another value. Spacing, order and a
    translated `title` do not count.

    ## Why is this bad?
    Without `{ align=right }` a card's logo no longer floats beside the text;
    an attribute list moved to its own line or after a space is shown as text
    or styles the paragraph instead of the image.

    ## Example
    ```markdown title="English"
    ![Signal logo](assets/img/messengers/signal.svg){ align=right }
    ```
    ```markdown title="Translation"
    ![Logo di Signal](assets/img/messengers/signal.svg) { align=right }
    ```
    ```markdown title="Use instead"
    ![Logo di Signal](assets/img/messengers/signal.svg){ align=right }
    ```

    ## Fix
    Safe: writes the English image's attribute list right after the translated
    image, in place of the one it has (or after the space that parts it from
    it). A list with a `title`, whose translation a copy would undo, is left.
    """

    id = "TM508"
    name = "lost-image-attributes"
    summary = "An image lost the attribute list English gives it"
    severity = Severity.WARNING
    fix_safety = SAFE

    def reports(self, found: Comparison, ctx: RuleContext) -> Iterator[Report]:
        for english, translated in found.lost_attrs:
            want = " ".join(_attr_text(key, value) for key, value in english.item.attrs if key != "title")
            have = " ".join(_attr_text(key, value) for key, value in translated.item.attrs if key != "title")
            yield link_report(
                translated.node,
                translated.item.span,
                f'{image_name(english)} has attributes "{{ {have} }}" where English has "{{ {want} }}"'
                if have
                else f'{image_name(english)} lost its attributes "{{ {want} }}"',
                english,
                _attributes_fix(ctx, english.item, translated.item),
            )


_ATTR_LIST = lazy(r"[ \t]*(\{[^{}\n]*\})")


def _attributes_fix(ctx: RuleContext, english: Link | Image, translated: Link | Image) -> Fix | None:
    """The English list written right after the translated image, over the list it has there."""
    source, target = ctx.alignment.source.source, ctx.alignment.target.source
    wanted = _ATTR_LIST.match(source.text, _image_end(source, english))
    if wanted is None or any(key == "title" for key, _ in english.attrs + translated.attrs):
        return None
    end = _image_end(target, translated)
    have = _ATTR_LIST.match(target.text, end)
    if have is None and target.text[end:].lstrip().startswith("{"):
        return None  # a list on the next line: which element it styles is no longer clear
    at = Span(target.pos(end), target.pos(have.end()) if have else target.pos(end))
    return Fix.replace(at, wanted.group(1), f'write "{wanted.group(1)}"')


def _image_end(src: SourceText, image: Link | Image) -> int:
    """Where an image's markup ends: after its ")" (the parsed span may stop before it)."""
    end = src.offset(image.span.end.line, image.span.end.column)
    if src.text[end - 1 : end] != ")":
        line_end = src.text.find("\n", end)
        close = src.text.find(")", end, line_end if line_end >= 0 else len(src.text))
        end = close + 1 if close >= 0 else end
    return end


class MissingImage(LinksRule):
    """An image, embedded frame or video of the English block is not in its translation.

    ## What it does
    Flags an English image (`![alt](src)` or `<img src>`), embedded frame
    (`<iframe src>`, a video player) or video (`<video>`) that the translated
    block shows in no form and that no other block of the translated section
    shows either. Markdown and HTML forms of the same file are the same image.
    An image whose markup is broken is `lost-image-marker`'s; a card's logo is
    `mismatched-card-logo`'s.

    ## Why is this bad?
    Readers of the translation miss the screenshot, diagram or video the
    English text refers to ("as you can see in the image below").

    ## Example
    ```markdown title="English"
    Your editor will autocomplete the types:

    <img src="/img/python-types/image01.png">
    ```
    ```markdown title="Translation"
    Ihr Editor vervollständigt die Typen:
    ```
    ```markdown title="Use instead"
    Ihr Editor vervollständigt die Typen:

    <img src="/img/python-types/image01.png">
    ```
    """

    id = "TM509"
    name = "missing-image"
    summary = "An image, embedded frame or video of the English block is missing"
    severity = Severity.WARNING

    def reports(self, found: Comparison, ctx: RuleContext) -> Iterator[Report]:
        for english, where in found.missing_images:
            card = card_of(english.node)
            if card is not None and card_logo(card) is english.item:
                continue
            yield Report(
                f'{image_name(english)} is missing; English shows "{quote_link(unquote(english.url))}"',
                node=where if isinstance(where, Node) else None,
                span=where if isinstance(where, Span) else None,
                source=english.node,
                source_span=english.item.span,
            )


def _attr_text(key: str, value: str) -> str:
    if key == "class":
        return " ".join(f".{name}" for name in value.split())
    return f"{key}={value}" if " " not in value else f'{key}="{value}"'


RULES: tuple[type[Rule], ...] = (
    LostImageMarker,
    ChangedImageSrc,
    LostImageAttributes,
    MissingImage,
)
