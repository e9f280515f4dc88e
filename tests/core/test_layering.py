"""``core`` is the ground floor: it imports no other part of KMB."""

from __future__ import annotations

import ast
from pathlib import Path

import kmb.core

CORE = Path(kmb.core.__file__).resolve().parent


def _imported_modules(path: Path) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.append((node.lineno, node.module))
    return found


def test_core_imports_no_other_kmb_app():
    upward = [f"{path.relative_to(CORE)}:{line} imports {module}"
              for path in sorted(CORE.rglob("*.py"))
              for line, module in _imported_modules(path)
              if module.startswith("kmb.") and not module.startswith("kmb.core")]
    assert upward == []


def test_the_check_sees_imports_inside_functions(tmp_path):
    probe = tmp_path / "probe.py"
    probe.write_text("def f():\n    from kmb.cases.models import Client\n")
    assert _imported_modules(probe) == [(2, "kmb.cases.models")]
