"""Settings: where the project files are, where the build goes, the public base IRI."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from .namespaces import DEFAULT_BASE_IRI


def _default_project_dir() -> Path:
    return Path(os.environ.get("SENS_GRAPH_PROJECT_DIR", Path.cwd())).resolve()


@dataclass(frozen=True)
class Settings:
    """Paths and options shared by the build, the server and the reports."""

    project_dir: Path = field(default_factory=_default_project_dir)
    base_iri: str = field(default_factory=lambda: os.environ.get("SENS_GRAPH_BASE_IRI", DEFAULT_BASE_IRI))
    dist_dir_name: str = "dist"

    @property
    def data_dir(self) -> Path:
        return self.project_dir / "data"

    @property
    def ontology_dir(self) -> Path:
        return self.project_dir / "ontology"

    @property
    def shapes_dir(self) -> Path:
        return self.project_dir / "shapes"

    @property
    def queries_dir(self) -> Path:
        return self.project_dir / "queries"

    @property
    def qc_dir(self) -> Path:
        return self.queries_dir / "qc"

    @property
    def dist_dir(self) -> Path:
        return self.project_dir / self.dist_dir_name
