"""The command line (`creances …`), the documentation site, the JSON schemas, the expert tests (YAML)
and their pytest plugin: tools for users and rule authors, on top of everything else.
"""
