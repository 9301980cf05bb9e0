"""The shape of the code, as CONTRIBUTING.md describes it: no import circle between the modules of
an app, no production module over 500 lines, and no import inside a function without a comment
saying why it is there. (The layers between apps are import-linter's contracts in .importlinter,
run by `make lint`.)"""

import ast
from pathlib import Path

import pytest

import haven

HAVEN = Path(haven.__file__).parent
APPS = sorted(p.name for p in HAVEN.iterdir() if (p / "__init__.py").exists())
LONGEST = 500
HAVEN_IMPORT = ("from haven", "import haven")


def production_files() -> list[Path]:
    return [
        path
        for path in HAVEN.rglob("*.py")
        if "tests" not in path.parts and "migrations" not in path.parts
    ]


def module_name(path: Path) -> str:
    parts = path.relative_to(HAVEN.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> set[str]:
    """Every `haven.*` module a file imports, at any level of the file."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.startswith("haven"))
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("haven"):
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def circles_in(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for step in graph[node]:
            if step not in index:
                visit(step)
                low[node] = min(low[node], low[step])
            elif step in on_stack:
                low[node] = min(low[node], index[step])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in graph:
        if node not in index:
            visit(node)
    return found


def test_circles_are_found():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert circles_in(graph) == [["a", "b", "c"]]
    assert circles_in({"a": {"b"}, "b": set()}) == []


@pytest.mark.parametrize("app", APPS)
def test_no_two_modules_of_an_app_import_each_other_in_a_circle(app):
    files = {module_name(p): p for p in production_files() if p.relative_to(HAVEN).parts[0] == app}
    # A package's __init__ re-exporting its modules is not a circle: the modules never need it.
    graph = {
        name: {
            other
            for other in imports_of(path) & files.keys()
            if other != name
            and not (other + ".").startswith(name + ".")
            and not (files[other].name == "__init__.py" and (name + ".").startswith(other + "."))
        }
        for name, path in files.items()
    }
    assert circles_in(graph) == []


def test_no_production_module_is_over_500_lines():
    long = {
        str(path.relative_to(HAVEN.parent)): n
        for path in production_files()
        if (n := len(path.read_text().splitlines())) > LONGEST
    }
    assert long == {}


def test_every_import_inside_a_function_says_why():
    """An import inside a function usually dodges a circle; the layout has none, so each one left
    has a comment on the line above or at its end saying why it is there."""
    silent = []
    for path in production_files():
        lines = path.read_text().splitlines()
        for node in ast.walk(ast.parse("\n".join(lines))):
            if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            for inner in ast.walk(node):
                if isinstance(inner, (ast.Import, ast.ImportFrom)):
                    module = getattr(inner, "module", None) or inner.names[0].name
                    if not module.startswith("haven"):
                        continue
                    line = lines[inner.lineno - 1]
                    row = inner.lineno - 2
                    # One comment may explain a block of imports.
                    while row >= 0 and lines[row].strip().startswith(HAVEN_IMPORT):
                        row -= 1
                    above = lines[row].strip() if row >= 0 else ""
                    if "#" not in line and not above.startswith("#"):
                        silent.append(f"{path.relative_to(HAVEN.parent)}:{inner.lineno}")
    assert silent == []
