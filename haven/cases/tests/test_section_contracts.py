"""Every case form and the service it feeds agree: each field the form holds is an argument the
service takes, and every argument the service needs is given (by the form, or by the view as the
case, the record or the acting user). The views hand a valid form's answers to the service as
keyword arguments, so a field that does not match would otherwise be a 500 found by a DSL.

The pairs are read from the views' own source (each `Section.add`/`save`, `_on_referral` and
`saved(...)` call), so a new form and service are checked without being listed here.
"""

import ast
import inspect
from pathlib import Path

import pytest

from haven.cases import services
from haven.cases.forms.common import CaseForm
from haven.cases.views import common

VIEWS = Path(common.__file__).parent
GIVEN_BY_THE_VIEW = {"actor", "expected_version"}


def _name(node: ast.AST) -> str | None:
    return node.id if isinstance(node, ast.Name) else getattr(node, "attr", None)


def pairs() -> list[tuple[str, str, str, str | None, set[str]]]:
    """(module, service, section or form class, form key, what the view adds) for each call."""
    found = []
    for path in sorted(VIEWS.glob("*.py")):
        tree = ast.parse(path.read_text())
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef):
                continue
            classes = {  # form = SomeForm(...) in this function
                _name(node.targets[0]): _name(node.value.func)
                for node in ast.walk(function)
                if isinstance(node, ast.Assign)
                and isinstance(node.value, ast.Call)
                and (_name(node.value.func) or "").endswith("Form")
            }
            for call in ast.walk(function):
                if not isinstance(call, ast.Call):
                    continue
                callee, args = _name(call.func), call.args
                keywords = {k.arg for k in call.keywords if k.arg} - {"also", "to"}
                if callee == "add" and isinstance(call.func, ast.Attribute):
                    section, key, service = _name(call.func.value), args[2].value, _name(args[3])
                    found.append((path.stem, service, section, key, {"case"}))
                elif callee == "save" and isinstance(call.func, ast.Attribute) and len(args) > 3:
                    if _name(call.func.value) == "self":
                        continue  # Section.save itself: its callers are checked
                    section, key, service = _name(call.func.value), args[2], _name(args[3])
                    key = key.value if isinstance(key, ast.Constant) else None
                    found.append((path.stem, service, section, key, keywords))
                elif callee == "_on_referral":
                    found.append(
                        (path.stem, _name(args[4]), "REFERRAL", args[3].value, {"referral"})
                    )
                elif callee == "saved" and _name(args[3]) != "change":
                    form_class = classes.get(_name(args[1]))
                    found.append((path.stem, _name(args[3]), form_class, None, keywords))
    return [pair for pair in found if pair[3] is not None or (pair[2] and pair[2].endswith("Form"))]


PAIRS = pairs()


def test_the_views_pairs_are_found():
    services_seen = {service for _, service, *_ in PAIRS}
    assert {"record_referral", "record_takedown_help", "close_case", "record_confiscation"} <= (
        services_seen
    )
    assert len(PAIRS) >= 20


@pytest.mark.parametrize(("module", "service", "holder", "key", "extra"), PAIRS)
def test_each_form_gives_its_service_exactly_what_it_takes(
    module, service, holder, key, extra, case
):
    change = getattr(services, service)
    if key is not None:  # a Section's form
        section = getattr(__import__(f"haven.cases.views.{module}", fromlist=["x"]), holder)
        form = section.form(key, case)
    else:
        form_class = getattr(__import__("haven.cases.forms", fromlist=["x"]), holder)
        form = form_class(case=case) if issubclass(form_class, CaseForm) else form_class()
    fields = set(form.fields) - {"version"}
    parameters = inspect.signature(change).parameters
    takes = {name for name, p in parameters.items() if p.kind is p.KEYWORD_ONLY}
    needs = {name for name in takes if parameters[name].default is inspect.Parameter.empty}
    given = fields | extra | GIVEN_BY_THE_VIEW
    assert given - takes == set(), f"{service} does not take {sorted(given - takes)}"
    assert needs - given == set(), f"{service} needs {sorted(needs - given)}, not given"
