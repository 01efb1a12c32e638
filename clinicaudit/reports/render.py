"""Write the chosen report formats of a run (from its files, never by crawling again)."""

from __future__ import annotations

import importlib
from pathlib import Path

from clinicaudit.output import OutputDir
from clinicaudit.reports.model import RunData

# format name → module with write(data, out, fail_on) -> Path
FORMATS = {
    "html": "clinicaudit.reports.html",
    "json": "clinicaudit.reports.json_report",
    "csv": "clinicaudit.reports.csv_report",
    "markdown": "clinicaudit.reports.markdown",
    "junit": "clinicaudit.reports.junit",
    "sarif": "clinicaudit.reports.sarif",
}


def write_reports(data: RunData, out: OutputDir, formats: list[str], fail_on: str) -> list[Path]:
    written = []
    for name in formats:
        module = importlib.import_module(FORMATS[name])
        if name == "html":
            written.append(module.write(data, out))
        else:
            written.append(module.write(data, out, fail_on))
    return written
