"""Throughput and memory of ``mojibake fix-data`` on a generated JSONL: local pool vs local Dask cluster.

    python bench/dataset.py                  # 20 MB, quick
    python bench/dataset.py --mb 1000        # the 1 GB run (several minutes on 2 cores)
    python bench/dataset.py --mb 200 --jobs 2 --keep /tmp/bench-data

Rows look scraped: an id, a URL, a title and a text of several sentences; most texts are clean
English, some clean Chinese or European, about one row in twelve carries mojibake (UTF-8 read
as GBK, lossless or with lost bytes shown as U+FFFD). Each mode runs the installed console
script as a subprocess; reported are rows/s and MB/s (the CLI's own timing, and wall time with
start-up), the CPU seconds of the CLI and its reaped workers (a contention-free measure of
the work done), the CLI process's peak RSS (``wait4``) and the peak summed RSS of its whole process
tree (sampled from /proc via psutil), and a check that both outputs are byte-identical.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def command() -> list[str]:
    """The installed console script, else the module."""
    exe = shutil.which("mojibake")
    return [exe] if exe else [sys.executable, "-m", "mojibake.cli"]


def snippets() -> dict[str, list[str]]:
    """Sentences by kind, from the repository's fixtures (real translated UI strings)."""
    kinds: dict[str, list[str]] = {"en": [], "zh": [], "eu": []}
    for name, kind in (("gbk.jsonl", "en"), ("clean-cjk.jsonl", "zh"), ("clean-european.jsonl", "eu")):
        for line in (FIXTURES / name).read_text(encoding="utf-8").split("\n"):  # not splitlines: U+2028 ...
            if not line:
                continue
            case = json.loads(line)
            text = case["expected"]
            if kind == "en" and not case["kind"].endswith("-en"):
                continue
            if 20 <= len(text) <= 400 and "\n" not in text:
                kinds[kind].append(text)
    return kinds


def corrupt(text: str, rng: random.Random) -> str:
    """``text`` as a scraper that read UTF-8 as GBK stored it (lossless, or lost bytes as U+FFFD)."""
    errors = "replace" if rng.random() < 0.3 else "strict"
    try:
        return text.encode("utf-8").decode("gbk", errors)
    except UnicodeDecodeError:
        return text.encode("utf-8").decode("gbk", "replace")


def make_row(i: int, pool: dict[str, list[str]], rng: random.Random) -> dict[str, Any]:
    """One scraped-looking row; about 1 in 12 has mojibake in its text (and 1 in 40 in its title)."""
    roll = rng.random()
    kind = "zh" if roll < 0.10 else "eu" if roll < 0.18 else "en"
    sentences = [rng.choice(pool[kind]) for _ in range(rng.randint(3, 8))]
    text = (" " if kind != "zh" else "").join(sentences)
    if rng.random() < 1 / 12:
        text = " ".join([rng.choice(pool["en"]), corrupt(" ".join(rng.sample(pool["en"], 2)) + " it’s “done”.", rng)])
    title = rng.choice(pool["en"])[:80]
    if rng.random() < 1 / 40:
        title = corrupt(title + " — “new”", rng)
    return {"id": i, "url": f"https://example.org/{kind}/{i:08d}", "lang": kind, "title": title, "text": text,
            "fetched": 1_700_000_000 + i}


def generate(path: Path, mb: int, seed: int = 7) -> tuple[int, int]:
    """Write about ``mb`` MB of JSONL rows to ``path``; return (rows, bytes)."""
    rng = random.Random(seed)
    pool = snippets()
    target = mb * 1_000_000
    size = rows = 0
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        while size < target:
            block = "".join(json.dumps(make_row(rows + k, pool, rng), ensure_ascii=False) + "\n" for k in range(2000))
            data = block.encode("utf-8")
            f.write(block)
            size += len(data)
            rows += 2000
    return rows, size


def _tree_rss(pid: int) -> int:
    """Summed RSS (bytes) of ``pid`` and all its descendants, 0 when it is gone."""
    import psutil

    try:
        proc = psutil.Process(pid)
        procs = [proc, *proc.children(recursive=True)]
    except psutil.Error:
        return 0
    total = 0
    for p in procs:
        try:
            total += p.memory_info().rss
        except psutil.Error:
            pass
    return total


def run_mode(args: list[str]) -> dict[str, Any]:
    """Run the CLI with ``args``; return its JSON report, wall time, own peak RSS and the tree's peak RSS."""
    start = time.perf_counter()
    proc = subprocess.Popen([*command(), *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    peak = [0]
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], _tree_rss(proc.pid))
            done.wait(0.25)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out = proc.stdout.read() if proc.stdout else b""
    err = proc.stderr.read() if proc.stderr else b""
    _, status, usage = os.wait4(proc.pid, 0)
    done.set()
    sampler.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        sys.exit(f"mojibake {' '.join(args)} failed ({proc.returncode}):\n{err.decode(errors='replace')}")
    report = json.loads(out)["files"][0]
    cpu = usage.ru_utime + usage.ru_stime  # includes the reaped worker processes
    return {"report": report, "wall": wall, "cpu": cpu, "rss_mib": usage.ru_maxrss / 1024, "tree_mib": peak[0] / 2**20}


def sha256(path: Path) -> str:
    """Hex digest of a file, read in blocks."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def main() -> None:
    """Generate the input, run both modes, print a table."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--mb", type=int, default=20, help="input size in MB (default 20; 1000 for the 1 GB run)")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="worker processes in both modes")
    ap.add_argument("--batch-rows", type=int, default=10_000)
    ap.add_argument("--keep", type=Path, help="work in this directory and keep the files")
    ap.add_argument("--modes", default="pool,dask", help="comma-separated: single, pool, dask")
    a = ap.parse_args()
    work = a.keep or Path(tempfile.mkdtemp(prefix="mojibake-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    src = work / "in.jsonl"
    started = time.perf_counter()
    rows, size = generate(src, a.mb)
    print(f"generated {rows:,} rows, {size / 1e6:.0f} MB in {time.perf_counter() - started:.0f} s ({src})", flush=True)
    flags = {"single": ["-j", "1"], "pool": ["-j", str(a.jobs)], "dask": ["--dask", "-j", str(a.jobs)]}
    results = {}
    try:
        for mode in a.modes.split(","):
            out = work / f"out-{mode}.jsonl"
            r = run_mode(["fix-data", str(src), "-c", "text", "-c", "title", "-o", str(out), "--json", "-q",
                          "--batch-rows", str(a.batch_rows), *flags[mode]])
            r["sha256"] = sha256(out)
            results[mode] = r
            rep = r["report"]
            print(f"{mode:6} {rep['rows'] / rep['seconds']:>9,.0f} rows/s {rep['bytes'] / 1e6 / rep['seconds']:6.2f} MB/s"
                  f"  (wall {r['wall']:.0f} s incl. start-up: {rep['bytes'] / 1e6 / r['wall']:.2f} MB/s;"
                  f" CPU {r['cpu']:.0f} s)"
                  f"  peak RSS: CLI {r['rss_mib']:.0f} MiB, whole tree {r['tree_mib']:.0f} MiB"
                  f"  changed rows {rep['changed_rows']:,}", flush=True)
            if a.keep is None:
                out.unlink()
    finally:
        if a.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    digests = {r["sha256"] for r in results.values()}
    print("outputs identical across modes:", len(digests) == 1)
    if len(digests) != 1:
        sys.exit(1)


if __name__ == "__main__":
    main()
