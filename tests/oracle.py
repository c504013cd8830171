"""Rendering oracle: Python-Markdown configured like privacyguides.org.

The tests use the real renderer to decide whether a translated Markdown
construct is broken, instead of guessing from CommonMark rules (the site does
*not* render with CommonMark: e.g. CJK emphasis next to punctuation works, and
``[text] (url)`` is never a link).

Assumed site configuration (see ``docs/renderer.md`` for sources)
-----------------------------------------------------------------
privacyguides.org ``config/mkdocs-common.yml`` (2024) ``markdown_extensions``::

    admonition, pymdownx.details, pymdownx.superfences (mermaid fence),
    pymdownx.tabbed (alternate_style), pymdownx.arithmatex (generic),
    pymdownx.critic, pymdownx.caret, pymdownx.keys, pymdownx.mark,
    pymdownx.tilde, pymdownx.snippets (auto_append abbreviations),
    pymdownx.tasklist (custom_checkbox), attr_list, def_list, md_in_html,
    meta, abbr, pymdownx.emoji (material twemoji index / to_svg), tables,
    footnotes, toc (permalink: true, toc_depth: 4 -- default slugify)

MkDocs always prepends its builtins ``toc``, ``tables`` and ``fenced_code``;
we do the same.  No ``pymdownx.betterem``, no ``pymdownx.blocks.*``, no
``pymdownx.slugs``: heading ids come from ``markdown.extensions.toc.slugify``
(exported here as :data:`site_slugify`), which drops every non-ASCII letter,
so an all-Cyrillic/Hebrew/CJK heading gets a positional id ``_1``, ``_2``...

Pinned versions in the site's Pipfile.lock: Markdown 3.4.4,
pymdown-extensions 10.3, mkdocs-material 9.4.3+insiders.4.42.0.  The dev venv
runs Markdown 3.11.3 / pymdown-extensions 13.1; every behaviour pinned in
``tests/test_oracle.py`` was checked to render identically on both.

Deliberate deviations from the live site
----------------------------------------
* ``pymdownx.emoji`` uses pymdown's own twemoji index and ``to_svg``
  generator instead of ``material.extensions.emoji`` (that needs
  mkdocs-material installed).  Consequence: Material icon shortcodes such as
  ``:material-check:`` or ``:fontawesome-brands-android:`` stay literal text
  here, while on the site they become inline SVG.  Plain emoji such as
  ``:smile:`` still render.
* ``pymdownx.snippets`` never touches the file system: ``base_path`` is empty,
  ``check_paths`` is off and the site's ``auto_append`` of
  ``includes/abbreviations.*.txt`` is omitted (so no glossary ``<abbr>``).
* MkDocs-only processing is absent: the ``macros`` plugin (Jinja ``{{ }}``),
  relative ``.md`` link rewriting, and Material's ``preview`` extension.

Only :mod:`html.parser` from the standard library is used to inspect output.
"""

from __future__ import annotations

from html.parser import HTMLParser

import markdown
from markdown.extensions.toc import slugify as site_slugify
from pymdownx import emoji, superfences

from linter.parse.renderer import PAGE_ONLY_EXTENSIONS, PROSE_CONFIGS, PROSE_EXTENSIONS

__all__ = [
    "EXTENSIONS",
    "EXTENSION_CONFIGS",
    "admonition_types",
    "has_img",
    "heading_ids",
    "links",
    "literal_asterisks",
    "render",
    "site_slugify",
]

#: The site's extensions (linter/renderer.py, shared with rules/emphasis.py) plus the page-only ones.
EXTENSIONS: list[str] = [*PROSE_EXTENSIONS, *PAGE_ONLY_EXTENSIONS]

EXTENSION_CONFIGS: dict[str, dict] = {
    **PROSE_CONFIGS,
    "pymdownx.superfences": {
        "custom_fences": [
            {
                "name": "mermaid",
                "class": "mermaid",
                "format": superfences.fence_code_format,
            }
        ]
    },
    "pymdownx.snippets": {"base_path": [], "check_paths": False},
    "pymdownx.emoji": {
        "emoji_index": emoji.twemoji,
        "emoji_generator": emoji.to_svg,
    },
    "toc": {"permalink": True, "toc_depth": 4},
}


