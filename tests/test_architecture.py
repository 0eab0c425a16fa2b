"""The code keeps the shape docs/ARCHITECTURE.md describes: apps in layers that import only
downwards (also inside functions), no two apps importing each other even around a circle, and
modules small enough to read."""

import ast
import subprocess
import sys
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Bottom up, as in pyproject.toml's import-linter contract.
LAYERS = [
    "website",
    "publishing",
    "toolbox",
    "programmes",
    "exhibitions",
    "openmetadata",
    "archive",
    "bzkmemory",
]
MAX_LINES = 600


def app_modules(app: str) -> list[Path]:
    """The app's own code: not its migrations (history), not the project's wiring."""
    modules = []
    for path in sorted((ROOT / app).rglob("*.py")):
        parts = path.relative_to(ROOT).parts
        if "migrations" in parts or "cookie_consent_migrations" in parts:
            continue
        if app == "bzkmemory" and parts[1] in {"urls.py", "wsgi.py", "asgi.py", "settings"}:
            continue
        modules.append(path)
    return modules


def imported_apps(path: Path) -> set[str]:
    """The other apps a module imports, at module level or inside functions."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        found |= {name.split(".")[0] for name in names} & set(LAYERS)
    return found


def app_graph() -> dict[str, set[str]]:
    graph = {}
    for app in LAYERS:
        imported = set()
        for path in app_modules(app):
            imported |= imported_apps(path)
        graph[app] = imported - {app}
    return graph


def test_no_two_apps_import_each_other_even_around_a_circle():
    try:
        order = list(TopologicalSorter(app_graph()).static_order())
    except CycleError as error:
        pytest.fail(f"apps import each other in a circle: {error.args[1]}")
    assert set(order) == set(LAYERS)


def test_every_app_imports_only_apps_below_it():
    graph = app_graph()
    for app, imported in graph.items():
        above = {other for other in imported if LAYERS.index(other) > LAYERS.index(app)}
        assert not above, f"{app} imports {sorted(above)}, which sit above it"


def test_the_domain_apps_refer_to_each_other_as_the_layers_allow():
    graph = app_graph()
    assert "programmes" not in graph["toolbox"], "toolbox names programmes by string only"
    assert not graph["programmes"] & {"exhibitions", "openmetadata", "archive"}
    assert not graph["website"], "the ground floor imports no app"
    assert graph["publishing"] <= {"website"}


def test_the_import_linter_contract_holds():
    """The same rule as CI's lint-imports, which also follows imports between modules."""
    lint_imports = Path(sys.executable).parent / "lint-imports"
    done = subprocess.run(
        [str(lint_imports), "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "1 kept, 0 broken" in done.stdout


def test_no_module_in_the_apps_passes_the_size_a_reader_takes_in():
    long = {
        str(path.relative_to(ROOT)): lines
        for app in LAYERS
        for path in app_modules(app)
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert not long, long
