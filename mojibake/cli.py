"""Command line interface: ``mojibake check | fix | explain`` (thin; files.py does the work).

Exit codes: 0 nothing found / nothing to fix; 1 mojibake found (check) or files changed (fix,
the pre-commit fixer convention); 2 usage errors or any per-file error (the run still goes on).
"""

from __future__ import annotations

import json
import multiprocessing
import os
import shutil
import signal
import sys
import tempfile
import time
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import Any, BinaryIO

import click

from .config import Config, ConfigError, common_start, load_config
from .dataset import BATCH_ROWS, FORMATS, DataResult, repair_dataset
from .explain import explain as explain_text
from .files import (
    FileResult,
    Options,
    fsync_dir,
    iter_files,
    preload,
    repair_file,
    repair_stream,
)
from .parallel import Submit, local_pool, ordered_map

EXIT_CLEAN = 0
EXIT_FOUND = 1
EXIT_ERROR = 2

POOL_MIN_FILES = 16
"""Below this many files the work is done in-process (starting a pool costs more)."""

MAX_FINDINGS_PER_FILE = 10_000
"""Findings kept per file for printing (all are counted); bounds memory on huge files."""

Cluster = tuple[Submit, int]
"""Where cluster work goes: ``(submit, tasks kept in flight)``."""


@dataclass(frozen=True)
class Job:
    """Settings of one run, shipped once to every worker."""

    check: bool
    encoding: str | None
    dry_run: bool
    backup: str | None
    diff: bool
    options: Options
    out_root: str | None = None
    """The absolute ``--output-dir``: every output must land inside it (symlinks resolved)."""


def _work(task: tuple[str, str | None, Job], sync_dir: bool = False) -> FileResult:
    """Handle one file (in a worker process or in-process; ``sync_dir`` on a cluster worker)."""
    path, output, job = task
    return repair_file(
        path,
        output=output,
        encoding=job.encoding,
        dry_run=job.check or job.dry_run,
        backup_suffix=job.backup,
        options=job.options,
        diff=job.diff,
        output_root=job.out_root,
        sync_dir=sync_dir,  # locally the parent fsyncs each touched directory once, at the end
    )


def _init_worker() -> None:
    """Workers leave Ctrl-C to the parent (which stops them)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _raise_exit(signum: int, frame: object) -> None:
    """SIGTERM handler: unwind so the file being written loses its temp file."""
    raise SystemExit(1)


def _pool_work(task: tuple[str, str | None, Job]) -> FileResult:
    """``_work`` in a pool worker: a SIGTERM while a file is handled removes its temp file, then exits."""
    signal.signal(signal.SIGTERM, _raise_exit)
    try:
        return _work(task)
    except SystemExit:
        os._exit(1)  # repair_file's cleanup has run; skip interpreter teardown (it can block in a pool worker)
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _results(tasks: list[tuple[str, str | None, Job]], jobs: int) -> Iterator[FileResult]:
    """Results in task order, from a process pool when it pays off."""
    if jobs <= 1 or len(tasks) < POOL_MIN_FILES:
        yield from map(_work, tasks)
        return
    chunk = max(1, min(64, len(tasks) // (jobs * 8)))
    if multiprocessing.get_start_method() == "fork":
        preload()  # load the model once here; forked workers share it
    pool = multiprocessing.get_context().Pool(jobs, initializer=_init_worker)
    try:
        yield from pool.imap(_pool_work, tasks, chunksize=chunk)
    except BaseException:
        pool.terminate()
        raise
    else:
        pool.close()
    finally:
        pool.join()


def _cluster_results(tasks: list[tuple[str, str | None, Job]], cluster: Cluster) -> Iterator[FileResult]:
    """Results in task order from a Dask cluster; workers get absolute paths, the report the given ones."""
    submit, window = cluster
    absolute = [(os.path.abspath(p), os.path.abspath(o) if o else None, job) for p, o, job in tasks]
    work = partial(_work, sync_dir=True)
    for (path, _, _), r in zip(tasks, ordered_map(work, absolute, submit, window)):
        yield replace(r, path=path)


@contextmanager
def _cluster(scheduler: str | None, local: bool, jobs: int) -> Iterator[Cluster | None]:
    """``(submit, window)`` of the Dask cluster at ``scheduler`` or of a local one (``local``), else None."""
    if not scheduler and not local:
        yield None
        return
    try:
        from . import dask as mdask
    except ImportError as e:
        raise click.UsageError(f"--scheduler/--dask need Dask: pip install 'mojibake[dask]' ({e})") from None
    with ExitStack() as stack:
        try:
            client = stack.enter_context(mdask.connect(scheduler, workers=jobs))
        except OSError as e:
            raise click.UsageError(f"cannot reach the Dask scheduler {scheduler}: {e}") from None
        yield mdask.submitter(client), mdask.window(client)


def show(s: str) -> str:
    """``s`` with control, format and private-use characters made visible as escapes."""
    return "".join(f"\\u{ord(c):04x}" if unicodedata.category(c)[0] == "C" else c for c in s)


def finding_line(path: str, line: int, col: int, f: Any) -> str:
    """``path:line:col: <mojibake> -> <repair> (codec path, confidence)``."""
    repair = show(f.repair) if f.repair and f.repair != f.text else "?"
    tail = f", {f.note}" if f.note else ""
    return f"{path}:{line}:{col}: {show(f.text)} -> {repair} ({f.path}, {f.confidence:.2f}{tail})"


def _result_json(r: FileResult) -> dict[str, Any]:
    """One file's result as plain JSON data."""
    return {
        "path": r.path,
        "output": r.output,
        "encoding": r.encoding,
        "bom": r.bom,
        "changed": r.changed,
        "written": r.written,
        "skipped": r.skipped,
        "error": r.error,
        "size": r.size,
        "finding_count": r.finding_count,
        "findings": [
            {
                "line": loc.line,
                "col": loc.col,
                "text": loc.finding.text,
                "repair": loc.finding.repair,
                "path": loc.finding.path,
                "confidence": loc.finding.confidence,
                "lost": loc.finding.lost,
                "note": loc.finding.note,
            }
            for loc in r.findings
        ],
    }


