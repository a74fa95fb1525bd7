"""The package version, in a module of its own so that every layer can read it without importing
the public facade (:mod:`sens_graph`)."""

__version__ = "0.1.0"
