"""Write the chosen report formats of a run (from its files, never by crawling again)."""

from __future__ import annotations

import importlib
from pathlib import Path

from clinicaudit.output import OutputDir
from clinicaudit.reports.model import RunData

# format name → module with write(data, out) -> Path; the gate's verdict is data.gate, the same for every format
FORMATS = {
    "html": "clinicaudit.reports.html",
    "json": "clinicaudit.reports.json_report",
    "csv": "clinicaudit.reports.csv_report",
    "markdown": "clinicaudit.reports.markdown",
    "junit": "clinicaudit.reports.junit",
    "sarif": "clinicaudit.reports.sarif",
}


def write_reports(data: RunData, out: OutputDir, formats: list[str]) -> list[Path]:
    return [importlib.import_module(FORMATS[name]).write(data, out) for name in formats]
