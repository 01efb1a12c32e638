"""`summary.md`: a short Markdown summary for a CI job summary or a pull-request comment.

The site, the overall score and a per-category table of scores and findings by severity, the gate's verdict (only
when the run had one: run.json `gate`, the same in every report), what changed
since the previous run (when known), and the rules with the most findings with a few example pages. Under 60
lines whatever the run.

Every string that comes from the run (the clinic's name, URLs, messages, rule ids of unknown rules) is untrusted
site content: it goes through `text()`, which keeps it on one line, backslash-escapes the characters that make
Markdown or HTML (links, images, raw HTML, emphasis, code, table cells, math, headings) and breaks the patterns
GitHub turns into links or notifications by itself (bare URLs, `www.`, e-mail addresses, @mentions, #references)
with a zero-width space, so a hostile page title or alt text shows as text and nothing else."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from audits.registry import rules as registered_rules
from clinicaudit.output import OutputDir
from clinicaudit.reports.model import (CATEGORIES, SEVERITIES, RunData, finding_path, limits_reached, show_change,
                                      show_score)
from clinicaudit.terms import CATEGORY_LABELS as LABELS  # the labels every report uses

NAME = "summary.md"
TOP_RULES = 8
EXAMPLE_PAGES = 3
CHANGES_LISTED = 5
MESSAGE_CHARS = 120
NAME_CHARS = 160
PLURAL = {"error": "errors", "warning": "warnings", "notice": "notices"}

ZWSP = "\u200b"
_LINE_BREAKS = re.compile(r"[\t\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
# Other C0/C1 controls, zero-width and bidirectional formatting characters: invisible, or they reorder what is shown.
_INVISIBLE = re.compile(r"[\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2064"
                        r"\u2066-\u206f\ufeff\ufff9-\ufffb]")
_ESCAPES = str.maketrans({**{c: "\\" + c for c in "\\`*_[]<>|~&$"}, "#": "\\#" + ZWSP, "@": "@" + ZWSP})
_SAFE_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def text(value: Any, limit: int | None = None) -> str:
    """Untrusted text as inert, one-line Markdown (safe in a table cell, a list item or a heading)."""
    s = _INVISIBLE.sub("", _LINE_BREAKS.sub(" ", "" if value is None else str(value)))
    s = re.sub(r"\s+", " ", s).strip()
    if limit is not None and len(s) > limit:
        s = s[: limit - 1].rstrip() + "…"
    s = s.translate(_ESCAPES)
    s = s.replace("://", ":" + ZWSP + "//")
    return re.sub(r"(?i)\bwww\.", lambda m: m.group(0)[:3] + ZWSP + ".", s)


def rule_label(rule_id: str) -> str:
    """A rule id in a code span when it is a plain id (all registered ids are), else as escaped text."""
    return f"`{rule_id}`" if _SAFE_ID.fullmatch(rule_id) else text(rule_id, 60)


def _plural(n: int, severity: str) -> str:
    return f"{n} {severity if n == 1 else PLURAL[severity]}"


def _site_title(data: RunData) -> str:
    name = (data.site.get("clinic") or {}).get("name") if isinstance(data.site.get("clinic"), dict) else None
    site = data.run.get("site") or (data.site.get("site") or {}).get("url") or ""
    host = urlsplit(str(site)).hostname or str(site)
    if name and host:
        return f"{text(name, NAME_CHARS)} ({text(host, NAME_CHARS)})"
    return text(name or host or "unknown site", NAME_CHARS)


def _gravest(findings: list[dict[str, Any]]) -> str:
    known = [f["severity"] for f in findings if f.get("severity") in SEVERITIES]
    return min(known, key=SEVERITIES.index) if known else "?"


def _rank(severity: str) -> int:
    return SEVERITIES.index(severity) if severity in SEVERITIES else len(SEVERITIES)


def _finding_line(f: dict[str, Any]) -> str:
    return (f"**{text(f.get('severity'), 10)}** {rule_label(str(f.get('rule', '')))} on "
            f"{text(finding_path(str(f.get('url', ''))), 80)}: {text(f.get('message'), MESSAGE_CHARS)}")


def render(data: RunData) -> str:
    counts = data.counts()
    scores = data.scores()
    lines = [f"## clinicaudit: {_site_title(data)}", ""]

    by_severity = " · ".join(_plural(counts["severity"][s], s) for s in SEVERITIES)
    changes = data.score_changes() or {}

    def score(key: str) -> str:
        change = show_change(changes.get(key))
        return show_score(scores[key]) + (f" ({change})" if change else "")

    lines += [f"**Overall score: {score('overall')}/100** · {by_severity} · "
              f"{len(data.pages)} URLs crawled, {len(data.audited_pages())} pages audited", ""]
    gate = data.gate
    if gate is not None:  # the run's one verdict (run.json); no gate line when the run had no gate
        rules = []
        if gate["fail_on"]:
            level = gate["fail_on"] + ("" if gate["fail_on"] == "error" else " or graver")
            counted = f"counts what is new since {text(gate.get('baseline') or 'the baseline', 60)}" \
                if gate["counts"] == "new" else "every finding counts: no baseline, no previous run"
            rules.append(f"fail on {level}; {counted}")
        if gate.get("min_scores"):
            rules.append("minimum scores " + ", ".join(f"{c} {show_score(m)}" for c, m in gate["min_scores"].items()))
        n = gate["blocking"]
        why = []
        if n:
            why.append(f"{n} {'new ' if gate['counts'] == 'new' else ''}finding{'s' if n != 1 else ''} at or above "
                       f"{gate['fail_on']}")
        why += [f"{b['category']} score {show_score(b['score'])} is below {show_score(b['min'])}"
                for b in gate.get("below") or []]
        verdict = "✅ passed" if gate["passed"] else "❌ failed: " + "; ".join(why)
        if gate.get("suppressed"):
            verdict += f" ({gate['suppressed']} suppressed)"
        lines += [f"**Gate** ({'; '.join(rules)}): {verdict}", ""]
    limits = limits_reached(data.run)
    if limits:
        lines += ["> Limits reached: " + "; ".join(text(x, 120) for x in limits) + ".", ""]
    if data.run and not data.run.get("complete", False):
        reason = text(data.run.get("finish_reason") or "unknown", 40)
        resume = f" Continue it with `{data.resume_command}`." if data.resume_command else ""
        lines += [f"> ⚠️ The crawl did not finish ({reason}): the numbers cover only the pages it fetched.{resume}",
                  ""]

    lines += ["| Category | Score | Errors | Warnings | Notices |", "| --- | ---: | ---: | ---: | ---: |"]
    for c in CATEGORIES:
        m = counts["matrix"][c]
        lines.append(f"| {LABELS[c]} | {score(c)} | {m['error']} | {m['warning']} | {m['notice']} |")
    sev = counts["severity"]
    lines += [f"| **Overall** | **{score('overall')}** | **{sev['error']}** | **{sev['warning']}** | "
              f"**{sev['notice']}** |", ""]

    if data.changes is not None:
        new, fixed = data.changes.get("new", []), data.changes.get("fixed", [])
        lines += ["### Since the previous run", "", f"**{len(new)} new** · **{len(fixed)} fixed**", ""]
        for kind, items in (("new", new), ("fixed", fixed)):
            for f in sorted(items, key=lambda f: _rank(f.get("severity", "")))[:CHANGES_LISTED]:
                lines.append(f"- {kind}: {_finding_line(f)}")
            if len(items) > CHANGES_LISTED:
                lines.append(f"- … and {len(items) - CHANGES_LISTED} more {kind}")
        if new or fixed:
            lines.append("")

    groups = data.by_rule()
    if groups:
        known = registered_rules()
        top = sorted(groups.items(), key=lambda kv: (-len(kv[1]), _rank(_gravest(kv[1])), kv[0]))
        lines += ["### Top rules", "", "| Rule | Severity | Findings | Example pages |", "| --- | --- | ---: | --- |"]
        for rule_id, found in top[:TOP_RULES]:
            title = f" {text(known[rule_id].meta.title, 80)}" if rule_id in known else ""
            pages = list(dict.fromkeys(finding_path(str(f.get("url", ""))) for f in found))
            shown = ", ".join(text(p, 60) for p in pages[:EXAMPLE_PAGES])
            if len(pages) > EXAMPLE_PAGES:
                shown += f" (+{len(pages) - EXAMPLE_PAGES} more)"
            lines.append(f"| {rule_label(rule_id)}{title} | {text(_gravest(found), 10)} | {len(found)} | {shown} |")
        if len(top) > TOP_RULES:
            more = len(top) - TOP_RULES
            lines += ["", f"{more} more rule{'s' if more != 1 else ''} with findings: see the full report."]
        lines.append("")
    else:
        lines += ["No findings.", ""]

    tool = data.run.get("tool") or {}
    started = str(data.run.get("started") or "")[:16].replace("T", " ")
    footer = f"clinicaudit {text(tool.get('version') or '', 20)}"
    if started:
        footer += f" · run started {text(started, 20)} UTC"
    lines.append(footer)
    return "\n".join(lines) + "\n"


def write(data: RunData, out: OutputDir) -> Path:
    target = out.path(NAME)
    tmp = out.path(NAME + ".tmp")
    with open(tmp, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(render(data))
    os.replace(tmp, target)
    return target
