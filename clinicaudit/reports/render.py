"""Write the chosen report formats of a run (from its files, never by crawling again)."""

from __future__ import annotations

import importlib
from pathlib import Path

from clinicaudit.output import OutputDir
from clinicaudit.reports.model import RunData
from clinicaudit.terms import FORMATS  # name → module with write(data, out) -> Path



def write_reports(data: RunData, out: OutputDir, formats: list[str]) -> list[Path]:
    return [importlib.import_module(FORMATS[name]).write(data, out) for name in formats]
