"""Every link the server makes comes from the one URL builder, ``server/urls.py`` (issue 11, item 4):
no absolute path written by hand in server/'s Python (string literals and f-strings) or templates.

Allowed: ``urls.py`` itself; route declarations (the decorators' paths, ``APIRouter(prefix=…)``,
``app.mount(…)``) and the two tables that document the routes (``app.ROUTES``,
``openapi.OPERATIONS``); descriptions and messages that name a path in prose (a space before it)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import sens_graph.server as server_package

SERVER = Path(server_package.__file__).parent
ROUTE_TABLES = {("app.py", "ROUTES"), ("openapi.py", "OPERATIONS")}
DECLARING_CALLS = {"APIRouter", "mount", "api_route", "get", "post", "head", "put", "delete", "add_api_route"}
ABSOLUTE_PATH = re.compile(r"^/[A-Za-z0-9_.#?{]")
"""A literal that starts a path (a lone ``"/"`` is a separator; an f-string's values read as ``{}``)."""
TEMPLATE_LINK = re.compile(r"""(?:href|src|action|formaction)\s*=\s*["']/""")


def _declaration_nodes(tree: ast.Module, file_name: str) -> set[int]:
    """ids of every node inside a route declaration or a route-documenting table."""
    skipped: set[int] = set()

    def skip(node: ast.AST) -> None:
        skipped.update(id(child) for child in ast.walk(node))

    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for decorator in node.decorator_list:
                skip(decorator)
        elif isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
            if name in DECLARING_CALLS:
                skip(node)
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(isinstance(t, ast.Name) and (file_name, t.id) in ROUTE_TABLES for t in targets):
                skip(node)
    return skipped


def hand_written_paths(path: Path) -> list[str]:
    """``file:line: literal`` for each string literal (or f-string start) that is an absolute path."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = _declaration_nodes(tree, path.name)
    for node in ast.walk(tree):  # the pieces of an f-string are read with it, not alone
        if isinstance(node, ast.JoinedStr):
            skipped.update(id(child) for part in node.values for child in ast.walk(part))
    found = []
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.JoinedStr):
            text = "".join(part.value if isinstance(part, ast.Constant) else "{}" for part in node.values)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            text = node.value
        else:
            continue
        if ABSOLUTE_PATH.match(text) or re.search(r"<\s*/[A-Za-z0-9_{]", text):
            found.append(f"{path.relative_to(SERVER)}:{node.lineno}: {text[:60]!r}")
    return sorted(found, key=lambda hit: int(hit.split(":")[1]))


def test_server_python_writes_no_absolute_path_by_hand():
    sources = sorted(p for p in SERVER.rglob("*.py") if p.name != "urls.py")
    assert len(sources) > 10
    found = [hit for source in sources for hit in hand_written_paths(source)]
    assert found == [], "links written by hand (use server/urls.py):\n" + "\n".join(found)


def test_templates_link_through_the_url_builder():
    templates = sorted((SERVER / "templates").rglob("*.html"))
    assert templates
    found = [f"{t.relative_to(SERVER)}:{number}: {line.strip()[:80]}"
             for t in templates
             for number, line in enumerate(t.read_text(encoding="utf-8").splitlines(), start=1)
             if TEMPLATE_LINK.search(line)]
    assert found == [], "links written by hand (use the urls global):\n" + "\n".join(found)


def test_the_check_finds_a_hand_written_link(tmp_path):
    """The check is not blind: a redirect, a Link header and an f-string link are found; a route is not."""
    sample = tmp_path / "sample.py"
    sample.write_text('@router.get("/ok")\nasync def f(path):\n'
                      '    a = RedirectResponse("/editeur")\n'
                      '    b = f"</{path}.ttl>; rel=alternate"\n'
                      '    c = f"/referentiel/{path}.html"\n'
                      '    d = path.strip("/") + f"/{path}"\n', encoding="utf-8")
    found = [hit.split(": ", 1)[1] for hit in hand_written_paths_at(sample)]
    assert found == ["'/editeur'", "'</{}.ttl>; rel=alternate'", "'/referentiel/{}.html'", "'/{}'"]


def hand_written_paths_at(path: Path) -> list[str]:
    global SERVER
    saved, SERVER = SERVER, path.parent
    try:
        return hand_written_paths(path)
    finally:
        SERVER = saved
