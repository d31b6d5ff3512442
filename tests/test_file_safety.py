"""File safety of the CLI and the file layer: symlinks, output containment, special files, full
disks, read-only files, permissions, and signals. Each test backs a line of the README's
"Guarantees" table."""

from __future__ import annotations

import errno
import io
import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from stand_in import BAD, GOOD

import mojibake.files as mf
from mojibake.cli import _mirror, main
from mojibake.files import FileError, FileResult, iter_files, open_regular, repair_file


def snapshot(root: Path) -> dict[str, bytes]:
    """Every regular file under ``root`` (not following symlinks) and its bytes."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


def temps(root: Path) -> list[Path]:
    """Temp files of ours left anywhere under ``root``."""
    return [p for p in root.rglob("*") if p.name.endswith(mf.TEMP_SUFFIX)]


def invoke(args: list[str], cwd: Path):  # type: ignore[no-untyped-def]
    """The CLI in-process (CliRunner) with ``cwd`` as the working directory."""
    old = os.getcwd()
    os.chdir(cwd)
    try:
        return CliRunner().invoke(main, ["--no-config" if a == "@nc" else a for a in args], catch_exceptions=False)
    finally:
        os.chdir(old)


class Blocked(Exception):
    """Raised by the alarm when a call blocks."""


def call_with_timeout(fn, seconds: int = 10):  # type: ignore[no-untyped-def]
    """``fn()``, failing (instead of hanging the suite) if it blocks for ``seconds`` (SIGALRM)."""

    def ring(signum: int, frame: object) -> None:
        raise Blocked(f"blocked for more than {seconds} s")

    old = signal.signal(signal.SIGALRM, ring)
    signal.alarm(seconds)
    try:
        return fn()
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


@pytest.fixture
def world(tmp_path: Path) -> tuple[Path, Path]:
    """A project tree and, beside it, an outside directory holding mojibake that must stay untouched."""
    proj, outside = tmp_path / "proj", tmp_path / "outside"
    (proj / "docs" / "deep").mkdir(parents=True)
    outside.mkdir()
    (proj / "docs" / "a.txt").write_text(BAD, encoding="utf-8")
    (proj / "docs" / "deep" / "b.txt").write_text(BAD, encoding="utf-8")
    (outside / "secret.txt").write_text(BAD, encoding="utf-8")
    return proj, outside


# --- symlinks -------------------------------------------------------------------------------------


def test_walk_skips_and_reports_symlinks_out_of_the_tree(world: tuple[Path, Path]) -> None:
    proj, outside = world
    docs = proj / "docs"
    (docs / "to_file").symlink_to(outside / "secret.txt")
    (docs / "to_dir").symlink_to(outside, target_is_directory=True)
    (docs / "dangling").symlink_to(proj / "nowhere")
    (docs / "inside").symlink_to(docs / "a.txt")  # stays in the tree: its target is walked anyway
    reported: list[tuple[str, str]] = []
    found = list(iter_files([docs], on_skip=lambda p, why: reported.append((p.name, why))))
    assert sorted(p.name for p in found) == ["a.txt", "b.txt"]
    why = dict(reported)
    assert sorted(why) == ["dangling", "to_dir", "to_file"]
    assert why["to_file"].startswith("symlink to outside the tree") and why["dangling"].startswith("broken symlink")


def test_cli_never_follows_a_symlink_out_of_the_tree(world: tuple[Path, Path]) -> None:
    proj, outside = world
    (proj / "docs" / "to_file").symlink_to(outside / "secret.txt")
    (proj / "docs" / "to_dir").symlink_to(outside, target_is_directory=True)
    before = snapshot(outside)
    r = invoke(["fix", "@nc", "--jobs", "1", "docs"], proj)
    assert r.exit_code == 1, r.output
    assert snapshot(outside) == before
    assert (proj / "docs" / "a.txt").read_text(encoding="utf-8") == GOOD
    assert "skipped: docs/to_file: symlink to outside the tree" in r.stderr
    assert "skipped: docs/to_dir: symlink to outside the tree" in r.stderr
    assert "2 skipped (0 binary)" in r.stderr


def test_named_symlink_is_followed_and_kept(world: tuple[Path, Path]) -> None:
    proj, outside = world
    link = proj / "named.txt"
    link.symlink_to(outside / "secret.txt")
    r = invoke(["fix", "@nc", "named.txt"], proj)
    assert r.exit_code == 1, r.output
    assert link.is_symlink() and (outside / "secret.txt").read_text(encoding="utf-8") == GOOD


# --- nothing written outside the targets or --output-dir -------------------------------------------


@pytest.mark.parametrize(
    ("path", "named", "expected"),
    [
        ("docs/a.txt", "docs/a.txt", "docs/a.txt"),
        ("docs/deep/b.txt", "docs", "docs/deep/b.txt"),
        ("../outside/secret.txt", "../outside/secret.txt", "secret.txt"),
        ("../outside/x/y.txt", "../outside", "x/y.txt"),
        ("../proj/docs/a.txt", "../proj/docs/a.txt", "docs/a.txt"),
        ("docs/../../outside/secret.txt", "docs/../../outside", "secret.txt"),
        ("/etc/hostname", "/etc/hostname", "hostname"),
    ],
)
def test_mirror_stays_inside_the_output_dir(world: tuple[Path, Path], path: str, named: str, expected: str) -> None:
    proj, _ = world
    old = os.getcwd()
    os.chdir(proj)
    try:
        out = _mirror(Path(path), Path(named), Path("out"))
    finally:
        os.chdir(old)
    assert out == Path("out") / expected and ".." not in out.parts


def test_output_dir_with_dotdot_and_absolute_names_writes_only_inside(world: tuple[Path, Path]) -> None:
    proj, outside = world
    root = proj.parent
    before = {k: v for k, v in snapshot(root).items() if not k.startswith("proj/out/")}
    r = invoke(["fix", "@nc", "-o", "out", "../outside/secret.txt", "../proj/docs/a.txt",
                str(outside), "docs/../../outside"], proj)
    assert r.exit_code == 1, r.output
    after = snapshot(root)
    assert {k: v for k, v in after.items() if not k.startswith("proj/out/")} == before
    assert sorted(k for k in after if k.startswith("proj/out/")) == ["proj/out/docs/a.txt", "proj/out/secret.txt"]
    assert (proj / "out" / "secret.txt").read_text(encoding="utf-8") == GOOD


def test_output_dir_symlinked_inside_to_elsewhere_is_refused(world: tuple[Path, Path]) -> None:
    proj, outside = world
    (proj / "out").mkdir()
    (proj / "out" / "docs").symlink_to(outside, target_is_directory=True)
    before = snapshot(outside)
    r = invoke(["fix", "@nc", "-o", "out", "docs/a.txt"], proj)
    assert r.exit_code == 2
    assert "outside the output directory" in r.stderr
    assert snapshot(outside) == before and not temps(outside)
    assert (proj / "docs" / "a.txt").read_text(encoding="utf-8") == BAD


def test_repair_file_output_root_checked_at_write_time(tmp_path: Path, fake: None) -> None:
    src = tmp_path / "a.txt"
    src.write_text(BAD, encoding="utf-8")
    root, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
    root.mkdir()
    elsewhere.mkdir()
    (root / "sub").symlink_to(elsewhere, target_is_directory=True)
    r = repair_file(src, output=root / "sub" / "deep" / "a.txt", output_root=root)
    assert r.error and "outside the output directory" in r.error and not r.written
    assert list(elsewhere.iterdir()) == []
    r = repair_file(src, output=root / "ok" / "a.txt", output_root=root)
    assert r.written and (root / "ok" / "a.txt").read_text(encoding="utf-8") == GOOD


# --- FIFOs and devices: refused without blocking ------------------------------------------------


def test_named_fifo_and_device_are_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    r: FileResult = call_with_timeout(lambda: repair_file(fifo))
    assert r.error and "FIFO, not a regular file; refused" in r.error
    r = call_with_timeout(lambda: repair_file("/dev/null"))
    assert r.error and "character device" in r.error
    cli = call_with_timeout(lambda: invoke(["fix", "@nc", "pipe"], tmp_path))
    assert cli.exit_code == 2 and "pipe: FIFO, not a regular file" in cli.stderr


def test_fifo_in_a_walked_tree_is_skipped_and_reported(world: tuple[Path, Path]) -> None:
    proj, _ = world
    os.mkfifo(proj / "docs" / "pipe")
    r = call_with_timeout(lambda: invoke(["check", "@nc", "--jobs", "1", "docs"], proj))
    assert r.exit_code == 1
    assert "skipped: docs/pipe: FIFO, not a regular file; not read" in r.stderr


def test_opener_refuses_a_fifo_or_symlink_swapped_in_after_the_check(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(FileError, match="FIFO"):
        call_with_timeout(lambda: open(fifo, "rb", opener=open_regular))
    (tmp_path / "real.txt").write_text("x")
    (tmp_path / "link").symlink_to(tmp_path / "real.txt")
    with pytest.raises(OSError) as e:
        open(tmp_path / "link", "rb", opener=open_regular)
    assert e.value.errno == errno.ELOOP


# --- full disk, read-only files and directories --------------------------------------------------


class FullDisk(io.RawIOBase):
    """A writable file whose every write fails with ENOSPC, like a full disk."""

    def __init__(self, fd: int) -> None:
        self.fd = fd

    def writable(self) -> bool:
        return True

    def write(self, b: object) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def fileno(self) -> int:
        return self.fd

    def close(self) -> None:
        if not self.closed:
            os.close(self.fd)
        super().close()


@pytest.mark.parametrize("to_output", [False, True])
def test_full_disk_keeps_original_and_leaves_no_temp(
    tmp_path: Path, fake: None, monkeypatch: pytest.MonkeyPatch, to_output: bool
) -> None:
    p = tmp_path / "a.txt"
    p.write_text(BAD * 2000, encoding="utf-8")  # bigger than a write buffer
    monkeypatch.setattr(mf.os, "fdopen", lambda fd, mode="wb": FullDisk(fd))
    out = tmp_path / "out" / "a.txt" if to_output else None
    r = repair_file(p, output=out)
    assert r.error == os.strerror(errno.ENOSPC) and not r.written
    assert p.read_text(encoding="utf-8") == BAD * 2000
    assert not temps(tmp_path) and not (out and out.exists())


def test_full_disk_via_cli_is_a_clear_error(world: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    proj, _ = world
    monkeypatch.setattr(mf.os, "fdopen", lambda fd, mode="wb": FullDisk(fd))
    r = invoke(["fix", "@nc", "--jobs", "1", "docs/a.txt"], proj)
    assert r.exit_code == 2 and "docs/a.txt: No space left on device" in r.stderr
    assert (proj / "docs" / "a.txt").read_text(encoding="utf-8") == BAD and not temps(proj)


def test_read_only_file_via_cli_is_a_clear_error(world: tuple[Path, Path]) -> None:
    proj, _ = world
    p = proj / "docs" / "a.txt"
    p.chmod(0o444)
    r = invoke(["fix", "@nc", "docs/a.txt"], proj)
    assert r.exit_code == 2 and "read-only file" in r.stderr
    assert p.read_text(encoding="utf-8") == BAD and stat.S_IMODE(p.stat().st_mode) == 0o444


def test_unwritable_directory_is_a_clear_error(tmp_path: Path, fake: None, monkeypatch: pytest.MonkeyPatch) -> None:
    p = tmp_path / "a.txt"
    p.write_text(BAD, encoding="utf-8")

    real_open = os.open

    def denied(path: str, flags: int, mode: int = 0o777) -> int:
        if path.endswith(mf.TEMP_SUFFIX):  # what a read-only directory does (root bypasses chmod)
            raise PermissionError(errno.EACCES, "Permission denied", path)
        return real_open(path, flags, mode)

    monkeypatch.setattr(mf.os, "open", denied)
    r = repair_file(p)
    assert r.error == "permission denied" and not r.written
    assert p.read_text(encoding="utf-8") == BAD and not temps(tmp_path)


def test_unlistable_directory_in_a_walk_is_reported(world: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    proj, _ = world
    real_scandir = os.scandir
    locked = str(proj / "docs" / "deep")

    def scandir(path: object = ".") -> object:
        if os.fspath(path) == locked:  # type: ignore[arg-type]
            raise PermissionError(errno.EACCES, "Permission denied", locked)
        return real_scandir(path)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "scandir", scandir)
    reported: list[tuple[Path, str]] = []
    found = list(iter_files([proj / "docs"], on_skip=lambda p, why: reported.append((p, why))))
    assert [p.name for p in found] == ["a.txt"]
    assert reported == [(Path(locked), "permission denied")]


@pytest.mark.parametrize("mode", [0o600, 0o755, 0o2750])
def test_mode_bits_kept_on_rewrite(tmp_path: Path, fake: None, mode: int) -> None:
    p = tmp_path / "m.txt"
    p.write_text(BAD, encoding="utf-8")
    p.chmod(mode)
    r = repair_file(p)
    assert r.written and stat.S_IMODE(p.stat().st_mode) == mode
    out = tmp_path / "out" / "m.txt"
    assert repair_file(p.with_name("m.txt"), output=out).written
    assert stat.S_IMODE(out.stat().st_mode) == mode


# --- signals: no temp file left, the original intact -----------------------------------------------

SLOW_CLI = """
import re, signal, sys, time
signal.signal(signal.SIGINT, signal.default_int_handler)  # even when started with SIGINT ignored (a background job)
import mojibake.apply as a, mojibake.files as f
from mojibake.finding import Finding
f.SNIFF_BYTES = f.repair_file.__kwdefaults__["segment_bytes"] = 4096

