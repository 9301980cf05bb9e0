"""The alerts app's place in the layout: used by concerns, cases, public and schools, and using
none of their services or pages; no import circle between its own modules."""

import ast
from pathlib import Path

import haven

HAVEN = Path(haven.__file__).parent


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


def production_modules(app: str) -> dict[str, Path]:
    return {
        "haven." + ".".join(path.relative_to(HAVEN).with_suffix("").parts): path
        for path in (HAVEN / app).rglob("*.py")
        if "tests" not in path.parts and "migrations" not in path.parts
    }


def test_no_module_of_the_alerts_app_imports_another_in_a_circle():
    modules = production_modules("alerts")
    graph = {name: imports_of(path) & modules.keys() for name, path in modules.items()}

    def reaches(start: str, goal: str, seen: set[str]) -> bool:
        return any(
            step == goal or (step not in seen and reaches(step, goal, seen | {step}))
            for step in graph[start]
        )

    circles = [name for name in graph if reaches(name, name, set())]
    assert circles == []


def test_alerts_read_other_apps_models_but_never_their_services_or_pages():
    allowed = {"haven.concerns.models", "haven.concerns.models.Concern"}
    allowed |= {"haven.concerns.models.ConcernStatus"}
    for name, path in production_modules("alerts").items():
        above = {
            module
            for module in imports_of(path)
            if module.startswith(("haven.concerns", "haven.cases", "haven.public"))
        }
        assert above <= allowed, (name, above - allowed)


def test_cases_and_schools_reach_alerts_without_going_through_concerns():
    for app in ("cases", "schools"):
        for name, path in production_modules(app).items():
            through = {m for m in imports_of(path) if m.startswith("haven.concerns")}
            assert through == set(), (name, through)


def test_the_circle_test_would_see_a_circle(tmp_path):
    """The walker finds imports inside functions too (where a circle is usually hidden)."""
    module = tmp_path / "m.py"
    module.write_text("def f():\n    from haven.alerts import services\n")
    assert "haven.alerts.services" in imports_of(module)
