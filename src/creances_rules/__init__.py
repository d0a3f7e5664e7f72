"""creances_rules — le droit français du recouvrement de créances en règles déclaratives."""

__version__ = "0.1.0"
