"""JSON-LD scripts are valid JSON.

Flags each `<script type="application/ld+json">` whose text does not parse as strict JSON (RFC 8259), at that
script, with the parser's message, line and column (lines count in the HTML document). A script that does not parse
is lost as a whole: Google and other consumers ignore it, so none of its items count. The page's other scripts are
read separately, so a valid script next to a broken one is not flagged and its items still count for the other rules.
Google reports the same problem as "Unparsable structured data" in Search Console and the Rich Results Test.

Common causes: a trailing comma after the last property or array item; `//` or `/* */` comments, or an HTML
comment `<!-- -->` around the JSON; a `<![CDATA[ … ]]>` wrapper (an XHTML habit that JSON does not allow); an empty
script; two JSON objects one after the other in one script (wrap them in an array, or use `@graph`); single quotes or
unquoted keys; JSON-LD nested more than 100 levels deep. A script over 1 MB is not read at all and is reported
here too (real ones are a few kilobytes; a plugin that dumps a whole catalogue into one is the usual cause).

Fail: `{"@type": "MedicalClinic", "name": "Clinic",}`. Pass: `{"@type": "MedicalClinic", "name": "Clinic"}`,
`[{"@type": "MedicalClinic"}, {"@type": "WebSite"}]`.
"""

from __future__ import annotations

from typing import Iterator

from audits.context import PageContext
from audits.rule import Finding, RuleMeta
from clinicaudit.structured import jsonld_scripts

META = RuleMeta(
    id="jsonld-syntax",
    category="structured-data",
    severity="error",
    title="JSON-LD scripts are valid JSON",
    help="Fix the JSON at the reported line and column (often a trailing comma or a comment); check the script with "
         "a JSON validator or Google's Rich Results Test.",
    help_url="https://developers.google.com/search/docs/appearance/structured-data/sd-policies",
)


def check(ctx: PageContext) -> Iterator[Finding]:
    errors = [e for e in ctx.page.structured_data.get("errors") or [] if e.get("syntax") == "json-ld"]
    if not errors:
        return
    scripts = jsonld_scripts(ctx.page)
    for error in errors:
        index = error.get("index", 0)
        el = scripts[index] if 0 <= index < len(scripts) else None
        line, column = error.get("line"), error.get("column")
        where = f"line {line}" + (f", column {column}" if column is not None else "") if line else ""
        message = f"JSON-LD script {index + 1} of the page cannot be read: {error.get('message')}"
        yield ctx.finding(META, el, message + (f" (at {where})" if where else ""),
                          type="JSON-LD", line=line, column=column)
