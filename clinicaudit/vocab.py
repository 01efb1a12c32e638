"""The schema.org vocabulary (release 30.0, shipped in `data/schemaorg/`): types, their parents, properties.

A term may be both a class and an enumeration member (`Physiotherapy` is a subclass of MedicalBusiness and a
MedicalSpecialty value); it is a type whenever it has a superclass or is an `rdfs:Class`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

SCHEMA_PREFIXES = ("https://schema.org/", "http://schema.org/", "schema:", "//schema.org/")


def local_name(term: str) -> str:
    """`http://schema.org/MedicalClinic`, `schema:MedicalClinic`, `MedicalClinic` → `MedicalClinic`."""
    term = term.strip()
    for prefix in SCHEMA_PREFIXES:
        if term.startswith(prefix):
            return term[len(prefix):]
    if term.startswith(("https://www.schema.org/", "http://www.schema.org/")):
        return term.split("schema.org/", 1)[1]
    return term


def _ids(value: Any) -> list[str]:
    if value is None:
        return []
    values = value if isinstance(value, list) else [value]
    return [local_name(v["@id"]) for v in values if isinstance(v, dict) and "@id" in v]


@dataclass(frozen=True, eq=False)  # one instance, hashed by identity (a key of `ancestors`' cache)
class Vocabulary:
    parents: dict[str, tuple[str, ...]]
    properties: dict[str, dict[str, tuple[str, ...]]]  # name → {"domains": ..., "ranges": ...}

    def is_type(self, name: str) -> bool:
        return name in self.parents

    def ancestors(self, name: str) -> frozenset[str]:
        return _ancestors(self, name)

    def is_a(self, name: str, ancestor: str) -> bool:
        return ancestor in _ancestors(self, name)


@lru_cache(maxsize=4096)
def _ancestors(vocab: Vocabulary, name: str) -> frozenset[str]:
    """The type and all its superclasses."""
    seen: set[str] = set()
    stack = [name]
    while stack:
        current = stack.pop()
        if current in seen:
            continue
        seen.add(current)
        stack.extend(vocab.parents.get(current, ()))
    return frozenset(seen)


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    path = resources.files("clinicaudit") / "data" / "schemaorg" / "schemaorg-current-https.jsonld"
    graph = json.loads(path.read_text(encoding="utf-8"))["@graph"]
    parents: dict[str, tuple[str, ...]] = {}
    properties: dict[str, dict[str, tuple[str, ...]]] = {}
    for node in graph:
        name = local_name(node["@id"])
        kinds = node.get("@type")
        kinds = kinds if isinstance(kinds, list) else [kinds]
        if "rdf:Property" in kinds:
            properties[name] = {
                "domains": tuple(_ids(node.get("schema:domainIncludes"))),
                "ranges": tuple(_ids(node.get("schema:rangeIncludes"))),
            }
        supers = _ids(node.get("rdfs:subClassOf"))
        if "rdfs:Class" in kinds or supers:
            parents[name] = tuple(supers)
    return Vocabulary(parents=parents, properties=properties)