@dataclass
class Tally:
    """Counts for the summary line (local to one run)."""

    scanned: int = 0
    flagged: int = 0
    changed: int = 0
    skipped: int = 0
    binary: int = 0
    errors: int = 0
    findings: int = 0
    size: int = 0

    def add(self, r: FileResult) -> None:
        """Count one file's result."""
        self.scanned += 1
        self.size += r.size
        self.findings += r.finding_count
        self.flagged += r.finding_count > 0
        self.changed += r.changed
        if r.skipped:
            self.skipped += 1
            self.binary += r.skipped.startswith("binary")
        if r.error:
            self.errors += 1


def summary(t: Tally, per_path: Counter[str], seconds: float, check: bool) -> str:
    """The closing summary: files scanned, changed, skipped, errors, findings per codec path, MB/s."""
    mb = t.size / 1e6
    rate = mb / seconds if seconds > 0 else 0.0
    parts = [
        f"{t.scanned} file(s) scanned ({mb:.1f} MB in {seconds:.2f} s, {rate:.1f} MB/s)",
        f"{t.flagged} with mojibake" if check else f"{t.changed} changed",
        f"{t.skipped} skipped ({t.binary} binary)",
        f"{t.errors} error(s)",
    ]
    paths = ", ".join(f"{p}: {n}" for p, n in sorted(per_path.items()))
    return "mojibake: " + ", ".join(parts) + f"; {t.findings} finding(s)" + (f" ({paths})" if paths else "")


def _mirror(path: Path, named: Path, out_dir: Path) -> Path:
    """Where ``path`` (found via the argument ``named``) lands under ``out_dir``.

    Its place under the working directory, else under the named directory, else its bare name;
    ``..`` and absolute names are normalised first, so the result never climbs out of ``out_dir``.
    """
    absolute = Path(os.path.abspath(path))
    rel = Path(path.name)
    for root in (Path(os.getcwd()), Path(os.path.abspath(named)) if named.is_dir() else None):
        if root is not None and absolute.is_relative_to(root) and absolute != root:
            rel = absolute.relative_to(root)
            break
    return out_dir / rel


