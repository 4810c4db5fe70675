"""Renderers hold no state: whatever is worth remembering between jobs or builds is
declared on the job (`render.Part`) and kept by the engine (build/engine.py PartStore).

Read from the source with `ast`: no `global` statement, and no module-level list, dict
or set that a function changes. The only memoized functions are pure functions of plain
values (the same answer for equal arguments, so nothing to invalidate); each is listed
here with its reason, and a name that no longer exists fails the test too."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

RENDER = Path(__file__).resolve().parents[2] / "generator" / "render"
MUTATORS = {"append", "extend", "insert", "add", "update", "setdefault", "pop", "popitem", "clear", "remove", "discard"}
CACHED_PURE_FUNCTIONS = {
    ("urls.py", "relative"): "a relative link between two site paths: every link of every page",
    ("text.py", "_converted"): "Markdown -> HTML of one text, which a page shows as HTML and as plain text",
    ("text.py", "_converter"): "builds the one Markdown converter (no argument)",
    ("openapi.py", "_scalar"): "one YAML scalar of the OpenAPI writer (typed: True and 1 differ)",
    ("openapi.py", "_key"): "one YAML mapping key of the OpenAPI writer",
    (
        "templating.py",
        "environment",
    ): "the Jinja environment of a templates folder; the session forgets it when templates change",
}


def modules() -> list[Path]:
    return sorted(RENDER.glob("*.py"))


def module_containers(tree: ast.Module) -> set[str]:
    names = set()
    for node in tree.body:
        targets = (
            node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, ast.AnnAssign) else []
        )
        value = getattr(node, "value", None)
        is_container = isinstance(value, ast.List | ast.Dict | ast.Set) or (
            isinstance(value, ast.Call)
            and isinstance(value.func, ast.Name)
            and value.func.id in {"list", "dict", "set"}
        )
        if is_container:
            names |= {t.id for t in targets if isinstance(t, ast.Name)}
    return names


def changes_to(tree: ast.Module, names: set[str]) -> list[str]:
    found = []
    for function in (n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)):
        for node in ast.walk(function):
            if isinstance(node, ast.Global):
                found.append(f"{function.name}: global {', '.join(node.names)}")
            target = node.func.value if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) else None
            if (
                target is not None
                and isinstance(target, ast.Name)
                and target.id in names
                and node.func.attr in MUTATORS
            ):
                found.append(f"{function.name}: {target.id}.{node.func.attr}()")
            for t in getattr(node, "targets", []) if isinstance(node, ast.Assign | ast.Delete) else []:
                if isinstance(t, ast.Subscript) and isinstance(t.value, ast.Name) and t.value.id in names:
                    found.append(f"{function.name}: {t.value.id}[...] =")
    return found


@pytest.mark.parametrize("path", modules(), ids=lambda p: p.name)
def test_no_renderer_changes_module_state(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    assert changes_to(tree, module_containers(tree)) == []


def cached_functions() -> set[tuple[str, str]]:
    found = set()
    for path in modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef):
                for decorator in node.decorator_list:
                    call = decorator.func if isinstance(decorator, ast.Call) else decorator
                    name = call.attr if isinstance(call, ast.Attribute) else getattr(call, "id", "")
                    if name in {"cache", "lru_cache", "cached_property"} and name != "cached_property":
                        found.add((path.name, node.name))
    return found


def test_only_the_listed_pure_functions_are_memoized() -> None:
    assert cached_functions() == set(CACHED_PURE_FUNCTIONS)


def test_the_check_finds_a_renderer_that_keeps_state() -> None:
    source = "_seen = {}\n\ndef render(x):\n    _seen[x] = 1\n    _seen.update(y=2)\n\ndef other():\n    global _seen\n"
    tree = ast.parse(source)
    assert changes_to(tree, module_containers(tree)) == [
        "render: _seen[...] =",
        "render: _seen.update()",
        "other: global _seen",
    ]
