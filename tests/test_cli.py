"""Tests for mojibake.cli: click's CliRunner in-process, and the installed console script for real."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import mojibake.files as mf
from mojibake.cli import main

BAD = "it鈥檚 fine\n鈥淲e are here\n"
GOOD = "it’s fine\n“We are here\n"


def script() -> list[str]:
    """The installed console script (falls back to the module when not installed)."""
    exe = shutil.which("mojibake")
    return [exe] if exe else [sys.executable, "-m", "mojibake.cli"]


def run(*args: str, cwd: Path, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    """Run the real CLI in ``cwd``."""
    return subprocess.run([*script(), *args], cwd=cwd, input=stdin, capture_output=True, timeout=120, check=False)


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A small project: mojibake, clean text, a GBK-encoded file, binary, an excluded dir."""
    root = tmp_path / "proj"
    (root / "docs" / "deep").mkdir(parents=True)
    (root / "fixtures").mkdir()
    (root / "pyproject.toml").write_text('[tool.mojibake]\nexclude = ["fixtures/"]\n')
    (root / "docs" / "a.txt").write_text(BAD, encoding="utf-8")
    (root / "docs" / "deep" / "crlf.txt").write_bytes(BAD.replace("\n", "\r\n").encode())
    (root / "docs" / "clean.txt").write_text("all clean, 中文也没有问题。\n", encoding="utf-8")
    (root / "docs" / "gbk.txt").write_bytes("中文的句子，没有问题。\n还有一句话在这里。\n".encode("gbk"))
    (root / "docs" / "img.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (root / "fixtures" / "sample.txt").write_text(BAD, encoding="utf-8")
    return root


def invoke(args: list[str], cwd: Path, stdin: bytes | None = None):  # type: ignore[no-untyped-def]
    """CliRunner in ``cwd``."""
    old = os.getcwd()
    os.chdir(cwd)
    try:
        return CliRunner().invoke(main, args, input=stdin, catch_exceptions=False)
    finally:
        os.chdir(old)


# --- in-process (CliRunner) ---------------------------------------------------------------------


def test_check_reports_each_finding_and_exits_1(tree: Path) -> None:
    r = invoke(["check", "--jobs", "1", "."], tree)
    assert r.exit_code == 1, r.output
    lines = [ln for ln in r.stdout.splitlines() if ln.strip()]
    assert "docs/a.txt:1:3: 鈥檚 -> ’s (utf-8 as gbk, " in r.stdout
    assert any(ln.startswith("docs/a.txt:2:1: 鈥淲 -> “W") for ln in lines)
    assert any(ln.startswith("docs/deep/crlf.txt:2:1:") for ln in lines)
    assert not any("fixtures" in ln for ln in lines)  # excluded by [tool.mojibake]
    assert not any("gbk.txt" in ln or "clean.txt" in ln for ln in lines)
    assert "1 skipped (1 binary)" in r.stderr
    assert (tree / "docs" / "a.txt").read_text(encoding="utf-8") == BAD  # check never writes


def test_check_clean_exits_0(tree: Path) -> None:
    r = invoke(["check", "docs/clean.txt", "docs/gbk.txt"], tree)
    assert r.exit_code == 0 and r.stdout == ""


def test_no_config_includes_excluded(tree: Path) -> None:
    r = invoke(["check", "--no-config", "fixtures"], tree)
    assert r.exit_code == 1 and "sample.txt:1:3" in r.stdout


def test_fix_in_place_exit_1_then_0(tree: Path) -> None:
    r = invoke(["fix", "--jobs", "1", "."], tree)
    assert r.exit_code == 1, r.output
    assert (tree / "docs" / "a.txt").read_text(encoding="utf-8") == GOOD
    assert (tree / "docs" / "deep" / "crlf.txt").read_bytes() == GOOD.replace("\n", "\r\n").encode()
    assert (tree / "fixtures" / "sample.txt").read_text(encoding="utf-8") == BAD
    assert "fixed docs/a.txt" in r.stderr
    again = invoke(["fix", "."], tree)
    assert again.exit_code == 0


def test_fix_dry_run_and_diff_write_nothing(tree: Path) -> None:
    r = invoke(["fix", "--dry-run", "docs"], tree)
    assert r.exit_code == 1 and "would fix docs/a.txt" in r.stderr
    r = invoke(["fix", "--diff", "docs/a.txt"], tree)
    assert r.exit_code == 1
    assert "--- a/docs/a.txt\n+++ b/docs/a.txt\n" in r.stdout
    assert "-it鈥檚 fine\n" in r.stdout and "+it’s fine\n" in r.stdout
    assert (tree / "docs" / "a.txt").read_text(encoding="utf-8") == BAD


def test_fix_output_dir_mirrors_tree(tree: Path) -> None:
    r = invoke(["fix", "--output-dir", "out", "docs"], tree)
    assert r.exit_code == 1, r.output
    out = tree / "out" / "docs"
    assert (out / "a.txt").read_text(encoding="utf-8") == GOOD
    assert (out / "deep" / "crlf.txt").read_bytes() == GOOD.replace("\n", "\r\n").encode()
    assert (out / "clean.txt").read_bytes() == (tree / "docs" / "clean.txt").read_bytes()
    assert (out / "gbk.txt").read_bytes() == (tree / "docs" / "gbk.txt").read_bytes()
    assert (out / "img.png").read_bytes() == (tree / "docs" / "img.png").read_bytes()
    assert (tree / "docs" / "a.txt").read_text(encoding="utf-8") == BAD  # original untouched


def test_fix_backup(tree: Path) -> None:
    r = invoke(["fix", "--backup", ".orig", "docs/a.txt"], tree)
    assert r.exit_code == 1
    assert (tree / "docs" / "a.txt.orig").read_text(encoding="utf-8") == BAD
    assert (tree / "docs" / "a.txt").read_text(encoding="utf-8") == GOOD


def test_json_report(tree: Path) -> None:
    r = invoke(["check", "--json", "--quiet", "docs"], tree)
    assert r.exit_code == 1
    report = json.loads(r.stdout)
    by = {Path(f["path"]).name: f for f in report["files"]}
    assert by["a.txt"]["finding_count"] == 2 and by["a.txt"]["encoding"] == "utf-8"
    assert by["a.txt"]["findings"][0] | {"confidence": 0} == {
        "line": 1, "col": 3, "text": "鈥檚", "repair": "’s", "path": "utf-8 as gbk",
        "confidence": 0, "lost": 0, "note": "",
    }
    assert by["img.png"]["skipped"].startswith("binary")
    assert by["gbk.txt"]["encoding"] == "gbk"
    assert report["summary"]["binary"] == 1 and report["summary"]["findings"] == 4
    assert report["summary"]["findings_per_path"] == {"utf-8 as gbk": 4}
    assert r.stderr == ""


def test_missing_and_unreadable_files_exit_2_and_run_continues(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_open = open

    def guarded_open(file, mode="r", *a, **kw):  # type: ignore[no-untyped-def]
        if str(file).endswith("clean.txt") and "r" in mode:
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, mode, *a, **kw)

    monkeypatch.setattr(mf, "open", guarded_open, raising=False)
    r = invoke(["fix", "--jobs", "1", "docs", "nope.txt"], tree)
    assert r.exit_code == 2
    assert "nope.txt: no such file" in r.stderr
    assert "clean.txt: permission denied" in r.stderr
    assert (tree / "docs" / "a.txt").read_text(encoding="utf-8") == GOOD  # the rest still got fixed
    assert "2 error(s)" in r.stderr


def test_undecodable_with_override_exit_2(tree: Path) -> None:
    r = invoke(["check", "--encoding", "utf-8", "docs/gbk.txt"], tree)
    assert r.exit_code == 2 and "undecodable" in r.stderr


def test_usage_errors_exit_2(tree: Path) -> None:
    assert invoke(["check"], tree).exit_code == 2
    assert invoke(["fix", "--jobs", "-1", "."], tree).exit_code == 2
    assert invoke(["check", "--min-confidence", "7", "."], tree).exit_code == 2
    (tree / "pyproject.toml").write_text("[tool.mojibake]\nexclud = []\n")
    r = invoke(["check", "."], tree)
    assert r.exit_code == 2 and "unknown key" in r.output


def test_explain(tree: Path) -> None:
    r = invoke(["explain", "it鈥檚"], tree)
    assert r.exit_code == 0 and "’s" in r.stdout and "utf-8 as gbk" in r.stdout
    r = invoke(["explain", "-"], tree, stdin="鈥淲e are".encode())
    assert r.exit_code == 0 and "“W" in r.stdout


def test_min_confidence_option(tree: Path) -> None:
    r = invoke(["check", "--min-confidence", "1.0", "docs/a.txt"], tree)
    strict = [ln for ln in r.stdout.splitlines() if ln]
    r2 = invoke(["check", "docs/a.txt"], tree)
    assert len(strict) <= len([ln for ln in r2.stdout.splitlines() if ln])
    assert r2.exit_code == 1


# --- the installed console script, for real ----------------------------------------------------


def test_script_stdin_to_stdout(tmp_path: Path) -> None:
    p = run("fix", "-", cwd=tmp_path, stdin=BAD.replace("\n", "\r\n").encode())
    assert p.returncode == 1, p.stderr
    assert p.stdout == GOOD.replace("\n", "\r\n").encode()
    clean = run("fix", "-", cwd=tmp_path, stdin="nothing to see 中文\n".encode("gbk"))
    assert clean.returncode == 0 and clean.stdout == "nothing to see 中文\n".encode("gbk")
    chk = run("check", "-", cwd=tmp_path, stdin=BAD.encode())
    assert chk.returncode == 1 and chk.stdout.decode().startswith("-:1:3: 鈥檚 -> ’s")


def test_script_stdin_binary_passes_through(tmp_path: Path) -> None:
    data = b"\x00\x01\x02 binary \xff"
    p = run("fix", "-", cwd=tmp_path, stdin=data)
    assert p.returncode == 0 and p.stdout == data


def test_script_exit_codes_and_pool(tree: Path) -> None:
    many = tree / "many"
    many.mkdir()
    for i in range(40):  # enough files for the process pool
        (many / f"f{i}.txt").write_text(BAD if i % 4 == 0 else "clean line\n", encoding="utf-8")
    p = run("check", "--jobs", "2", ".", cwd=tree)
    assert p.returncode == 1
    out = p.stdout.decode()
    assert out.count("many/f0.txt:") == 2 and "many/f36.txt:2:1" in out
    assert out.count("\n") == 2 * 10 + 2 * 2  # 10 bad files in many/, a.txt and crlf.txt in docs/
    summary = p.stderr.decode()
    assert "46 file(s) scanned" in summary and "12 with mojibake" in summary and "MB/s" in summary
    assert run("fix", "--jobs", "2", "--quiet", ".", cwd=tree).returncode == 1
    assert run("check", "--jobs", "2", ".", cwd=tree).returncode == 0
    assert (many / "f8.txt").read_text(encoding="utf-8") == GOOD
    assert run("check", "nope", cwd=tree).returncode == 2


def test_include_exclude_options(tree: Path) -> None:
    (tree / "docs" / "b.md").write_text(BAD, encoding="utf-8")
    r = invoke(["check", "--include", "*.md", "docs"], tree)
    assert r.exit_code == 1 and "docs/b.md:1:3" in r.stdout and "a.txt" not in r.stdout
    r = invoke(["check", "--exclude", "deep/", "--exclude", "*.md", "docs"], tree)
    assert "crlf.txt" not in r.stdout and "b.md" not in r.stdout and "docs/a.txt:1:3" in r.stdout


def test_ignore_marker_via_cli(tree: Path) -> None:
    (tree / "docs" / "a.txt").write_text("it鈥檚 kept  <!-- mojibake: ignore -->\nit鈥檚 fixed\n", encoding="utf-8")
    r = invoke(["fix", "docs/a.txt"], tree)
    assert r.exit_code == 1
    assert (tree / "docs" / "a.txt").read_text(encoding="utf-8") == "it鈥檚 kept  <!-- mojibake: ignore -->\nit’s fixed\n"


def test_best_effort_and_encoding_are_passed_through(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from mojibake.finding import Finding

    def unsure(text: str, **_: object) -> list[Finding]:
        i = text.find("鈥?")
        return [Finding(i, i + 2, "鈥?", "”", "utf-8 as gbk", lost=1, confidence=0.2)] if i >= 0 else []

    monkeypatch.setattr(sys.modules["mojibake.apply"], "detect", unsure)
    p = tree / "docs" / "q.txt"
    p.write_bytes("He said 鈥? then left.\n".encode("utf-16-le"))
    r = invoke(["fix", "--encoding", "utf-16-le", "docs/q.txt"], tree)
    assert r.exit_code == 0 and p.read_bytes() == "He said 鈥? then left.\n".encode("utf-16-le")
    r = invoke(["fix", "--best-effort", "--encoding", "utf-16-le", "docs/q.txt"], tree)
    assert r.exit_code == 1 and p.read_bytes() == "He said ” then left.\n".encode("utf-16-le")


def test_config_paths_and_min_confidence_apply(tree: Path) -> None:
    (tree / "pyproject.toml").write_text('[tool.mojibake]\npaths = ["utf-8 as big5"]\n')
    assert invoke(["check", "docs/a.txt"], tree).exit_code == 0
    (tree / "pyproject.toml").write_text("[tool.mojibake]\nmin-confidence = 1.0\n")
    strict = invoke(["check", "--json", "docs/a.txt"], tree)
    loose = invoke(["check", "--json", "--min-confidence", "0.0", "docs/a.txt"], tree)
    confs = [f["confidence"] for f in json.loads(strict.stdout)["files"][0]["findings"]]
    assert all(c >= 1.0 for c in confs)
    assert json.loads(loose.stdout)["summary"]["findings"] >= len(confs)


def test_this_repository_passes_its_own_hook() -> None:
    """The project's fixtures, tables and examples are excluded or marked: its own check is clean."""
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    r = subprocess.run([sys.executable, "-m", "mojibake.cli", "check", "."], cwd=root, capture_output=True, text=True)
    assert r.returncode == 0, r.stdout[-2000:]


def test_fix_restores_what_a_java_style_decoder_ate_in_a_crlf_source_file(tmp_path: Path) -> None:
    # UTF-8 Java source read by a GBK decoder that writes one "?" for a bad lead byte and the
    # byte after it: the CR of two line ends and a string's closing quote were eaten.
    good = 'public class A {\r\n    // 直接访问检查\r\n    String s = "资源未找到";\r\n    int x = 1; // 计数器\r\n}\r\n'
    bad = (
        "public class A {\r\n    // 鐩存帴璁块棶妫?鏌?\n    String s = \"璧勬簮鏈?鎵惧埌\";\r\n"  # mojibake: ignore
        "    int x = 1; // 璁℃暟鍣?\n}\r\n"  # mojibake: ignore
    )
    (tmp_path / "A.java").write_bytes(bad.encode())
    r = invoke(["fix", "--no-config", "A.java"], tmp_path)
    assert r.exit_code == 1, r.output
    assert (tmp_path / "A.java").read_bytes() == good.encode()


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_a_directory_in_a_git_work_tree_skips_what_git_ignores(tmp_path: Path) -> None:
    subprocess.run(["git", "init", "-q", "."], cwd=tmp_path, check=True, capture_output=True)
    (tmp_path / ".gitignore").write_text("build/\n")
    (tmp_path / "build").mkdir()
    (tmp_path / "build" / "old.txt").write_text(BAD, encoding="utf-8")
    (tmp_path / "ok.txt").write_text(GOOD, encoding="utf-8")
    assert invoke(["check", "."], tmp_path).exit_code == 0
    r = invoke(["check", "--no-gitignore", "."], tmp_path)
    assert r.exit_code == 1 and "old.txt" in r.stdout
