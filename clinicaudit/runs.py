"""After a crawl: load the run, find its baseline, render the reports, store it in the history, apply the gate.
Also the `history`, `report` and `diff` commands' work. Everything here reads the output folders and the history
database; nothing crawls."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from clinicaudit.gate import Suppression, judge
from clinicaudit.output import OutputDir
from clinicaudit.reports.model import SCORE_FORMULA, RunData, diff
from clinicaudit.reports.render import write_reports
from clinicaudit.store import Store, StoreError


class RunsError(ValueError):
    pass


def db_path(flag: str | None, config_value: str | None) -> Path | None:
    """--db, else CLINICAUDIT_DB, else the config file's history.db; None: no history kept (also `--db none`,
    which overrides the environment and the config file)."""
    value = flag or os.environ.get("CLINICAUDIT_DB") or config_value
    return Path(value) if value and value.strip().lower() != "none" else None


def open_store(path: Path | None) -> Store | None:
    if path is None:
        return None
    try:
        return Store(path)
    except StoreError as exc:
        raise RunsError(str(exc)) from None
    except OSError as exc:
        raise RunsError(f"cannot open the history database {path}: {exc.strerror or exc}"
                        + (f" ({exc.filename})" if exc.filename and str(exc.filename) != str(path) else "")) from None


def load_findings(spec: str, store: Store | None) -> tuple[list[dict[str, Any]], str]:
    """A run's findings (with fingerprints) from an output folder or a run id of the history; and its site."""
    folder = Path(spec)
    if folder.is_dir():
        data = RunData.load(folder)
        if not (folder / "findings.jsonl").is_file():
            raise RunsError(f"{spec}: no findings.jsonl here; is it an output folder of clinicaudit audit?")
        return data.findings, data.run.get("site", "")
    if spec.isdigit():
        if store is None:
            raise RunsError(f"{spec}: a run id needs the history database (--db or CLINICAUDIT_DB)")
        run = store.run(int(spec))
        if run is None:
            raise RunsError(f"run {spec} is not in {store.path}")
        return store.findings(int(spec)), run["site"]
    raise RunsError(f"{spec}: neither an output folder nor a run id")


def previous_scores(spec: str, store: Store | None) -> dict[str, float] | None:
    """The scores of a --baseline (an output folder: scored again now; a history run: as stored, when the same
    formula scored it)."""
    if Path(spec).is_dir():
        return RunData.load(Path(spec)).scores()
    if spec.isdigit() and store is not None:
        run = store.run(int(spec))
        return _comparable(run.get("scores")) if run else None
    return None


def _comparable(scores: dict[str, Any] | None) -> dict[str, float] | None:
    return scores if scores and scores.get("formula") == SCORE_FORMULA else None


@dataclass
class Outcome:
    data: RunData
    run_id: int | None = None
    baseline: str | None = None
    blocking: list[dict[str, Any]] = field(default_factory=list)
    suppressed: list[dict[str, Any]] = field(default_factory=list)
    nothing_audited: str | None = None  # why no HTML page was audited (None: some were)


# The host is not there (any URL failing so says it); a connection that drops or times out says it only for a page:
# on robots.txt alone it is robots.txt's own failure, which RFC 9309 reads as "disallow all".
HOST_ERRORS = ("dns", "connection-refused")
NETWORK_ERRORS = (*HOST_ERRORS, "connection", "connection-lost", "timeout")


def unreachable(pages: list[dict[str, Any]]) -> bool:
    """Whether the site never answered: every URL tried failed in the network (DNS, refused, timed out…)."""
    def kind(p: dict[str, Any]) -> str | None:
        return (p.get("error") or {}).get("kind")

    return bool(pages) and all(kind(p) in (*NETWORK_ERRORS, "robots-disallowed") and p.get("status") is None
                               for p in pages) and any(
        kind(p) in HOST_ERRORS or (kind(p) in NETWORK_ERRORS and not p["url"].endswith("/robots.txt")) for p in pages)


