"""The base every layer may use: French errors, formatting, YAML readers, the on-disk cache, paths.

Nothing here imports any other part of the package."""
