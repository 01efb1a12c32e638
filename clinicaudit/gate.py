"""The regression gate: which findings are new against a baseline, which are suppressed, and the exit code."""

from __future__ import annotations

import datetime as dt
import fnmatch
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from clinicaudit.reports.model import SEVERITIES, finding_path


class GateError(ValueError):
    pass


@dataclass(frozen=True)
class Suppression:
    rule: str
    url: str
    reason: str
    expires: dt.date | None

    def matches(self, finding: dict[str, Any]) -> bool:
        return fnmatch.fnmatchcase(finding["rule"], self.rule) and fnmatch.fnmatchcase(
            finding_path(finding["url"]), self.url)


def load_suppressions(path: Path, today: dt.date | None = None) -> tuple[list[Suppression], list[str]]:
    """Active suppressions and a note for each expired one (docs/gate.md: the file's format)."""
    today = today or dt.date.today()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise GateError(f"{path}: no such suppressions file") from None
    except tomllib.TOMLDecodeError as exc:
        raise GateError(f"{path}: not valid TOML: {exc}") from None
    active, notes = [], []
    for i, entry in enumerate(data.get("suppress", []), 1):
        unknown = set(entry) - {"rule", "url", "reason", "expires"}
        if unknown or "rule" not in entry or "reason" not in entry:
            raise GateError(f"{path}: [[suppress]] entry {i} needs rule and reason (and may have url, expires); "
                            f"unknown keys: {', '.join(sorted(unknown)) or 'none'}")
        expires = entry.get("expires")
        if expires is not None and not isinstance(expires, dt.date):
            raise GateError(f"{path}: [[suppress]] entry {i}: expires must be a date (2027-03-01)")
        s = Suppression(str(entry["rule"]), str(entry.get("url", "*")), str(entry["reason"]), expires)
        if expires is not None and expires < today:
            notes.append(f"suppression of {s.rule} on {s.url} expired on {expires.isoformat()} ({s.reason}); "
                         "it no longer applies")
        else:
            active.append(s)
    return active, notes


def at_or_above(severity: str, threshold: str) -> bool:
    return SEVERITIES.index(severity) <= SEVERITIES.index(threshold)


def failing(new: list[dict[str, Any]], fail_on: str, suppressions: list[Suppression]) -> tuple[list, list]:
    """(new findings at or above `fail_on` that no suppression covers, those a suppression covers)."""
    blocking, suppressed = [], []
    for f in new:
        if not at_or_above(f["severity"], fail_on):
            continue
        (suppressed if any(s.matches(f) for s in suppressions) else blocking).append(f)
    return blocking, suppressed


def judge(findings: list[dict[str, Any]], changes: dict[str, Any] | None, fail_on: str | None,
          suppressions: list[Suppression]) -> tuple[dict[str, Any] | None, list, list]:
    """The run's one gate verdict (None without `--fail-on`: no gate), which run.json keeps and every report shows,
    with the blocking and the suppressed findings. It counts the new findings when there is a baseline or a previous
    run, else all of them."""
    if not fail_on:
        return None, [], []
    counted = changes["new"] if changes is not None else findings
    blocking, suppressed = failing(counted, fail_on, suppressions)
    return ({"fail_on": fail_on, "counts": "new" if changes is not None else "all",
             "baseline": changes.get("baseline") if changes is not None else None,
             "passed": not blocking, "blocking": len(blocking), "suppressed": len(suppressed),
             "blocking_fingerprints": sorted({f["fingerprint"] for f in blocking if f.get("fingerprint")})},
            blocking, suppressed)


def verdict(findings: list[dict[str, Any]], changes: dict[str, Any] | None, fail_on: str | None,
            suppressions: list[Suppression]) -> dict[str, Any] | None:
    """`judge`'s verdict alone."""
    return judge(findings, changes, fail_on, suppressions)[0]
