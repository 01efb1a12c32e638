"""`report.json`: the whole run in one machine-readable document (schema/report.schema.json).

Run metadata, the gate (findings at or above `fail_on`), scores, counts by severity and category, HTTP status
counts, what changed since the previous run (or null when there is none to compare with), a summary line per rule
(every registered rule, with its count, so a rule that found nothing shows 0) and every finding with its
fingerprint. Site content (messages, snippets) is kept as it is: JSON escaping is all it needs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from audits.registry import rules as registered_rules
from clinicaudit.output import OutputDir
from clinicaudit.reports.model import SEVERITIES, RunData

NAME = "report.json"
REPORT_VERSION = 1
FINDING_FIELDS = ("rule", "category", "severity", "url", "selector", "snippet", "message", "data", "fingerprint")


def check_fail_on(fail_on: str) -> str:
    if fail_on not in SEVERITIES:
        raise ValueError(f"fail_on must be one of {', '.join(SEVERITIES)}, not {fail_on!r}")
    return fail_on


def at_or_above(severity: str, fail_on: str) -> bool:
    """Whether a finding of `severity` fails a gate set at `fail_on` (an unknown severity never fails)."""
    return severity in SEVERITIES and SEVERITIES.index(severity) <= SEVERITIES.index(fail_on)


def rule_summaries(data: RunData, fail_on: str) -> list[dict[str, Any]]:
    """One entry per registered rule, then one per rule id that only the findings know (a rule since removed)."""
    groups = data.by_rule()
    out = []
    known = registered_rules()
    ids = list(known) + sorted(r for r in groups if r not in known)
    for rule_id in ids:
        found = groups.get(rule_id, [])
        rule = known.get(rule_id)
        meta = rule.meta if rule else None
        severities = {s: sum(1 for f in found if f.get("severity") == s) for s in SEVERITIES}
        out.append({
            "id": rule_id,
            "category": meta.category if meta else str(found[0].get("category", "")),
            "severity": meta.severity if meta else str(found[0].get("severity", "")),
            "title": meta.title if meta else rule_id,
            "help_url": meta.help_url if meta else None,
            "registered": meta is not None,
            "enabled": not data.rule_off(rule_id),
            "count": len(found),
            "severities": severities,
            "failed": any(at_or_above(f.get("severity", ""), fail_on) for f in found),
        })
    return out


def _finding(f: dict[str, Any]) -> dict[str, Any]:
    return {k: f.get(k) for k in FINDING_FIELDS}


def _changes(data: RunData) -> dict[str, Any] | None:
    if data.changes is None:
        return None
    out = {}
    for kind in ("new", "fixed"):
        items = data.changes.get(kind, [])
        out[kind] = {"count": len(items), "fingerprints": [f["fingerprint"] for f in items],
                     "findings": [_finding(f) for f in items]}
    return out


def build(data: RunData, fail_on: str = "error") -> dict[str, Any]:
    check_fail_on(fail_on)
    run = data.run
    tool = run.get("tool") or {}
    failing = sum(1 for f in data.findings if at_or_above(f.get("severity", ""), fail_on))
    return {
        "report_version": REPORT_VERSION,
        "run": {
            "site": run.get("site"),
            "crawled_url": run.get("crawled_url"),
            "started": run.get("started"),
            "finished": run.get("finished"),
            "complete": bool(run.get("complete", False)),
            "finish_reason": run.get("finish_reason"),
            "config_digest": run.get("config_digest"),
            "pages": len(data.pages),
            "audited_pages": len(data.audited_pages()),
            "tool": {"name": tool.get("name", "clinicaudit"), "version": tool.get("version")},
        },
        "gate": {"fail_on": fail_on, "failed": failing > 0, "failing": failing},
        "scores": data.scores(),
        "counts": data.counts(),
        "status_counts": data.status_counts(),
        "changes": _changes(data),
        "rules": rule_summaries(data, fail_on),
        "findings": [_finding(f) for f in data.findings],
    }


def write(data: RunData, out: OutputDir, fail_on: str = "error") -> Path:
    return out.write_json(NAME, build(data, fail_on))
