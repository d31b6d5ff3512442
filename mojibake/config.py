"""Project settings: the ``[tool.mojibake]`` table of the nearest pyproject.toml.

Keys (all optional)::

    [tool.mojibake]
    exclude = ["fixtures/", "mojibake/data/"]   # gitignore-style globs, relative to this file
    include = ["*.md", "*.txt"]                 # only these files (default: every text file)
    min-confidence = 0.5                        # report / repair findings at least this sure
    paths = ["utf-8 as gbk"]                    # only these codec paths (default: all)
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .apply import DEFAULT_THRESHOLD

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib

KEYS = ("exclude", "include", "min-confidence", "paths")
"""Keys accepted in ``[tool.mojibake]``; anything else is an error (catches typos)."""


class ConfigError(ValueError):
    """The ``[tool.mojibake]`` table is malformed."""


@dataclass(frozen=True)
class Config:
    """Settings in force, and the directory their globs are relative to (None: no file found)."""

    root: Path | None = None
    source: Path | None = None
    exclude: tuple[str, ...] = ()
    include: tuple[str, ...] = ()
    min_confidence: float = DEFAULT_THRESHOLD
    paths: tuple[str, ...] = ()


def find_pyproject(start: str | os.PathLike[str] | None = None) -> Path | None:
    """The nearest pyproject.toml in ``start`` (default: the working directory) or above it."""
    here = Path(start if start is not None else os.getcwd()).resolve()
    if here.is_file():
        here = here.parent
    for d in (here, *here.parents):
        candidate = d / "pyproject.toml"
        if candidate.is_file():
            return candidate
    return None


def _strings(table: Mapping[str, Any], key: str) -> tuple[str, ...]:
    """A list-of-strings value (a lone string is accepted as a one-item list)."""
    value = table.get(key, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"[tool.mojibake] {key} must be a list of strings")
    return tuple(value)


def parse_config(table: Mapping[str, Any], root: Path | None = None, source: Path | None = None) -> Config:
    """Validate a ``[tool.mojibake]`` table and turn it into a Config."""
    unknown = sorted(set(table) - set(KEYS))
    if unknown:
        raise ConfigError(f"[tool.mojibake] unknown key(s): {', '.join(unknown)} (known: {', '.join(KEYS)})")
    conf = table.get("min-confidence", DEFAULT_THRESHOLD)
    if isinstance(conf, bool) or not isinstance(conf, (int, float)) or not 0 <= conf <= 1:
        raise ConfigError("[tool.mojibake] min-confidence must be a number between 0 and 1")
    return Config(
        root=root,
        source=source,
        exclude=_strings(table, "exclude"),
        include=_strings(table, "include"),
        min_confidence=float(conf),
        paths=_strings(table, "paths"),
    )


def read_config(pyproject: str | os.PathLike[str]) -> Config:
    """The Config of one pyproject.toml (defaults, rooted there, when it has no table)."""
    path = Path(pyproject)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"{path}: {e}") from None
    table = data.get("tool", {}).get("mojibake", {})
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.mojibake] must be a table")
    try:
        return parse_config(table, root=path.parent, source=path)
    except ConfigError as e:
        raise ConfigError(f"{path}: {e}") from None


def load_config(start: str | os.PathLike[str] | None = None) -> Config:
    """The Config of the nearest pyproject.toml from ``start`` upward; defaults when there is none."""
    found = find_pyproject(start)
    return read_config(found) if found else Config()


def common_start(paths: list[str]) -> str | None:
    """The directory where the config search starts for these CLI paths (their common parent)."""
    real = [os.path.abspath(p) for p in paths if p != "-"]
    if not real:
        return None
    try:
        common = os.path.commonpath(real)
    except ValueError:
        return None
    return common if os.path.isdir(common) else os.path.dirname(common)
