"""`json`: services.json, conditions.json (arrays of records) and clinic.json (one record), exactly as site.json holds
them. Each record is checked against its JSON Schema (schema/service, condition, clinic) first; one that fails is a
problem and is left out."""

from __future__ import annotations

from typing import Any

from clinicaudit.export.source import Context

NAME = "json"


def records(ctx: Context, fmt: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]], dict[str, Any] | None]:
    return list(ctx.valid("service", fmt)), list(ctx.valid("condition", fmt)), ctx.valid_clinic(fmt)


def write(ctx: Context) -> None:
    services, conditions, clinic = records(ctx, NAME)
    ctx.write_json("services.json", services)
    ctx.write_json("conditions.json", conditions)
    if clinic is not None:
        ctx.write_json("clinic.json", clinic)
