"""Tests for mojibake.files: encodings, BOMs, newlines, atomic writes, walking trees, streaming."""

from __future__ import annotations

import io
import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from stand_in import BAD, GOOD, fake_detect

import mojibake
import mojibake.files as mf
from mojibake.files import (
    FileError,
    Options,
    iter_files,
    matches,
    repair_bytes,
    repair_file,
    safe_cut,
)
from mojibake.finding import Finding


def no_temp_left(directory: Path) -> bool:
    """True when no temp file of ours is left in ``directory`` (recursively)."""
    return not [p for p in directory.rglob("*") if p.name.endswith(mf.TEMP_SUFFIX)]


# --- the real library through the file layer ---------------------------------------------------


def test_real_repair_of_utf8_file(tmp_path: Path) -> None:
    p = tmp_path / "a.txt"
    p.write_bytes("it鈥檚 fine\n鈥淲e are\n".encode())
    r = repair_file(p)
    assert r.ok and r.changed and r.written and r.encoding == "utf-8"
    assert p.read_bytes().decode() == "it’s fine\n“We are\n"
    assert [(loc.line, loc.col) for loc in r.findings] == [(1, 3), (2, 1)]


def test_repair_bytes_real() -> None:
    assert repair_bytes("it鈥檚 fine".encode()) == "it’s fine"
    # GBK bytes of the mojibake are exactly the UTF-8 of the original: the wrong declaration is overruled.
    assert repair_bytes("it鈥檚 fine".encode("gbk"), "gbk") == "it’s fine"
    assert repair_bytes("中文测试，这是一个句子。".encode("gbk"), "gbk") == "中文测试，这是一个句子。"
    assert repair_bytes(b"\xef\xbb\xbfit\xe9\x88\xa5\xe6\xaa\x9a") == "it’s"


def test_repair_bytes_binary_raises() -> None:
    with pytest.raises(FileError):
        repair_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")


# --- encodings and byte exactness (stand-in detector) -------------------------------------------


@pytest.mark.parametrize(
    ("codec", "bom", "expect_enc"),
    [
        ("utf-8", b"", "utf-8"),
        ("utf-8", b"\xef\xbb\xbf", "utf-8"),
        ("utf-16-le", b"\xff\xfe", "utf-16-le"),
        ("utf-16-be", b"\xfe\xff", "utf-16-be"),
        ("utf-32-le", b"\xff\xfe\x00\x00", "utf-32-le"),
    ],
)
def test_unicode_encodings_and_bom_kept(tmp_path: Path, fake: None, codec: str, bom: bytes, expect_enc: str) -> None:
    p = tmp_path / "f.txt"
    p.write_bytes(bom + BAD.encode(codec))
    r = repair_file(p)
    assert r.ok and r.changed and r.encoding == expect_enc and r.bom == bool(bom)
    assert p.read_bytes() == bom + GOOD.encode(codec)


def test_gbk_file_round_trip(tmp_path: Path, fake: None) -> None:
    text = "中文的句子，没有问题。\n这一行有乱码：涓枃 和 it鈥檚。\n最后一行。\n"
    p = tmp_path / "g.txt"
    p.write_bytes(text.encode("gbk"))
    r = repair_file(p)
    assert r.ok and r.changed and r.encoding == "gbk", r
    assert p.read_bytes() == text.replace("涓枃", "中文").replace("鈥檚", "’s").encode("gbk")


def test_unchanged_lines_keep_original_bytes() -> None:
    # cp932 maps two byte sequences to the same character; decode/encode is not a round trip.
    odd = b"\x87\x90"  # NEC row 13 '≒'; re-encodes as \x81\xe0
    assert odd.decode("cp932").encode("cp932") != odd
    original = b"plain " + odd + b"\nsecond line " + "中文".encode("cp932") + b"\n"
    old = original.decode("cp932")
    out = mf.encode_like(original, old, old.replace("中文", "日本"), "cp932")
    assert out == b"plain " + odd + b"\nsecond line " + "日本".encode("cp932") + b"\n"


