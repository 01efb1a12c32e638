"""`jsonl`: services.jsonl, conditions.jsonl and clinic.jsonl, one record a line (compact JSON, UTF-8), the same
records as the `json` format, each checked against its JSON Schema. `clinicaudit validate services.jsonl` checks
such a file line by line."""

from __future__ import annotations

import json
from typing import Any, Iterable

from clinicaudit.export.json_export import records
from clinicaudit.export.source import Context

NAME = "jsonl"


# Characters that some line readers (str.splitlines, JavaScript) take for a line break; JSON escapes the others.
_LINE_BREAKS = {"\u2028": "\\u2028", "\u2029": "\\u2029", "\x85": "\\u0085"}


def line(value: Any) -> str:
    """One record as one line: compact JSON, UTF-8, with no character any reader could split the line on."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for char, escaped in _LINE_BREAKS.items():
        text = text.replace(char, escaped)
    return text + "\n"


def _lines(ctx: Context, name: str, values: Iterable[dict[str, Any]]) -> None:
    ctx.write_text(name, "".join(line(v) for v in values))


def write(ctx: Context) -> None:
    services, conditions, clinic = records(ctx, NAME)
    _lines(ctx, "services.jsonl", services)
    _lines(ctx, "conditions.jsonl", conditions)
    if clinic is not None:
        _lines(ctx, "clinic.jsonl", [clinic])