def detect(t, **_):
    if "SLOW" in t:
        time.sleep(60)
    return [Finding(m.start(), m.end(), m.group(), "\u2019s", "utf-8 as gbk", confidence=0.9)
            for m in re.finditer("\u9225\u6a9a", t)]

a.detect = detect
from mojibake.cli import main
main(sys.argv[1:])
"""
"""The CLI with 4 KB segments and a stand-in detector that stalls on a segment holding SLOW."""


@pytest.mark.parametrize(("sig", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_signal_during_a_write_removes_the_temp_file(tmp_path: Path, sig: int, code: int) -> None:
    p = tmp_path / "big.txt"
    # First segment changed (the temp file is open), third one stalls: signal it then.
    data = ("it鈥檚 fine\n" + "clean line\n" * 1500 + "SLOW é\n" + "clean line\n" * 600).encode()
    p.write_bytes(data)
    proc = subprocess.Popen([sys.executable, "-c", SLOW_CLI, "fix", "--no-config", "--quiet", "--jobs", "1", str(p)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while not temps(tmp_path) and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.02)  # the first segment was repaired and written to the temp file
    assert temps(tmp_path), "the temp file never appeared"
    proc.send_signal(sig)
    assert proc.wait(timeout=30) == code, proc.stderr.read() if proc.stderr else ""
    assert p.read_bytes() == data and not temps(tmp_path)


# --- one huge line ------------------------------------------------------------------------------


@pytest.mark.parametrize("codec", ["utf-8", "utf-16-le", "gbk"])
def test_one_long_line_streams_as_one_segment_then_cuts_again(codec: str) -> None:
    """A stretch with no cut point grows one segment (searched once per read), then cutting resumes."""
    line = "中文" * 3000  # no newline, no ASCII run: no cut point for many reads
    tail = ("x" * 40 + "\n") * 50
    data = (line + tail + line).encode(codec)
    parts = list(mf.segments(io.BytesIO(data[100:]), data[:100], codec, size=256))
    assert b"".join(parts) == data
    assert all(p.decode(codec) for p in parts)  # every cut falls between characters
    assert len(parts[0]) >= len(line.encode(codec)) and len(parts) >= 3
