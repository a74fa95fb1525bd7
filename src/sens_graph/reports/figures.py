"""The report's figures, drawn by :mod:`sens_graph.analytics` into ``figures/``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..config import Settings
from ..queries import QueryLibrary
from .model import Report


def write_figures(report: Report, store: Any, library: QueryLibrary, settings: Settings, out_dir: Path) -> None:
    """Draw the figures into ``out_dir/figures`` and attach them to their sections."""
    return None
