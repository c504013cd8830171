"""Registry: validation of rule metadata, selection by id, prefix and name."""

from __future__ import annotations

import pytest

from linter.engine.registry import Registry, validate
from linter.engine.rule import Rule
from linter.errors import ConfigError
from rules import BUILTIN_RULES

DOC = """Summary.

## What it does
x
## Why is this bad?
y
## Example
z
"""


def make(rule_id: str, name: str, doc: str = DOC) -> type[Rule]:
    return type("R" + rule_id, (Rule,), {"id": rule_id, "name": name, "summary": "s", "__doc__": doc})


def test_builtins_load_sorted_and_unique() -> None:
    rules = Registry.load().rules
    ids = [rule.id for rule in rules]
    assert ids == sorted(ids) and len(set(ids)) == len(ids) == len(BUILTIN_RULES)
    assert len({rule.name for rule in rules}) == len(rules)
    assert {"TM101", "TM201", "TM301", "TM401", "TM501", "TM601"} <= set(ids)


def test_engine_history_and_catalog_rules_have_their_own_ids() -> None:
    """An engine finding's id means one thing: the run's exit status reads internal errors by id."""
    from linter.app.selection import known_rules
    from linter.engine.suppress import ENGINE_RULES
    from linter.po import UnfinishedCatalogEntry

    every = [*known_rules().rules, *ENGINE_RULES, UnfinishedCatalogEntry]
    assert len({rule.id for rule in every}) == len(every)
    assert len({rule.name for rule in every}) == len(every)


def test_duplicate_id_rejected() -> None:
    with pytest.raises(ConfigError, match='"TM901" is already used'):
        Registry([make("TM901", "one"), make("TM901", "two")])


def test_duplicate_name_rejected() -> None:
    with pytest.raises(ConfigError, match='"same" is already used'):
        Registry([make("TM901", "same"), make("TM902", "same")])


@pytest.mark.parametrize("rule_id", ["TM01", "tm101", "XX1234", "TM1000", ""])
def test_bad_builtin_id_rejected(rule_id: str) -> None:
    with pytest.raises(ConfigError, match="id must look like"):
        validate(make(rule_id, "ok-name"), builtin=True)


def test_plugin_id_pattern() -> None:
    validate(make("ACME101", "ok-name"), builtin=False)
    with pytest.raises(ConfigError, match="id must look like"):
        validate(make("ACME101", "ok-name"), builtin=True)
    with pytest.raises(ConfigError):
        validate(make("A101", "ok-name"), builtin=False)


@pytest.mark.parametrize("name", ["Bad", "snake_case", "-lead", "trail-", "two--dashes", "with space", ""])
def test_bad_name_rejected(name: str) -> None:
    with pytest.raises(ConfigError, match="kebab-case"):
        validate(make("TM901", name), builtin=True)


def test_docstring_sections_required() -> None:
    with pytest.raises(ConfigError, match="## Example"):
        validate(make("TM901", "ok-name", DOC.replace("## Example", "")), builtin=True)


def _small() -> Registry:
    return Registry(
        [make(i, n) for i, n in [("TM101", "a-one"), ("TM102", "a-two"), ("TM201", "b-one"), ("TM210", "b-ten")]]
    )


def test_select_by_id_prefix_and_name() -> None:
    registry = _small()
    assert [r.id for r in registry.select(["TM201"])] == ["TM201"]
    assert [r.id for r in registry.select(["TM1"])] == ["TM101", "TM102"]
    assert [r.id for r in registry.select(["tm2"])] == ["TM201", "TM210"]
    assert [r.id for r in registry.select(["TM21"])] == ["TM210"]
    assert [r.name for r in registry.select(["b-ten"])] == ["b-ten"]
    assert len(registry.select()) == 4
    assert len(Registry.load().select()) == len(BUILTIN_RULES)


def test_ignore_by_id_prefix_and_name() -> None:
    registry = _small()
    assert [r.id for r in registry.select(ignore=["TM1", "b-one"])] == ["TM210"]
    assert [r.id for r in registry.select(["TM2"], ["TM201"])] == ["TM210"]


@pytest.mark.parametrize("selector", ["TM999", "nope", "", "TM9"])
def test_unknown_selector_is_config_error(selector: str) -> None:
    registry = Registry.load()
    with pytest.raises(ConfigError, match="unknown rule or prefix"):
        registry.select([selector])
    with pytest.raises(ConfigError):
        registry.select(ignore=[selector])


def test_find() -> None:
    registry = Registry.load()
    assert registry.find("TM101") is registry.find("shuffled-heading")
    assert registry.find("TM1") is None