def _collect(
    paths: Iterable[str], include: tuple[str, ...], exclude: tuple[str, ...], base: Path | None, out_dir: Path | None,
    skipped: list[FileResult] | None = None, gitignore: bool = True,
) -> list[tuple[str, str | None]]:
    """Every file to handle, once each, with its mirrored output path (when ``out_dir``).

    What a walk skips on purpose (symlinks out of the tree, FIFOs, devices) goes to ``skipped``.
    """
    seen: set[str] = set()
    skip_under = str(out_dir.resolve()) + os.sep if out_dir else None
    tasks = []

    def on_skip(path: Path, reason: str) -> None:
        if skipped is not None:
            skipped.append(FileResult(str(path), skipped=reason))

    for named in paths:
        for p in iter_files([named], include, exclude, base=base, on_skip=on_skip, gitignore=gitignore):
            key = os.path.realpath(p)
            if key in seen or (skip_under and key.startswith(skip_under)):
                continue
            seen.add(key)
            out = str(_mirror(p, Path(named), out_dir)) if out_dir else None
            tasks.append((str(p), out))
    return tasks


def _stdin_result(job: Job, out: BinaryIO | None) -> FileResult:
    """Handle ``-``: stdin in, stdout out; on error the input passes through unchanged."""
    with tempfile.SpooledTemporaryFile(32 << 20) as src, tempfile.SpooledTemporaryFile(32 << 20) as dst:
        shutil.copyfileobj(sys.stdin.buffer, src)
        src.seek(0)
        r = repair_stream(
            src,  # type: ignore[arg-type]  # a SpooledTemporaryFile is a binary file
            dst if out else None,  # type: ignore[arg-type]
            name="-",
            encoding=job.encoding,
            options=job.options,
            diff=job.diff,
        )
        if out is not None:
            source = dst if r.ok else src
            source.seek(0)
            shutil.copyfileobj(source, out)
            out.flush()
        return r


def run(paths: tuple[str, ...], job: Job, *, include: tuple[str, ...], exclude: tuple[str, ...],
        jobs: int, quiet: bool, as_json: bool, out_dir: str | None, config: Config,
        cluster: Cluster | None = None, gitignore: bool = True) -> int:
    """Run check or fix over ``paths``; print findings, diffs, errors and the summary; return the exit code."""
    started = time.perf_counter()
    out_path = Path(out_dir) if out_dir else None
    base = config.root or Path.cwd()
    tally, per_path = Tally(), Counter[str]()
    records: list[dict[str, Any]] = []
    stdin_to_stdout = not job.check and not job.dry_run and not job.diff
    files = [p for p in paths if p != "-"]
    skipped: list[FileResult] = []
    tasks = [(p, o, job) for p, o in _collect(files, include, exclude, base, out_path, skipped, gitignore)]

    touched: set[str] = set()

    def handle(r: FileResult) -> None:
        tally.add(r)
        if r.written and r.path != "-":
            touched.add(os.path.dirname(os.path.abspath(r.output or r.path)))
        per_path.update(dict(r.counts))
        if as_json:
            records.append(_result_json(r))
        if r.error:
            click.echo(f"mojibake: error: {r.path}: {r.error}", err=True)
        if r.skipped and not r.skipped.startswith("binary") and not (quiet or as_json):
            click.echo(f"mojibake: skipped: {r.path}: {r.skipped}", err=True)
        if job.check and not as_json:
            for loc in r.findings:
                click.echo(finding_line(r.path, loc.line, loc.col, loc.finding))
            if r.finding_count > len(r.findings):
                click.echo(f"{r.path}: ... and {r.finding_count - len(r.findings)} more finding(s)")
        if not job.check:
            if r.diff and not as_json:
                click.echo(r.diff, nl=False)
            if r.changed and not r.error and not quiet:
                verb = "fixed" if r.written else "would fix"
                target = f" -> {r.output}" if r.output else ""
                click.echo(f"{verb} {r.path}{target}", err=True)

    if "-" in paths:
        handle(_stdin_result(job, sys.stdout.buffer if stdin_to_stdout else None))
    for r in skipped:
        handle(r)

    results: Iterable[FileResult] = _cluster_results(tasks, cluster) if cluster else _results(tasks, jobs)
    show_bar = bool(tasks) and not quiet and sys.stderr.isatty()
    if show_bar:
        with click.progressbar(results, length=len(tasks), file=sys.stderr, label="mojibake") as bar:
            for r in bar:
                handle(r)
    else:
        for r in results:
            handle(r)

    for directory in sorted(touched):
        fsync_dir(directory)
    seconds = time.perf_counter() - started
    if as_json:
        click.echo(json.dumps({
            "files": records,
            "summary": {
                "scanned": tally.scanned, "with_findings": tally.flagged, "changed": tally.changed, "skipped": tally.skipped,
                "binary": tally.binary, "errors": tally.errors, "findings": tally.findings,
                "findings_per_path": dict(sorted(per_path.items())), "bytes": tally.size,
                "seconds": round(seconds, 3),
            },
        }, ensure_ascii=False, indent=2))
    if not quiet:
        click.echo(summary(tally, per_path, seconds, job.check), err=True)
    if tally.errors:
        return EXIT_ERROR
    if job.check:
        return EXIT_FOUND if tally.findings else EXIT_CLEAN
    return EXIT_FOUND if tally.changed else EXIT_CLEAN


