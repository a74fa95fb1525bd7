"""sens-graph: the French digital-health competency frameworks as a validated knowledge graph."""

__version__ = "0.1.0"
