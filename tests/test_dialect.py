"""The dialect read from mkdocs.yml decides which container syntaxes the parser knows."""

from __future__ import annotations

from linter.parse.dialect import DEFAULT, Dialect
from linter.parse.markdown import parse_page
from linter.parse.source import SourceText
from linter.parse.tree import Admonition

PAGE = '!!! tip\n\n    Indented body.\n\n/// note | Title\n\nBlock body.\n\n///\n\n=== "Tab"\n\n    Tab body.\n'


def _containers(dialect: Dialect) -> list[tuple[str, str]]:
    page = parse_page(SourceText("en.md", PAGE), "en", dialect)
    found = [(node.syntax, node.tag) for node in page.root.walk() if isinstance(node, Admonition)]
    return found + [("===", node.info) for node in page.root.walk() if node.kind == "tab"]


def test_default_knows_every_syntax() -> None:
    assert _containers(DEFAULT) == [("!!!", "tip"), ("///", "note"), ("===", "Tab")]


def test_blocks_only_site() -> None:
    """FastAPI: pymdownx.blocks and no `admonition`: `!!! tip` and `=== "Tab"` are text."""
    dialect = Dialect.of({"pymdownx.blocks.admonition": {"types": ["note", {"name": "check"}]}})
    assert _containers(dialect) == [("///", "note")]
    assert {"check", "tip", "note"} <= dialect.admonition_types


def test_site_without_blocks() -> None:
    dialect = Dialect.of({"admonition": None, "pymdownx.tabbed": {"alternate_style": True}})
    assert _containers(dialect) == [("!!!", "tip"), ("===", "Tab")]
    assert dialect.has("toc") and dialect.has("tables")  # MkDocs adds them to every site


def test_rules_for_a_syntax_run_only_where_the_site_renders_it() -> None:
    from linter.engine.registry import Registry
    from linter.engine.runner import Runner, configure

    english = "Text with a note.[^1]\n\n[^1]: The note.\n"
    translation = "Testo con una nota.[^1]\n"
    no_footnotes = Dialect.of({"admonition": None})
    found = {}
    for name, dialect in (("default", DEFAULT), ("no footnotes", no_footnotes)):
        runner = Runner(configure(Registry.load(), select=["TM560"]), lambda text: False, dialect=dialect)
        source = parse_page(SourceText("en.md", english), "en", dialect)
        target = parse_page(SourceText("it.md", translation), "it", dialect)
        found[name] = [f.rule_id for f in runner.lint_pages(source, target)]
    assert found == {"default": ["TM560"], "no footnotes": []}


def test_the_site_name_is_text_where_code_spells_it_too() -> None:
    """fastapi ru: the class `FastAPI` written as the name FastAPI, on a page whose English has it only as code."""
    from linter.engine.registry import Registry
    from linter.engine.runner import Runner, configure

    english = "And then we use it when creating the `FastAPI` app.\n"
    translation = "Затем используем её при создании приложения FastAPI.\n"
    found = {}
    for name in ("FastAPI", "Other"):
        dialect = Dialect.of({"admonition": None}, site_name=name)
        runner = Runner(configure(Registry.load(), select=["TM552"]), lambda text: False, dialect=dialect)
        source = parse_page(SourceText("en.md", english), "en", dialect)
        target = parse_page(SourceText("ru.md", translation), "ru", dialect)
        found[name] = [f.rule_id for f in runner.lint_pages(source, target)]
    assert found == {"FastAPI": [], "Other": ["TM552"]}
