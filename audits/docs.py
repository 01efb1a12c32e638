"""docs/rules.md, generated from the registry: `python -m audits.docs > docs/rules.md` (a test keeps it current)."""

from __future__ import annotations

import sys

from audits.registry import rules
from audits.rule import CATEGORIES


def markdown() -> str:
    registered = rules()
    lines = ["# Audit rules", "",
             "Generated from the rules' metadata and docstrings by `python -m audits.docs`; do not edit by hand.",
             "Configure them in `clinicaudit.toml` ([configuration.md](configuration.md#rules)).", "",
             "| id | category | severity | scope | title | options |", "| --- | --- | --- | --- | --- | --- |"]
    ordered = sorted(registered.values(), key=lambda r: (CATEGORIES.index(r.meta.category), r.id))
    for rule in ordered:
        m = rule.meta
        options = ", ".join(f"`{k}` = {v!r}" for k, v in m.options.items())
        lines.append(f"| [`{m.id}`](#{m.id}) | {m.category} | {m.severity} | {m.scope} | {m.title} | {options} |")
    for rule in ordered:
        m = rule.meta
        lines += ["", f"## {m.id}", "", f"*{m.category} · {m.severity} · {m.scope} rule*"
                  + (f" · [reference]({m.help_url})" if m.help_url else ""), "", rule.doc, "", f"**How to fix:** {m.help}"]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.stdout.write(markdown())