def test_crlf_and_mixed_newlines_preserved_exactly(tmp_path: Path, fake: None) -> None:
    raw = "a\r\nit鈥檚\r\nb\rc\n\r\n鈥淲\r\n".encode()
    p = tmp_path / "crlf.txt"
    p.write_bytes(raw)
    r = repair_file(p)
    assert r.changed
    assert p.read_bytes() == raw.replace("鈥檚".encode(), "’s".encode()).replace("鈥淲".encode(), "“W".encode())
    assert [(loc.line, loc.col) for loc in r.findings] == [(2, 3), (6, 1)]


def test_unchanged_file_not_rewritten(tmp_path: Path, fake: None) -> None:
    p = tmp_path / "clean.txt"
    p.write_text("all clean 中文\n", encoding="utf-8")
    os.utime(p, ns=(1_000_000_000, 1_000_000_000))
    ino = p.stat().st_ino
    r = repair_file(p)
    assert r.ok and not r.changed and not r.written
    assert p.stat().st_mtime_ns == 1_000_000_000 and p.stat().st_ino == ino


def test_mode_kept_and_backup(tmp_path: Path, fake: None) -> None:
    p = tmp_path / "m.txt"
    p.write_text(BAD, encoding="utf-8")
    p.chmod(0o640)
    r = repair_file(p, backup_suffix=".bak")
    assert r.written
    assert stat.S_IMODE(p.stat().st_mode) == 0o640
    assert p.read_text(encoding="utf-8") == GOOD
    assert (tmp_path / "m.txt.bak").read_text(encoding="utf-8") == BAD
    assert no_temp_left(tmp_path)


def test_dry_run_and_diff(tmp_path: Path, fake: None) -> None:
    p = tmp_path / "d.txt"
    p.write_text(BAD, encoding="utf-8")
    r = repair_file(p, dry_run=True, diff=True)
    assert r.changed and not r.written
    assert p.read_text(encoding="utf-8") == BAD
    assert r.diff is not None and "-it鈥檚 fine" in r.diff and "+it’s fine" in r.diff


def test_output_path_leaves_original(tmp_path: Path, fake: None) -> None:
    p = tmp_path / "o.txt"
    p.write_text(BAD, encoding="utf-8")
    out = tmp_path / "out" / "deep" / "o.txt"
    r = repair_file(p, output=out)
    assert r.written and r.output == str(out)
    assert p.read_text(encoding="utf-8") == BAD and out.read_text(encoding="utf-8") == GOOD


def test_binary_skipped_untouched(tmp_path: Path, fake: None) -> None:
    p = tmp_path / "img.bin"
    data = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + "it鈥檚".encode()
    p.write_bytes(data)
    r = repair_file(p)
    assert r.skipped and r.skipped.startswith("binary") and r.ok and not r.changed
    assert p.read_bytes() == data


def test_unencodable_repair_not_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys.modules["mojibake.apply"], "detect", lambda t, **_: [Finding(0, 2, t[:2], "😀", "utf-8 as gbk")] if t.startswith("中文") else [])
    p = tmp_path / "u.txt"
    data = "中文和更多的中文文字在这里。\n".encode("gbk")
    p.write_bytes(data)
    r = repair_file(p)
    assert r.error and "cannot be encoded" in r.error and not r.written
    assert p.read_bytes() == data and no_temp_left(tmp_path)


def test_encoding_override(tmp_path: Path, fake: None) -> None:
    p = tmp_path / "le.txt"
    p.write_bytes(BAD.encode("utf-16-le"))  # no BOM: looks binary unless told
    assert repair_file(p, dry_run=True).skipped
    r = repair_file(p, encoding="utf-16-le")
    assert r.changed and p.read_bytes() == GOOD.encode("utf-16-le")


def test_undecodable_with_wrong_override_is_error(tmp_path: Path, fake: None) -> None:
    p = tmp_path / "x.txt"
    p.write_bytes("中文".encode("gbk") + b"\xff\n")
    r = repair_file(p, encoding="utf-8")
    assert r.error and "undecodable" in r.error
    assert p.read_bytes() == "中文".encode("gbk") + b"\xff\n"


def test_ignore_marker(tmp_path: Path, fake: None) -> None:
    p = tmp_path / "i.txt"
    p.write_text("keep it鈥檚  # mojibake: ignore\nit鈥檚\n", encoding="utf-8")
    r = repair_file(p)
    assert p.read_text(encoding="utf-8") == "keep it鈥檚  # mojibake: ignore\nit’s\n"
    assert [(loc.line, loc.col) for loc in r.findings] == [(2, 3)]


