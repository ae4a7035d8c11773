"""The house keeps its plan: docs/ARCHITECTURE.md names only what exists, the
layers (the import contract in pyproject.toml) hold, every view module has
its mirrored test module, and every URL's view says which HTTP methods it
takes."""

import ast
import importlib
import importlib.util
import re
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "ARCHITECTURE.md"
APPS = ("arena", "sessions", "proposals", "reports")
TOP = sorted(p.name for p in ROOT.iterdir() if not p.name.startswith("."))
SUFFIXES = (".py", ".html", ".js", ".css", ".md", ".toml", ".sh", ".json", ".txt", ".po", ".lock")

CODE = re.compile(r"`([^`\n]+)`")
LINK = re.compile(r"\]\(([^)\s#]+)(?:#[^)]*)?\)")
DOTTED = re.compile(rf"^(?:{'|'.join(APPS)})(?:\.[A-Za-z_]\w*)+$")


def _looks_like_path(text: str) -> bool:
    if any(c in text for c in " <>{}%:\"'") or text.startswith(("/", "http")):
        return False
    if "/" not in text:
        return False
    return text.endswith("/") or text.endswith(SUFFIXES)


def _named_paths(doc: str) -> list[str]:
    named = [t for t in CODE.findall(doc) if _looks_like_path(t)]
    named += [link for link in LINK.findall(doc) if not link.startswith(("http:", "https:"))]
    return sorted(set(named))


def _exists(name: str) -> bool:
    bases = [ROOT, DOC.parent]
    if name.endswith(".html"):
        bases.append(ROOT / "templates")  # a template's name as {% include %} writes it
    for base in bases:
        if any(c in name for c in "*?["):
            if list(base.glob(name.rstrip("/"))):
                return True
        elif (base / name).exists():
            return True
    return False


def _resolves(dotted: str) -> bool:
    """``arena.live.AUDIENCES``: the longest importable module, then attributes."""
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        module_name = ".".join(parts[:cut])
        try:
            found = importlib.util.find_spec(module_name) is not None
        except ModuleNotFoundError:
            found = False
        if not found:
            continue
        obj = importlib.import_module(module_name)
        for attr in parts[cut:]:
            if not hasattr(obj, attr):
                return False
            obj = getattr(obj, attr)
        return True
    return False


def test_the_architecture_doc_names_only_paths_that_exist():
    doc = DOC.read_text(encoding="utf-8")
    named = _named_paths(doc)
    assert named, "no paths found in docs/ARCHITECTURE.md: is the pattern still right?"
    missing = [name for name in named if not _exists(name)]
    assert not missing, "docs/ARCHITECTURE.md names paths that do not exist:\n" + "\n".join(
        f"  {name}" for name in missing
    )


def test_the_architecture_doc_names_only_modules_that_exist():
    doc = DOC.read_text(encoding="utf-8")
    named = sorted({t for t in CODE.findall(doc) if DOTTED.match(t)})
    missing = [name for name in named if not _resolves(name)]
    assert not missing, "docs/ARCHITECTURE.md names modules or names that do not exist:\n" + (
        "\n".join(f"  {name}" for name in missing)
    )


def test_the_import_contract_holds():
    """The layers of pyproject.toml's [tool.importlinter] (nothing imports upward)."""
    executable = Path(sys.executable).parent / "lint-imports"
    if not executable.exists():
        pytest.fail(f"{executable} is missing: install the dev extra (make bootstrap)")
    result = subprocess.run(
        [str(executable), "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, f"lint-imports failed:\n{result.stdout}\n{result.stderr}"


def test_no_module_imports_itself_round_a_cycle():
    """No import cycle between modules, inside an app too (the layers
    contract sees only imports between apps). grimp is import-linter's graph."""
    import grimp

    graph = grimp.build_graph(*APPS)
    modules = graph.modules
    edges = {m: set(graph.find_modules_directly_imported_by(m)) & modules for m in modules}
    # Tarjan's strongly connected components: a component of two or more is a cycle.
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for other in edges[module]:
            if other not in index:
                visit(other)
                low[module] = min(low[module], low[other])
            elif other in on_stack:
                low[module] = min(low[module], index[other])
        if low[module] == index[module]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == module:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10_000))
    for module in sorted(graph.modules):
        if module not in index:
            visit(module)
    assert not cycles, "import cycles:\n" + "\n".join("  " + " ↔ ".join(c) for c in cycles)


def _view_modules() -> list[Path]:
    return sorted(
        path.relative_to(ROOT)
        for app in APPS
        for path in (ROOT / app).rglob("*views*.py")
        if "migrations" not in path.parts
    )


