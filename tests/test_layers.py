"""The engine's packages import only downward: parse < align < project < engine < po < output < history < cli."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1] / "linter"
LAYERS = ["errors", "parse", "align", "project", "engine", "po", "output", "history", "app", "cli"]


def _layer(module: str) -> int | None:
    parts = module.split(".")
    if parts[0] != "linter" or len(parts) < 2:
        return None
    return LAYERS.index(parts[1]) if parts[1] in LAYERS else None


def _imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
            found += [(node.lineno, f"{node.module}.{alias.name}") for alias in node.names if node.module == "linter"]
        elif isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
    return found


MODULES = sorted(p for p in ROOT.rglob("*.py") if p.parent != ROOT)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(ROOT.parent)))
def test_imports_go_downward(path: Path) -> None:
    own = _layer("linter." + path.relative_to(ROOT).parts[0])
    assert own is not None, f"{path} is in no layer"
    upward = [
        f"line {line}: {module}"
        for line, module in _imports(path)
        if (layer := _layer(module)) is not None and layer > own
    ]
    assert not upward, f"{path.name} imports from a layer above it: {upward}"


def test_no_relative_imports_across_packages() -> None:
    """Relative imports would hide a layer crossing from the check above."""
    crossing = [
        f"{path.relative_to(ROOT.parent)}:{node.lineno}"
        for path in MODULES
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.ImportFrom) and node.level > 1
    ]
    assert not crossing