def test_codec_path_and_confidence_filters(tmp_path: Path, fake: None) -> None:
    p = tmp_path / "f.txt"
    p.write_text(BAD, encoding="utf-8")
    r = repair_file(p, options=Options(codec_paths=("utf-8 as big5",)))
    assert not r.changed and r.finding_count == 0
    r = repair_file(p, options=Options(min_confidence=0.95))
    assert not r.changed and r.finding_count == 0
    assert p.read_text(encoding="utf-8") == BAD


# --- errors and atomicity -----------------------------------------------------------------------


def test_failure_during_write_leaves_original_and_no_temp(tmp_path: Path, fake: None, monkeypatch: pytest.MonkeyPatch) -> None:
    p = tmp_path / "a.txt"
    p.write_text(BAD, encoding="utf-8")

    def boom(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(mf.os, "fsync", boom)
    r = repair_file(p)
    assert r.error and "No space left" in r.error and not r.written
    assert p.read_text(encoding="utf-8") == BAD
    assert no_temp_left(tmp_path)


def test_failure_at_replace_leaves_original(tmp_path: Path, fake: None, monkeypatch: pytest.MonkeyPatch) -> None:
    p = tmp_path / "a.txt"
    p.write_text(BAD, encoding="utf-8")

    def boom(src: str, dst: str) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(mf.os, "replace", boom)
    r = repair_file(p)
    assert r.error and not r.written
    assert p.read_text(encoding="utf-8") == BAD and no_temp_left(tmp_path)


def test_read_only_file_not_modified(tmp_path: Path, fake: None) -> None:
    p = tmp_path / "ro.txt"
    p.write_text(BAD, encoding="utf-8")
    p.chmod(0o444)
    r = repair_file(p)
    assert r.error and "read-only" in r.error and r.changed and not r.written
    assert p.read_text(encoding="utf-8") == BAD and stat.S_IMODE(p.stat().st_mode) == 0o444
    assert repair_file(p, dry_run=True).ok  # reporting a read-only file is fine


def test_missing_file_is_error(tmp_path: Path) -> None:
    r = repair_file(tmp_path / "nope.txt")
    assert r.error and "no such file" in r.error


def test_file_changed_during_run_not_overwritten(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    p = tmp_path / "race.txt"
    p.write_text(BAD, encoding="utf-8")

    def detect_and_edit(text: str, **_: object) -> list[Finding]:
        with open(p, "a", encoding="utf-8") as f:  # someone appends while we work
            f.write("late line\n")
        return fake_detect(text)

    monkeypatch.setattr(sys.modules["mojibake.apply"], "detect", detect_and_edit)
    r = repair_file(p)
    assert r.error and "changed during" in r.error
    assert p.read_text(encoding="utf-8").startswith(BAD) and no_temp_left(tmp_path)


# --- streaming large input ----------------------------------------------------------------------


def test_safe_cut_points() -> None:
    assert safe_cut(b"abc\ndef", "utf-8") == 4
    assert safe_cut(b"\xe4\xb8\xad" * 10, "utf-8") is None
    gbk = "中文".encode("gbk") * 20 + b"x" * 40 + "中文".encode("gbk") * 20
    cut = safe_cut(gbk, "gbk")
    assert cut is not None and gbk[:cut].decode("gbk") + gbk[cut:].decode("gbk") == gbk.decode("gbk")
    le = "a\u0a41\u4100\nb".encode("utf-16-le")  # contains b"\n\x00" at an odd offset
    cut = safe_cut(le, "utf-16-le")
    assert cut is not None and cut % 2 == 0 and le[:cut].decode("utf-16-le").endswith("\n")
    assert safe_cut(b"abc\ndef", "iso2022_jp") is None


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.sampled_from(["plain ascii words ", "中文", "it鈥檚 ", "鈥淲e ", "\n", "\r\n", "x" * 40, "ü"]), max_size=80),
    st.integers(min_value=16, max_value=200),
    st.sampled_from(["utf-8", "gbk", "utf-16-le"]),
)
def test_streamed_equals_whole(parts: list[str], size: int, codec: str) -> None:
    """Repairing in small segments gives exactly the bytes of repairing in one piece."""
    text = "".join(parts)
    data = text.encode(codec)
    orig = mf.detect
    mf.detect = fake_detect  # hypothesis does not mix with function-scoped fixtures
    try:
        whole, small = io.BytesIO(), io.BytesIO()
        r1 = mf.repair_stream(io.BytesIO(data), whole, encoding=codec)
        r2 = mf.repair_stream(io.BytesIO(data), small, encoding=codec, segment_bytes=size)
    finally:
        mf.detect = orig
    assert r1.ok and r2.ok
    assert small.getvalue() == whole.getvalue()
    assert [(f.line, f.col) for f in r1.findings] == [(f.line, f.col) for f in r2.findings]


