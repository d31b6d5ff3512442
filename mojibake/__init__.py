"""mojibake: find and repair text whose UTF-8 bytes were decoded with the wrong codec.

The public API lives here; each function is implemented in the module named for its job.
"""

from __future__ import annotations

from .apply import DEFAULT_THRESHOLD, repair_text
from .dataset import DataResult, repair_column, repair_dataset, repair_many
from .detect import detect
from .explain import explain
from .files import repair_bytes, repair_file
from .finding import Finding, Inference

__all__ = [
    "DEFAULT_THRESHOLD",
    "DataResult",
    "Finding",
    "Inference",
    "detect",
    "explain",
    "repair",
    "repair_bytes",
    "repair_column",
    "repair_dataset",
    "repair_file",
    "repair_many",
]

__version__ = "0.1.0"


def repair(text: str, *, threshold: float = DEFAULT_THRESHOLD, best_effort: bool = False) -> str:
    """Return ``text`` with every mojibake span at or above ``threshold`` confidence repaired.

    ``best_effort`` also applies low-confidence inferences of lost bytes.
    """
    return repair_text(text, threshold=threshold, best_effort=best_effort)