def _common(f: Callable[..., Any]) -> Callable[..., Any]:
    """Options shared by ``check`` and ``fix``."""
    decorators = [
        click.argument("paths", nargs=-1, required=True),
        click.option("--include", multiple=True, metavar="GLOB", help="Only files matching this glob (repeatable)."),
        click.option("--exclude", multiple=True, metavar="GLOB", help="Skip files/dirs matching this glob (repeatable)."),
        click.option("--encoding", metavar="CODEC", help="Read (and write) files in this encoding instead of detecting it."),
        click.option("-j", "--jobs", type=click.IntRange(min=0), default=0, show_default="all cores",
                     help="Worker processes (0 = all cores)."),
        click.option("-q", "--quiet", is_flag=True, help="No progress bar, per-file notes or summary."),
        click.option("--json", "as_json", is_flag=True, help="Print a JSON report on stdout."),
        click.option("--min-confidence", type=click.FloatRange(0, 1), default=None,
                     help="Report and repair findings at least this sure (default: config, else 0.5)."),
        click.option("--best-effort", is_flag=True, help="Also apply low-confidence inferences of lost bytes."),
        click.option("--no-config", is_flag=True, help="Ignore [tool.mojibake] in pyproject.toml."),
        click.option("--no-gitignore", is_flag=True,
                     help="Also walk what git ignores (by default a directory in a git work tree skips it)."),
    ]
    for d in reversed(decorators):
        f = d(f)
    return f


def _setup(paths: tuple[str, ...], min_confidence: float | None, best_effort: bool, no_config: bool) -> tuple[Config, Options]:
    """Load the config (unless disabled) and build the repair options; usage errors exit 2."""
    try:
        config = Config() if no_config else load_config(common_start(list(paths)))
    except ConfigError as e:
        raise click.UsageError(str(e)) from None
    options = Options(
        min_confidence=config.min_confidence if min_confidence is None else min_confidence,
        best_effort=best_effort,
        codec_paths=config.paths,
        max_findings=MAX_FINDINGS_PER_FILE,
    )
    return config, options


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="mojibake")
def main() -> None:
    """Find and repair mojibake: UTF-8 text decoded with the wrong codec (e.g. it\u9225\u6a9a -> it\u2019s)."""


@main.command()
@_common
def check(paths: tuple[str, ...], include: tuple[str, ...], exclude: tuple[str, ...], encoding: str | None,
          jobs: int, quiet: bool, as_json: bool, min_confidence: float | None, best_effort: bool,
          no_config: bool, no_gitignore: bool) -> None:
    """Report mojibake in PATHS (files, directories, or - for stdin); exit 1 if any is found."""
    config, options = _setup(paths, min_confidence, best_effort, no_config)
    job = Job(check=True, encoding=encoding, dry_run=True, backup=None, diff=False, options=options)
    sys.exit(_guarded(lambda: run(paths, job, include=config.include + include, exclude=config.exclude + exclude,
                                  jobs=jobs or os.cpu_count() or 1, quiet=quiet, as_json=as_json, out_dir=None,
                                  config=config, gitignore=not no_gitignore)))


def _cluster_options(f: Callable[..., Any]) -> Callable[..., Any]:
    """``--scheduler`` / ``--dask``: send the work to a Dask cluster instead of the local pool."""
    f = click.option("--dask", "local_dask", is_flag=True,
                     help="Run on a local Dask cluster (--jobs worker processes); needs mojibake[dask].")(f)
    return click.option("--scheduler", metavar="ADDRESS",
                        help="Run on the Dask cluster at ADDRESS (tcp://host:8786) instead of local processes.")(f)


