"""The rule language and its machinery: the rule-file schema, loading with file:line errors, the
checker, the evaluation order (phases, strata), and the two engines that answer the same question
(`engines.durable_engine`, the only module that talks to durable-rules, and `engines.python_engine`, the
reference evaluator). Knows the vocabulary of the institutions, never the evaluation above it.
"""
