"""The pre-commit hooks, for real: ``pre-commit try-repo`` against a snapshot of this repository.

The hook repository must be a git repo with the manifest committed, so the working tree is copied
into a temporary repo and committed there (the real one may have uncommitted work). pre-commit
builds the hook environment from PyPI once per test session (shared PRE_COMMIT_HOME).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
BAD = "it鈥檚 fine\n鈥淲e are here\n"
GOOD = "it’s fine\n“We are here\n"
COPY_IGNORE = shutil.ignore_patterns(
    ".git", "__pycache__", "*.pyc", "*.egg-info", "build", "dist", ".pytest_cache", ".hypothesis",
    ".venv", "tests", "fixtures", "bench", "*.mojibake-tmp",
)
GIT_ENV = {
    "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid",
    "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.invalid",
    "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
}


def git(*args: str, cwd: Path) -> None:
    """Run git quietly in ``cwd`` with a throwaway identity."""
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, env={**os.environ, **GIT_ENV})


@pytest.fixture(scope="session")
def hook_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A committed snapshot of this project's working tree (manifest, package, pyproject)."""
    assert (REPO / ".pre-commit-hooks.yaml").is_file()
    dest = tmp_path_factory.mktemp("hookrepo") / "mojibake"
    shutil.copytree(REPO, dest, ignore=COPY_IGNORE, symlinks=True)
    git("init", "-q", "-b", "main", cwd=dest)
    git("add", "-A", cwd=dest)
    git("commit", "-q", "-m", "snapshot", cwd=dest)
    return dest


@pytest.fixture(scope="session")
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One pre-commit cache for the session, so the hook env is built once."""
    return tmp_path_factory.mktemp("pre-commit-home")


@pytest.fixture
def project(tmp_path: Path) -> Iterator[Path]:
    """A user's git repo with one mojibake file, one clean file and one excluded sample."""
    root = tmp_path / "user"
    root.mkdir()
    git("init", "-q", cwd=root)
    (root / "bad.txt").write_text(BAD, encoding="utf-8")
    (root / "clean.md").write_text("Nothing wrong here. 中文没有问题。\n", encoding="utf-8")
    (root / "samples").mkdir()
    (root / "samples" / "keep.txt").write_text(BAD, encoding="utf-8")
    (root / "pyproject.toml").write_text('[tool.mojibake]\nexclude = ["samples/"]\n')
    git("add", "-A", cwd=root)
    yield root


def try_repo(hook_repo: Path, home: Path, hook: str, *files: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """``pre-commit try-repo HOOK_REPO HOOK --files FILES`` in ``cwd``."""
    env = {**os.environ, **GIT_ENV, "PRE_COMMIT_HOME": str(home), "PRE_COMMIT_COLOR": "never"}
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(hook_repo), hook, "--verbose", "--files", *files],
        cwd=cwd, env=env, capture_output=True, text=True, timeout=900, check=False,
    )


def test_check_hook_fails_on_mojibake(hook_repo: Path, pre_commit_home: Path, project: Path) -> None:
    r = try_repo(hook_repo, pre_commit_home, "mojibake-check", "bad.txt", "clean.md", "samples/keep.txt", cwd=project)
    out = r.stdout + r.stderr
    assert r.returncode == 1, out
    assert "bad.txt:1:3: 鈥檚 -> ’s" in out
    assert "keep.txt" not in out.replace("samples/keep.txt\n", "")  # excluded by [tool.mojibake]
    assert (project / "bad.txt").read_text(encoding="utf-8") == BAD
    clean = try_repo(hook_repo, pre_commit_home, "mojibake-check", "clean.md", cwd=project)
    assert clean.returncode == 0, clean.stdout + clean.stderr


def test_fix_hook_repairs_then_passes(hook_repo: Path, pre_commit_home: Path, project: Path) -> None:
    r = try_repo(hook_repo, pre_commit_home, "mojibake-fix", "bad.txt", "clean.md", "samples/keep.txt", cwd=project)
    assert r.returncode == 1, r.stdout + r.stderr
    assert (project / "bad.txt").read_text(encoding="utf-8") == GOOD
    assert (project / "samples" / "keep.txt").read_text(encoding="utf-8") == BAD
    again = try_repo(hook_repo, pre_commit_home, "mojibake-fix", "bad.txt", "clean.md", cwd=project)
    assert again.returncode == 0, again.stdout + again.stderr
