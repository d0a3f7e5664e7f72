"""The routes of `creances serve` (SPEC §5): evaluations, explanations, letters, délais, rates, rules,
schemas, health, and the page at ``/``.

Each route reads its dossier from the body (JSON or YAML, never a path), runs the library in a thread
bounded by ``delai_max``, and answers what the command line would: the same JSON bytes, the same French
messages (as problem details), the same refusals.
"""

from __future__ import annotations

import secrets
import tempfile
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any, Callable

import anyio
from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..._base.errors import CreancesError, DossierInvalide
from ..._base.version import __version__
from ...evaluation.evaluate import default_rulebook, evaluate
from ...law import fraicheur
from ...law import taux as _taux
from ...law.delais import fin_de_delai
from ...models import examples
from ...models.assessment import Assessment
from ...models.dossier import _to_date
from ...models.fichier_taux import charger_fichier_taux
from ...models.loading import load_dossier, parse_text
from ...presentation.render import render_page, render_text
from ...rulebook.build import load_rulebook
from .. import json_schemas
from . import openapi
from .config import Configuration
from .problemes import MEDIA, probleme

JSON_TYPES = ("application/json",)
YAML_TYPES = ("application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml")
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class Refus(Exception):
    """A request the service answers with a problem document."""

    def __init__(self, status: int, genre: str, detail: str, erreurs: list[dict[str, str]] | None = None):
        super().__init__(detail)
        self.status, self.genre, self.detail, self.erreurs = status, genre, detail, erreurs


def _probleme_de(exc: CreancesError, genre: str = "dossier-invalide", status: int = 422) -> Refus:
    """The library's error as a problem: its French message, and its problems with their field paths."""
    erreurs = getattr(exc, "errors", None)
    return Refus(status, genre, str(exc), erreurs() if callable(erreurs) else None)


class _Service:
    """What a worker loads once: the rule base (built-in, plus the firm's directories) and its settings."""

    def __init__(self, config: Configuration):
        self.config = config
        self.book = load_rulebook(config.regles) if config.regles else default_rulebook()
        self.taux = charger_fichier_taux(config.taux)  # the firm's rates file, validated once (file:line errors)

    async def dossier(self, request: Request) -> dict[str, Any]:
        raw = await self._corps(request)
        media = (request.headers.get("content-type") or "").split(";")[0].strip().lower()
        if media in JSON_TYPES or media.endswith("+json"):
            as_json = True
        elif media in YAML_TYPES:
            as_json = False
        elif media in ("", "text/plain"):  # sniffed: a JSON document starts with « { »
            as_json = raw.lstrip()[:1] == b"{"
        else:
            raise Refus(415, "type-non-pris-en-charge",
                        f"type de contenu « {media} » : envoyer le dossier en application/json ou application/yaml")
        try:
            return parse_text(raw, "corps", DossierInvalide, json_format=as_json)
        except DossierInvalide as exc:
            raise _probleme_de(exc) from None

    async def _corps(self, request: Request) -> bytes:
        limite = self.config.taille_max
        declared = request.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > limite:
            raise Refus(413, "corps-trop-volumineux", f"corps de {declared} octets ; au plus {limite}")
        chunks, size = [], 0
        async for chunk in request.stream():
            size += len(chunk)
            if size > limite:
                raise Refus(413, "corps-trop-volumineux", f"corps de plus de {limite} octets ; au plus {limite}")
            chunks.append(chunk)
        return b"".join(chunks)

    async def run(self, fn: Callable[[], Any]) -> Any:
        """``fn`` in a worker thread, given up after ``delai_max`` seconds (the thread finishes alone)."""
        try:
            with anyio.fail_after(self.config.delai_max):
                return await anyio.to_thread.run_sync(fn, abandon_on_cancel=True)
        except TimeoutError:
            raise Refus(503, "delai-depasse", f"évaluation interrompue après {self.config.delai_max:g} s") from None

    async def evaluer(self, request: Request, as_of: str | None, trace: bool) -> Assessment:
        data = await self.dossier(request)
        when = _date(as_of, "as_of")

        def work() -> Assessment:
            try:
                dossier = load_dossier(data, paths=False)
                return evaluate(dossier, when, rules=self.book, engine=self.config.moteur, trace=trace, taux=self.taux)
            except CreancesError as exc:
                raise _probleme_de(exc) from None

        return await self.run(work)


