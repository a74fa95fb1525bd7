"""Tests of the web server (sens_graph.server) and the store (sens_graph.store)."""