def test_every_view_module_has_its_mirrored_test_module():
    """``reports/inputwall/views.py`` is tested in
    ``tests/reports/inputwall/test_views.py`` (docs/ARCHITECTURE.md, "a test")."""
    modules = _view_modules()
    assert Path("proposals/views.py") in modules, "no view modules found: is the glob still right?"
    missing = [
        f"  {module} → {mirror}"
        for module in modules
        if not (ROOT / (mirror := Path("tests", module.parent, f"test_{module.name}"))).exists()
    ]
    assert not missing, "view modules without their mirrored test module:\n" + "\n".join(missing)


#: Where Django, the third-party packages and the standard library live: their
#: views are not ours to decorate.
_NOT_OURS = tuple(
    str(Path(sysconfig.get_paths()[key]).resolve()) for key in ("purelib", "platlib", "stdlib")
)


def _url_patterns(patterns, prefix=""):
    from django.urls import URLResolver

    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _url_patterns(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern), pattern


def _is_ours(view) -> bool:
    name = getattr(view, "__module__", None) or ""
    if name == "django" or name.startswith("django."):
        return False
    module = sys.modules.get(name)
    path = getattr(module, "__file__", None)
    return path is not None and not str(Path(path).resolve()).startswith(_NOT_OURS)


def _declares_its_methods(view) -> bool:
    """require_http_methods (and require_safe, require_POST, require_GET,
    which are made with it) keep ``request_method_list`` in their closure;
    the decorators above it (arena_view, login_required, ...) keep the view
    they wrap as ``__wrapped__``."""
    seen = set()
    while view is not None and id(view) not in seen:
        seen.add(id(view))
        code = getattr(view, "__code__", None)
        if code is not None and "request_method_list" in code.co_freevars:
            return True
        view = getattr(view, "__wrapped__", None)
    return False


def test_every_view_declares_its_http_methods():
    """A view answers only the methods it names (require_http_methods,
    require_safe, require_POST, require_GET): a stray PUT or a GET on a
    POST-only action is a 405, never the action."""
    from django.urls import get_resolver

    ours = [
        (route, pattern.callback)
        for route, pattern in _url_patterns(get_resolver().url_patterns)
        if _is_ours(pattern.callback)
    ]
    modules = {view.__module__ for _route, view in ours}
    assert {"proposals.views", "reports.archive.views", "sessions.signup_views"} <= modules, (
        f"the URL patterns' views were not found: is the walk still right? ({sorted(modules)})"
    )
    undeclared = [
        f"  /{route} → {view.__module__}.{view.__qualname__}"
        for route, view in ours
        if not _declares_its_methods(view)
    ]
    assert not undeclared, (
        "views without require_http_methods / require_safe / require_POST / require_GET:\n"
        + "\n".join(undeclared)
    )


def _is_test_module(dotted: str) -> bool:
    """``tests.….test_x``: a ``test_*.py`` file under tests/ (what pytest
    collects), not a helper module or a conftest.py."""
    parts = dotted.split(".")
    return (
        parts[0] == "tests"
        and parts[-1].startswith("test_")
        and ROOT.joinpath(*parts).with_suffix(".py").is_file()
    )


def _imported_test_modules(path: Path) -> list[tuple[int, str]]:
    """The test modules ``path`` imports, with the line: ``from .test_x import …``,
    ``from tests.….test_x import …``, ``from . import test_x``, ``import tests.….test_x``."""
    package = list(path.relative_to(ROOT).parent.parts)  # tests/browser → tests.browser
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                parts = alias.name.split(".")
                prefixes = [".".join(parts[:n]) for n in range(1, len(parts) + 1)]
                found += [(node.lineno, name) for name in prefixes if _is_test_module(name)]
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join(base + ([node.module] if node.module else []))
            named = [module] + [f"{module}.{alias.name}" for alias in node.names]
            found += [(node.lineno, name) for name in named if _is_test_module(name)]
    return found


def test_no_test_module_imports_from_another_test_module():
    """Issue #11: what tests share lives in a conftest.py (fixtures) or a helper
    module (tests/helpers.py, tests/browser/layout.py, …), never in a test
    module: a test module is free to change its own helpers and names."""
    modules = sorted((ROOT / "tests").rglob("test_*.py"))
    assert ROOT / "tests" / "browser" / "test_wall_layout.py" in modules, "is the glob right?"
    offending = [
        f"  {path.relative_to(ROOT)}:{line} imports {name}"
        for path in modules
        for line, name in _imported_test_modules(path)
    ]
    assert not offending, (
        "test modules that import from other test modules (move what they share to a"
        " conftest.py or a helper module):\n" + "\n".join(offending)
    )
