"""The sens-graph web server: SPARQL endpoint, linked data, downloads and the query editor."""

from .app import ROUTES, create_app
from .config import ServerSettings, make_store

__all__ = ["ROUTES", "ServerSettings", "create_app", "make_store"]
