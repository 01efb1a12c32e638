"""Run in a spawned process by tests/test_reader.py: this module imports nothing but what a reader process does
(clinicaudit.work), so the modules a page's reading brings in can be listed."""

from __future__ import annotations

import sys
from typing import Any

from clinicaudit.work import Reader


def read_and_list_modules(reader: Reader, record: dict[str, Any], html: str) -> tuple[dict[str, Any], list[str]]:
    result = reader.read(record, html, {"Content-Type": "text/html"})
    return result, sorted(sys.modules)
