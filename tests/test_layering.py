"""The folders depend on each other in one direction: flows → crawlers / nlp / warehouse / dashboard; dashboard →
warehouse; warehouse → nlp's shared definitions only. A newcomer can rely on it, and this test keeps it true."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("crawlers", "nlp", "flows", "warehouse", "dashboard")
ALLOWED = {
    "flows": {"crawlers", "nlp", "warehouse", "dashboard"},
    "dashboard": {"warehouse"},
    "warehouse": set(),
    "crawlers": set(),
    "nlp": set(),
}
# Named exceptions, module by module, each with its reason.
EXCEPTIONS = {
    # The taxonomy and the FX table are nlp's; the warehouse re-exports them rather than keep copies.
    ("warehouse/taxonomy_values.py", "nlp.taxonomy"),
    ("warehouse/fx.py", "nlp.entities.money"),
    # Every publish writes the knowledge base in use (nlp reads and owns it) into `companies`.
    ("warehouse/knowledge_base.py", "nlp.entities.company_names"),
    # The Knowledge base page writes the analysts' overlay that enrichment reads (nlp owns its format).
    ("dashboard/views/knowledge_base.py", "nlp.entities.company_names"),
    ("dashboard/views/knowledge_base.py", "nlp.entities.kb_overlay"),
}


def _imports(path: Path) -> set[str]:
    modules = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            modules |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            modules.add(node.module)
    return modules


def test_every_import_between_folders_goes_the_allowed_way():
    breaches = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            name = path.relative_to(ROOT).as_posix()
            for module in _imports(path):
                target = module.split(".")[0]
                if target in PACKAGES and target != package and target not in ALLOWED[package] \
                        and (name, module) not in EXCEPTIONS:
                    breaches.append(f"{name} imports {module}")
    assert breaches == []


def test_every_named_exception_still_exists():
    # An exception that no longer happens is dropped from the list, so the list stays the truth.
    assert all(module in _imports(ROOT / name) for name, module in EXCEPTIONS)
