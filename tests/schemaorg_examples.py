"""schema.org's examples file (`../shared/schemaorg/schemaorg-all-examples.txt`, release 30.0): each example in up to
four forms (`PRE-MARKUP:`, `MICRODATA:`, `RDFA:`, `JSON:`) under a `TYPES: #eg-NNNN …` line. The microdata, RDFa and
JSON-LD forms of one example describe the same items, which makes the file a conformance suite for reading
structured data. `EXAMPLES` is None where the file is absent."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin

REPO = Path(__file__).resolve().parent.parent
_FILE = REPO.parent / "shared" / "schemaorg" / "schemaorg-all-examples.txt"
EXAMPLES: Path | None = _FILE if _FILE.is_file() else None
_MARKER = re.compile(r"^(TYPES|PRE-MARKUP|MICRODATA|RDFA|JSON):[ \t]*(.*)$")
BASE = "https://example.com/examples/"
_SYNTAX = {"json": r"[{\[]", "microdata": r"\bitem(?:scope|prop)\b", "rdfa": r"\b(?:typeof|property|vocab)="}


@dataclass
class Example:
    id: str
    forms: dict[str, str] = field(default_factory=dict)  # "microdata" | "rdfa" | "json" -> markup

    def page(self, form: str) -> tuple[str, str]:
        """(URL, HTML) of a page holding one form of the example, as schema.org shows it."""
        body = self.forms[form]
        if form == "json" and "<script" not in body:
            body = f'<script type="application/ld+json">\n{body}\n</script>'
        url = urljoin(BASE, self.id.lstrip("#"))
        head = f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>schema.org example {self.id}</title></head>'
        if re.search(r"<body[\s>]", body):  # the example is a whole body (`<body vocab="https://schema.org/">`)
            return url, f"{head}\n{body}\n</html>"
        return url, f"{head}<body>\n{body}\n</body></html>"


def read_examples(path: Path) -> list[Example]:
    examples: list[Example] = []
    current: Example | None = None
    form: str | None = None
    lines: list[str] = []

    def flush() -> None:
        if current is not None and form in ("microdata", "rdfa", "json"):
            text = "\n".join(lines).strip()
            # "No Microdata", "<!-- TODO -->", "<div>Not available</div>": the form is absent
            if text and re.search(_SYNTAX[form], text):
                current.forms[form] = text

    for line in path.read_text(encoding="utf-8").splitlines():
        m = _MARKER.match(line)
        if not m:
            lines.append(line)
            continue
        flush()
        lines = []
        kind, rest = m.group(1), m.group(2)
        if kind == "TYPES":
            current = Example(id=rest.split()[0] if rest.split() else f"#eg-{len(examples):04d}")
            examples.append(current)
            form = None
        else:
            form = {"PRE-MARKUP": "pre", "MICRODATA": "microdata", "RDFA": "rdfa", "JSON": "json"}[kind]
            if rest.strip():
                lines.append(rest)
    flush()
    return examples
