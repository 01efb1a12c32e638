"""The regression gate: which findings are new against a baseline, which are suppressed, and the exit code."""

from __future__ import annotations

import datetime as dt
import fnmatch
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from clinicaudit import terms
from clinicaudit.reports.model import finding_path


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


at_or_above = terms.at_or_above  # the severity threshold, defined once


def failing(new: list[dict[str, Any]], fail_on: str, suppressions: list[Suppression]) -> tuple[list, list]:
    """(new findings at or above `fail_on` that no suppression covers, those a suppression covers)."""
    blocking, suppressed = [], []
    for f in new:
        if not at_or_above(f["severity"], fail_on):
            continue
        (suppressed if any(s.matches(f) for s in suppressions) else blocking).append(f)
    return blocking, suppressed


def judge(findings: list[dict[str, Any]], changes: dict[str, Any] | None, fail_on: str | None,
          suppressions: list[Suppression], scores: dict[str, float] | None = None,
          min_scores: dict[str, float] | None = None) -> tuple[dict[str, Any] | None, list, list]:
    """The run's one gate verdict (None without `--fail-on` or `--min-score`: no gate), which run.json keeps and every
    report shows, with the blocking and the suppressed findings. It counts the new findings when there is a baseline
    or a previous run, else all of them; and it fails when a score is below its minimum (`--min-score images=90`)."""
    if not fail_on and not min_scores:
        return None, [], []
    counted = changes["new"] if changes is not None else findings
    blocking, suppressed = failing(counted, fail_on, suppressions) if fail_on else ([], [])
    below = [{"category": c, "score": (scores or {}).get(c, 0.0), "min": m} for c, m in (min_scores or {}).items()
             if (scores or {}).get(c, 0.0) < m]
    return ({"fail_on": fail_on, "counts": "new" if changes is not None else "all",
             "baseline": changes.get("baseline") if changes is not None else None,
             "passed": not blocking and not below, "blocking": len(blocking), "suppressed": len(suppressed),
             "min_scores": dict(min_scores or {}), "below": below,
             "blocking_fingerprints": sorted({f["fingerprint"] for f in blocking if f.get("fingerprint")})},
            blocking, suppressed)


def parse_min_scores(specs: list[str] | None) -> dict[str, float]:
    """`--min-score images=90` (repeatable; also `gate.min_score` in the config): category (or `overall`) → the
    lowest score that passes."""
    from clinicaudit.terms import CATEGORIES

    out: dict[str, float] = {}
    for spec in specs or []:
        name, sep, value = spec.partition("=")
        name = name.strip()
        if not sep or name not in (*CATEGORIES, "overall"):
            raise GateError(f"--min-score {spec!r}: expected CATEGORY=SCORE, CATEGORY one of "
                            f"{', '.join((*CATEGORIES, 'overall'))}")
        try:
            number = float(value)
        except ValueError:
            raise GateError(f"--min-score {spec!r}: {value.strip()!r} is not a number") from None
        if not 0 <= number <= 100:
            raise GateError(f"--min-score {spec!r}: a score is between 0 and 100")
        out[name] = number
    return out

