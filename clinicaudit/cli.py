"""The `clinicaudit` command. docs/cli.md documents commands, options and exit codes."""

from __future__ import annotations

import argparse
import json
import sys
from importlib import resources
from pathlib import Path
from typing import Any, Sequence

from clinicaudit import __version__

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2
EXIT_INVALID = 3


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="clinicaudit", description="Crawl, extract and audit a clinic's website.")
    parser.add_argument("--version", action="version", version=f"clinicaudit {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    audit = sub.add_parser("audit", help="crawl a site (URL or local folder) and write the outputs")
    audit.add_argument("target", help="an http(s) URL, or a folder holding a static build of the site")
    _crawl_options(audit)

    demo = sub.add_parser("demo", help="run the full job on the bundled demo snapshot of a clinic's site")
    demo.add_argument("--out", required=True, type=Path, help="output folder")
    demo.add_argument("-v", "--verbose", action="store_true", help="log Scrapy's own messages too")

    rules = sub.add_parser("rules", help="list the audit rules, or show one rule's help")
    rules.add_argument("rule", nargs="?", help="a rule id")

    validate = sub.add_parser("validate", help="validate an exported file against its JSON Schema")
    validate.add_argument("file", type=Path, help="site.json, pages.jsonl or a service/condition/clinic JSON file")
    validate.add_argument("--schema", choices=["site", "page", "service", "condition", "clinic", "finding"],
                          help="the schema to use (default: from the file name)")
    return parser


def _crawl_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--out", required=True, type=Path, help="output folder (created if missing)")
    p.add_argument("--config", type=Path, help="site configuration file (default: ./clinicaudit.toml if present)")
    p.add_argument("--site-url", help="production origin of a local build or staging host, e.g. https://www.example.com")
    p.add_argument("--extra-host", action="append", default=None, metavar="HOST",
                   help="another host name crawled as part of the site (repeatable)")
    p.add_argument("--max-pages", type=int, help="stop scheduling new pages after this many (default 500)")
    p.add_argument("--max-depth", type=int, help="links to follow from the start page (default 10)")
    p.add_argument("--timeout", type=float, help="seconds a request may take in all (default 20)")
    p.add_argument("--ignore-robots", action="store_true",
                   help="IGNORE robots.txt: fetch pages the site asks crawlers not to (only for your own site)")
    p.add_argument("--fast", action="store_true", help="more parallel requests (for your own or a local server)")
    p.add_argument("--rule", action="append", default=[], metavar="ID=VALUE",
                   help="configure a rule: off, on, error, warning or notice (repeatable)")
    p.add_argument("-v", "--verbose", action="store_true", help="log Scrapy's own messages too")


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "validate":
            return cmd_validate(args)
        if args.command == "demo":
            return cmd_demo(args)
        if args.command == "rules":
            return cmd_rules(args)
        return cmd_audit(args)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


def _fail(message: str) -> int:
    print(f"clinicaudit: error: {message}", file=sys.stderr)
    return EXIT_USAGE


def cmd_audit(args: argparse.Namespace, demo_site_url: str | None = None) -> int:
    from clinicaudit.config import Config, ConfigError
    from clinicaudit.output import OutputDir, OutputError

    try:
        config = Config.load(getattr(args, "config", None))
        config.set("site", "url", getattr(args, "site_url", None) or demo_site_url)
        config.set("site", "extra_hosts", getattr(args, "extra_host", None))
        config.set("crawl", "max_pages", getattr(args, "max_pages", None))
        config.set("crawl", "max_depth", getattr(args, "max_depth", None))
        config.set("crawl", "timeout", getattr(args, "timeout", None))
        if getattr(args, "ignore_robots", False):
            config.set("crawl", "obey_robots", False)
        if getattr(args, "fast", False):
            config.set("crawl", "concurrency", 16)
        for spec in getattr(args, "rule", []) or []:
            rule_id, sep, value = spec.partition("=")
            if not sep:
                raise ConfigError(f"--rule {spec!r}: expected ID=VALUE, e.g. --rule image-alt-generic=off")
            config.set_rule(rule_id.strip(), value.strip())
        out = OutputDir(args.out)
    except (ConfigError, OutputError) as exc:
        return _fail(str(exc))
    target = str(args.target)
    if target.startswith(("http://", "https://")):
        return _crawl_and_report(target, out.root, config, args.verbose)
    folder = Path(target)
    if not folder.is_dir():
        return _fail(f"{target!r} is neither an http(s) URL nor a folder")
    from clinicaudit.serve import serve_folder

    with serve_folder(folder) as base:
        print(f"serving {folder} on {base}", file=sys.stderr)
        return _crawl_and_report(base, out.root, config, args.verbose)


def _crawl_and_report(url: str, out: Path, config: Any, verbose: bool) -> int:
    from clinicaudit.crawl import run_crawl
    from clinicaudit.urls import Scope

    try:
        Scope(url, site_url=config.get("site", "url"))
    except ValueError as exc:
        return _fail(str(exc))
    result = run_crawl(url, out, config, log_level="INFO" if verbose else "WARNING")
    return summarize(result)


def summarize(result: Any) -> int:
    stats = result.stats
    lines = [f"crawled {result.pages} URLs → {result.out}"]
    skipped = stats.get("clinicaudit/skipped_max_pages", 0)
    if skipped:
        lines.append(f"stopped at the page limit: {skipped} more URLs were found and not fetched (--max-pages)")
    blocked = stats.get("clinicaudit/robots_disallow_all")
    if blocked:
        lines.append(f"{blocked}: RFC 9309 says nothing may be crawled, so only robots.txt was read")
    errors = {k.split("/")[-1]: v for k, v in stats.items() if k.startswith("clinicaudit/errors/")}
    if errors:
        lines.append("fetch errors: " + ", ".join(f"{v} {k}" for k, v in sorted(errors.items())))
    lines.append(f"services {stats.get('clinicaudit/services', 0)} · conditions {stats.get('clinicaudit/conditions', 0)}"
                 f" → {result.out / 'site.json'}")
    counts = {sev: stats.get(f"clinicaudit/findings/{sev}", 0) for sev in ("error", "warning", "notice")}
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
    if result.pages == 0:
        print("clinicaudit: error: no page could be fetched", file=sys.stderr)
        return EXIT_USAGE
    if result.invalid:
        print(f"clinicaudit: {result.invalid} records failed schema validation; see {result.out / 'invalid.jsonl'}",
              file=sys.stderr)
        return EXIT_INVALID
    return EXIT_OK


def demo_folder() -> Path:
    return Path(str(resources.files("clinicaudit") / "demo_site"))


DEMO_SITE_URL = "https://strathconaphysicaltherapy.com"


def cmd_demo(args: argparse.Namespace) -> int:
    args.target = str(demo_folder())
    return cmd_audit(args, demo_site_url=DEMO_SITE_URL)


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
    from clinicaudit.output import read_jsonl

    path: Path = args.file
    name = args.schema or _schema_for(path.name)
    if name is None:
        return _fail(f"cannot tell the schema of {path.name}; pass --schema")
    if not path.is_file():
        return _fail(f"{path}: no such file")
    failures = 0
    try:
        if path.suffix == ".jsonl":
            values = [(f"line {n}", v) for n, v in enumerate(read_jsonl(path), 1)]
        else:
            values = [("", json.loads(path.read_text(encoding="utf-8")))]
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
    for name in ("site", "page", "service", "condition", "clinic", "finding"):
        if filename.startswith(name):
            return name
    return None


if __name__ == "__main__":
    sys.exit(main())
