"""The one place that connects the layers: dossier → derived facts → rule engine (two phases) →
assessment. `evaluate.evaluate` is the package's `evaluate`.
"""
