"""`report.json`: the whole run in one machine-readable document (schema/report.schema.json).

Run metadata, the gate's verdict (the one run.json keeps; null when the run had no gate), scores, counts by severity and category, HTTP status
counts, what changed since the previous run (or null when there is none to compare with), a summary line per rule
(every registered rule, with its count, so a rule that found nothing shows 0) and every finding with its
fingerprint. Site content (messages, snippets) is kept as it is: JSON escaping is all it needs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from audits.registry import rules as registered_rules
from clinicaudit.output import OutputDir, listed
from clinicaudit.reports.model import SEVERITIES, RunData

NAME = "report.json"
REPORT_VERSION = 1
FINDING_FIELDS = ("rule", "category", "severity", "url", "selector", "snippet", "message", "data", "fingerprint")


def rule_summaries(data: RunData) -> list[dict[str, Any]]:
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
            "failed": any(data.blocking(f) for f in found),  # holds findings the gate counted against the run
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


def build(data: RunData, streamed: bool = False) -> dict[str, Any]:
    run = data.run
    tool = run.get("tool") or {}
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
            "limits": dict(run.get("limits") or {}),
            "pages": len(data.pages),
            "audited_pages": len(data.audited_pages()),
            "tool": {"name": tool.get("name", "clinicaudit"), "version": tool.get("version")},
        },
        "gate": gate_view(data),
        "scores": data.scores(),
        "score_changes": data.score_changes(),
        "counts": data.counts(),
        "status_counts": data.status_counts(),
        "changes": _changes(data),
        "rules": rule_summaries(data),
        "findings": listed((_finding(f) for f in data.findings), len(data.findings), streamed),
    }


def gate_view(data: RunData) -> dict[str, Any] | None:
    """The run's verdict as run.json keeps it (None: the run had no gate, neither --fail-on nor --min-score)."""
    gate = data.gate
    if gate is None:
        return None
    return {"fail_on": gate["fail_on"], "passed": bool(gate["passed"]), "counts": gate["counts"],
            "baseline": gate.get("baseline"), "blocking": int(gate["blocking"]), "suppressed": int(gate["suppressed"]),
            "min_scores": dict(gate.get("min_scores") or {}), "below": list(gate.get("below") or [])}


def write(data: RunData, out: OutputDir) -> Path:
    return out.write_json(NAME, build(data, streamed=True))
