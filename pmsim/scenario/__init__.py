"""The scenario format: models, safe loading with positions, validation, JSON Schema.

This package never imports pygame; the engine and every shell build on it.
"""

from .diagnostics import Diagnostic
from .loader import LoadResult, load_bytes, load_file, scenario_files
from .models import FORMAT_VERSION, Scenario

__all__ = [
    "FORMAT_VERSION",
    "Diagnostic",
    "LoadResult",
    "Scenario",
    "load_bytes",
    "load_file",
    "scenario_files",
]
