"""schema.org's examples file (`../shared/schemaorg/schemaorg-all-examples.txt`, release 30.0): each example in up to
four forms (`PRE-MARKUP:`, `MICRODATA:`, `RDFA:`, `JSON:`) under a `TYPES: #eg-NNNN …` line. The microdata, RDFa and
JSON-LD forms of one example describe the same items, which makes the file a conformance suite for reading
structured data. `EXAMPLES` is None where the file is absent."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
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


def items_by_type(page: Any) -> dict[str, set[str]]:
    """The items a page's structured data gives, as schema.org type → the properties its items of that type carry
    (with a value). Items named by one `@id` / `itemid` / `resource` are one item; `additionalType` naming a
    schema.org type adds that type; terms of other vocabularies (`rdfa:usesVocabulary`) are not compared."""
    from clinicaudit.schemaorg import Entity, entities

    named: dict[str, tuple[set[str], set[str]]] = {}
    anonymous: list[tuple[set[str], set[str]]] = []
    for entity in entities(page.structured_data):
        types = {t for t in entity.types if ":" not in t}
        types |= {_SCHEMA_TERM.sub("", v) for v in entity.props.get("additionalType", [])
                  if isinstance(v, str) and _SCHEMA_TERM.sub("", v).isidentifier()}
        props = {name for name, values in entity.props.items()
                 if name != "additionalType" and ":" not in name
                 and any((v.types or v.props or v.id) if isinstance(v, Entity) else str(v).strip() for v in values)}
        if not types and not props:
            continue
        if entity.id and not entity.id.startswith("_:"):
            key = urljoin(page.url, entity.id)
            old_types, old_props = named.get(key, (set(), set()))
            named[key] = (old_types | types, old_props | props)
        else:
            anonymous.append((types, props))
    out: dict[str, set[str]] = {}
    for types, props in list(named.values()) + anonymous:
        for name in types or {UNTYPED}:
            out.setdefault(name, set()).update(props)
    return out


def mentions(form: str, markup: str, term: str) -> bool:
    """Whether one form's markup says `term` at all: as a JSON-LD key or type, or as an `itemprop`, `property`,
    `rel`, `itemtype` or `typeof` token. A form cannot give an item a term it never writes, so a difference in such a
    term is the examples' own, not the reader's."""
    if form == "json":
        return bool(re.search(r'["/:]%s"' % re.escape(term), markup))
    tokens = re.findall(r"""\b(?:itemprop|property|rel|rev|itemtype|typeof)\s*=\s*["']([^"']*)["']""", markup)
    return any(token.rsplit("/", 1)[-1].rsplit(":", 1)[-1] == term for value in tokens for token in value.split())


UNTYPED = "(no type)"
_SCHEMA_TERM = re.compile(r"^(?:https?://schema\.org/|schema:)")
