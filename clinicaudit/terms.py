"""The terms every part shares, defined once: severities (gravest first) and the threshold they are compared by,
categories, the labels people read for them, the score bands, and the report formats (name → module).

The CLI, the rules, the gate and every report read them from here. A new report format is one module with
`write(data: RunData, out: OutputDir) -> Path` and one line in FORMATS: `--format` accepts it, `report.formats`
in the configuration too, and a run writes it."""

from __future__ import annotations

SEVERITIES = ("error", "warning", "notice")  # gravest first
CATEGORIES = ("images", "headings", "structured-data", "meta", "links")

SEVERITY_LABELS = {"error": "Errors", "warning": "Warnings", "notice": "Notices"}
SEVERITY_BLURBS = {"error": "fix these first", "warning": "worth fixing soon", "notice": "nice to fix"}
CATEGORY_LABELS = {"images": "Images", "headings": "Headings", "structured-data": "Structured data",
                   "meta": "Meta tags", "links": "Links"}
CATEGORY_BLURBS = {
    "images": "Alt texts that describe your photos to search engines and screen readers.",
    "headings": "A clear outline of each page: one main heading, no skipped levels.",
    "structured-data": "Machine-readable facts (schema.org) about your clinic and services.",
    "meta": "Titles and descriptions shown in search results.",
    "links": "Links that work, lead straight to their page and say where they go.",
}

# Score bands (docs/outputs.md, "Scores"): the lowest score of each, best first.
SCORE_BANDS = (("good", "Good", 90.0), ("fair", "Needs work", 50.0), ("poor", "Poor", 0.0))

# Report formats: name → the module that writes it (clinicaudit.reports.render imports it when asked for).
FORMATS = {
    "html": "clinicaudit.reports.html",
    "json": "clinicaudit.reports.json_report",
    "csv": "clinicaudit.reports.csv_report",
    "markdown": "clinicaudit.reports.markdown",
    "junit": "clinicaudit.reports.junit",
    "sarif": "clinicaudit.reports.sarif",
}


def at_or_above(severity: str, threshold: str) -> bool:
    """Whether `severity` is `threshold` or graver (`--fail-on warning` counts errors and warnings)."""
    return SEVERITIES.index(severity) <= SEVERITIES.index(threshold)


def score_band(score: float) -> tuple[str, str]:
    """(key, label) of the band a score falls in: ("good", "Good"), ("fair", "Needs work"), ("poor", "Poor")."""
    return next((key, label) for key, label, low in SCORE_BANDS if score >= low)
