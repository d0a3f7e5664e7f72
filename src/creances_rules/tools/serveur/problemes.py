"""Errors as ``application/problem+json`` (RFC 9457): one entry per problem with its field path.

The messages are the command line's (the library's French errors); ``type`` is a stable URN per kind
of problem, so a client can branch on it without reading the French.
"""

from __future__ import annotations

from typing import Any

MEDIA = "application/problem+json"

TITRES = {
    400: "Requête mal formée",
    401: "Jeton manquant ou invalide",
    404: "Introuvable",
    409: "Refusé par l'évaluation",
    413: "Corps de requête trop volumineux",
    415: "Type de contenu non pris en charge",
    422: "Données invalides",
    503: "Évaluation trop longue",
}


def probleme(status: int, genre: str, detail: str, erreurs: list[dict[str, str]] | None = None,
             **extra: Any) -> dict[str, Any]:
    """The problem document: ``type`` (urn:creances-rules:probleme:<genre>), ``title``, ``status``,
    ``detail``, and ``errors`` — ``[{"path": …, "message": …}]`` — when the problems have places."""
    body: dict[str, Any] = {"type": f"urn:creances-rules:probleme:{genre}", "title": TITRES.get(status, "Erreur"),
                            "status": status, "detail": detail}
    if erreurs:
        body["errors"] = erreurs
    body.update(extra)
    return body


SCHEMA: dict[str, Any] = {
    "title": "Probleme",
    "description": "Une erreur (RFC 9457, application/problem+json) : chaque problème avec le chemin du champ.",
    "type": "object",
    "required": ["type", "title", "status", "detail"],
    "properties": {
        "type": {"type": "string", "description": "URN stable du genre de problème (urn:creances-rules:probleme:…)"},
        "title": {"type": "string", "description": "intitulé court, en français"},
        "status": {"type": "integer", "description": "le code HTTP"},
        "detail": {"type": "string", "description": "le message complet, comme en ligne de commande"},
        "errors": {"type": "array", "description": "un élément par problème",
                   "items": {"type": "object", "required": ["path", "message"],
                             "properties": {"path": {"type": "string", "description": "chemin du champ (factures[0].montant_ttc) ou fichier:ligne"},
                                            "message": {"type": "string", "description": "ce qui ne va pas, en français"}}}},
    },
}
