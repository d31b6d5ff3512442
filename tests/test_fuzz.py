"""A short run of the fuzz properties in scripts/fuzz.py (the long run: ``python scripts/fuzz.py --minutes 60``)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

import mojibake
from mojibake.files import FileError

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "fuzz.py"


def _load() -> ModuleType:
    """scripts/fuzz.py as a module (scripts/ is not a package)."""
    spec = importlib.util.spec_from_file_location("mojibake_fuzz", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


fuzz = _load()


@pytest.mark.parametrize(("target", "examples"), [("detect", 40), ("repair", 40), ("repair_bytes", 40), ("cli", 30)])
def test_fuzz_short(target: str, examples: int) -> None:
    """Every property of the fuzz target holds on a fixed-seed sample (same code as the long run)."""
    fuzz.build(target, examples, seed_value=20240611)()


@pytest.mark.parametrize(
    "data",
    [b"\xef\xbb\xbf\xff", b"\xff\xfe0", b"\xfe\xff\xd8\x00", b"\xff\xfe\x00\x00\x00\x00\x11\x00"],
    ids=["utf8-bom-bad-body", "utf16-bom-odd-length", "utf16-bom-lone-surrogate", "utf32-bom-out-of-range"],
)
def test_repair_bytes_bad_body_after_bom_is_a_file_error(data: bytes) -> None:
    """Found by the fuzzer: a BOM whose codec the rest does not follow raised UnicodeDecodeError."""
    with pytest.raises(FileError, match="undecodable"):
        mojibake.repair_bytes(data)


def test_fuzz_script_runs_and_reports(tmp_path: Path) -> None:
    """The command line of the long run works (a few seconds of one target)."""
    assert fuzz.main(["--minutes", "0.02", "--targets", "detect", "--round", "10", "--log", str(tmp_path / "f.jsonl")]) == 0
