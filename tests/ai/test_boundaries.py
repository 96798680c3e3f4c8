"""Each vendor SDK is imported by exactly one adapter module, and nowhere else in the project."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ADAPTERS = {
    "anthropic": "jobmentis/ai/providers/anthropic.py",
    "openai": "jobmentis/ai/providers/openai.py",
    "google.genai": "jobmentis/ai/providers/gemini.py",
}
SKIP = {".venv", "tests", "node_modules", "var", ".git"}


def _imported_modules(path: Path) -> set[str]:
    modules: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            modules.add(node.module)
            modules.update(f"{node.module}.{alias.name}" for alias in node.names)
    return modules


def test_vendor_sdks_are_imported_only_in_their_adapter() -> None:
    importers: dict[str, set[str]] = {sdk: set() for sdk in ADAPTERS}
    sources = [
        path
        for top in ROOT.iterdir()
        if top.name not in SKIP and not top.name.startswith(".")
        for path in ([top] if top.suffix == ".py" else top.rglob("*.py") if top.is_dir() else [])
    ]
    for path in sources:
        relative = path.relative_to(ROOT)
        for module in _imported_modules(path):
            for sdk in ADAPTERS:
                if module == sdk or module.startswith(f"{sdk}."):
                    importers[sdk].add(relative.as_posix())
    assert importers == {sdk: {adapter} for sdk, adapter in ADAPTERS.items()}
