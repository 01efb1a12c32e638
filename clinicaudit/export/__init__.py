"""`clinicaudit export`: the content of an audited site (site.json, pages.jsonl) in the formats a migration needs —
JSON, JSON Lines, CSV, Markdown with front matter, schema.org JSON-LD, a WordPress import file, a redirect map.
docs/export.md describes each format.

    export(run_dir, ["json", "markdown"], to)  ->  ExportResult(files, problems, warnings)

A record that cannot be rendered in a format (it fails its JSON Schema, its id is no slug, ...) is left out of that
format and listed in `problems` with the reason, never dropped silently; the command then exits 3. Everything is
written inside `to`, through `OutputDir`; a file name made from site content is a slug or nothing is written."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from types import ModuleType
from typing import Sequence

from clinicaudit.export import (csv_export, json_export, jsonl_export, jsonld_export, markdown_export,
                                redirects_export, wxr_export)
from clinicaudit.config import Config, ConfigError
from clinicaudit.export.source import Context, ExportError, ExportResult, Source
from clinicaudit.output import RECORD_FILES, check_records
from clinicaudit.output import OutputDir, OutputError

FORMATS: dict[str, ModuleType] = {
    "json": json_export,
    "jsonl": jsonl_export,
    "csv": csv_export,
    "markdown": markdown_export,
    "jsonld": jsonld_export,
    "wxr": wxr_export,
    "redirects": redirects_export,
}
NEEDS_PAGES = ("redirects",)
EXIT_OK, EXIT_USAGE, EXIT_PROBLEMS = 0, 2, 3

__all__ = ["FORMATS", "ExportError", "ExportResult", "export", "main"]


def export(run_dir: Path, formats: list[str], to: Path, config: Config | None = None) -> ExportResult:
    """Write `formats` of the audit output folder `run_dir` into the folder `to` (created when missing). `config`'s
    `[clinic]` section gives facts about the clinic its site does not publish (docs/export.md, `jsonld`).

    Raises ExportError when nothing can be exported (no site.json, an unknown format, an output folder that cannot
    be created); a record that cannot be rendered is a problem of the result instead."""
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise ExportError(f"unknown format {unknown[0]!r} (known: {', '.join(FORMATS)})")
    if not formats:
        raise ExportError("no format to export")
    source = Source(Path(run_dir))
    missing = [f for f in formats if f in NEEDS_PAGES and not source.has_pages]
    if missing:
        raise ExportError(f"{run_dir}: no pages.jsonl here, which the {missing[0]} format needs")
    for fmt in formats:
        check = getattr(FORMATS[fmt], "check", None)
        if check is not None:
            check()
    try:
        out = OutputDir(to)
    except OutputError as exc:
        raise ExportError(str(exc)) from None
    result = ExportResult(out=out.root)
    ctx = Context(source=source, out=out, result=result,
                  clinic_facts=dict(config.values.get("clinic", {})) if config is not None else {})
    if source.run and source.run.get("complete") is False:
        ctx.warn("site", "run", "all", "the crawl did not finish (run.json: complete is false): pages may be missing")
    for fmt in dict.fromkeys(formats):
        try:
            FORMATS[fmt].write(ctx)
        except OutputError as exc:
            raise ExportError(str(exc)) from None
    return result


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="clinicaudit export",
        description="Export an audited site's services, conditions, clinic and URL inventory for a migration.")
    parser.add_argument("run", metavar="DIR",
                        help="an output folder of clinicaudit audit (or a run id of the history database)")
    parser.add_argument("--format", dest="formats", action="append", choices=list(FORMATS), metavar="FORMAT",
                        help=f"one of {', '.join(FORMATS)}; repeatable (default: all)")
    parser.add_argument("--to", required=True, type=Path, metavar="OUTDIR", help="output folder (created if missing)")
    parser.add_argument("--config", metavar="FILE",
                        help="configuration file, for its [clinic] facts (default: clinicaudit.toml if present)")
    parser.add_argument("--db", help="history database, to name the run by its id (default: $CLINICAUDIT_DB)")
    parser.add_argument("--skip-bad-lines", action="store_true",
                        help="go on without the unreadable lines of the run's JSONL files (each is listed) instead of "
                             "stopping with exit 2")
    return parser


def _run_folder(spec: str, db: str | None) -> Path:
    folder = Path(spec)
    if folder.is_dir() or not spec.isdigit():
        return folder
    from clinicaudit import runs

    try:
        store = runs.open_store(runs.db_path(db, None))
    except runs.RunsError as exc:
        raise ExportError(str(exc)) from None
    if store is None:
        raise ExportError(f"{spec}: no such folder (a run id needs the history database: --db or CLINICAUDIT_DB)")
    run = store.run(int(spec))
    if run is None:
        raise ExportError(f"run {spec} is not in {store.path}")
    if not run.get("out") or not Path(run["out"]).is_dir():
        raise ExportError(f"run {spec}'s output folder {run.get('out')} is gone: the history keeps findings only")
    return Path(run["out"])


def main(argv: Sequence[str] | None = None) -> int:
    """`clinicaudit export DIR --format FORMAT [--format ...] --to OUTDIR`: 0 when everything was exported, 2 on a
    usage error, 3 when some record could not be exported (each one is printed)."""
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exc:  # argparse: --help (0) or a usage error (2)
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    formats = args.formats or list(FORMATS)
    try:
        folder = _run_folder(args.run, args.db)
        if not check_records([folder / name for name in RECORD_FILES], args.skip_bad_lines,
                             lambda text: print(f"clinicaudit export: {text}", file=sys.stderr)):
            return EXIT_USAGE
        result = export(folder, formats, args.to, Config.load(args.config))
    except (ExportError, ConfigError) as exc:
        print(f"clinicaudit export: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    print(summary(result, formats))
    for w in result.warnings:
        print(f"warning: {w['format']}: {w['type']} {w['id']}: {w['reason']}", file=sys.stderr)
    for p in result.problems:
        print(f"not exported: {p['format']}: {p['type']} {p['id']}: {p['reason']}", file=sys.stderr)
    if result.problems:
        print(f"clinicaudit export: {len(result.problems)} records could not be exported (listed above)",
              file=sys.stderr)
        return EXIT_PROBLEMS
    return EXIT_OK


def summary(result: ExportResult, formats: list[str]) -> str:
    folders: dict[str, int] = {}
    for path in result.files:
        rel = os.path.relpath(path, result.out)
        top = rel.split(os.sep, 1)[0] + ("/" if os.sep in rel else "")
        folders[top] = folders.get(top, 0) + 1
    listed = ", ".join(f"{name} ({n} files)" if name.endswith("/") else name for name, n in folders.items())
    return (f"exported {', '.join(dict.fromkeys(formats))} → {result.out}: {len(result.files)} files"
            f"{': ' + listed if listed else ''}"
            f" · {len(result.problems)} problems · {len(result.warnings)} warnings")
