"""Benchmark the local CV extraction engine on the public corpus (corpus/manifest.json).

    .venv/bin/python benchmarks/cv_extraction.py [--verbose] [--only SUBSTRING]

For every corpus file: text extraction (pdf_text / docx_text), then extract_resume, then a per-field
comparison with the JSON Resume truth using normalised matching (case, accents, punctuation and
spacing ignored; phone numbers compared by digits; languages by canonical name + level;
profile URLs without scheme). Multi-valued fields are compared as multisets: a value found that is
not in the truth is a false positive, a truth value not found is a false negative. Prints per-field
precision, recall and F1, the macro F1 (mean of the per-field F1), breakdowns per layout, format and
language, and throughput.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from resumes.extraction import docx_text, extract_resume, pdf_text  # noqa: E402
from resumes.extraction.vocabulary import LANGUAGE_NAMES, fold  # noqa: E402


def norm(value: Any) -> str:
    text = fold(str(value))
    text = re.sub(r"[^\w+]+", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def norm_url(value: str) -> str:
    return re.sub(r"^(?:https?://)?(?:www\.)?", "", value.strip().lower()).rstrip("/")


def norm_language(item: dict[str, Any]) -> str:
    name = fold(str(item.get("language", ""))).strip()
    canonical = LANGUAGE_NAMES.get(name, name)
    return f"{canonical}|{norm(item.get('fluency') or '')}"


def _each(resume: dict[str, Any], section: str, key: str) -> list[str]:
    return [norm(e.get(key)) for e in resume.get(section, []) if e.get(key)]


def _dates(resume: dict[str, Any], key: str) -> list[str]:
    out = []
    for e in resume.get("work", []):
        value = e.get(key)
        out.append(value if value else ("present" if key == "endDate" else ""))
    return [v for v in out if v]


FIELDS: dict[str, Callable[[dict[str, Any]], list[str]]] = {
    "basics.name": lambda r: [norm(r["basics"]["name"])] if r["basics"].get("name") else [],
    "basics.email": lambda r: [r["basics"]["email"].lower()] if r["basics"].get("email") else [],
    "basics.phone": lambda r: (
        [re.sub(r"\D", "", r["basics"]["phone"])] if r["basics"].get("phone") else []
    ),
    "basics.location.city": lambda r: (
        [norm(r["basics"]["location"]["city"])]
        if (r["basics"].get("location") or {}).get("city")
        else []
    ),
    "basics.profiles": lambda r: [norm_url(p["url"]) for p in r["basics"].get("profiles", [])],
    "work.name": lambda r: _each(r, "work", "name"),
    "work.position": lambda r: _each(r, "work", "position"),
    "work.startDate": lambda r: _dates(r, "startDate"),
    "work.endDate": lambda r: _dates(r, "endDate"),
    "education.institution": lambda r: _each(r, "education", "institution"),
    "education.studyType": lambda r: _each(r, "education", "studyType"),
    "education.area": lambda r: _each(r, "education", "area"),
    "skills.keywords": lambda r: [norm(k) for s in r.get("skills", []) for k in s["keywords"]],
    "languages": lambda r: [norm_language(item) for item in r.get("languages", [])],
    "certificates.name": lambda r: _each(r, "certificates", "name"),
    "projects.name": lambda r: _each(r, "projects", "name"),
}


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: Counts) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class FileResult:
    entry: dict[str, Any]
    counts: dict[str, Counts]
    misses: dict[str, tuple[list[str], list[str]]]
    pages: int
    seconds: float


@dataclass
class Report:
    files: list[FileResult] = field(default_factory=list)

    def totals(self, results: Iterable[FileResult] | None = None) -> dict[str, Counts]:
        totals = {name: Counts() for name in FIELDS}
        for result in self.files if results is None else results:
            for name, counts in result.counts.items():
                totals[name].add(counts)
        return totals

    def macro_f1(self, results: Iterable[FileResult] | None = None) -> float:
        totals = self.totals(results)
        scored = [c.f1 for c in totals.values() if c.tp + c.fn > 0]
        return sum(scored) / len(scored) if scored else 0.0


def compare(truth: dict[str, Any], found: dict[str, Any], not_rendered: list[str]) -> FileResult:
    counts: dict[str, Counts] = {}
    misses: dict[str, tuple[list[str], list[str]]] = {}
    for name, getter in FIELDS.items():
        if name.split(".")[0] in not_rendered:
            counts[name] = Counts()
            continue
        expected = Counter(getter(truth))
        actual = Counter(getter(found))
        tp = sum((expected & actual).values())
        counts[name] = Counts(tp, sum(actual.values()) - tp, sum(expected.values()) - tp)
        if counts[name].fp or counts[name].fn:
            misses[name] = (
                sorted((expected - actual).elements()),
                sorted((actual - expected).elements()),
            )
    return FileResult({}, counts, misses, 0, 0.0)


def run(only: str | None = None, entries: list[dict[str, Any]] | None = None) -> Report:
    manifest = entries or json.loads((CORPUS / "manifest.json").read_text(encoding="utf-8"))
    report = Report()
    for entry in manifest:
        if only and only not in entry["file"]:
            continue
        truth = json.loads((CORPUS / entry["truth"]).read_text(encoding="utf-8"))
        data = (CORPUS / entry["file"]).read_bytes()
        started = time.perf_counter()
        extracted = pdf_text(data) if entry["format"] == "pdf" else docx_text(data)
        found = extract_resume(extracted.text, locale_hint=entry["language"])
        elapsed = time.perf_counter() - started
        result = compare(truth, found, entry.get("not_rendered", []))
        result.entry = entry
        result.pages = extracted.pages
        result.seconds = elapsed
        report.files.append(result)
    return report


def _group(report: Report, key: str) -> dict[str, list[FileResult]]:
    groups: dict[str, list[FileResult]] = {}
    for result in report.files:
        groups.setdefault(str(result.entry[key]), []).append(result)
    return groups


def format_report(report: Report, *, verbose: bool = False) -> str:
    lines: list[str] = []
    if verbose:
        for result in report.files:
            for name, (missing, extra) in result.misses.items():
                lines.append(
                    f"{result.entry['file']}  {name}\n    missing {missing}\n    extra   {extra}"
                )
        lines.append("")
    lines.append(
        f"{'field':<24}{'precision':>10}{'recall':>10}{'F1':>8}{'TP':>6}{'FP':>6}{'FN':>6}"
    )
    lines.append("-" * 70)
    for name, c in report.totals().items():
        lines.append(
            f"{name:<24}{c.precision:>10.3f}{c.recall:>10.3f}{c.f1:>8.3f}{c.tp:>6}{c.fp:>6}{c.fn:>6}"
        )
    lines.append("-" * 70)
    lines.append(f"{'macro F1':<24}{'':>20}{report.macro_f1():>8.3f}")
    for key in ("layout", "format", "language"):
        lines.append("")
        lines.append(f"macro F1 by {key}:")
        for group, results in sorted(_group(report, key).items()):
            lines.append(f"  {group:<12}{report.macro_f1(results):.3f}  ({len(results)} files)")
    pages = sum(r.pages for r in report.files)
    seconds = sum(r.seconds for r in report.files) or 1e-9
    lines.append("")
    lines.append(
        f"throughput: {len(report.files)} files, {pages} pages in {seconds:.2f} s "
        f"-> {pages / seconds:.1f} pages/s, {len(report.files) / seconds:.1f} files/s "
        "(text extraction + structuring, one process)"
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--verbose", action="store_true", help="list every mismatch")
    parser.add_argument("--only", help="only corpus files whose name contains this")
    args = parser.parse_args(argv)
    report = run(args.only)
    sys.stdout.write(format_report(report, verbose=args.verbose) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
