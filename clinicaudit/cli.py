"""The `clinicaudit` command. docs/cli.md documents commands, options and exit codes."""

from __future__ import annotations

import argparse
import json
import sys
from importlib import resources
from pathlib import Path
from typing import Any, Sequence
from urllib.parse import urlsplit

from clinicaudit import __version__
from clinicaudit.terms import FORMATS, SEVERITIES

# read from clinicaudit.terms, where a format or a severity is registered once (FORMATS is read as the parser is
# built, so that a registered format is accepted at once)
SEVERITY_NAMES = list(SEVERITIES)
EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2
EXIT_INVALID = 3
EXIT_INTERRUPTED = 130
EXIT_UNREACHABLE = -1  # internal: the site never answered; the run is stored as incomplete and the command exits 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="clinicaudit", description="Crawl, extract and audit a clinic's website.")
    parser.add_argument("--version", action="version", version=f"clinicaudit {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    audit = sub.add_parser("audit", help="crawl a site (URL or local folder) and write the outputs")
    audit.add_argument("target", nargs="?", help="an http(s) URL, or a folder holding a static build of the site")
    audit.add_argument("--resume", metavar="DIR", type=Path,
                       help="continue the interrupted audit whose output folder is DIR, with the options it was "
                            "started with")
    _crawl_options(audit, out_required=False)

    # no abbreviations: the batch hands its options on to each audit as written (`--o` must not pass for --out)
    batch = sub.add_parser("batch", help="audit many sites, one a line of a file, into one folder (docs/batch.md)",
                           allow_abbrev=False)
    batch.add_argument("sites", type=Path, help="a file with one URL or folder a line, optionally followed by the "
                                                "site's production URL; # starts a comment")
    batch.add_argument("--parallel", type=int, metavar="N",
                       help="sites audited at once (default: one per two cores, at least one)")
    _crawl_options(batch)

    worker = sub.add_parser("worker", help="take part in the runs queued on a Redis (docs/distributed.md)")
    worker.add_argument("redis", metavar="REDIS_URL",
                        help="redis://HOST:PORT/DB (the password in $CLINICAUDIT_REDIS_PASSWORD keeps it out of ps)")
    worker.add_argument("--jobs", type=int, metavar="N",
                        help="processes that read pages beside the crawl (default: the cores but one)")
    worker.add_argument("--exit-when-idle", type=float, metavar="S",
                        help="stop after S seconds with no run to take part in (default: wait for ever)")
    worker.add_argument("-v", "--verbose", action="store_true", help="log Scrapy's own messages too")

    demo = sub.add_parser("demo", help="run the full job on the bundled demo snapshot of a clinic's site")
    demo.add_argument("--out", required=True, type=Path, help="output folder")
    demo.add_argument("-v", "--verbose", action="store_true", help="log Scrapy's own messages too")
    demo.add_argument("--db", help="history database to add this run to (default: $CLINICAUDIT_DB)")
    demo.add_argument("--format", dest="formats", action="append", choices=list(FORMATS), metavar="FORMAT",
                      help="a report to write; repeatable (default: all)")

    history = sub.add_parser("history", help="list the runs stored in the history database")
    history.add_argument("site", nargs="?", help="only this site (as run.json names it, e.g. https://www.example.com/)")
    history.add_argument("--db", help="history database (default: $CLINICAUDIT_DB)")

    report = sub.add_parser("report", help="render the reports of a past run again")
    report.add_argument("run", help="an output folder, or a run id of the history database")
    report.add_argument("--db", help="history database (default: $CLINICAUDIT_DB)")
    report.add_argument("--out", type=Path, help="where to write (default: the run's own folder)")
    report.add_argument("--format", dest="formats", action="append", choices=list(FORMATS), metavar="FORMAT",
                        help=f"one of {', '.join(FORMATS)}; repeatable (default: all)")
    report.add_argument("--skip-bad-lines", action="store_true",
                        help="go on without the unreadable lines of the run's JSONL files (each is listed)")

    diff = sub.add_parser("diff", help="new, fixed and unchanged findings between two runs")
    diff.add_argument("old", help="an output folder, or a run id of the history database")
    diff.add_argument("new", help="an output folder, or a run id of the history database")
    diff.add_argument("--db", help="history database (default: $CLINICAUDIT_DB)")
    diff.add_argument("--json", action="store_true", help="print the result as JSON")
    diff.add_argument("--fail-on", choices=SEVERITY_NAMES, help="exit 1 when a new finding is at least this severe")
    diff.add_argument("--suppressions", type=Path, help="a suppressions file (docs/gate.md)")

    sub.add_parser("export", add_help=False,
                   help="export the site's content for a migration: json, jsonl, csv, markdown, jsonld, wxr, "
                        "redirects (docs/export.md)")

    rules = sub.add_parser("rules", help="list the audit rules, or show one rule's help")
    rules.add_argument("rule", nargs="?", help="a rule id")

    validate = sub.add_parser("validate", help="validate an exported file against its JSON Schema")
    validate.add_argument("file", type=Path, help="site.json, pages.jsonl or a service/condition/clinic JSON file")
    validate.add_argument("--schema", choices=["site", "page", "service", "condition", "clinic", "finding", "report"],
                          help="the schema to use (default: from the file name)")
    validate.add_argument("--skip-bad-lines", action="store_true",
                          help="validate the readable lines of a JSONL file, listing the unreadable ones, instead of "
                               "stopping with exit 2")
    return parser


def _crawl_options(p: argparse.ArgumentParser, out_required: bool = True) -> None:
    out_help = "output folder (created if missing)" + ("" if out_required else "; required unless --resume is given")
    p.add_argument("--out", required=out_required, type=Path, help=out_help)
    p.add_argument("--config", type=Path, help="site configuration file (default: ./clinicaudit.toml if present)")
    p.add_argument("--site-url", help="production origin of a local build or staging host, e.g. https://www.example.com")
    p.add_argument("--extra-host", action="append", default=None, metavar="HOST",
                   help="another host name crawled as part of the site (repeatable)")
    p.add_argument("--max-pages", type=int, help="stop scheduling new pages after this many (default 500)")
    p.add_argument("--max-depth", type=int, help="links to follow from the start page (default 10)")
    p.add_argument("--timeout", type=float, help="seconds a request may take in all (default 20)")
    p.add_argument("--max-size", type=int, metavar="BYTES",
                   help="bytes a response may have, also once decompressed (default 10485760)")
    p.add_argument("--retries", type=int, metavar="N", help="retries of a failed request (default 1)")
    p.add_argument("--max-retry-after", type=float, metavar="S",
                   help="longest Retry-After wait honoured, in seconds (default 10)")
    p.add_argument("--max-redirects", type=int, metavar="N", help="redirects followed in a row (default 10)")
    p.add_argument("--max-per-pattern", type=int, metavar="N",
                   help="URLs fetched per URL shape that keeps coming deeper in the crawl, the crawl-trap guard "
                        "(default 50; URLs listed on one page or in a sitemap are not cut)")
    p.add_argument("--concurrency", type=int, metavar="N", help="parallel requests to the site (default 4)")
    p.add_argument("--jobs", type=int, metavar="N",
                   help="worker processes that read and audit the pages while the crawl goes on (default: one per "
                        "core; 0 reads them in the crawl's own process)")
    p.add_argument("--delay", type=float, metavar="S", help="seconds between requests (default 0)")
    p.add_argument("--render", choices=["none", "js", "auto"],
                   help="run pages' scripts in headless Chromium: none, js (every page) or auto (pages that look "
                        "script-built; the default for URL targets, none for folders)")
    p.add_argument("--chromium", metavar="PATH", help="the Chromium to render with (default: chromium on PATH)")
    p.add_argument("--render-timeout", type=float, metavar="S",
                   help="seconds a rendered page may take to settle (default 15)")
    p.add_argument("--render-concurrency", type=int, metavar="N",
                   help="pages rendered at once (default: two per core, at most 8)")
    p.add_argument("--redis", metavar="URL",
                   help="share the crawl with `clinicaudit worker` processes through this Redis "
                        "(redis://HOST:PORT/DB; docs/distributed.md)")
    p.add_argument("--lease", type=float, metavar="S",
                   help="--redis: seconds after which a silent worker's pages go to another (default 30)")
    p.add_argument("--ignore-robots", action="store_true",
                   help="IGNORE robots.txt: fetch pages the site asks crawlers not to (only for your own site)")
    p.add_argument("--fast", action="store_true", help="more parallel requests (for your own or a local server)")
    p.add_argument("--user-agent", metavar="UA", help="the User-Agent header sent (default: clinicaudit/VERSION …)")
    p.add_argument("--include", action="append", default=None, metavar="GLOB",
                   help="crawl only URLs whose path matches (e.g. '/services/*'; repeatable; the start page is "
                        "always fetched)")
    p.add_argument("--exclude", action="append", default=None, metavar="GLOB",
                   help="never crawl URLs whose path matches (e.g. '/blog/*', '*?replytocom=*'; repeatable)")
    p.add_argument("--urls", type=Path, metavar="FILE",
                   help="audit only the URLs listed in FILE (one per line: a URL of the site or a path), following "
                        "no link")
    p.add_argument("--sitemap-only", action="store_true",
                   help="audit only the URLs of the site's sitemaps, following no link")
    p.add_argument("--auth", metavar="USER:PASS",
                   help="HTTP basic auth for the audited origin only (default: $CLINICAUDIT_AUTH); never written "
                        "to any output")
    p.add_argument("--header", action="append", default=None, metavar="'NAME: VALUE'",
                   help="a header sent to the audited origin only (repeatable); never written to any output")
    p.add_argument("--cookie", action="append", default=None, metavar="NAME=VALUE",
                   help="a cookie sent to the audited origin only (repeatable); never written to any output")
    p.add_argument("--stdout", action="store_true",
                   help="when done, print report.json to standard output (everything else goes to standard error)")
    p.add_argument("--rule", action="append", default=[], metavar="ID=VALUE",
                   help="configure a rule: off, on, error, warning or notice (repeatable)")
    p.add_argument("--format", dest="formats", action="append", choices=list(FORMATS), metavar="FORMAT",
                   help=f"a report to write: {', '.join(FORMATS)}; repeatable (default: all)")
    p.add_argument("--db", help="history database to add this run to (default: $CLINICAUDIT_DB; none: no history)")
    p.add_argument("--baseline", metavar="OLD", help="compare with this run (an output folder or a history run id)")
    p.add_argument("--allow-other-site", action="store_true",
                   help="accept a --baseline that audited another site (a staging host against production)")
    p.add_argument("--fail-on", choices=SEVERITY_NAMES,
                   help="exit 1 when a finding new since the baseline is at least this severe")
    p.add_argument("--suppressions", type=Path, help="known findings to accept (docs/gate.md)")
    p.add_argument("--sarif-root", metavar="DIR",
                   help="name report.sarif's pages by repository path under DIR (the folder of the site's build, "
                        "e.g. public), as GitHub code scanning links them; default: paths relative to the site root")
    p.add_argument("--min-score", action="append", default=None, metavar="CATEGORY=SCORE",
                   help="exit 1 when a score is below this (images, headings, structured-data, meta, links, overall; "
                        "repeatable), as Lighthouse CI's minScore")
    p.add_argument("-v", "--verbose", action="store_true", help="log Scrapy's own messages too")


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in argv  # anywhere on the line: the traceback of an error, for a bug report
    argv = [a for a in argv if a != "--debug"]
    try:
        return _main(argv)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception as exc:  # noqa: BLE001 - the last line of defence: a message, not a traceback
        if debug:
            raise
        return _fail(_describe(exc) + " (run again with --debug to see the traceback)")


def _describe(exc: BaseException) -> str:
    """An error the command did not foresee, in one line: a file-system error names its file."""
    import sqlite3

    if isinstance(exc, OSError) and exc.strerror:
        where = f"{exc.filename}: " if exc.filename else ""
        return f"{where}{exc.strerror}"
    if isinstance(exc, sqlite3.Error):
        return f"the history database failed: {exc}"
    return f"unexpected {type(exc).__name__}: {exc}"


def _main(argv: list[str]) -> int:
    if argv[:1] == ["export"]:
        from clinicaudit.export import main as export_main

        return export_main(argv[1:])
    args = _parser().parse_args(argv)
    if args.command == "validate":
        return cmd_validate(args)
    if args.command == "demo":
        return cmd_demo(args)
    if args.command == "batch":
        return cmd_batch(args, argv)
    if args.command == "rules":
        return cmd_rules(args)
    if args.command == "worker":
        return cmd_worker(args)
    if args.command in ("history", "report", "diff"):
        from clinicaudit import runs

        try:
            return {"history": cmd_history, "report": cmd_report, "diff": cmd_diff}[args.command](args)
        except runs.RunsError as exc:
            return _fail(str(exc))
    return cmd_audit(args)


def _fail(message: str) -> int:
    print(f"clinicaudit: error: {message}", file=sys.stderr)
    return EXIT_USAGE


def cmd_audit(args: argparse.Namespace, demo_site_url: str | None = None) -> int:
    from clinicaudit import render
    from clinicaudit.access import AccessError
    from clinicaudit.config import Config, ConfigError
    from clinicaudit.output import OutputDir, OutputError

    if getattr(args, "resume", None) is not None:
        return cmd_resume(args)
    if getattr(args, "target", None) is None or getattr(args, "out", None) is None:
        return _fail("audit needs a TARGET and --out DIR (or --resume DIR)")
    try:
        config = Config.load(getattr(args, "config", None))
        config.set("site", "url", getattr(args, "site_url", None) or demo_site_url)
        config.set("site", "extra_hosts", getattr(args, "extra_host", None))
        config.set("crawl", "max_pages", getattr(args, "max_pages", None))
        config.set("crawl", "max_depth", getattr(args, "max_depth", None))
        config.set("crawl", "timeout", getattr(args, "timeout", None))
        for key in ("max_size", "retries", "max_retry_after", "max_redirects", "max_per_pattern", "concurrency",
                    "delay"):
            config.set("crawl", key, getattr(args, key, None))
        if getattr(args, "db", None):
            config.set("history", "db", args.db)
        if getattr(args, "ignore_robots", False):
            config.set("crawl", "obey_robots", False)
        if getattr(args, "fast", False) and getattr(args, "concurrency", None) is None:
            config.set("crawl", "concurrency", 16)
        config.set("crawl", "user_agent", getattr(args, "user_agent", None))
        config.set("render", "mode", getattr(args, "render", None))
        config.set("render", "chromium", getattr(args, "chromium", None))
        config.set("render", "timeout", getattr(args, "render_timeout", None))
        config.set("render", "concurrency", getattr(args, "render_concurrency", None))
        if config.get("render", "mode") is None:  # URL targets render what looks script-built; a folder is static
            is_url = str(getattr(args, "target", "")).startswith(("http://", "https://"))
            config.set("render", "mode", "auto" if is_url else "none")
        render.setup(config.as_dict())  # a --chromium that is not there, --render js without Chromium
        config.set("crawl", "include", getattr(args, "include", None))
        config.set("crawl", "exclude", getattr(args, "exclude", None))
        if getattr(args, "sitemap_only", False):
            config.set("crawl", "sitemap_only", True)
        if getattr(args, "urls", None) is not None:
            config.set("crawl", "urls", _read_url_list(args.urls))
        if config.get("crawl", "urls") and config.get("crawl", "sitemap_only"):
            raise ConfigError("--urls and --sitemap-only each choose the pages to audit: give one of them")
        for spec in getattr(args, "rule", []) or []:
            rule_id, sep, value = spec.partition("=")
            if not sep:
                raise ConfigError(f"--rule {spec!r}: expected ID=VALUE, e.g. --rule image-alt-generic=off")
            config.set_rule(rule_id.strip(), value.strip())
        access = _access(args)
        out = OutputDir(args.out)
        redis = _redis_plan(args)
    except (ConfigError, OutputError, AccessError, render.RenderError, ValueError) as exc:
        return _fail(str(exc))
    from clinicaudit import runs
    from clinicaudit.gate import GateError, load_suppressions

    try:
        job = _Job.from_args(args, config)
        suppressions, notes = ([], []) if job.suppressions is None else load_suppressions(job.suppressions)
        store = runs.open_store(job.db)
    except (GateError, runs.RunsError) as exc:
        return _fail(str(exc))
    for note in notes:
        print(f"clinicaudit: {note}", file=sys.stderr)
    target = str(args.target)
    if target.startswith(("http://", "https://")):
        return _crawl_and_report(target, out.root, config, args.verbose, job, store, suppressions, access=access,
                                 jobs=getattr(args, "jobs", None), redis=redis)
    folder = Path(target)
    if not folder.is_dir():
        return _fail(f"{target!r} is neither an http(s) URL nor a folder")
    if not config.get("site", "url"):
        from clinicaudit.origin import detect_origin

        detected = detect_origin(folder)
        if detected is not None:
            config.set("site", "url", detected.origin.rstrip("/"))
            print(f"treating {detected.origin.rstrip('/')} as this site (from {detected.source}); pass --site-url "
                  "to override", file=sys.stderr)
        else:
            print("no production address found in the folder's pages (canonical links, og:url, sitemap, absolute "
                  "links): absolute links are treated as other sites; pass --site-url if the site has one",
                  file=sys.stderr)
    from clinicaudit.serve import serve_folder

    with serve_folder(folder) as base:
        print(f"serving {folder} on {base}", file=sys.stderr)
        if redis is not None:
            print(f"the workers must reach {base}, where this folder is served", file=sys.stderr)
        return _crawl_and_report(base, out.root, config, args.verbose, job, store, suppressions, folder=folder,
                                 access=access, jobs=getattr(args, "jobs", None), redis=redis)


def _redis_plan(args: argparse.Namespace, saved: dict[str, Any] | None = None) -> Any:
    """--redis and --lease (or, resuming, the run they started): a distributed.RedisPlan after a PING, or None.
    Raises ValueError (DistributedError) with the message to print."""
    url = getattr(args, "redis", None)
    lease = getattr(args, "lease", None)
    if saved is not None and saved.get("redis_run"):
        url = url or saved.get("redis")
        lease = saved.get("lease")
    if url is None:
        if lease is not None:
            raise ValueError("--lease goes with --redis")
        return None
    from clinicaudit import distributed

    if lease is not None and not 1 <= lease <= 3600:
        raise ValueError("--lease must be between 1 and 3600 seconds")
    target = distributed.RedisTarget.parse(url)
    try:
        target.check()
    except distributed.DistributedError as exc:
        raise ValueError(str(exc)) from exc
    run_id = saved.get("redis_run") if saved else None
    return distributed.RedisPlan(target, run_id or distributed.new_run_id(), lease or distributed.DEFAULT_LEASE)


def cmd_worker(args: argparse.Namespace) -> int:
    """`worker REDIS_URL`: take part in the runs queued there until stopped (docs/distributed.md)."""
    from clinicaudit import distributed

    if args.jobs is not None and args.jobs < 0:
        return _fail("--jobs must be 0 or more")
    try:
        target = distributed.RedisTarget.parse(args.redis)
        target.check()
    except distributed.DistributedError as exc:
        return _fail(str(exc))
    return distributed.Worker(target, jobs=args.jobs, verbose=args.verbose,
                              exit_when_idle=args.exit_when_idle).main()


def cmd_batch(args: argparse.Namespace, argv: list[str]) -> int:
    """`batch SITES --out DIR`: each line of SITES audited into DIR/<host>/ with the other options
    (docs/batch.md)."""
    from clinicaudit import batch

    per_site = [flag for flag, value in (("--site-url", args.site_url), ("--urls", args.urls),
                                         ("--baseline", args.baseline), ("--stdout", args.stdout or None),
                                         ("--sarif-root", args.sarif_root)) if value]
    if per_site:
        return _fail(f"batch: {', '.join(per_site)} belong to one site: give a site's production URL after it in "
                     "the sites file, and audit a site alone for the others")
    if args.parallel is not None and args.parallel < 1:
        return _fail("batch: --parallel must be at least 1")
    if args.redis is not None:  # checked once here: a Redis that cannot be reached fails the batch, not each site
        try:
            _redis_plan(args)
        except ValueError as exc:
            return _fail(str(exc))
    rest = list(argv[1:])
    rest.remove(next(token for token in rest if Path(token) == args.sites))
    try:
        return batch.main(args.sites, args.out, args.parallel or batch.default_parallel(), rest)
    except batch.BatchError as exc:
        return _fail(str(exc))


def cmd_resume(args: argparse.Namespace) -> int:
    """`audit --resume DIR`: continue an interrupted audit from its job folder (docs/cli.md, "Resuming")."""
    from clinicaudit import render, runs
    from clinicaudit.access import AccessError
    from clinicaudit.config import Config, ConfigError, validate
    from clinicaudit.gate import GateError, load_suppressions
    from clinicaudit.output import JOB_FILE, resumable

    if getattr(args, "target", None) is not None or getattr(args, "out", None) is not None:
        return _fail("--resume DIR continues a run with the target, folder and options it was started with; "
                     "give no TARGET or --out")
    folder = Path(args.resume)
    try:
        run = json.loads((folder / "run.json").read_text(encoding="utf-8"))
        saved = json.loads((folder / JOB_FILE).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return _fail(f"{folder}: nothing to resume here (no run.json or {JOB_FILE}: the run completed, or this is "
                     "not an output folder of clinicaudit audit)")
    except (OSError, ValueError) as exc:
        return _fail(f"{folder}: cannot read the interrupted run's files: {exc}")
    if run.get("complete"):
        return _fail(f"{folder}: the run completed; there is nothing to resume")
    if not resumable(folder) and not saved.get("redis_run"):
        return _fail(f"{folder}: the interrupted crawl did not save its queue (it was killed with SIGKILL, or "
                     "crashed); its files are valid, but it cannot be resumed: run the audit again")
    try:
        config = Config(values=validate(saved["config"], f"{folder / JOB_FILE}"), source=saved.get("config_file"))
        job = _Job.from_saved(saved)
        job.stdout = bool(getattr(args, "stdout", False))
        access = _access(args)
        suppressions, notes = ([], []) if job.suppressions is None else load_suppressions(job.suppressions)
        store = runs.open_store(job.db)
        render.setup(config.as_dict())
        redis = _redis_plan(args, saved)
    except (KeyError, TypeError, ConfigError, GateError, runs.RunsError, render.RenderError, ValueError) as exc:
        return _fail(f"{folder}: cannot resume: {exc}")
    except AccessError as exc:
        return _fail(str(exc))
    for note in notes:
        print(f"clinicaudit: {note}", file=sys.stderr)
    print(f"resuming the audit of {run.get('site')} in {folder} ({run.get('pages', 0)} URLs were written)",
          file=sys.stderr)
    resume = {"run_id": saved.get("run_id")}
    out = folder.resolve()
    if saved.get("folder") is None:
        return _crawl_and_report(saved["url"], out, config, args.verbose, job, store, suppressions, resume=resume,
                                 access=access, jobs=getattr(args, "jobs", None), redis=redis)
    from contextlib import ExitStack

    from clinicaudit.serve import serve_folder

    with ExitStack() as stack:
        try:  # the same port: the queued URLs and the output's URLs name it
            base = stack.enter_context(serve_folder(saved["folder"], port=saved["port"]))
        except OSError as exc:
            return _fail(f"cannot serve {saved['folder']} on port {saved['port']} again, which the interrupted "
                         f"crawl used: {exc.strerror or exc}")
        print(f"serving {saved['folder']} on {base}", file=sys.stderr)
        return _crawl_and_report(base, out, config, args.verbose, job, store, suppressions, resume=resume,
                                 folder=Path(saved["folder"]), access=access,
                                 jobs=getattr(args, "jobs", None), redis=redis)


class _Job:
    """What to do after the crawl: reports, history, gate (flags win over the config file)."""

    def __init__(self, formats: list[str], db: Path | None, baseline: str | None, fail_on: str | None,
                 suppressions: Path | None, allow_other_site: bool = False,
                 min_scores: dict[str, float] | None = None) -> None:
        self.formats, self.db, self.baseline, self.fail_on, self.suppressions = (formats, db, baseline, fail_on,
                                                                                   suppressions)
        self.allow_other_site = allow_other_site
        self.min_scores = dict(min_scores or {})
        self.sarif_root: str | None = None
        self.stdout = False  # print report.json to stdout when done (not saved: a resumed run asks again)

    @classmethod
    def from_args(cls, args: argparse.Namespace, config: Any) -> _Job:
        from clinicaudit import runs
        from clinicaudit.gate import GateError, parse_min_scores

        formats = getattr(args, "formats", None) or config.get("report", "formats") or list(FORMATS)
        unknown = [f for f in formats if f not in FORMATS]
        if unknown:
            raise GateError(f"report.formats: unknown format {unknown[0]!r} (known: {', '.join(FORMATS)})")
        fail_on = getattr(args, "fail_on", None) or config.get("gate", "fail_on")
        if fail_on is not None and fail_on not in SEVERITY_NAMES:
            raise GateError(f"gate.fail_on must be one of {', '.join(SEVERITY_NAMES)}")
        suppressions = getattr(args, "suppressions", None) or config.get("gate", "suppressions")
        min_scores = parse_min_scores([*(config.get("gate", "min_score") or []), *(getattr(args, "min_score", None)
                                                                                   or [])])
        job = cls(list(dict.fromkeys(formats)), runs.db_path(getattr(args, "db", None), config.get("history", "db")),
                  getattr(args, "baseline", None), fail_on, Path(suppressions) if suppressions else None,
                  bool(getattr(args, "allow_other_site", False)), min_scores)
        job.stdout = bool(getattr(args, "stdout", False))
        if getattr(args, "sarif_root", None) is not None:
            from clinicaudit.reports.sarif import sarif_root_of

            try:
                job.sarif_root = sarif_root_of(args.sarif_root)
            except ValueError as exc:
                raise GateError(str(exc)) from None
        if job.stdout and "json" not in job.formats:
            raise GateError("--stdout prints report.json: add --format json (or give no --format)")
        return job

    def saved(self) -> dict[str, Any]:
        """As job.json keeps it, for `audit --resume` from any folder: paths made absolute."""
        baseline = self.baseline
        if baseline and Path(baseline).is_dir():
            baseline = str(Path(baseline).resolve())
        suppressions = str(self.suppressions.resolve()) if self.suppressions else None
        return {"formats": self.formats, "db": str(self.db.resolve()) if self.db else None, "baseline": baseline,
                "fail_on": self.fail_on, "suppressions": suppressions, "allow_other_site": self.allow_other_site,
                "min_scores": self.min_scores, "sarif_root": self.sarif_root}

    @classmethod
    def from_saved(cls, saved: dict[str, Any]) -> _Job:
        job = cls(saved["formats"], Path(saved["db"]) if saved.get("db") else None, saved.get("baseline"),
                   saved.get("fail_on"), Path(saved["suppressions"]) if saved.get("suppressions") else None,
                   bool(saved.get("allow_other_site", False)), saved.get("min_scores"))
        job.sarif_root = saved.get("sarif_root")
        return job


def _crawl_and_report(url: str, out: Path, config: Any, verbose: bool, job: _Job, store: Any,
                      suppressions: list[Any], *, resume: dict[str, Any] | None = None,
                      folder: Path | None = None, access: Any = None, jobs: int | None = None,
                      redis: Any = None) -> int:
    import shutil
    from datetime import datetime, timezone

    from clinicaudit import runs
    from clinicaudit.crawl import run_crawl
    from clinicaudit.output import WORK, OutputDir, clear_previous_run
    from clinicaudit.urls import Scope

    try:
        scope = Scope(url, site_url=config.get("site", "url"))
    except ValueError as exc:
        return _fail(str(exc))
    # the run's site in the history: its public origin; a folder served here with no public origin is the folder
    history_site = scope.public_root
    if folder is not None and _origin(scope.public_root) == "local":
        history_site = f"folder:{Path(folder).resolve()}"
    if job.baseline:
        baseline = Path(job.baseline)
        if baseline.is_dir() and (out.resolve() == baseline.resolve() or baseline.resolve() in out.resolve().parents):
            return _fail(f"--out {out} is the --baseline folder or inside it: the run would overwrite the baseline "
                         "it is compared with; write it to another folder")
        try:
            _, baseline_site = runs.load_findings(job.baseline, store)
        except runs.RunsError as exc:
            return _fail(f"--baseline {exc}")
        if baseline_site and not job.allow_other_site and _origin(baseline_site) != _origin(scope.public_root):
            return _fail(f"--baseline {job.baseline} audited {baseline_site}, not {scope.public_root}: its findings "
                         "would all look fixed or new; pass --allow-other-site to compare them anyway")
    if resume is None:
        removed = clear_previous_run(out)
        if removed:
            print(f"clinicaudit: removed the previous run's files from {out}: {', '.join(removed)}", file=sys.stderr)
        shutil.rmtree(out / WORK, ignore_errors=True)  # an older interrupted run's queue must not be resumed
        run_id = (store.begin_run(history_site, datetime.now(timezone.utc).isoformat(), __version__, out)
                  if store else None)
        _save_job(out, url, folder, config, job, run_id, redis)
    else:
        run_id = resume.get("run_id") if store else None
    result = run_crawl(url, out, config, log_level="INFO" if verbose else "WARNING", resume=resume is not None,
                       access=access, jobs=jobs, redis=redis)
    if result.finish_reason in ("redis-lost", "redis-run-gone"):
        summarize(result, None)
        if result.finish_reason == "redis-lost":
            print(f"clinicaudit: error: the connection to Redis at {redis.target.shown} was lost: what the workers "
                  f"sent so far is written; when Redis is back, continue with: clinicaudit audit --resume {out}",
                  file=sys.stderr)
        else:
            print(f"clinicaudit: error: run {redis.run_id} is no longer in Redis at {redis.target.shown}: run the "
                  "audit again", file=sys.stderr)
        return EXIT_USAGE
    code = summarize(result, url)
    if result.finish_reason == "finished":
        shutil.rmtree(out / WORK, ignore_errors=True)
    if code == EXIT_USAGE or not (out / "run.json").is_file():
        return code
    if code == EXIT_UNREACHABLE:  # stored and reported as an incomplete run, which audited nothing
        runs.finish_run(out, store=store, run_id=run_id, baseline=None, formats=job.formats, fail_on=None,
                        suppressions=[], history_site=history_site)
        print("the run is stored as incomplete (finish_reason: unreachable) and is no result", file=sys.stderr)
        return EXIT_USAGE
    if result.forced:
        # stopped at once: Scrapy closed nothing, so the run is marked incomplete here, and its queue is dropped
        shutil.rmtree(out / WORK, ignore_errors=True)
        run_data = json.loads((out / "run.json").read_text(encoding="utf-8"))
        run_data.update(complete=False, finish_reason="shutdown")
        OutputDir(out).write_json("run.json", run_data)
        print("interrupted at once: the pages fetched so far are written and the run is marked incomplete; it "
              "cannot be resumed: run the audit again", file=sys.stderr)
    elif result.finish_reason == "shutdown":
        print(f"interrupted: everything fetched so far is written, and the run is marked incomplete; continue it "
              f"with: clinicaudit audit --resume {out}", file=sys.stderr)
    outcome = runs.finish_run(out, store=store, run_id=run_id, baseline=job.baseline, formats=job.formats,
                              fail_on=job.fail_on, suppressions=suppressions, history_site=history_site,
                              min_scores=job.min_scores, sarif_root=job.sarif_root, folder=folder)
    code = _report_outcome(outcome, job, code)
    if job.stdout and (out / "report.json").is_file():
        sys.stdout.write((out / "report.json").read_text(encoding="utf-8"))
        sys.stdout.flush()
    if outcome.nothing_audited is not None and result.finish_reason != "shutdown":
        print(f"clinicaudit: error: nothing was audited: {outcome.nothing_audited}. The run is stored as incomplete "
              "and is no result: its score and reports cover no page", file=sys.stderr)
        return EXIT_USAGE
    return EXIT_INTERRUPTED if result.finish_reason == "shutdown" else code


def _access(args: argparse.Namespace) -> Any:
    """The run's credentials (--auth or $CLINICAUDIT_AUTH, --header, --cookie); clinicaudit.access."""
    import os

    from clinicaudit.access import ENV_AUTH, Access

    return Access.parse(getattr(args, "auth", None) or os.environ.get(ENV_AUTH) or None,
                        getattr(args, "header", None), getattr(args, "cookie", None))


def _read_url_list(path: Path) -> list[str]:
    """The URLs of a --urls file: one per line, blank lines and `#` comments skipped; each an http(s) URL or a path
    starting with `/` (read against the audited site)."""
    from clinicaudit.config import ConfigError

    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"--urls {path}: cannot read it: {getattr(exc, 'strerror', None) or exc}") from None
    urls = []
    for number, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if not line.startswith(("http://", "https://", "/")):
            raise ConfigError(f"--urls {path}:{number}: {line[:80]!r} is neither an http(s) URL nor a path "
                              "starting with /")
        urls.append(line)
    if not urls:
        raise ConfigError(f"--urls {path}: the file lists no URL")
    return urls


def _origin(url: str) -> str:
    """Whether two runs audited one site: the crawl origin (scheme, host with or without www., port); a folder served
    on this machine (any port: it is picked at random) is one site."""
    from clinicaudit.urls import is_loopback, origin_of

    if is_loopback(url):
        return "local"
    try:
        return repr(origin_of(url.strip()))
    except ValueError:
        return url.strip()


def _save_job(out: Path, url: str, folder: Path | None, config: Any, job: _Job, run_id: int | None,
              redis: Any = None) -> None:
    """What `audit --resume` needs to continue this run: the target, the configuration, the options after the
    crawl and the history run."""
    from urllib.parse import urlsplit

    from clinicaudit.output import JOB_FILE, OutputDir
    from clinicaudit.urls import strip_credentials

    OutputDir(out).write_json(JOB_FILE, {
        "url": None if folder else strip_credentials(url), "folder": str(folder.resolve()) if folder else None,
        "port": urlsplit(url).port if folder else None,  # a served folder is served on this port again
        "config": config.as_dict(), "config_file": config.source, **job.saved(), "run_id": run_id,
        # --redis: the run's id and the Redis (never its password) that --resume goes back to
        **({"redis_run": redis.run_id, "redis": redis.target.without_password, "lease": redis.lease}
           if redis is not None else {})})


def _report_outcome(outcome: Any, job: _Job, code: int) -> int:
    from clinicaudit.reports.model import CATEGORIES, show_change, show_score

    data = outcome.data
    scores = data.scores()
    changes = data.score_changes() or {}

    def shown(key: str) -> str:
        change = show_change(changes.get(key))
        return show_score(scores[key]) + (f" ({change})" if change and change != "no change" else "")

    print(f"score {shown('overall')}/100 · " + " · ".join(f"{c} {shown(c)}" for c in CATEGORIES), file=sys.stderr)
    if data.changes is not None:
        print(f"since {outcome.baseline}: {len(data.changes['new'])} new, {len(data.changes['fixed'])} fixed",
              file=sys.stderr)
    print(f"reports: {', '.join(job.formats)} → {data.out}" + (f" · history run {outcome.run_id}" if outcome.run_id
                                                                 else ""), file=sys.stderr)
    gate = data.gate
    if gate is None:
        return code
    if outcome.suppressed:
        print(f"{len(outcome.suppressed)} findings at or above {job.fail_on} are suppressed", file=sys.stderr)
    counted = "new " if outcome.data.changes is not None else ""
    below = gate.get("below") or []
    if outcome.blocking or below:
        reasons = [f"the {b['category']} score {show_score(b['score'])} is below the minimum {show_score(b['min'])}"
                   for b in below]
        if outcome.blocking:
            reasons.append(f"{len(outcome.blocking)} {counted}findings at or above {job.fail_on}:")
        print(f"gate: FAILED — {'; '.join(reasons)}", file=sys.stderr)
        for f in outcome.blocking[:20]:
            print(f"  {f['severity']:<7} {f['rule']:<26} {f['url']}  {f['message'][:100]}", file=sys.stderr)
        return EXIT_FINDINGS
    passed = []
    if job.fail_on:
        passed.append(f"no {counted}findings at or above {job.fail_on}")
    if job.min_scores:
        passed.append("every score at or above its minimum")
    print(f"gate: passed ({'; '.join(passed)})", file=sys.stderr)
    return code


_UNREACHABLE = {
    "dns": "the host name {host} does not resolve (DNS lookup failed): check the address, or this machine's network",
    "connection-refused": "{origin} refused the connection: nothing answers on that port",
    "timeout": "{origin} did not answer in time (--timeout)",
    "connection": "the connection to {origin} failed",
    "connection-lost": "the connection to {origin} was lost before it answered",
}


def summarize(result: Any, url: str | None = None) -> int:
    from clinicaudit.runs import HOST_ERRORS

    stats = result.stats
    errors = {k.split("/")[-1]: v for k, v in stats.items() if k.startswith("clinicaudit/errors/")}
    # (a run stopped by Ctrl-C before its first page is interrupted, not unreachable: it can be resumed)
    never_answered = ("start_time" in stats and result.finish_reason != "shutdown"
                      and (result.pages == 0 or not stats.get("clinicaudit/answered")))
    cause = None
    if never_answered:  # a soft failure (timeout, lost) of robots.txt alone is robots.txt's story (RFC 9309)
        soft_ok = not stats.get("clinicaudit/robots_disallow_all")
        cause = next((k for k in _UNREACHABLE if errors.get(k) and (k in HOST_ERRORS or soft_ok)), None)
    if cause and url:
        # the network failure first: it is the whole story, and the lines below only follow from it
        parts = urlsplit(url)
        print("clinicaudit: error: cannot reach the site: " + _UNREACHABLE[cause].format(
            host=parts.hostname, origin=f"{parts.scheme}://{parts.netloc}"), file=sys.stderr)
    head = stats.get("clinicaudit/files_checked_with_head", 0)
    files = head + stats.get("clinicaudit/files_checked_with_get", 0)
    checked = f" ({files} linked files among them, checked but not read; {head} with HEAD)" if files else ""
    lines = [f"crawled {result.pages} URLs{checked} → {result.out}"]
    skipped = stats.get("clinicaudit/skipped_max_pages", 0)
    if skipped:
        lines.append(f"stopped at the page limit: {skipped} more URLs were found and not fetched (--max-pages)")
    filtered = stats.get("clinicaudit/skipped_filtered", 0)
    if filtered:
        lines.append(f"left out by --include / --exclude: {filtered} URLs")
    off_list = stats.get("clinicaudit/skipped_off_site_list", 0)
    if off_list:
        lines.append(f"--urls: {off_list} URLs are not on the audited site and were left out")
    blocked = stats.get("clinicaudit/robots_disallow_all")
    if blocked and not cause:  # an unreachable robots.txt of an unreachable site says nothing more
        lines.append(f"{blocked}: RFC 9309 says nothing may be crawled, so only robots.txt was read")
    if errors:
        lines.append("fetch errors: " + ", ".join(f"{v} {k}" for k, v in sorted(errors.items())))
    lines.extend(_render_lines(stats))
    lines.append(f"services {stats.get('clinicaudit/services', 0)} · conditions {stats.get('clinicaudit/conditions', 0)}"
                 f" → {result.out / 'site.json'}")
    counts = {sev: stats.get(f"clinicaudit/findings/{sev}", 0) for sev in SEVERITIES}
    lines.append(f"findings: {counts['error']} errors · {counts['warning']} warnings · {counts['notice']} notices"
                 f" → {result.out / 'findings.jsonl'}")
    failed_rules = sorted(k.split("/")[-1] for k in stats if k.startswith("clinicaudit/rule_errors/"))
    if failed_rules:
        lines.append(f"rules that could not run on some pages (see the log): {', '.join(failed_rules)}")
    for line in lines:
        print(line, file=sys.stderr)
    if "start_time" not in stats:
        print("clinicaudit: error: the crawl could not start; run again with -v to see why", file=sys.stderr)
        return EXIT_USAGE
    if never_answered:
        if not cause:
            why = f" ({', '.join(f'{v} {k}' for k, v in sorted(errors.items()))}; see pages.jsonl)" if errors else ""
            print(f"clinicaudit: error: no page could be fetched: the site never answered{why}", file=sys.stderr)
        return EXIT_UNREACHABLE
    if result.invalid:
        print(f"clinicaudit: {result.invalid} records failed schema validation; see {result.out / 'invalid.jsonl'}",
              file=sys.stderr)
        return EXIT_INVALID
    return EXIT_OK


def _render_lines(stats: dict[str, Any]) -> list[str]:
    """The run summary's lines about rendering (docs/rendering.md)."""
    lines = []
    rendered = stats.get("clinicaudit/rendered", 0)
    failed = {k.split("/")[-1]: v for k, v in stats.items() if k.startswith("clinicaudit/render_errors/")}
    if rendered or failed:
        blocked = stats.get("clinicaudit/render_blocked_requests", 0)
        line = f"rendered {rendered} pages in Chromium"
        if blocked:
            line += f"; {blocked} requests to other hosts blocked"
        if failed:
            line += "; read as served after " + ", ".join(f"{v} {k}" for k, v in sorted(failed.items()))
        lines.append(line)
    crashes = stats.get("clinicaudit/browser_crashes", 0)
    if crashes:
        lines.append(f"the browser stopped {crashes} times while rendering and was restarted (see the log for the "
                     "pages it was rendering)")
    unavailable = stats.get("clinicaudit/render_unavailable", 0)
    if unavailable:
        lines.append(f"{unavailable} pages look script-built but were read as served: no Chromium found (install "
                     "Debian's chromium or pass --chromium PATH; --render none to skip the check)")
    return lines


def demo_folder() -> Path:
    return Path(str(resources.files("clinicaudit") / "demo_site"))


DEMO_SITE_URL = "https://strathconaphysicaltherapy.com"


def cmd_demo(args: argparse.Namespace) -> int:
    args.target = str(demo_folder())
    return cmd_audit(args, demo_site_url=DEMO_SITE_URL)


def cmd_history(args: argparse.Namespace) -> int:
    from clinicaudit import runs

    store = runs.open_store(runs.db_path(args.db, None))
    if store is None:
        return _fail("no history database: pass --db PATH or set CLINICAUDIT_DB")
    site = args.site
    if site and not site.startswith(("http://", "https://", "folder:")) and Path(site).is_dir():
        site = f"folder:{Path(site).resolve()}"  # `history ./public`: the runs of a folder with no public origin
    listed = store.runs(site)
    if not listed:
        print("no runs" + (f" of {args.site}" if args.site else ""))
        return EXIT_OK
    print(f"{'run':>4}  {'started':<20} {'status':<10} {'pages':>5} {'errors':>6} {'warnings':>8} {'notices':>7} "
          f"{'score':>5}  site")
    for r in listed:
        status = "complete" if r["complete"] else "incomplete"
        print(f"{r['id']:>4}  {r['started'][:19]:<20} {status:<10} {r['pages']:>5} {r['errors']:>6} {r['warnings']:>8}"
              f" {r['notices']:>7} {r['scores'].get('overall', '-'):>5}  {r['site']}")
    return EXIT_OK


def cmd_report(args: argparse.Namespace) -> int:
    from clinicaudit import runs
    from clinicaudit.output import OutputError

    from clinicaudit.output import RECORD_FILES, check_records

    store = runs.open_store(runs.db_path(args.db, None))
    if Path(args.run).is_dir() and not check_records(
            [Path(args.run) / name for name in RECORD_FILES], args.skip_bad_lines,
            lambda text: print(f"clinicaudit report: {text}", file=sys.stderr)):
        return EXIT_USAGE
    try:
        where = runs.rerender(args.run, store, args.out, args.formats or list(FORMATS))
    except OutputError as exc:
        return _fail(str(exc))
    print(f"reports: {', '.join(args.formats or list(FORMATS))} → {where}")
    return EXIT_OK


def cmd_diff(args: argparse.Namespace) -> int:
    from clinicaudit import runs
    from clinicaudit.gate import GateError, failing, load_suppressions
    from clinicaudit.reports.model import diff

    store = runs.open_store(runs.db_path(args.db, None))
    old, _ = runs.load_findings(args.old, store)
    new, _ = runs.load_findings(args.new, store)
    result = diff(old, new)
    try:
        suppressions, notes = load_suppressions(args.suppressions) if args.suppressions else ([], [])
    except GateError as exc:
        return _fail(str(exc))
    for note in notes:
        print(f"clinicaudit: {note}", file=sys.stderr)
    blocking, suppressed = failing(result["new"], args.fail_on, suppressions) if args.fail_on else ([], [])
    if args.json:
        print(json.dumps({"old": args.old, "new": args.new, "counts": {k: len(v) for k, v in result.items()},
                          **result, "gate": None if not args.fail_on else {
                              "fail_on": args.fail_on, "passed": not blocking,
                              "blocking": [f["fingerprint"] for f in blocking],
                              "suppressed": [f["fingerprint"] for f in suppressed]}},
                         ensure_ascii=False, indent=2))
    else:
        print(f"{len(result['new'])} new · {len(result['fixed'])} fixed · {len(result['unchanged'])} unchanged")
        for label in ("new", "fixed"):
            for f in result[label]:
                print(f"{label:<5}  {f['severity']:<7} {f['rule']:<26} {f['url']}  {f['message'][:100]}")
        if args.fail_on:
            print(f"gate: {'FAILED' if blocking else 'passed'} ({len(blocking)} new at or above {args.fail_on}"
                  + (f", {len(suppressed)} suppressed" if suppressed else "") + ")")
    return EXIT_FINDINGS if blocking else EXIT_OK


def cmd_rules(args: argparse.Namespace) -> int:
    from audits.registry import rules

    registered = rules()
    if args.rule:
        rule = registered.get(args.rule)
        if rule is None:
            return _fail(f"no rule {args.rule!r}; `clinicaudit rules` lists them")
        m = rule.meta
        print(f"{m.id} — {m.title}\n{m.category} · {m.severity} · {m.scope} rule")
        if m.options:
            print("options: " + ", ".join(f"{k} = {v!r}" for k, v in m.options.items()))
        print(f"\n{rule.doc}\n\nHow to fix: {m.help}")
        if m.help_url:
            print(f"More: {m.help_url}")
        return EXIT_OK
    width = max(len(r) for r in registered)
    for rule in registered.values():
        m = rule.meta
        print(f"{m.id:<{width}}  {m.category:<15}  {m.severity:<7}  {m.title}")
    return EXIT_OK


def cmd_validate(args: argparse.Namespace) -> int:
    from clinicaudit import validation
    from clinicaudit.output import check_records, read_jsonl

    path: Path = args.file
    name = args.schema or _schema_for(path.name)
    if name is None:
        return _fail(f"cannot tell the schema of {path.name}; pass --schema")
    if not path.is_file():
        return _fail(f"{path}: no such file")
    failures = 0
    if path.suffix == ".jsonl" and not check_records([path], args.skip_bad_lines, print):
        return EXIT_USAGE
    try:
        if path.suffix == ".jsonl":
            values = [(f"line {n}", v) for n, v in enumerate(read_jsonl(path), 1)]
        else:
            document = json.loads(path.read_text(encoding="utf-8"))
            # A list of records (services.json, conditions.json of an export): each item on its own.
            values = ([(f"item {n}", v) for n, v in enumerate(document)] if isinstance(document, list)
                      else [("", document)])
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        print(f"{path}: not valid JSON: {exc}")
        return EXIT_INVALID
    for where, value in values:
        for error in validation.errors(value, name):
            failures += 1
            print(f"{path}{':' + where if where else ''}: {error['pointer'] or '/'}: {error['message']}")
    print(f"{path}: {'valid' if not failures else f'{failures} errors'} ({name}.schema.json, {len(values)} records)")
    return EXIT_OK if not failures else EXIT_INVALID


def _schema_for(filename: str) -> str | None:
    for name in ("site", "page", "service", "condition", "clinic", "finding", "report"):
        if filename.startswith(name):
            return name
    return None


if __name__ == "__main__":
    sys.exit(main())
