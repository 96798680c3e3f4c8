"""Regression guard: the local engine keeps its quality on the public evaluation corpus."""

from __future__ import annotations

import importlib.util
import json
import sys
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]


@cache
def benchmark() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "cv_extraction_benchmark", ROOT / "benchmarks" / "cv_extraction.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses resolve annotations through sys.modules
    spec.loader.exec_module(module)
    return module


@cache
def report() -> Any:
    return benchmark().run()


def test_corpus_covers_every_layout_format_and_language() -> None:
    manifest = json.loads((ROOT / "corpus" / "manifest.json").read_text(encoding="utf-8"))
    assert {e["layout"] for e in manifest} == {"single", "twocol", "noheadings"}
    assert {e["format"] for e in manifest} == {"pdf", "docx"}
    assert {e["language"] for e in manifest} == {"en", "it", "fr"}
    assert len({e["truth"] for e in manifest}) >= 18
    assert all((ROOT / "corpus" / e["file"]).is_file() for e in manifest)


def test_macro_f1_on_the_corpus_is_at_least_0_95() -> None:
    result = report()
    assert len(result.files) >= 100
    assert result.macro_f1() >= 0.95, benchmark().format_report(result)


@pytest.mark.parametrize("layout", ["single", "twocol", "noheadings"])
def test_every_layout_stays_above_0_9(layout: str) -> None:
    result = report()
    files = [r for r in result.files if r.entry["layout"] == layout]
    assert files
    assert result.macro_f1(files) >= 0.9, benchmark().format_report(result)


@pytest.mark.parametrize("field", ["basics.name", "basics.email", "basics.phone", "languages"])
def test_contact_fields_and_languages_are_near_perfect(field: str) -> None:
    assert report().totals()[field].f1 >= 0.98


def test_a_wrong_value_counts_as_both_a_false_positive_and_a_false_negative() -> None:
    truth = {"basics": {"name": "Ada Lovelace"}, "work": [{"name": "Acme", "position": "Engineer"}]}
    found = {"basics": {"name": "Ada"}, "work": [{"name": "Acme", "position": "Engineer"}]}
    result = benchmark().compare(truth, found, [])
    assert (result.counts["basics.name"].fp, result.counts["basics.name"].fn) == (1, 1)
    assert result.counts["work.name"].tp == 1
