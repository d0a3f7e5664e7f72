"""The service's configuration: given on the command line, passed to uvicorn's workers by environment."""

from __future__ import annotations

import ipaddress
import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

_ENV = "CREANCES_SERVEUR_CONFIG"  # JSON of a Configuration, for the workers uvicorn starts
ENV_JETON = "CREANCES_JETON"  # the bearer token, kept out of the process list


@dataclass(frozen=True)
class Configuration:
    """``regles``: the firm's rule directories, loaded once per worker on top of the built-in ones;
    ``taux``: a firm's rates file (`creances taux`); ``modele``: the firm's Word template for letters; ``jeton``: the bearer token required on every
    API call when set; ``cors``: origins allowed to call from a browser (none: CORS off);
    ``taille_max``: the largest body accepted, in bytes; ``delai_max``: seconds one evaluation may take."""

    regles: tuple[str, ...] = ()
    taux: str | None = None
    modele: str | None = None
    jeton: str | None = None
    cors: tuple[str, ...] = ()
    taille_max: int = 1_000_000
    delai_max: float = 30.0
    moteur: str = "auto"

    def to_environment(self) -> dict[str, str]:
        data = asdict(self)
        jeton = data.pop("jeton")
        env = {_ENV: json.dumps(data)}
        if jeton:
            env[ENV_JETON] = jeton
        return env

    @classmethod
    def from_environment(cls) -> "Configuration":
        raw = os.environ.get(_ENV)
        data = json.loads(raw) if raw else {}
        data["regles"] = tuple(data.get("regles", ()))
        data["cors"] = tuple(data.get("cors", ()))
        return cls(**data, jeton=os.environ.get(ENV_JETON) or None)


def est_boucle_locale(hote: str) -> bool:
    """True for 127.0.0.0/8, ::1 and « localhost »: an address no other machine can reach."""
    if hote == "localhost":
        return True
    try:
        return ipaddress.ip_address(hote).is_loopback
    except ValueError:
        return False


def verifier(hote: str, config: Configuration) -> list[str]:
    """What stops the service from starting, in French (empty: it may start)."""
    problemes = []
    if not est_boucle_locale(hote) and not config.jeton:
        problemes.append(f"--hote {hote} : le service serait joignable d'autres machines ; donner un jeton "
                         f"(--jeton ou la variable {ENV_JETON}) que chaque appel présentera "
                         "(« Authorization: Bearer … »)")
    for d in config.regles:
        if not Path(d).is_dir():
            problemes.append(f"--rules {d} : répertoire introuvable")
    if config.taux and not Path(config.taux).is_file():
        problemes.append(f"--taux {config.taux} : fichier introuvable")
    if config.modele and not Path(config.modele).is_file():
        problemes.append(f"--modele {config.modele} : fichier introuvable")
    if config.taille_max <= 0:
        problemes.append("--taille-max : un nombre d'octets positif est attendu")
    if config.delai_max <= 0:
        problemes.append("--delai-max : un nombre de secondes positif est attendu")
    return problemes
