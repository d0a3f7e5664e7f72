"""The OpenAPI 3.1 description, built from the library's own models and their French descriptions.

The dossier and the assessment are described by the same JSON Schemas as ``creances schema`` (generated
from the pydantic models, every field described in French); their ``$defs`` are hoisted into
``components/schemas`` so that a client generator can name every type.
"""

from __future__ import annotations

import copy
from typing import Any

from .. import json_schemas
from .problemes import SCHEMA as PROBLEME

COMPOSANTS = {"Dossier": "dossier", "Evaluation": "evaluation"}


def _hoisted(name: str, schema: dict[str, Any], into: dict[str, Any]) -> dict[str, Any]:
    """``schema`` with its ``$defs`` moved into ``into`` (as ``<name>_<Def>``) and its references rewritten."""
    schema = copy.deepcopy(schema)
    defs = schema.pop("$defs", {})
    for key in ("$schema", "$id"):
        schema.pop(key, None)

    def rewrite(node: Any) -> Any:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/$defs/"):
                node["$ref"] = f"#/components/schemas/{name}_{ref.removeprefix('#/$defs/')}"
            elif ref == "#":
                node["$ref"] = f"#/components/schemas/{name}"
            for value in node.values():
                rewrite(value)
        elif isinstance(node, list):
            for value in node:
                rewrite(value)
        return node

    for key, value in defs.items():
        into[f"{name}_{key}"] = rewrite(value)
    return rewrite(schema)


def completer(document: dict[str, Any]) -> dict[str, Any]:
    """Add the library's schemas to the document FastAPI generated (its routes refer to them by name)."""
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    for name, kind in COMPOSANTS.items():
        schemas[name] = _hoisted(name, json_schemas.build(kind), schemas)
    schemas["Probleme"] = copy.deepcopy(PROBLEME)
    return document


def corps_dossier(description: str) -> dict[str, Any]:
    """The request body of the routes that take a dossier: JSON or YAML, the same schema."""
    ref = {"$ref": "#/components/schemas/Dossier"}
    return {"requestBody": {"required": True, "description": description, "content": {
        "application/json": {"schema": ref}, "application/yaml": {"schema": ref}}}}


def reponse(description: str, media: str = "application/json", schema: dict[str, Any] | None = None) -> dict[str, Any]:
    content = {media: {"schema": schema}} if schema is not None else {media: {}}
    return {"description": description, "content": content}


def erreurs(*codes: int) -> dict[int | str, Any]:
    ref = {"$ref": "#/components/schemas/Probleme"}
    return {code: {"description": "erreur (RFC 9457)", "content": {"application/problem+json": {"schema": ref}}}
            for code in codes}
