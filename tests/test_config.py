"""Tests for mojibake.config: finding and validating [tool.mojibake]."""

from __future__ import annotations

from pathlib import Path

import pytest

from mojibake.apply import DEFAULT_THRESHOLD
from mojibake.config import (
    Config,
    ConfigError,
    common_start,
    find_pyproject,
    load_config,
    parse_config,
    read_config,
)

REPO = Path(__file__).resolve().parent.parent


def test_defaults_without_pyproject(tmp_path: Path) -> None:
    if find_pyproject(tmp_path) is not None:
        pytest.skip("a pyproject.toml exists above the temp directory")
    cfg = load_config(tmp_path)
    assert cfg == Config() and cfg.root is None
    assert cfg.exclude == () and cfg.min_confidence == DEFAULT_THRESHOLD and cfg.paths == ()


def test_nearest_pyproject_wins(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.mojibake]\nexclude = ["outer/"]\n')
    inner = tmp_path / "pkg"
    (inner / "src").mkdir(parents=True)
    (inner / "pyproject.toml").write_text(
        '[tool.mojibake]\nexclude = ["fixtures/", "data/*.bin"]\nmin-confidence = 0.8\npaths = ["utf-8 as gbk"]\n'
    )
    cfg = load_config(inner / "src")
    assert cfg.root == inner and cfg.source == inner / "pyproject.toml"
    assert cfg.exclude == ("fixtures/", "data/*.bin")
    assert cfg.min_confidence == 0.8 and cfg.paths == ("utf-8 as gbk",)
    assert load_config(tmp_path).exclude == ("outer/",)


def test_pyproject_without_table_gives_defaults_rooted_there(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n')
    cfg = load_config(tmp_path)
    assert cfg.root == tmp_path and cfg.exclude == ()


@pytest.mark.parametrize(
    "table",
    [
        {"exclud": ["x"]},
        {"exclude": "fine", "min-confidence": 2},
        {"min-confidence": "high"},
        {"min-confidence": True},
        {"paths": [1, 2]},
    ],
)
def test_bad_tables_are_rejected(table: dict[str, object]) -> None:
    with pytest.raises(ConfigError):
        parse_config(table)


def test_lone_string_is_a_list() -> None:
    assert parse_config({"exclude": "fixtures/"}).exclude == ("fixtures/",)


def test_broken_toml_is_a_config_error(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.mojibake\n")
    with pytest.raises(ConfigError, match="pyproject.toml"):
        read_config(tmp_path / "pyproject.toml")


def test_common_start(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "c.txt").write_text("x")
    assert common_start([str(tmp_path / "a" / "b"), str(tmp_path / "a" / "c.txt")]) == str(tmp_path / "a")
    assert common_start([str(tmp_path / "a" / "c.txt")]) == str(tmp_path / "a")
    assert common_start(["-"]) is None


def test_this_repository_excludes_its_own_samples() -> None:
    cfg = read_config(REPO / "pyproject.toml")
    for needed in ("fixtures/", "mojibake/data/", "tests/"):
        assert needed in cfg.exclude
