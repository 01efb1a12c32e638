"""`junit.xml`: the audit as a JUnit test report, for CI systems that show test results (GitLab, Jenkins, Azure
DevOps, GitHub test-report actions).

`<testsuites>` holding one `<testsuite name="clinicaudit">`, with one `<testcase classname="clinicaudit.<category>"
name="<rule-id>">` per registered rule, so the rules that found nothing show as passed, and those the run's
configuration switched off (run.json `rules`) as `<skipped>`. A rule fails (one `<failure message=...
type=<gravest severity>>`) when it has findings at or above `fail_on`; the failure's text lists each of those
findings (severity, page URL, selector, message). Findings below `fail_on` never fail a test
case: they are listed in the test case's `<system-out>`. A rule id that only the findings know (a rule since
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
from clinicaudit.reports.json_report import at_or_above, check_fail_on
from clinicaudit.reports.model import SEVERITIES, RunData

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


def build(data: RunData, fail_on: str = "error") -> ET.Element:
    check_fail_on(fail_on)
    run = data.run
    cases = _cases(data)
    failures = skipped = 0
    root = ET.Element("testsuites", name="clinicaudit")
    suite = ET.SubElement(root, "testsuite", name="clinicaudit")
    props = ET.SubElement(suite, "properties")
    tool = run.get("tool") or {}
    for name, value in (("site", run.get("site")), ("crawled_url", run.get("crawled_url")),
                        ("fail_on", fail_on), ("tool_version", tool.get("version")),
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
        failing = [f for f in found if at_or_above(f.get("severity", ""), fail_on)]
        below = [f for f in found if not at_or_above(f.get("severity", ""), fail_on)]
        if failing:
            failures += 1
            gravest = min((f["severity"] for f in failing), key=SEVERITIES.index)
            n = len(failing)
            failure = ET.SubElement(case, "failure", type=gravest, message=xml_text(
                f"{n} finding{'s' if n != 1 else ''} at or above {fail_on}: {title}"))
            failure.text = xml_text("\n\n".join(_finding_text(f) for f in failing))
        if below:
            out = ET.SubElement(case, "system-out")
            out.text = xml_text(f"{len(below)} finding{'s' if len(below) != 1 else ''} below {fail_on} "
                                f"(not failing):\n\n" + "\n\n".join(_finding_text(f) for f in below))

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


def write(data: RunData, out: OutputDir, fail_on: str = "error") -> Path:
    root = build(data, fail_on)
    ET.indent(root)
    target = out.path(NAME)
    tmp = out.path(NAME + ".tmp")
    ET.ElementTree(root).write(tmp, encoding="utf-8", xml_declaration=True)
    os.replace(tmp, target)
    return target