@main.command()
@_common
@_cluster_options
@click.option("-o", "--output-dir", type=click.Path(file_okay=False), help="Write repaired copies here, mirroring the tree.")
@click.option("-n", "--dry-run", is_flag=True, help="Report what would change; write nothing.")
@click.option("--diff", is_flag=True, help="Print a unified diff of the changes instead of writing them.")
@click.option("--backup", metavar="SUFFIX", help="Keep each changed file's original as FILE+SUFFIX.")
def fix(paths: tuple[str, ...], include: tuple[str, ...], exclude: tuple[str, ...], encoding: str | None,
        jobs: int, quiet: bool, as_json: bool, min_confidence: float | None, best_effort: bool, no_config: bool,
        no_gitignore: bool, output_dir: str | None, dry_run: bool, diff: bool, backup: str | None, scheduler: str | None = None,
        local_dask: bool = False) -> None:
    """Repair mojibake in PATHS in place (atomically), or into --output-dir; - filters stdin to stdout.

    Exits 1 when any file changed (or would change), 0 when nothing needed fixing, 2 on errors.
    """
    if backup is not None and not backup:
        raise click.UsageError("--backup needs a non-empty suffix")
    if "-" in paths and as_json and not (dry_run or diff):
        raise click.UsageError("--json cannot share stdout with the repaired text of '-'; add --dry-run")
    config, options = _setup(paths, min_confidence, best_effort, no_config)
    job = Job(check=False, encoding=encoding, dry_run=dry_run or diff, backup=backup, diff=diff, options=options,
              out_root=os.path.abspath(output_dir) if output_dir else None)
    workers = jobs or os.cpu_count() or 1

    def body() -> int:
        with _cluster(scheduler, local_dask, workers) as cluster:
            return run(paths, job, include=config.include + include, exclude=config.exclude + exclude, jobs=workers,
                       quiet=quiet, as_json=as_json, out_dir=output_dir, config=config, cluster=cluster,
                       gitignore=not no_gitignore)

    sys.exit(_guarded(body))


@contextmanager
def _data_submit(jobs: int, scheduler: str | None, local_dask: bool) -> Iterator[tuple[Submit | None, int]]:
    """Where dataset batches go: a Dask cluster, a local pool of ``jobs`` processes, or this process."""
    with _cluster(scheduler, local_dask, jobs) as cluster:
        if cluster:
            yield cluster
        elif jobs <= 1:
            yield None, 1
        else:
            with local_pool(jobs, preload) as submit:
                yield submit, 2 * jobs


def _data_outputs(inputs: tuple[str, ...], output: str | None) -> list[str | None]:
    """Each input's output: ``output`` itself for one input, else ``output/<name>`` (a directory)."""
    if output is None:
        return [None] * len(inputs)
    if len(inputs) == 1 and not (os.path.isdir(output) or output.endswith(("/", os.sep))):
        return [output]
    names = [os.path.basename(p) for p in inputs]
    if len(set(names)) < len(names):
        raise click.UsageError("several INPUTs share a file name; give them one at a time")
    return [os.path.join(output, n) for n in names]


def data_report(r: DataResult) -> list[str]:
    """The summary lines of one dataset: rows and speed, then one line per column."""
    s = r.summary
    mb = s.size / 1e6
    rate = f"{s.rows / r.seconds:,.0f} rows/s, {mb / r.seconds:.1f} MB/s" if r.seconds > 0 else "-"
    target = f" -> {r.output}" if r.output else ""
    head = f"mojibake: {r.path}{target}: {s.rows} row(s), {s.changed_rows} changed, {s.invalid_rows} invalid"
    lines = [f"{head} ({mb:.1f} MB in {r.seconds:.2f} s, {rate})"]
    for name, c in s.columns:
        paths = ", ".join(f"{p}: {n}" for p, n in c.paths)
        lines.append(f"  {name}: {c.values} value(s), {c.changed} changed, {c.findings} finding(s)"
                     + (f" ({paths})" if paths else ""))
    return lines


