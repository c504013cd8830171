"""Rule registry: the built-in rules, and third-party plugins from the `transmark.rules` entry-point group."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from linter.engine.rule import Rule
from linter.errors import ConfigError
from linter.patterns import lazy

GROUP = "transmark.rules"
_BUILTIN_ID = lazy(r"^TM\d{3}$")
_PLUGIN_ID = lazy(r"^[A-Z]{2,4}\d{3}$")
_NAME = lazy(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
REQUIRED_SECTIONS = ("## What it does", "## Why is this bad?", "## Example")


def _builtin_rules() -> tuple[type[Rule], ...]:
    """Imported directly (the `builtin` entry point names the same tuple): reading every installed
    distribution's entry points costs a pre-commit run a tenth of its time."""
    from rules import BUILTIN_RULES

    return BUILTIN_RULES


def _load_entry_point(name: str) -> tuple[type[Rule], ...]:
    from importlib.metadata import entry_points

    found = [ep for ep in entry_points(group=GROUP) if ep.name == name]
    if not found:
        raise ConfigError(f'plugin "{name}" is not installed (no "{GROUP}" entry point of that name)')
    loaded = found[0].load()
    rules = loaded() if callable(loaded) and not isinstance(loaded, type) else loaded
    if isinstance(rules, type):
        rules = (rules,)
    return tuple(rules)


def validate(rule: type[Rule], builtin: bool) -> None:
    """Reject rules whose metadata would make docs, config or output ambiguous."""
    where = f"rule {getattr(rule, 'id', rule.__name__)}"
    pattern = _BUILTIN_ID if builtin else _PLUGIN_ID
    if not pattern.match(getattr(rule, "id", "")):
        raise ConfigError(f"{where}: id must look like {pattern.pattern}")
    if not _NAME.match(getattr(rule, "name", "")):
        raise ConfigError(f"{where}: name must be kebab-case")
    if not getattr(rule, "summary", ""):
        raise ConfigError(f"{where}: summary is empty")
    doc = rule.__doc__ or ""
    for section in REQUIRED_SECTIONS:
        if section not in doc:
            raise ConfigError(f'{where}: docstring lacks "{section}"')


class Registry:
    def __init__(self, rules: Iterable[type[Rule]]) -> None:
        self.rules: tuple[type[Rule], ...] = tuple(sorted(rules, key=lambda rule: rule.id))
        seen: dict[str, str] = {}
        for rule in self.rules:
            for key in (rule.id, rule.name):
                if key in seen:
                    raise ConfigError(f'rule {rule.id}: "{key}" is already used by rule {seen[key]}')
                seen[key] = rule.id

    @classmethod
    def load(cls, plugins: Sequence[str] = ()) -> Registry:
        """Built-ins always; third-party rules only when configuration names their plugin."""
        rules = list(_builtin_rules())
        for rule in rules:
            validate(rule, builtin=True)
        for name in plugins:
            for rule in _load_entry_point(name):
                validate(rule, builtin=False)
                rules.append(rule)
        return cls(rules)

    def find(self, key: str) -> type[Rule] | None:
        for rule in self.rules:
            if key in (rule.id, rule.name):
                return rule
        return None

    def matching(self, selector: str) -> list[type[Rule]]:
        """Rules an id, id prefix (`TM1`) or name selects; ConfigError when none does."""
        found = [rule for rule in self.rules if rule.name == selector or rule.id.startswith(selector.upper())]
        if not found or not selector:
            raise ConfigError(f'unknown rule or prefix "{selector}" (see `transmark rules`)')
        return found

    def select(self, select: Sequence[str] = (), ignore: Sequence[str] = ()) -> list[type[Rule]]:
        chosen = [r for key in select for r in self.matching(key)] if select else list(self.rules)
        dropped = {r for key in ignore for r in self.matching(key)}
        return sorted({r for r in chosen if r not in dropped}, key=lambda rule: rule.id)