def _date(value: str | None, name: str) -> date | None:
    if value is None or value == "":
        return None
    try:
        return _to_date(value)
    except ValueError as exc:
        raise Refus(422, "parametre-invalide", f"{name} : {exc}", [{"path": name, "message": str(exc)}]) from None


def _page() -> str:
    return resources.files(__package__).joinpath("page.html").read_text(encoding="utf-8")


def build(config: Configuration) -> FastAPI:
    service = _Service(config)
    app = FastAPI(
        title="creances_rules",
        version=__version__,
        summary="Le droit français du recouvrement de créances, règle par règle, avec ses citations.",
        description=("Évaluer un dossier à une date : constats, actions et délais, montants au centime, chacun "
                     "avec ses citations. Les erreurs suivent la RFC 9457 (application/problem+json)."),
        docs_url="/docs", redoc_url=None,
    )
    if config.cors:
        from fastapi.middleware.cors import CORSMiddleware

        app.add_middleware(CORSMiddleware, allow_origins=list(config.cors), allow_methods=["GET", "POST"],
                           allow_headers=["Authorization", "Content-Type"])

    publiques = {"/", "/docs", "/openapi.json", "/docs/oauth2-redirect"}

    @app.middleware("http")
    async def jeton(request: Request, call_next: Any) -> Any:
        if config.jeton and request.url.path not in publiques:
            donne = request.headers.get("authorization", "")
            attendu = f"Bearer {config.jeton}"
            if not secrets.compare_digest(donne.encode(), attendu.encode()):
                body = probleme(401, "jeton", "présenter le jeton du service : « Authorization: Bearer <jeton> »")
                return JSONResponse(body, status_code=401, media_type=MEDIA,
                                    headers={"WWW-Authenticate": "Bearer"})
        return await call_next(request)

    @app.exception_handler(Refus)
    async def refus(request: Request, exc: Refus) -> JSONResponse:
        return JSONResponse(probleme(exc.status, exc.genre, exc.detail, exc.erreurs), status_code=exc.status,
                            media_type=MEDIA)

    @app.exception_handler(RequestValidationError)
    async def parametres(request: Request, exc: RequestValidationError) -> JSONResponse:
        erreurs = [{"path": ".".join(str(p) for p in e.get("loc", ())[1:]) or "requête",
                    "message": e.get("msg", "valeur invalide")} for e in exc.errors()]
        detail = "; ".join(f"{e['path']} : {e['message']}" for e in erreurs)
        return JSONResponse(probleme(422, "parametre-invalide", detail, erreurs), status_code=422, media_type=MEDIA)

    @app.exception_handler(StarletteHTTPException)
    async def http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        detail = "aucune ressource à cette adresse" if exc.status_code == 404 else str(exc.detail)
        return JSONResponse(probleme(exc.status_code, "http", detail), status_code=exc.status_code, media_type=MEDIA)

    _routes(app, service)

    def schema() -> dict[str, Any]:
        if app.openapi_schema is None:
            from fastapi.openapi.utils import get_openapi

            document = get_openapi(title=app.title, version=app.version, summary=app.summary,
                                   description=app.description, routes=app.routes)
            app.openapi_schema = openapi.completer(document)
        return app.openapi_schema

    app.openapi = schema  # type: ignore[method-assign]
    return app


