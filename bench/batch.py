"""Batch throughput of the CLI: files/s over a tree of small files, and peak RSS on one big file.

    python bench/batch.py                       # 10,000 files; 1 GB file (slow: ~1 MB/s/core detect)
    python bench/batch.py --big-mb 64           # quick run
    python bench/batch.py --files 2000 --big-mb 0

The tree mixes clean ASCII, clean UTF-8 Chinese, UTF-8 with GBK mojibake, GBK-encoded Chinese
and binary files. Each measurement runs the installed ``mojibake`` console script as a
subprocess (process start-up and model loading included), on a fresh copy of the tree.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET_FILES_PER_S = 1000
"""Goal for ``--jobs 2`` over the small-file tree."""

CLEAN_EN = "The quick brown fox jumps over the lazy dog; nothing to repair on this line.\n"
CLEAN_ZH = "这是一段正常的中文文字，没有任何乱码，也不应该被修改。\n"
MOJIBAKE = "it鈥檚 a 鈥渜uoted鈥 word, and 涓枃 in the middle.\n"


def command() -> list[str]:
    """The installed console script, else the module."""
    exe = shutil.which("mojibake")
    return [exe] if exe else [sys.executable, "-m", "mojibake.cli"]


def make_tree(root: Path, n: int, seed: int = 1) -> dict[str, int]:
    """Write ``n`` small files of mixed kinds under ``root`` (100 per directory); return counts per kind."""
    rng = random.Random(seed)
    kinds = ["clean-ascii"] * 4 + ["clean-zh"] * 2 + ["mojibake"] * 2 + ["gbk-file", "binary"]
    counts: dict[str, int] = {}
    for i in range(n):
        kind = kinds[i % len(kinds)]
        counts[kind] = counts.get(kind, 0) + 1
        d = root / f"d{i // 100:03d}"
        d.mkdir(parents=True, exist_ok=True)
        lines = rng.randint(3, 20)
        if kind == "clean-ascii":
            data = (CLEAN_EN * lines).encode()
        elif kind == "clean-zh":
            data = (CLEAN_ZH * lines).encode()
        elif kind == "mojibake":
            data = (CLEAN_EN * (lines - 1) + MOJIBAKE).encode()
        elif kind == "gbk-file":
            data = (CLEAN_ZH * lines).encode("gbk")
        else:
            data = bytes(rng.randrange(256) for _ in range(64 * lines)) + b"\x00"
        (d / f"f{i:05d}.{'bin' if kind == 'binary' else 'txt'}").write_bytes(data)
    return counts


def run_cli(args: list[str]) -> tuple[float, int, int]:
    """Run the CLI; return (seconds, exit code, peak RSS of the CLI process in MiB)."""
    start = time.perf_counter()
    proc = subprocess.Popen([*command(), *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    if proc.returncode not in (0, 1):
        print(err, file=sys.stderr)
    return seconds, proc.returncode, usage.ru_maxrss // 1024


def make_big(path: Path, mb: int) -> int:
    """Write a ``mb`` MB text file: mostly clean lines, one mojibake line in ten; return its size."""
    block = ((CLEAN_EN * 5 + CLEAN_ZH * 4 + MOJIBAKE) * 200).encode()
    size = mb * 1_000_000
    with open(path, "wb") as f:
        written = 0
        while written < size:
            f.write(block)
            written += len(block)
    return written


def main() -> None:
    """Run the benchmarks and print one line per measurement."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--files", type=int, default=10_000, help="small files in the tree (default 10000)")
    ap.add_argument("--big-mb", type=int, default=1000, help="size of the single big file in MB (0 skips it)")
    ap.add_argument("--jobs", type=int, nargs="+", default=[1, 2], help="--jobs values to measure")
    args = ap.parse_args()

    with tempfile.TemporaryDirectory(prefix="mojibake-bench-") as tmp:
        base = Path(tmp)
        if args.files:
            pristine = base / "pristine"
            counts = make_tree(pristine, args.files)
            print(f"tree: {args.files} files ({', '.join(f'{k} {v}' for k, v in sorted(counts.items()))})")
            for jobs in args.jobs:
                for mode in ("check", "fix"):
                    tree = base / f"tree-{mode}-{jobs}"
                    shutil.copytree(pristine, tree)
                    os.sync()  # so fix's fsyncs do not also pay for flushing the fresh copy
                    secs, code, rss = run_cli([mode, "--quiet", "--jobs", str(jobs), str(tree)])
                    rate = args.files / secs
                    goal = f"(target >= {TARGET_FILES_PER_S} files/s)" if jobs == 2 else ""
                    print(f"{mode:5s} --jobs {jobs}: {secs:6.2f} s  {rate:7.0f} files/s  exit {code}  "
                          f"peak RSS {rss} MiB (parent)  {goal}")
                    shutil.rmtree(tree)
        if args.big_mb:
            big = base / "big.txt"
            size = make_big(big, args.big_mb)
            secs, code, rss = run_cli(["fix", "--quiet", "--jobs", "1", str(big)])
            print(
                f"big file: {size / 1e6:.0f} MB fixed in {secs:.1f} s ({size / 1e6 / secs:.2f} MB/s), "
                f"peak RSS {rss} MiB, exit {code}"
            )


if __name__ == "__main__":
    main()
