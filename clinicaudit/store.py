"""The history database (SQLite, stdlib): one row per run and its findings with their fingerprints.

A run's row is written when the crawl starts (incomplete) and completed, with its findings, in one transaction at
the end: a run killed half way leaves the database consistent, its row marked incomplete.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

from clinicaudit.urls import normalize_url, site_origin

SCHEMA_VERSION = 1
SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    site TEXT NOT NULL,
    started TEXT NOT NULL,
    finished TEXT,
    complete INTEGER NOT NULL DEFAULT 0,
    tool_version TEXT NOT NULL,
    config_digest TEXT,
    pages INTEGER NOT NULL DEFAULT 0,
    errors INTEGER NOT NULL DEFAULT 0,
    warnings INTEGER NOT NULL DEFAULT 0,
    notices INTEGER NOT NULL DEFAULT 0,
    scores TEXT,
    out TEXT
);
CREATE TABLE IF NOT EXISTS findings (
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    fingerprint TEXT NOT NULL,
    rule TEXT NOT NULL,
    category TEXT NOT NULL,
    severity TEXT NOT NULL,
    url TEXT NOT NULL,
    selector TEXT NOT NULL,
    snippet TEXT NOT NULL,
    message TEXT NOT NULL,
    data TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS findings_run ON findings(run_id);
CREATE INDEX IF NOT EXISTS runs_site ON runs(site, id);
"""


def site_key(site: str) -> str:
    """The site a run belongs to in the history: its public origin as `normalize_url` writes it (lower case, default
    port dropped, its trailing slash whether or not it was typed: `https://Example.com` and `https://example.com/`
    are one site); a folder's key (`folder:` and its absolute path) stays as it is."""
    site = (site or "").strip()
    if site.startswith("folder:") or site_origin(site) is None:
        return site
    return normalize_url(site)


class StoreError(Exception):
    pass


class Store:
    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(self.path, timeout=30)
            self.db.execute("PRAGMA foreign_keys = ON")
            self.db.execute("PRAGMA journal_mode = WAL")
            version = self.db.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise StoreError(f"{self.path} was written by a newer clinicaudit (schema {version})")
            with self.db:
                self.db.executescript(SCHEMA)
                self.db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: not a usable history database ({exc})") from None
        self.db.row_factory = sqlite3.Row

    def close(self) -> None:
        self.db.close()

    def begin_run(self, site: str, started: str, tool_version: str, out: Path) -> int:
        with self.db:
            cur = self.db.execute("INSERT INTO runs (site, started, tool_version, out) VALUES (?, ?, ?, ?)",
                                  (site_key(site), started, tool_version, str(out)))
        return int(cur.lastrowid)

    def finish_run(self, run_id: int, run: dict[str, Any], findings: list[dict[str, Any]],
                   scores: dict[str, Any]) -> None:
        """Store the run's findings and close its row, all or nothing."""
        counts = run.get("counts") or {}
        with self.db:
            self.db.execute("DELETE FROM findings WHERE run_id = ?", (run_id,))
            self.db.executemany(
                "INSERT INTO findings VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(run_id, f["fingerprint"], f["rule"], f["category"], f["severity"], f["url"], f["selector"],
                  f["snippet"], f["message"], json.dumps(f.get("data") or {}, ensure_ascii=False)) for f in findings])
            self.db.execute(
                "UPDATE runs SET finished = ?, complete = ?, config_digest = ?, pages = ?, errors = ?, warnings = ?,"
                " notices = ?, scores = ? WHERE id = ?",
                (run.get("finished"), int(bool(run.get("complete"))), run.get("config_digest"), run.get("pages", 0),
                 counts.get("error", 0), counts.get("warning", 0), counts.get("notice", 0), json.dumps(scores),
                 run_id))

    def runs(self, site: str | None = None) -> list[dict[str, Any]]:
        query = "SELECT * FROM runs" + (" WHERE site = ?" if site else "") + " ORDER BY id"
        return [self._run(row) for row in self.db.execute(query, (site_key(site),) if site else ())]

    def run(self, run_id: int) -> dict[str, Any] | None:
        row = self.db.execute("SELECT * FROM runs WHERE id = ?", (run_id,)).fetchone()
        return self._run(row) if row else None

    def previous(self, site: str, before: int | None = None) -> dict[str, Any] | None:
        """The latest complete run of `site` (before run id `before`)."""
        row = self.db.execute(
            "SELECT * FROM runs WHERE site = ? AND complete = 1 AND id < ? ORDER BY id DESC LIMIT 1",
            (site_key(site), before if before is not None else 2**62)).fetchone()
        return self._run(row) if row else None

    def findings(self, run_id: int) -> list[dict[str, Any]]:
        rows = self.db.execute("SELECT * FROM findings WHERE run_id = ? ORDER BY rowid", (run_id,))
        return [{"rule": r["rule"], "category": r["category"], "severity": r["severity"], "url": r["url"],
                 "selector": r["selector"], "snippet": r["snippet"], "message": r["message"],
                 "data": json.loads(r["data"]), "fingerprint": r["fingerprint"]} for r in rows]

    def trend(self, site: str, limit: int = 12) -> list[dict[str, Any]]:
        """The last `limit` complete runs of `site`, oldest first, with counts by severity and category."""
        rows = self.db.execute("SELECT * FROM runs WHERE site = ? AND complete = 1 ORDER BY id DESC LIMIT ?",
                               (site_key(site), limit)).fetchall()
        out = []
        for row in reversed(rows):
            cats = dict(self.db.execute("SELECT category, COUNT(*) FROM findings WHERE run_id = ? GROUP BY category",
                                        (row["id"],)).fetchall())
            run = self._run(row)
            out.append({"id": run["id"], "started": run["started"], "scores": run["scores"],
                        "counts": {"error": run["errors"], "warning": run["warnings"], "notice": run["notices"],
                                   "category": cats}})
        return out

    @staticmethod
    def _run(row: sqlite3.Row) -> dict[str, Any]:
        run = dict(row)
        run["complete"] = bool(run["complete"])
        run["scores"] = json.loads(run["scores"]) if run["scores"] else {}
        return run