def _routes(app: FastAPI, service: _Service) -> None:
    erreurs = openapi.erreurs

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    async def page() -> HTMLResponse:
        return HTMLResponse(_page())

    @app.post("/evaluations", summary="Évaluer un dossier à une date",
              description="Le corps est le dossier (JSON ou YAML). La réponse JSON est, octet pour octet, celle de "
                          "`creances evaluate --format json` ; `format=html` donne la page imprimable, `format=text` "
                          "le rapport en texte.",
              responses={200: {"description": "l'évaluation", "content": {
                  "application/json": {"schema": {"$ref": "#/components/schemas/Evaluation"}},
                  "text/html": {}, "text/plain": {}}}, **erreurs(401, 413, 415, 422, 503)},
              openapi_extra=openapi.corps_dossier("le dossier : créancier, débiteur, factures, paiements, événements…"))
    async def evaluations(request: Request, as_of: str | None = None, format: str = "json",
                          trace: bool = True) -> Response:
        if format not in ("json", "html", "text"):
            raise Refus(422, "parametre-invalide", f"format : « {format} » inconnu (json, html, text)",
                        [{"path": "format", "message": "json, html ou text"}])
        a = await service.evaluer(request, as_of, trace)
        if format == "html":
            return HTMLResponse(render_page(a))
        if format == "text":
            return Response(render_text(a, width=100) + "\n", media_type="text/plain; charset=utf-8")
        return Response(a.to_json() + "\n", media_type="application/json")

    @app.post("/evaluations/explications/{code}", summary="Expliquer un constat, une action ou un avertissement",
              description="Pourquoi il vaut, jusqu'aux faits du dossier, ou la première raison pour laquelle il ne vaut "
                          "pas (comme `creances evaluate --explain CODE`).",
              responses={200: openapi.reponse("l'explication en français", "text/plain"), **erreurs(401, 413, 422, 503)},
              openapi_extra=openapi.corps_dossier("le dossier"))
    async def explications(code: str, request: Request, as_of: str | None = None) -> Response:
        a = await service.evaluer(request, as_of, True)
        try:
            texte = str(a.explain(code))
        except ValueError as exc:
            raise Refus(404, "code-inconnu", str(exc), [{"path": "code", "message": str(exc)}]) from None
        return Response(texte + "\n", media_type="text/plain; charset=utf-8")

    @app.post("/lettres", summary="Projet de lettre (Markdown ou Word) et notes pour le rédacteur",
              description="Mise en demeure ou information de la caution, pour le dossier du corps, dans la voix du "
                          "créancier, de son avocat ou d'une agence (CPCE R124-4). Refusée (409), comme en ligne de "
                          "commande, quand l'évaluation l'interdit (créance prescrite, procédure collective, pas de "
                          "caution…) ; `forcer=true` la rédige quand même, le motif dans les notes. `document=notes` "
                          "rend les notes pour le rédacteur (fondement, points incertains), jamais jointes à la lettre.",
              responses={200: {"description": "la lettre ou ses notes", "content": {"text/markdown": {}, DOCX: {}}},
                         **erreurs(401, 409, 413, 422, 503)},
              openapi_extra=openapi.corps_dossier("le dossier"))
    async def lettres(request: Request, as_of: str | None = None, type: str = "mise_en_demeure",
                      voix: str | None = None, format: str = "md", document: str = "lettre",
                      forcer: bool = False) -> Response:
        from ...presentation import lettres as module

        for nom, valeur, permis in (("format", format, ("md", "docx")), ("document", document, ("lettre", "notes"))):
            if valeur not in permis:
                raise Refus(422, "parametre-invalide", f"{nom} : « {valeur} » inconnu ({', '.join(permis)})",
                            [{"path": nom, "message": " ou ".join(permis)}])
        a = await service.evaluer(request, as_of, True)

        def draft() -> Response:
            try:
                lettre = module.lettre(a, type=type, voix=voix, forcer=forcer)
            except CreancesError as exc:  # LettreRefusee: the assessment forbids this letter
                raise Refus(409, "lettre-refusee", str(exc)) from None
            except ValueError as exc:
                raise Refus(422, "parametre-invalide", str(exc), [{"path": "type", "message": str(exc)}]) from None
            if format == "md":
                texte = lettre.to_markdown() if document == "lettre" else lettre.notes_markdown()
                return Response(texte, media_type="text/markdown; charset=utf-8")
            from ...presentation.lettres_docx import ecrire_notes

            with tempfile.TemporaryDirectory(prefix="creances-lettre-") as tmp:
                path = Path(tmp) / f"{type}.docx"
                if document == "lettre":
                    lettre.to_docx(path, service.config.modele)
                else:
                    ecrire_notes(lettre, path)
                contenu = path.read_bytes()
            nom = f"{type}{'.notes' if document == 'notes' else ''}.docx"
            return Response(contenu, media_type=DOCX, headers={"Content-Disposition": f'attachment; filename="{nom}"'})

        return await service.run(draft)

    @app.get("/exemples", summary="Les dossiers d'exemple fournis avec la bibliothèque",
             responses={200: openapi.reponse("leurs noms"), **erreurs(401)})
    async def exemples_liste() -> JSONResponse:
        return JSONResponse(examples.noms())

    @app.get("/exemples/{nom}", summary="Un dossier d'exemple (YAML), à évaluer tel quel",
             responses={200: openapi.reponse("le dossier", "application/yaml"), **erreurs(401, 404)})
    async def exemple(nom: str) -> Response:
        if nom not in examples.noms():  # a name from the packaged list, never a path
            raise Refus(404, "exemple-inconnu", f"exemple « {nom} » inconnu ({', '.join(examples.noms())})")
        return Response(examples.chemin(nom).read_text(encoding="utf-8"), media_type="application/yaml; charset=utf-8")

    @app.get("/delais", summary="Un délai de procédure (CPC 640 à 642), expliqué",
             responses={200: openapi.reponse("le dernier jour pour agir et son explication"), **erreurs(401, 422)})
    async def delais(depart: str, jours: int = 0, mois: int = 0, ans: int = 0, departement: str | None = None,
                     distance: str | None = None) -> JSONResponse:
        start = _date(depart, "depart")
        try:
            result = fin_de_delai(start, jours=jours, mois=mois, ans=ans, departement=departement, distance=distance)
        except ValueError as exc:
            raise Refus(422, "parametre-invalide", str(exc)) from None
        data = result.model_dump(mode="json")
        data["explication"] = str(result)
        return JSONResponse(data)

    @app.get("/taux", summary="Les tables de taux : périodes, textes, sources, confiance, date de connaissance",
             responses={200: openapi.reponse("les tables"), **erreurs(401)})
    async def taux() -> JSONResponse:
        with _taux.taux_actifs(service.taux):  # the tables as this service evaluates: the firm's file first
            return JSONResponse(jsonable_encoder(fraicheur.tables_de_taux()))

    @app.get("/regles", summary="Le catalogue des règles (id, titre, citations, exceptions)",
             responses={200: openapi.reponse("le catalogue, par fichier de règles"), **erreurs(401)})
    async def regles() -> JSONResponse:
        from ..regles_cli import catalogue

        return JSONResponse(catalogue(service.book))

    @app.get("/schemas/{nom}", summary="Un schéma JSON : dossier, regles, tests ou evaluation",
             responses={200: openapi.reponse("le schéma JSON (draft 2020-12)"), **erreurs(401, 404)})
    async def schemas(nom: str) -> Response:
        if nom not in json_schemas.KINDS:
            raise Refus(404, "schema-inconnu", f"schéma « {nom} » inconnu ({', '.join(json_schemas.KINDS)})")
        return Response(json_schemas.render(nom), media_type="application/schema+json")

    @app.get("/sante", summary="État du service : version, base de règles, fraîcheur des données",
             responses={200: openapi.reponse("l'état"), **erreurs(401)})
    async def sante() -> JSONResponse:
        return JSONResponse({
            "statut": "ok",
            "version": __version__,
            "regles": {"empreinte": service.book.fingerprint, "nombre": len(service.book.rules),
                       "repertoires": list(service.config.regles)},
            "donnees": connu_jusqu_au(service.taux),
            "taux_fournis": service.config.taux,
        })


def connu_jusqu_au(fichier: Any = None) -> dict[str, str | None]:
    """Until when each dated datum is known (rates, with the service's rates file; holidays; lists)."""
    with _taux.taux_actifs(fichier):
        return {d.cle: d.connu_jusqu_au.isoformat() if d.connu_jusqu_au else None for d in fraicheur.donnees_datees()}