def _data_json(r: DataResult) -> dict[str, Any]:
    """One dataset's result as plain JSON data."""
    s = r.summary
    return {
        "path": r.path, "output": r.output, "format": r.format, "written": r.written, "error": r.error,
        "rows": s.rows, "changed_rows": s.changed_rows, "invalid_rows": s.invalid_rows, "bytes": s.size,
        "seconds": round(r.seconds, 3),
        "columns": {name: {"values": c.values, "changed": c.changed, "findings": c.findings,
                           "findings_per_path": dict(c.paths)} for name, c in s.columns},
    }


@main.command("fix-data")
@click.argument("inputs", nargs=-1, required=True)
@click.option("-c", "--column", "columns", multiple=True, required=True, metavar="NAME",
              help="A text column to repair (repeatable); the others pass through untouched.")
@click.option("-o", "--output", metavar="OUT",
              help="Output file (one INPUT) or directory (several, or an existing directory).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), help="Input format (default: from the file suffix).")
@click.option("--batch-rows", type=click.IntRange(min=1), default=BATCH_ROWS, show_default=True,
              help="Rows per batch sent to a worker.")
@click.option("-j", "--jobs", type=click.IntRange(min=0), default=0, show_default="all cores",
              help="Worker processes (0 = all cores; 1 = this process).")
@click.option("-n", "--dry-run", is_flag=True, help="Report what would change; write nothing.")
@click.option("-q", "--quiet", is_flag=True, help="No per-file notes or summary.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON report on stdout.")
@click.option("--min-confidence", type=click.FloatRange(0, 1), default=None,
              help="Repair findings at least this sure (default: config, else 0.5).")
@click.option("--best-effort", is_flag=True, help="Also apply low-confidence inferences of lost bytes.")
@click.option("--no-config", is_flag=True, help="Ignore [tool.mojibake] in pyproject.toml.")
@_cluster_options
def fix_data(inputs: tuple[str, ...], columns: tuple[str, ...], output: str | None, fmt: str | None,
             batch_rows: int, jobs: int, dry_run: bool, quiet: bool, as_json: bool, min_confidence: float | None,
             best_effort: bool, no_config: bool, scheduler: str | None, local_dask: bool) -> None:
    """Repair the text COLUMNs of datasets (JSONL, CSV, TSV, Parquet) into --output, batch by batch.

    Other columns and the row order pass through; JSONL/CSV rows that need no change keep
    their bytes. Exits 1 when rows changed (or would), 0 when none did, 2 on errors.
    """
    if output is None and not dry_run:
        raise click.UsageError("give --output OUT (or --dry-run)")
    _, options = _setup(inputs, min_confidence, best_effort, no_config)
    outputs = _data_outputs(inputs, None if dry_run else output)
    workers = jobs or os.cpu_count() or 1

    def body() -> int:
        results = []
        with _data_submit(workers, scheduler, local_dask) as (submit, window):
            for path, out in zip(inputs, outputs):
                r = repair_dataset(path, out, columns, fmt=fmt, options=options, batch_rows=batch_rows,
                                   submit=submit, window=window)
                results.append(r)
                if r.error:
                    click.echo(f"mojibake: error: {r.path}: {r.error}", err=True)
                elif not quiet:
                    click.echo("\n".join(data_report(r)), err=True)
        if as_json:
            click.echo(json.dumps({"files": [_data_json(r) for r in results]}, ensure_ascii=False, indent=2))
        if any(r.error for r in results):
            return EXIT_ERROR
        return EXIT_FOUND if any(r.changed for r in results) else EXIT_CLEAN

    sys.exit(_guarded(body))


@main.command()
@click.argument("text")
def explain(text: str) -> None:
    """Explain the mojibake found in TEXT (- reads stdin)."""
    if text == "-":
        text = sys.stdin.read()
    click.echo(explain_text(text))


def _raise_exit_143(signum: int, frame: object) -> None:
    """SIGTERM in the parent: unwind (stopping the pool, removing temp files) and exit 143."""
    raise SystemExit(143)


def _guarded(body: Callable[[], int]) -> int:
    """Run ``body``; Ctrl-C (130) or SIGTERM (143) stop the workers first, so temp files are removed."""
    signal.signal(signal.SIGTERM, _raise_exit_143)
    try:
        return body()
    except KeyboardInterrupt:
        click.echo("mojibake: interrupted", err=True)
        return 130


if __name__ == "__main__":
    main()
