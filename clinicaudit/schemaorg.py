"""schema.org items of a page, from JSON-LD, microdata and RDFa alike, as one simple shape (`Entity`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterator

from clinicaudit.vocab import local_name

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


@dataclass
class Entity:
    """One schema.org item: its types (local names), its properties (local names → values), where it was found.
    A value is a string, a number, a bool or another Entity."""

    syntax: str
    types: list[str]
    props: dict[str, list[Any]] = field(default_factory=dict)
    path: str = ""
    id: str | None = None
    # items that point at this one (JSON-LD `@reverse`: `{"@reverse": {"legislationCorrects": [...]}}` says each
    # listed item has `legislationCorrects` this item)
    pointed_from: list["Entity"] = field(default_factory=list)

    def first(self, name: str) -> Any:
        values = self.props.get(name) or []
        return values[0] if values else None

    def text(self, name: str) -> str | None:
        """The first value of a property as text (an Entity's own name, or @id)."""
        value = self.first(name)
        if isinstance(value, Entity):
            return value.text("name") or value.id
        if value is None:
            return None
        return str(value).strip() or None

    def texts(self, name: str) -> list[str]:
        out = []
        for value in self.props.get(name) or []:
            text = value.text("name") if isinstance(value, Entity) else (str(value).strip() if value is not None else "")
            if text:
                out.append(text)
        return out


def entities(structured: dict[str, Any]) -> list[Entity]:
    """Every item of a page (top-level and nested), in order: JSON-LD, then microdata, then RDFa."""
    out: list[Entity] = []
    seen: set[int] = set()  # an item that several tops reach (RDFa's shared nodes) is listed once
    for index, item in enumerate(structured.get("json-ld") or []):
        for top in _jsonld_tops(item, f"json-ld[{index}]"):
            _walk(top, out, seen)
    for index, item in enumerate(structured.get("microdata") or []):
        entity = _from_microdata(item, f"microdata[{index}]", depth=0)
        if entity:
            _walk(entity, out, seen)
    for entity in _from_rdfa(structured.get("rdfa") or []):
        _walk(entity, out, seen)
    return out


def _walk(entity: Entity, out: list[Entity], seen: set[int] | None = None) -> None:
    seen = seen if seen is not None else set()
    if id(entity) in seen:
        return
    seen.add(id(entity))
    out.append(entity)
    for values in entity.props.values():
        for value in values:
            if isinstance(value, Entity):
                _walk(value, out, seen)
    for other in entity.pointed_from:
        _walk(other, out, seen)


def _jsonld_tops(item: Any, path: str) -> Iterator[Entity]:
    if isinstance(item, list):
        for i, sub in enumerate(item):
            yield from _jsonld_tops(sub, f"{path}[{i}]")
        return
    if not isinstance(item, dict):
        return
    graph = item.get("@graph")
    if isinstance(graph, dict):  # JSON-LD 1.1 allows a single node
        graph = [graph]
    if isinstance(graph, list):
        for i, node in enumerate(graph):
            yield from _jsonld_tops(node, f"{path}/@graph[{i}]")
        if len([k for k in item if not k.startswith("@")]) == 0:
            return
    entity = _from_jsonld(item, path, depth=0)
    if entity is not None:
        yield entity


def _from_jsonld(node: dict[str, Any], path: str, depth: int) -> Entity | None:
    if depth > 50:
        return None
    raw_type = node.get("@type", [])
    types = [local_name(t) for t in (raw_type if isinstance(raw_type, list) else [raw_type]) if isinstance(t, str)]
    entity = Entity(syntax="json-ld", types=types, path=path, id=node.get("@id") if isinstance(node.get("@id"), str) else None)
    reverse = node.get("@reverse")
    for key, value in (reverse.items() if isinstance(reverse, dict) else ()):
        name = local_name(key)
        for i, v in enumerate(value if isinstance(value, list) else [value]):
            other = _from_jsonld(v, f"{path}/@reverse/{name}[{i}]", depth + 1) if isinstance(v, dict) else None
            if other is not None:
                other.props.setdefault(name, []).append(entity)
                entity.pointed_from.append(other)
    for key, value in node.items():
        if key.startswith("@"):
            continue
        name = local_name(key)
        values = value if isinstance(value, list) else [value]
        converted = []
        for i, v in enumerate(values):
            if isinstance(v, dict) and isinstance(v.get("@list"), list):
                v = {"@set": v["@list"]}
            if isinstance(v, dict) and "@set" in v:
                members = v["@set"] if isinstance(v["@set"], list) else [v["@set"]]
                converted.extend(x for x in members if isinstance(x, (str, int, float, bool)))
                converted.extend(c for j, x in enumerate(members) if isinstance(x, dict)
                                 for c in [_from_jsonld(x, f"{path}/{name}[{j}]", depth + 1)] if c is not None)
            elif isinstance(v, dict):
                if "@value" in v:
                    converted.append(v["@value"])
                elif "@type" in v or any(not k.startswith("@") for k in v):
                    child = _from_jsonld(v, f"{path}/{name}" + (f"[{i}]" if len(values) > 1 else ""), depth + 1)
                    if child is not None:
                        converted.append(child)
                elif "@id" in v:
                    converted.append(Entity(syntax="json-ld", types=[], path=f"{path}/{name}", id=v["@id"]))
            elif isinstance(v, list):
                converted.extend(x for x in v if isinstance(x, (str, int, float, bool)))
                converted.extend(c for j, x in enumerate(v) if isinstance(x, dict)
                                 for c in [_from_jsonld(x, f"{path}/{name}[{i}][{j}]", depth + 1)] if c is not None)
            elif v is not None:
                converted.append(v)
        entity.props[name] = converted
    return entity


def _from_microdata(item: Any, path: str, depth: int) -> Entity | None:
    if not isinstance(item, dict) or depth > 50:
        return None
    raw_type = item.get("type") or []
    types = [local_name(t) for t in (raw_type if isinstance(raw_type, list) else [raw_type]) if isinstance(t, str)]
    entity = Entity(syntax="microdata", types=types, path=path, id=item.get("id"))
    for name, value in (item.get("properties") or {}).items():
        values = value if isinstance(value, list) else [value]
        converted = []
        for v in values:
            if isinstance(v, dict) and ("type" in v or "properties" in v):
                child = _from_microdata(v, f"{path}/{name}", depth + 1)
                if child is not None:
                    converted.append(child)
            elif v is not None:
                converted.append(v)
        entity.props[local_name(name)] = converted
    return entity


def _from_rdfa(nodes: list[Any]) -> list[Entity]:
    """RDFa comes as expanded JSON-LD nodes that refer to each other by @id; typed nodes not referred to by
    another node are the top-level items."""
    by_id: dict[str, dict[str, Any]] = {n["@id"]: n for n in nodes if isinstance(n, dict) and "@id" in n}
    built: dict[str, Entity] = {}

    def build(node_id: str, path: str) -> Entity:
        if node_id in built:
            return built[node_id]
        node = by_id[node_id]
        entity = Entity(syntax="rdfa", types=[local_name(t) for t in node.get("@type", []) if isinstance(t, str)],
                        path=path, id=None if node_id.startswith("_:") else node_id)
        built[node_id] = entity
        for key, values in node.items():
            if key.startswith("@") or key == RDF_TYPE or "schema.org/" not in key:
                continue
            name = local_name(key)
            converted = []
            for v in values if isinstance(values, list) else [values]:
                if isinstance(v, dict) and "@value" in v:
                    converted.append(v["@value"])
                elif isinstance(v, dict) and "@id" in v:
                    converted.append(build(v["@id"], f"{path}/{name}") if v["@id"] in by_id else v["@id"])
            entity.props[name] = converted
        return entity

    referenced = {v["@id"] for n in by_id.values() for key, vs in n.items() if not key.startswith("@")
                  for v in (vs if isinstance(vs, list) else [vs]) if isinstance(v, dict) and "@id" in v}
    tops = []
    typed = [(index, node_id) for index, (node_id, node) in enumerate(by_id.items())
             if any(isinstance(t, str) and "schema.org/" in t for t in node.get("@type", []))]
    for index, node_id in typed:
        if node_id not in referenced:
            tops.append(build(node_id, f"rdfa[{index}]"))
    for index, node_id in typed:
        # Items that refer to each other (a WebPage `about` a clinic whose mainEntityOfPage is that page; a trilogy
        # and its volumes) and that no top reaches: the first of each such group is a top.
        if node_id not in built:
            tops.append(build(node_id, f"rdfa[{index}]"))
    return tops
