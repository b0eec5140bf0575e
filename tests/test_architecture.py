"""The layers README's Architecture section names: each module of a subpackage imports only
from its own layer and the layers before it, at the top of the module or inside a function."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import jiexiu_cli

PACKAGE = Path(jiexiu_cli.__file__).parent
LAYERS = ("core", "factbase", "analysis", "present", "results", "cli")


def _imports(path: Path) -> list[tuple[int, str]]:
    """Every module of jiexiu this file imports (``from jiexiu_cli.x import y`` names x.y, as y
    may be a module), with its line."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names if a.name.startswith("jiexiu_cli.")]
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("jiexiu_cli"):
            found += [(node.lineno, f"{node.module}.{a.name}") for a in node.names]
    return found


def _layer(dotted: str) -> str | None:
    parts = dotted.split(".")
    return parts[1] if len(parts) > 2 and parts[1] in LAYERS else None


MODULES = sorted(p for layer in LAYERS for p in (PACKAGE / layer).rglob("*.py"))


def test_every_subpackage_is_a_layer() -> None:
    folders = {p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    assert folders == set(LAYERS)
    assert all((PACKAGE / layer / "__init__.py").read_text() == "" for layer in LAYERS)  # nothing at start-up


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_a_module_imports_only_its_layer_and_those_before_it(path: Path) -> None:
    own = LAYERS.index(path.relative_to(PACKAGE).parts[0])
    later = [
        f"line {line}: {name}"
        for line, name in _imports(path)
        if (layer := _layer(name)) is not None and LAYERS.index(layer) > own
    ]
    assert not later, f"{path.relative_to(PACKAGE)} reaches a later layer: {later}"


def test_the_check_sees_a_reach_into_a_later_layer(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text("def f():\n    from jiexiu_cli.cli import app\n", encoding="utf-8")
    assert _imports(module) == [(2, "jiexiu_cli.cli.app")]
    assert _layer("jiexiu_cli.cli.app") == "cli" and _layer("jiexiu_cli.api") is None