def test_large_file_streams_in_bounded_segments(tmp_path: Path, fake: None, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[int] = []

    def spy(text: str, **_: object) -> list[Finding]:
        seen.append(len(text))
        return fake_detect(text)

    monkeypatch.setattr(sys.modules["mojibake.apply"], "detect", spy)
    monkeypatch.setattr(mf, "SNIFF_BYTES", 4096)
    line = "中文的句子 it鈥檚 fine\r\n"
    p = tmp_path / "big.txt"
    p.write_bytes((line * 5000).encode())
    r = repair_file(p, segment_bytes=8192)
    assert r.ok and r.changed and r.finding_count == 5000
    assert max(seen) < 3 * 8192 and len(seen) > 10
    assert p.read_bytes() == (line.replace("鈥檚", "’s") * 5000).encode()
    assert r.findings[-1].line == 5000


def test_late_undecodable_bytes_abort_without_writing(tmp_path: Path, fake: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(mf, "SNIFF_BYTES", 1024)
    data = ("it鈥檚 fine\n" * 500).encode() + b"\xff\xfe bad\n"
    p = tmp_path / "late.txt"
    p.write_bytes(data)
    r = repair_file(p, segment_bytes=512)
    assert r.error and "undecodable" in r.error
    assert p.read_bytes() == data and no_temp_left(tmp_path)


# --- walking ------------------------------------------------------------------------------------


def test_matches_globs() -> None:
    assert matches("fixtures/a/b.txt", ["fixtures/"])
    assert matches("x/fixtures/b.txt", ["fixtures/"])
    assert not matches("fixtures", ["fixtures/"])  # a file named fixtures is not a directory
    assert matches("mojibake/data/m.bin", ["mojibake/data/"])
    assert not matches("other/mojibake/data/m.bin", ["mojibake/data/"])
    assert matches("a/b/c.min.js", ["*.min.js"])
    assert not matches("a/b/c.js", ["*.min.js"])


def test_iter_files(tmp_path: Path) -> None:
    (tmp_path / "src" / "deep").mkdir(parents=True)
    (tmp_path / ".git").mkdir()
    (tmp_path / "fixtures").mkdir()
    outside = tmp_path.parent / (tmp_path.name + "-outside")
    outside.mkdir(exist_ok=True)
    (outside / "secret.txt").write_text("x")
    for rel in ["a.txt", "src/b.md", "src/deep/c.txt", ".git/HEAD", "fixtures/f.txt", "src/x.mojibake-tmp"]:
        (tmp_path / rel).write_text("x")
    (tmp_path / "src" / "link_out").symlink_to(outside, target_is_directory=True)
    (tmp_path / "src" / "file_out.txt").symlink_to(outside / "secret.txt")
    found = sorted(p.relative_to(tmp_path).as_posix() for p in iter_files([tmp_path], exclude=["fixtures/"]))
    assert found == ["a.txt", "src/b.md", "src/deep/c.txt"]
    found = [p.name for p in iter_files([tmp_path], include=["*.md"])]
    assert found == ["b.md"]
    # Named twice (as a dir and as a file): once.
    assert len(list(iter_files([tmp_path / "src", tmp_path / "src" / "b.md"]))) == 2
    # A named missing path is yielded so the caller can report it.
    assert list(iter_files([tmp_path / "missing.txt"])) == [tmp_path / "missing.txt"]


def _git(cwd: Path, *args: str) -> None:
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, env=env)


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_iter_files_skips_what_git_ignores(tmp_path: Path) -> None:
    _git(tmp_path, "init", "-q", ".")
    (tmp_path / ".gitignore").write_text("build/\n*.log\n")
    (tmp_path / "build" / "deep").mkdir(parents=True)
    for rel in ["a.txt", "b.log", "kept.log", "build/x.txt", "build/deep/y.txt"]:
        (tmp_path / rel).write_text("x")
    _git(tmp_path, "add", "-f", "kept.log")  # tracked though it matches: git does not ignore it
    found = sorted(p.relative_to(tmp_path).as_posix() for p in iter_files([tmp_path]))
    assert found == [".gitignore", "a.txt", "kept.log"]
    # An ignored directory named on its own is walked (the user asked for it), and all of
    # the tree when asked.
    assert len(list(iter_files([tmp_path / "build"]))) == 2
    everything = sorted(p.relative_to(tmp_path).as_posix() for p in iter_files([tmp_path], gitignore=False))
    assert everything == [".gitignore", "a.txt", "b.log", "build/deep/y.txt", "build/x.txt", "kept.log"]
    # A file named on the command line is always handed over (pre-commit names its files).
    assert list(iter_files([tmp_path / "b.log"])) == [tmp_path / "b.log"]


def test_git_ignored_is_empty_outside_a_work_tree(tmp_path: Path) -> None:
    (tmp_path / "a.log").write_text("x")
    assert mf.git_ignored(tmp_path) == frozenset()


# --- a killed run leaves every file old or new ---------------------------------------------------


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_killed_run_leaves_each_file_old_or_new(tmp_path: Path, sig: int) -> None:
    old = ("中文的句子 it鈥檚 fine，鈥淲e are here.\n" * 400).encode()
    new = mojibake.repair(old.decode()).encode()
    assert new != old, "needs the real detector"
    tree = tmp_path / "tree"
    for i in range(400):
        d = tree / f"d{i % 10}"
        d.mkdir(parents=True, exist_ok=True)
        (d / f"f{i}.txt").write_bytes(old)
    exe = shutil.which("mojibake")
    cmd = [exe] if exe else [sys.executable, "-m", "mojibake.cli"]
    proc = subprocess.Popen(
        [*cmd, "fix", "--jobs", "2", "--quiet", str(tree)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:  # wait until some, not all, files are done
        done = sum((p.read_bytes() == new) for p in tree.rglob("*.txt"))
        if done >= 5 or proc.poll() is not None:
            break
        time.sleep(0.02)
    assert proc.poll() is None, "the run ended before it could be killed"
    if sig == signal.SIGKILL:
        os.killpg(proc.pid, sig)  # the CLI and its pool workers, all at once
    else:
        proc.send_signal(sig)  # the CLI stops its workers itself
    assert proc.wait(timeout=60) != 0
    files = list(tree.rglob("*.txt"))
    assert len(files) == 400
    states = [p.read_bytes() for p in files]
    assert all(s in (old, new) for s in states)
    assert any(s == new for s in states)
    if sig == signal.SIGTERM:
        time.sleep(0.5)  # workers finish unwinding
        assert no_temp_left(tree)


def test_named_symlink_repairs_target_and_keeps_link(tmp_path: Path, fake: None) -> None:
    target = tmp_path / "real.txt"
    target.write_text(BAD, encoding="utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    r = repair_file(link)
    assert r.written and link.is_symlink()
    assert target.read_text(encoding="utf-8") == GOOD


# --- choosing an encoding: chardet's guesses that read ASCII as other text are ignored ----------


def fake_chardet(monkeypatch: pytest.MonkeyPatch, *labels: str | None, output: str | None = None) -> None:
    """chardet names ``labels`` (best first) for any bytes, or ``output`` for bytes holding no ``\\xe2``."""
    import chardet

    def guesses(data: bytes) -> list[dict[str, object]]:
        names = labels if output is None or b"\xe2" in data else (output,)
        return [{"encoding": name, "confidence": 0.5} for name in names]

    monkeypatch.setattr(chardet, "detect", lambda data, **kw: guesses(data)[0])
    monkeypatch.setattr(chardet, "detect_all", lambda data, **kw: guesses(data))


@pytest.mark.parametrize("refused", ["cp500", "cp037", "cp1140", "utf-16-le", "UTF-32", "utf-7", "hz"])
def test_sniff_ignores_guesses_that_are_not_ascii_compatible(monkeypatch: pytest.MonkeyPatch, refused: str) -> None:
    """EBCDIC, UTF-16/32 without a BOM and stateful codecs read ASCII as other text: chardet's next guess is used."""
    assert not mf.ascii_compatible(mf._canonical(refused))
    data = "café crème".encode("cp1252")
    fake_chardet(monkeypatch, refused, "windows-1252")
    assert mf.sniff(data).codec == "cp1252"
    fake_chardet(monkeypatch, refused)
    assert mf.sniff(data).skip == "binary (no ASCII-compatible text encoding found)"
    assert mf.sniff(data, declared="latin-1").codec == "iso8859-1"


def test_sniff_reads_shift_jis_2004_guesses_as_shift_jis(monkeypatch: pytest.MonkeyPatch) -> None:
    """Shift_JIS-2004 reads 0x5C as '¥': its label is served by the Shift_JIS codecs, which keep '\\'."""
    data = "C:\\日本語".encode("shift_jis")
    fake_chardet(monkeypatch, "shift_jis_2004", "gb18030")
    assert mf.sniff(data).codec == "shift_jis"
    assert mf.sniff(b"\\ \x88\x9f").codec == "shift_jis"
    assert mf.sniff("\\ 伃".encode("gbk")).codec == "gbk"  # not Shift_JIS: chardet's next guess, not an error


def test_a_close_single_byte_guess_gives_way_to_a_double_byte_codec_that_reads_far_better() -> None:
    # A short GBK file holding mojibake: chardet's GB2312 tables call its chars rare and it
    # guesses ISO-8859-13 (confidence 0.01); the repair then could not be written back at all.
    original = "It’s a “test”\n中文测试：这是一段文本\n"
    data = original.encode("utf-8").decode("gbk", "replace").encode("gb18030")
    sniffed = mf.sniff(data)
    assert sniffed.codec in ("gbk", "gb18030") and "model" in sniffed.how
    assert repair_bytes(data) == original


@pytest.mark.parametrize("wrong", ["cp862", "windows-1250", "cp437"])
def test_a_close_single_byte_guess_gives_way_to_a_single_byte_codec_that_reads_better(
    monkeypatch: pytest.MonkeyPatch, wrong: str
) -> None:
    # chardet guessed cp862 (Hebrew DOS) at 0.04 for this cp1252 text, and Mⁿllerעs was written back
    original = "Müller’s “Straße” – 5 €\n" * 3
    data = original.encode("cp1252")
    import chardet

    monkeypatch.setattr(chardet, "detect", lambda d, **kw: {"encoding": wrong, "confidence": 0.04})
    monkeypatch.setattr(chardet, "detect_all", lambda d, **kw: [{"encoding": wrong, "confidence": 0.04}])
    sniffed = mf.sniff(data)
    if data.decode(wrong) != original:  # (windows-1250 reads these bytes the same: it may stay)
        assert sniffed.codec == "cp1252" and "model" in sniffed.how
    assert repair_bytes(data) == original
    # a sure guess stands: the model is asked only at a close call
    monkeypatch.setattr(chardet, "detect", lambda d, **kw: {"encoding": wrong, "confidence": 0.9})
    assert mf.sniff(data).codec == mf._canonical(wrong)


def test_real_single_byte_texts_read_in_their_own_codec() -> None:
    for text, codec in [
        ("It’s a “test” — café naïve résumé.\n", "cp1252"),
        ("Příliš žluťoučký kůň úpěl ďábelské ódy.\n", "cp1250"),
        ("Привет, как дела? Всё хорошо.\n", "cp1251"),
        ("Şu çalışkan öğrenci ığdır\n", "cp1254"),
    ]:
        assert repair_bytes(text.encode(codec)) == text


def test_a_short_gbk_file_of_mojibake_is_repaired_in_its_own_encoding(tmp_path: Path) -> None:
    original = "It’s a “test”\n中文测试：这是一段文本\n"
    path = tmp_path / "page.txt"
    path.write_bytes(original.encode("utf-8").decode("gbk", "replace").encode("gb18030"))
    first = repair_file(path)
    assert first.error is None and first.changed and first.encoding in ("gbk", "gb18030")
    assert path.read_bytes().decode(first.encoding) == original
    again = repair_file(path)
    assert again.error is None and not again.changed


@pytest.mark.parametrize(
    ("text", "codec"),
    [("Größe: 5 MB, Übertragung läuft. Straße\n", "cp1252"), ("Déjà vu, résumé, naïve façade.\n", "latin-1"),
     ("Zażółć gęślą jaźń. Łódź\n", "cp1250"), ("Привет, как дела?\n", "cp1251")],
)
def test_real_single_byte_text_keeps_a_single_byte_codec(text: str, codec: str) -> None:
    sniffed = mf.sniff(text.encode(codec))
    assert sniffed.codec is not None and mf._single_byte(sniffed.codec)


def test_acceptable_guess_that_does_not_decode_is_still_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    """Only a refused guess hands over to chardet's next one; a GBK guess that fails stays undecodable."""
    fake_chardet(monkeypatch, "gbk", "windows-1252")
    with pytest.raises(FileError, match="undecodable: not UTF-8, nor gbk, gb18030"):
        mf.sniff("中文".encode("gbk") + b"\xff")


# --- what fix writes reads back the same, so a second fix changes nothing (issue "Hardening") ---

# Found by fuzzing (scripts/fuzz.py's cli target, and random 10-40 byte strings with high bytes):
# chardet guessed one encoding for these bytes and another for the repaired bytes fix wrote.
FIX_TWICE_CASES = [
    # shift_jis_2004, then cp500 (EBCDIC) for the repaired bytes: the second run exited 2
    pytest.param(b"\xf4CI/\x85^\xd4\\JH\x83f\xe7\xbeEc\x9e\x92^U3\xae\xec|\xdav", id="sjis2004-then-cp500"),
    # UTF-8 with one stray byte guessed cp1140 (EBCDIC): " - " was rewritten as b"\x9f-\x9f", then cp720 exited 2
    pytest.param(b"\x80" + "缂佹稑濠勭EOS闁哄懎鍊诲▍锕傛偨閻旀儼鍘闁 - 闁稿绮峱ipeline".encode(), id="cp1140-then-cp720"),  # mojibake: ignore
    # iso8859-16, then iso8859-3 (both ASCII-compatible): the second run exited 2
    pytest.param(b'\xea\xa6&4iV\xc2\xa9tz\xa7Zw5\xc7/q\x9cF\\ X\xc6"\x81\xf3\xfc\xd7\x9ds\xc4@', id="latin10-then-latin3"),
    # gbk, then cp720 for the repaired bytes: the second run read other text than the first wrote
    pytest.param(b"\xe9\xb4R1\xcf\xef<S\xd1\x8bJ", id="gbk-then-cp720"),
]

garbage = st.lists(st.one_of(st.integers(0x80, 0xFF), st.integers(0x20, 0x7E)), min_size=10, max_size=40).map(bytes)
"""Short byte strings with high bytes: chardet's guesses for these are close calls."""


def fix_twice(p: Path, data: bytes) -> None:
    """Fix ``p`` (holding ``data``) twice with ``repair_file``: the second run changes nothing.

    A first run that fails leaves the file byte-identical; one that succeeds wrote bytes the
    second run reads back as the same text, and finds nothing left to do.
    """
    p.write_bytes(data)
    first = repair_file(p)
    after = p.read_bytes()
    if not first.ok:
        assert after == data and not first.written, first
        return
    assert first.changed == (after != data), first
    second = repair_file(p)
    assert second.ok and not second.changed and not second.written, (first, second)
    assert p.read_bytes() == after and no_temp_left(p.parent)
    if first.changed:  # what it wrote reads back as the text it wrote
        assert second.encoding and first.encoding
        assert after.decode(second.encoding) == after.decode(first.encoding), (first.encoding, second.encoding)


def cli_fix_twice(p: Path, data: bytes) -> None:
    """The same through the CLI: exit 2 leaves the file as it was; else a second run exits 0, unchanged."""
    from click.testing import CliRunner

    from mojibake.cli import main

    def fix() -> tuple[int, dict[str, object]]:
        r = CliRunner().invoke(main, ["fix", "--no-config", "--jobs", "1", "--quiet", "--json", str(p)])
        assert r.exception is None or isinstance(r.exception, SystemExit), r.exception
        return r.exit_code, json.loads(r.stdout)["files"][0]

    p.write_bytes(data)
    code, first = fix()
    after = p.read_bytes()
    assert code in (0, 1, 2), code
    if code == 2:
        assert after == data and first["error"], first
        return
    assert (code == 1) == (after != data), (code, first)
    code, second = fix()
    assert code == 0 and p.read_bytes() == after, (first, second)
    if first["changed"]:
        assert after.decode(str(second["encoding"])) == after.decode(str(first["encoding"]))


@pytest.mark.parametrize("data", FIX_TWICE_CASES)
def test_fix_twice_changes_nothing_the_second_time(tmp_path: Path, data: bytes) -> None:
    fix_twice(tmp_path / "f.txt", data)


@pytest.mark.parametrize("data", FIX_TWICE_CASES)
def test_cli_fix_twice_exits_0_the_second_time(tmp_path: Path, data: bytes) -> None:
    cli_fix_twice(tmp_path / "f.txt", data)


@settings(max_examples=150, deadline=None)
@given(data=garbage)
def test_fix_twice_on_garbage(tmp_path_factory: pytest.TempPathFactory, data: bytes) -> None:
    fix_twice(tmp_path_factory.mktemp("g") / "f.txt", data)


@settings(max_examples=40, deadline=None)
@given(data=garbage)
def test_cli_fix_twice_on_garbage(tmp_path_factory: pytest.TempPathFactory, data: bytes) -> None:
    cli_fix_twice(tmp_path_factory.mktemp("g") / "f.txt", data)


def test_repair_whose_bytes_chardet_would_read_otherwise_is_not_written(
    tmp_path: Path, fake: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The bytes fix writes must be read back as the text it wrote: a flipped guess is an error, nothing written."""
    p = tmp_path / "g.txt"
    data = "中文的句子。it鈥檚 here\n".encode("gbk")  # mojibake: ignore
    fake_chardet(monkeypatch, "gb18030", output="big5")  # the repaired bytes (no \xe2 left) look like Big5
    p.write_bytes(data)
    r = repair_file(p)
    assert r.error and "would be detected as big5, not gbk" in r.error and not r.written
    assert p.read_bytes() == data and no_temp_left(tmp_path)
    assert repair_file(p, dry_run=True).error == r.error  # a dry run predicts it
    r = repair_file(p, encoding="gbk")  # naming the encoding settles it
    assert r.ok and r.written and p.read_bytes() == "中文的句子。it’s here\n".encode("gbk")


def test_repair_that_reads_back_as_a_narrower_codec_is_written(tmp_path: Path) -> None:
    """GB18030 bytes whose repair leaves only GBK: the next run reads them as GBK, the same text."""
    p = tmp_path / "g.txt"
    p.write_bytes("这是正常的中文文本，没有任何问题。\n涓\ue15f枃娴嬭瘯\n".encode("gb18030"))  # mojibake: ignore
    first = repair_file(p)
    assert first.ok and first.written and first.encoding == "gb18030", first
    assert p.read_bytes() == "这是正常的中文文本，没有任何问题。\n中文测试\n".encode("gbk")
    second = repair_file(p)
    assert second.ok and not second.changed and second.encoding == "gbk"


def test_repair_that_does_not_read_back_the_same_is_not_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Shift_JIS writes '¥' as the byte of '\\': a repair to '¥' is an error, never a silent '\\'."""
    monkeypatch.setattr(sys.modules["mojibake.apply"], "detect",
                        lambda t, **_: [Finding(t.index("YEN"), t.index("YEN") + 3, "YEN", "¥", "utf-8 as gbk", confidence=0.9)]
                        if "YEN" in t else [])
    p = tmp_path / "s.txt"
    data = "日本語の文章です。YEN 100\n".encode("shift_jis")
    p.write_bytes(data)
    r = repair_file(p, encoding="shift_jis")
    assert r.error == "repaired text does not read back the same in shift_jis; not written"
    assert p.read_bytes() == data and no_temp_left(tmp_path)

