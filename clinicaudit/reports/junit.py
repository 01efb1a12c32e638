"""`junit.xml`: the audit as a JUnit test report, for CI systems that show test results (GitLab, Jenkins, Azure
DevOps, GitHub test-report actions).

`<testsuites>` holding one `<testsuite name="clinicaudit">`, with one `<testcase classname="clinicaudit.<category>"
name="<rule-id>">` per registered rule, so the rules that found nothing show as passed, and those the run's
configuration switched off (run.json `rules`) as `<skipped>`. A rule fails (one `<failure message=...
type=<gravest severity>>`) when it holds findings the run's gate counted against it (run.json `gate`: the new
findings at or above `--fail-on`, or all of them when there was no baseline nor previous run, suppressed ones
aside); the failure's text lists each of those findings (severity, page URL, selector, message). Every other
finding is listed in the test case's `<system-out>`; a run without a gate (no `--fail-on`) fails no test case. A rule id that only the findings know (a rule since
removed) gets a test case too, so no finding is lost.

ElementTree escapes markup; characters XML 1.0 does not allow at all (most control characters, lone surrogates,
U+FFFE/U+FFFF) are removed from site strings first, so the file always parses."""

from __future__ import annotations

import os
import re
import xml.etree.ElementTree as ET
from datetime import datetime
from pathlib import Path
from typing import Any

from audits.registry import rules as registered_rules
from clinicaudit.output import OutputDir
from clinicaudit.reports.model import SEVERITIES, RunData, show_score

NAME = "junit.xml"
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(value: Any) -> str:
    """A string XML 1.0 can carry: forbidden characters removed, line ends normalised to LF."""
    s = "" if value is None else str(value)
    return _NOT_XML.sub("", s.replace("\r\n", "\n").replace("\r", "\n"))


def _finding_text(f: dict[str, Any]) -> str:
    return (f"[{f.get('severity')}] {f.get('url')}\n"
            f"  selector: {f.get('selector')}\n"
            f"  {f.get('message')}")


def _duration(run: dict[str, Any]) -> str:
    try:
        started = datetime.fromisoformat(str(run["started"]))
        finished = datetime.fromisoformat(str(run["finished"]))
    except (KeyError, TypeError, ValueError):
        return "0"
    return f"{max(0.0, (finished - started).total_seconds()):.3f}"


def _timestamp(run: dict[str, Any]) -> str | None:
    try:
        return datetime.fromisoformat(str(run["started"])).replace(tzinfo=None).isoformat(timespec="seconds")
    except (KeyError, TypeError, ValueError):
        return None


def _cases(data: RunData) -> list[tuple[str, str, str, list[dict[str, Any]]]]:
    """(rule id, category, title, findings) for every registered rule, then for rule ids only findings know."""
    groups = data.by_rule()
    known = registered_rules()
    cases = [(rid, r.meta.category, r.meta.title, groups.get(rid, [])) for rid, r in known.items()]
    cases += [(rid, str(found[0].get("category", "")), rid, found)
              for rid, found in sorted(groups.items()) if rid not in known]
    return cases


def build(data: RunData) -> ET.Element:
    run = data.run
    gate = data.gate
    cases = _cases(data)
    failures = skipped = 0
    root = ET.Element("testsuites", name="clinicaudit")
    suite = ET.SubElement(root, "testsuite", name="clinicaudit")
    props = ET.SubElement(suite, "properties")
    tool = run.get("tool") or {}
    for name, value in (("site", run.get("site")), ("crawled_url", run.get("crawled_url")),
                        ("fail_on", gate["fail_on"] if gate else None),
                        ("min_scores", ", ".join(f"{c}={show_score(m)}" for c, m in gate["min_scores"].items())
                         if gate and gate.get("min_scores") else None),
                        ("gate", ("passed" if gate["passed"] else "failed") if gate else None),
                        ("gate_counts", gate["counts"] if gate else None), ("tool_version", tool.get("version")),
                        ("complete", str(bool(run.get("complete", False))).lower())):
        if value is not None:
            ET.SubElement(props, "property", name=name, value=xml_text(value))

    for rule_id, category, title, found in cases:
        case = ET.SubElement(suite, "testcase", classname=xml_text(f"clinicaudit.{category}"),
                             name=xml_text(rule_id), time="0")
        if data.rule_off(rule_id) and not found:
            skipped += 1
            ET.SubElement(case, "skipped", message="switched off in the configuration")
            continue
        # the findings the gate counted against the run, and the rest: their texts only (a rule may hold
        # tens of thousands of findings, read from the run's table)
        failing: list[str] = []
        rest: list[str] = []
        gravest = None
        for f in found:
            if data.blocking(f):
                failing.append(_finding_text(f))
                if gravest is None or SEVERITIES.index(f["severity"]) < SEVERITIES.index(gravest):
                    gravest = f["severity"]
            else:
                rest.append(_finding_text(f))
        if failing:
            failures += 1
            n = len(failing)
            counted = "new " if gate["counts"] == "new" else ""
            failure = ET.SubElement(case, "failure", type=str(gravest), message=xml_text(
                f"{n} {counted}finding{'s' if n != 1 else ''} at or above {gate['fail_on']}: {title}"))
            failure.text = xml_text("\n\n".join(failing))
        if rest:
            out = ET.SubElement(case, "system-out")
            why = "no gate (no --fail-on)" if gate is None else "not failing the gate"
            out.text = xml_text(f"{len(rest)} finding{'s' if len(rest) != 1 else ''} ({why}):\n\n"
                                + "\n\n".join(rest))

    # --min-score: one test case per gated score, failing when the score is under its minimum
    below = {b["category"]: b for b in (gate or {}).get("below") or []}
    for category, minimum in ((gate or {}).get("min_scores") or {}).items():
        case = ET.SubElement(suite, "testcase", classname="clinicaudit.scores", name=xml_text(f"score:{category}"),
                             time="0")
        cases.append((f"score:{category}", "scores", category, []))
        if category in below:
            failures += 1
            ET.SubElement(case, "failure", type="score", message=xml_text(
                f"the {category} score is {show_score(below[category]['score'])}, below the minimum "
                f"{show_score(minimum)}"))

    for element in (root, suite):
        element.set("tests", str(len(cases)))
        element.set("failures", str(failures))
        element.set("errors", "0")
        element.set("skipped", str(skipped))
        element.set("time", _duration(run))
    stamp = _timestamp(run)
    if stamp:
        suite.set("timestamp", stamp)
    return root


def write(data: RunData, out: OutputDir) -> Path:
    root = build(data)
    ET.indent(root)
    target = out.path(NAME)
    tmp = out.path(NAME + ".tmp")
    ET.ElementTree(root).write(tmp, encoding="utf-8", xml_declaration=True)
    os.replace(tmp, target)
    return target
