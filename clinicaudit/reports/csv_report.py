"""`findings.csv`: one row per finding, for a spreadsheet.

UTF-8 without a BOM, a header row, RFC 4180 quoting (the csv module, QUOTE_MINIMAL, CRLF line ends), so commas,
quotes and newlines inside a cell survive a round trip. Columns: severity, rule, category, url, selector, message,
snippet, fingerprint, and data (compact JSON).

Site content is untrusted: a cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is written with
a leading apostrophe, so a spreadsheet shows it as text instead of running it as a formula (CSV injection)."""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path
from typing import Any

from clinicaudit.output import OutputDir
from clinicaudit.reports.model import SEVERITIES, RunData

NAME = "findings.csv"
COLUMNS = ("severity", "rule", "category", "url", "selector", "message", "snippet", "fingerprint", "data")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(value: Any) -> str:
    """A value as a spreadsheet-safe cell."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def row(finding: dict[str, Any]) -> list[str]:
    values = {k: finding.get(k) for k in COLUMNS}
    values["data"] = json.dumps(finding.get("data") or {}, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return [cell(values[k]) for k in COLUMNS]


def write(data: RunData, out: OutputDir) -> Path:
    """Every finding, gravest first."""
    target = out.path(NAME)
    tmp = out.path(NAME + ".tmp")
    with open(tmp, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, quoting=csv.QUOTE_MINIMAL)
        writer.writerow(COLUMNS)
        # gravest first (an unknown severity last), then by rule and URL, then in the run's order
        for finding in data.findings.select("", order="rank, rule, url, seq"):
            writer.writerow(row(finding))
    os.replace(tmp, target)
    return target