def render(markdown_text: str) -> str:
    """Render one page of Markdown to HTML the way the site would.

    A fresh ``Markdown`` instance is used per call so footnotes,
    abbreviations and heading-id counters never leak between calls.
    """
    md = markdown.Markdown(extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS)
    return md.convert(markdown_text)


# --------------------------------------------------------------------------
# HTML inspection helpers (stdlib html.parser only)
# --------------------------------------------------------------------------

_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta"} | {"source", "track", "wbr"}
)
# Elements whose text is code/markup, not prose: asterisks inside are fine.
_LITERAL = frozenset({"code", "pre", "kbd", "script", "style", "svg"})


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.prose: list[str] = []
        self._stack: list[tuple[str, bool]] = []  # (tag, is_literal)
        self._literal_depth = 0

    def handle_starttag(self, tag, attrs):
        attr = {k: (v if v is not None else "") for k, v in attrs}
        self.elements.append((tag, attr))
        if tag in _VOID:
            return
        literal = tag in _LITERAL or "arithmatex" in attr.get("class", "").split()
        self._stack.append((tag, literal))
        if literal:
            self._literal_depth += 1

    def handle_startendtag(self, tag, attrs):
        attr = {k: (v if v is not None else "") for k, v in attrs}
        self.elements.append((tag, attr))

    def handle_endtag(self, tag):
        # Pop up to the matching open tag (tolerates unclosed <p> etc.).
        for i in range(len(self._stack) - 1, -1, -1):
            if self._stack[i][0] == tag:
                for _, literal in self._stack[i:]:
                    if literal:
                        self._literal_depth -= 1
                del self._stack[i:]
                break

    def handle_data(self, data):
        if self._literal_depth == 0:
            self.prose.append(data)


def _parse(html: str) -> _Collector:
    c = _Collector()
    c.feed(html)
    c.close()
    return c


def _classes(attr: dict[str, str]) -> list[str]:
    return attr.get("class", "").split()


def admonition_types(html: str) -> list[str]:
    """Type classes of every rendered admonition, in document order.

    ``<div class="admonition recommendation">`` -> ``"recommendation"``;
    ``<details class="downloads">`` -> ``"downloads"``.  Extra classes are
    kept space-joined (``!!! note inline end`` -> ``"note inline end"``);
    a ``details`` with no class yields ``""``.
    """
    out: list[str] = []
    for tag, attr in _parse(html).elements:
        classes = _classes(attr)
        if tag == "div" and "admonition" in classes:
            out.append(" ".join(c for c in classes if c != "admonition"))
        elif tag == "details":
            out.append(" ".join(classes))
    return out


def literal_asterisks(html: str) -> bool:
    """True if prose (text outside code/pre/kbd/math) shows asterisks.

    Flags any ``**`` and any single ``*`` touching a non-space character
    (``*x``, ``x*``) -- i.e. emphasis markers the renderer did not consume.
    A lone ``*`` with spaces on both sides (``A * B``) is not flagged.
    Escaped ``\\*`` also renders as a literal ``*`` and is flagged: compare
    with the rendering of the source string to tell intent.
    """
    text = "".join(_parse(html).prose)
    if "**" in text:
        return True
    for i, ch in enumerate(text):
        if ch != "*":
            continue
        before = text[i - 1] if i > 0 else " "
        after = text[i + 1] if i + 1 < len(text) else " "
        if not (before.isspace() and after.isspace()):
            return True
    return False


def has_img(html: str, src: str) -> bool:
    """True if an ``<img>`` with exactly this ``src`` was rendered."""
    return any(tag == "img" and attr.get("src") == src for tag, attr in _parse(html).elements)


def links(html: str, *, include_permalinks: bool = False) -> list[str]:
    """``href`` of every rendered ``<a>``, in document order.

    The toc permalink anchors (``a.headerlink``) are skipped unless
    ``include_permalinks`` is true.
    """
    out: list[str] = []
    for tag, attr in _parse(html).elements:
        if tag != "a" or "href" not in attr:
            continue
        if not include_permalinks and "headerlink" in _classes(attr):
            continue
        out.append(attr["href"])
    return out


def heading_ids(html: str) -> list[str]:
    """``id`` of every ``<h1>``..``<h6>``, in document order."""
    return [
        attr["id"]
        for tag, attr in _parse(html).elements
        if tag in {"h1", "h2", "h3", "h4", "h5", "h6"} and "id" in attr
    ]