def nothing_audited(data: RunData) -> str:
    """Why a run audited no HTML page, in words, from what it did fetch."""
    if unreachable(data.pages):
        failed = next(p for p in data.pages if (p.get("error") or {}).get("kind") in NETWORK_ERRORS)
        return (f"the site never answered: {failed['url']} could not be fetched ({failed['error']['kind']}: "
                f"{failed['error'].get('message')})")
    fetched = [p for p in data.pages if not p["url"].endswith(("/robots.txt", "/sitemap.xml"))]
    if not fetched:
        return "nothing was fetched but robots.txt and the sitemap (an empty folder, or robots.txt forbids the rest)"
    first = fetched[0]
    if first.get("error"):
        return f"{first['url']} could not be fetched ({first['error'].get('kind')}: {first['error'].get('message')})"
    if first.get("status") in (401, 407):
        return (f"{first['url']} answered HTTP {first['status']}: the site asks for a password; pass --auth USER:PASS "
                "(or set CLINICAUDIT_AUTH), or --header / --cookie for other kinds of login")
    if first.get("status") and not 200 <= first["status"] < 300:
        return f"{first['url']} answered HTTP {first['status']}" + (
            f", redirecting to {first['redirect_to']} (another site?)" if first.get("redirect_to") else "")
    if not first.get("is_html"):
        return f"{first['url']} is not an HTML page (it is {first.get('content_type') or 'something else'})"
    return f"none of the {len(fetched)} URLs fetched is an HTML page that answered 2xx"


def finish_run(out: Path, *, store: Store | None, run_id: int | None, baseline: str | None, formats: list[str],
               fail_on: str | None, suppressions: list[Suppression], history_site: str | None = None,
               min_scores: dict[str, float] | None = None, sarif_root: str | None = None,
               folder: Path | None = None) -> Outcome:
    data = RunData.load(out, work=out)
    site = history_site or data.run.get("site", "")  # as the history knows it (clinicaudit.store.site_key)
    nothing = None if data.audited_pages() else nothing_audited(data)
    if nothing is not None and data.run:  # not a result: kept, but as an incomplete run, never a baseline
        reason = "unreachable" if unreachable(data.pages) else "nothing-audited"
        data.run.update(complete=False, finish_reason=reason, nothing_audited=nothing)
    old: list[dict[str, Any]] | None = None
    label = None
    if baseline:
        old, _ = load_findings(baseline, store)
        label = baseline
        data.previous_scores = previous_scores(baseline, store)
    elif store is not None:
        previous = store.previous(site, before=run_id)
        if previous is not None:
            old, label = store.findings(previous["id"]), f"run {previous['id']}"
            data.previous_scores = _comparable(previous.get("scores"))
    if old is not None:
        changes = diff(old, data.findings, unchanged=False)
        data.changes = {"new": changes["new"], "fixed": changes["fixed"], "baseline": label}
    if store is not None and run_id is not None:
        store.finish_run(run_id, data.run, data.findings, {**data.scores(), "formula": SCORE_FORMULA})
        data.trend = store.trend(site)
    # one verdict, computed here, kept in run.json and shown by every report
    data.gate, blocking, suppressed = judge(data.findings, data.changes, fail_on, suppressions, data.scores(),
                                            min_scores)
    outcome = Outcome(data=data, run_id=run_id, baseline=label, blocking=blocking, suppressed=suppressed,
                      nothing_audited=nothing)
    data.run["gate"] = data.gate
    data.run["previous_scores"] = data.previous_scores  # kept, so that a report rendered again shows the changes
    if sarif_root is not None:  # report.sarif's locations: repository paths (and the folder whose files served)
        data.run["sarif_root"] = sarif_root
        data.run["sarif_folder"] = str(Path(folder).resolve()) if folder is not None else None
    OutputDir(out).write_json("run.json", data.run)
    write_reports(data, OutputDir(out), formats)
    return outcome


def rerender(spec: str, store: Store | None, out: Path | None, formats: list[str]) -> Path:
    """`clinicaudit report RUN`: render a past run again, from its output folder, or from the history when the
    folder is gone (findings and counts only: the pages are not in the database)."""
    if Path(spec).is_dir():
        data = RunData.load(Path(spec), work=Path(out or spec))
    else:
        if not spec.isdigit() or store is None:
            raise RunsError(f"{spec}: neither an output folder nor a run id of the history database (--db)")
        run = store.run(int(spec))
        if run is None:
            raise RunsError(f"run {spec} is not in {store.path}")
        if run["out"] and Path(run["out"]).is_dir():
            data = RunData.load(Path(run["out"]), work=Path(out or run["out"]))
        elif out is None:
            raise RunsError(f"run {spec}'s output folder {run['out']} is gone; pass --out to render it from the history")
        else:
            data = RunData(out=out, pages=[], site={}, findings=store.findings(int(spec)),
                           run={k: run[k] for k in ("site", "started", "finished", "complete", "pages")})
    if store is not None:
        data.trend = store.trend(data.run.get("site", ""))
    target = OutputDir(out or data.out)
    write_reports(data, target, formats)  # with the verdict the run had (run.json), if it had a gate
    return target.root


