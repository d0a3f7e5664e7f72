"""Le fichier de taux d'un cabinet, pour les tests (valeurs d'essai, pas des données) : il connaît la décision BCE du
29 octobre 2026 (2,65 % à partir du 04/11/2026), que les tables du paquet ne connaissent pas encore."""

FICHIER_BCE = """\
fournisseur: Cabinet Martin
bce:
  - du: 2026-11-04
    au: 2027-02-09
    valeur: "2.65"
    texte: Décision du Conseil des gouverneurs du 29 octobre 2026 (essai)
    source: https://www.ecb.europa.eu/press/pr/date/2026/html/essai.html
"""
