"""Long-running property fuzzing of detect, repair, repair_bytes and the ``mojibake fix`` file path.

Hypothesis generates inputs (arbitrary Unicode with lone surrogates and NULs, mojibake made
from real fixture text through several codecs, error modes and layers, random bytes with BOMs)
and checks, for as long as asked:

* ``detect``: never raises; findings are sorted, non-overlapping, inside the text, and quote it.
* ``repair``: never raises; idempotent; ASCII-only and finding-free text comes back unchanged.
* ``repair_bytes``: returns text or raises the documented ``FileError``; never loses bytes
  silently (the text is the strict decode of the input in the chosen codec, repaired, and a
  Unicode input that needed no repair round-trips to the same bytes).
* ``mojibake fix`` on a temp file of random bytes (in-process CLI): exits 0, 1 or 2 without a
  traceback; on 0 or 2 the file is byte-identical; on 1 the new bytes decode strictly in the
  reported encoding, keep the BOM and mode, equal the repair of the old text, and a second
  run changes nothing; no temp file is ever left behind.

Usage::

    python scripts/fuzz.py --minutes 60                    # an hour, all targets in turn
    python scripts/fuzz.py --minutes 5 --targets cli --seed 1

Failures are shrunk by hypothesis, printed, and appended to ``--log`` (JSON lines); the run
continues with the other targets. Exit status 1 when anything failed. The test suite runs a
short version of the same properties (``tests/test_fuzz.py``).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import stat
import sys
import tempfile
import time
import traceback
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from click.testing import CliRunner  # noqa: E402
from hypothesis import HealthCheck, Phase, given, seed, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

import mojibake  # noqa: E402
from mojibake.apply import applies  # noqa: E402
from mojibake.cli import main as cli_main  # noqa: E402
from mojibake.files import TEMP_SUFFIX, FileError, Options, repair_piece, sniff  # noqa: E402

FIXTURES = ROOT / "fixtures"

# ---------------------------------------------------------------------------------------------
# Strategies.


def _fixture_lines(limit: int = 4000) -> list[str]:
    """Clean lines from the fixtures (real text in many scripts), at most ``limit``."""
    lines: list[str] = []
    for name in ("clean-cjk.jsonl", "clean-european.jsonl"):
        path = FIXTURES / name
        if not path.exists():
            continue
        with path.open(encoding="utf-8") as f:
            for row in f:
                lines.extend(ln for ln in json.loads(row)["expected"].splitlines() if ln.strip())
    random.Random(0).shuffle(lines)
    return lines[:limit] or ["中文测试，这是一个句子。", "It’s “quoted” — fine…", "日本語のテキスト", "한국어 텍스트"]


CLEAN = _fixture_lines()
WRONG_CODECS = ("gbk", "gb18030", "big5", "cp950", "shift_jis", "cp932", "euc_kr", "cp949", "cp1252", "latin-1", "euc_jp")
ERRORS = ("strict", "replace", "ignore", "question")
MOJI_CHARS = list(" ,.?\n\r\t’“”—…鈥檚淲涓鏂枃锟斤拷烫屯\ufffd\ue15f€縺繧蜷ã€™Ã©덈뀞섏꽭濡쒓렇瑜낅嚙踝蕭占쏙옙鐃緒申ｿｽ縺ゅｊ後→・＃譁ｭ怜")
ENCODINGS = ("utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "gbk", "gb18030", "big5", "shift_jis",
             "euc_kr", "cp1252", "latin-1", "koi8-r", "iso2022_jp")
BOMS = (b"", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")


def corrupt(text: str, codec: str, errors: str, layers: int) -> str:
    """``text`` as UTF-8 bytes decoded with ``codec`` ``layers`` times (``question``: Windows-style ``?``)."""
    for _ in range(layers):
        raw = text.encode("utf-8", "surrogatepass")
        if errors == "question":
            text = raw.decode(codec, "replace").replace("\ufffd", "?")
        else:
            try:
                text = raw.decode(codec, errors)
            except UnicodeDecodeError:
                text = raw.decode(codec, "replace")
    return text


any_text = st.text(st.characters(blacklist_categories=()), max_size=80)  # includes lone surrogates
moji_text = st.text(
    st.one_of(st.sampled_from(MOJI_CHARS), st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),
              st.characters(max_codepoint=0x7F), st.characters(blacklist_categories=())),
    max_size=120,
)
corrupted_text = st.builds(
    corrupt,
    st.lists(st.sampled_from(CLEAN), min_size=1, max_size=4).map("\n".join),
    st.sampled_from(WRONG_CODECS),
    st.sampled_from(ERRORS),
    st.integers(1, 3),
)
mixed_text = st.lists(st.one_of(corrupted_text, st.sampled_from(CLEAN), moji_text), min_size=1, max_size=4).map(
    lambda parts: "\n".join(parts)
)
texts = st.one_of(any_text, moji_text, corrupted_text, mixed_text)


def _encode(text: str, codec: str) -> bytes:
    """``text`` in ``codec``, unencodable characters replaced."""
    return text.encode(codec, "replace") if not codec.startswith("utf") else text.encode(codec, "surrogatepass")


raw_bytes = st.one_of(
    st.binary(max_size=300),
    st.builds(lambda bom, t, c: bom + _encode(t, c), st.sampled_from(BOMS), texts, st.sampled_from(ENCODINGS)),
    st.builds(lambda t, junk, at: (lambda b: b[:at] + junk + b[at:])(t.encode("utf-8", "surrogatepass")),
              texts, st.binary(max_size=8), st.integers(0, 200)),
)
declared = st.one_of(st.none(), st.sampled_from(("utf-8", "gbk", "big5", "shift_jis", "latin-1", "no-such-codec")))

# ---------------------------------------------------------------------------------------------
# Properties (each raises AssertionError on a violation).


def check_detect(text: str) -> None:
    """Findings are sorted, non-overlapping, inside the text and quote it; confidences in [0, 1]."""
    pos = 0
    for f in mojibake.detect(text):
        assert pos <= f.start < f.end <= len(text), (f.start, f.end, pos)
        assert text[f.start : f.end] == f.text
        assert 0.0 <= f.confidence <= 1.0
        pos = f.end


def check_repair(text: str) -> None:
    """repair never raises, is idempotent, and leaves ASCII or finding-free text alone."""
    once = mojibake.repair(text)
    assert isinstance(once, str)
    assert mojibake.repair(once) == once, "not idempotent"
    if text.isascii() or not any(applies(f) for f in mojibake.detect(text)):
        assert once == text, "changed text that has no applicable finding"


def check_repair_bytes(data: bytes, encoding: str | None) -> None:
    """Text or FileError; the text is the strict decode, repaired; clean Unicode round-trips."""
    try:
        out = mojibake.repair_bytes(data, encoding)
    except FileError:
        return
    decided = sniff(data, declared=encoding)
    assert decided.codec is not None and not decided.skip
    body = data[len(decided.bom) :]
    text = body.decode(decided.codec)  # strict: raises if bytes were dropped or replaced
    assert out == repair_piece(text, Options())[0]
    if out == text and decided.codec.startswith("utf-"):
        assert out.encode(decided.codec, "surrogatepass") == body, "bytes lost on a clean round trip"


def _no_temps(directory: Path) -> bool:
    """No temp file of ours in ``directory``."""
    return not any(p.name.endswith(TEMP_SUFFIX) for p in directory.iterdir())


def check_cli_file(data: bytes, mode: int) -> None:
    """``mojibake fix`` on a file of ``data``: identical, or valid repaired output; no temp files."""
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        p = d / "input.txt"
        p.write_bytes(data)
        p.chmod(mode)
        r = CliRunner().invoke(cli_main, ["fix", "--no-config", "--jobs", "1", "--quiet", "--json", str(p)])
        assert r.exit_code in (0, 1, 2), (r.exit_code, r.output[-500:])
        assert r.exception is None or isinstance(r.exception, SystemExit), "".join(
            traceback.format_exception(r.exception))
        assert _no_temps(d), "temp file left behind"
        after = p.read_bytes()
        rec = json.loads(r.stdout)["files"][0]
        if r.exit_code != 1:
            assert after == data, f"exit {r.exit_code} but the file changed"
            return
        assert after != data and rec["changed"] and rec["written"]
        assert stat.S_IMODE(p.stat().st_mode) == mode, "mode not kept"
        decided = sniff(data, override=None)
        bom = decided.bom
        assert after.startswith(bom), "BOM not kept"
        codec = rec["encoding"]
        old, new = data[len(bom) :].decode(codec), after[len(bom) :].decode(codec)  # strict
        assert new == repair_piece(old, Options(max_findings=10_000))[0], "written text is not the repair"
        again = CliRunner().invoke(cli_main, ["fix", "--no-config", "--jobs", "1", "--quiet", str(p)])
        assert again.exit_code == 0 and p.read_bytes() == after, f"second run exit {again.exit_code}: not idempotent"


# ---------------------------------------------------------------------------------------------
# Targets: hypothesis tests built with a given number of examples.

TARGETS: dict[str, tuple[Callable[..., None], tuple[st.SearchStrategy, ...]]] = {
    "detect": (check_detect, (texts,)),
    "repair": (check_repair, (texts,)),
    "repair_bytes": (check_repair_bytes, (raw_bytes, declared)),
    "cli": (check_cli_file, (raw_bytes, st.sampled_from((0o600, 0o640, 0o755)))),
}


def build(target: str, examples: int, seed_value: int | None = None) -> Callable[[], None]:
    """A hypothesis test of ``target`` running ``examples`` examples (shrinking failures)."""
    check, strategies = TARGETS[target]
    test = settings(
        max_examples=examples,
        deadline=None,
        database=None,
        phases=(Phase.generate, Phase.shrink),
        suppress_health_check=list(HealthCheck),
        print_blob=False,
        report_multiple_bugs=False,
    )(given(*strategies)(check))
    return seed(seed_value)(test) if seed_value is not None else test


def main(argv: list[str] | None = None) -> int:
    """Fuzz the chosen targets in rounds until the time is up; report failures."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--minutes", type=float, default=1.0, help="how long to run (default 1)")
    ap.add_argument("--targets", default=",".join(TARGETS), help=f"comma-separated, of: {', '.join(TARGETS)}")
    ap.add_argument("--round", type=int, default=200, help="examples per target per round (default 200)")
    ap.add_argument("--seed", type=int, default=None, help="seed the first round (later rounds derive from it)")
    ap.add_argument("--log", default="fuzz-findings.jsonl", help="append failures here (default fuzz-findings.jsonl)")
    args = ap.parse_args(argv)
    targets = args.targets.split(",")
    unknown = [t for t in targets if t not in TARGETS]
    if unknown:
        ap.error(f"unknown target(s): {', '.join(unknown)}")

    started = time.monotonic()
    deadline = started + args.minutes * 60
    examples: Counter[str] = Counter()
    failures: dict[str, str] = {}
    rounds = 0
    rng = random.Random(args.seed)
    while time.monotonic() < deadline:
        for target in targets:
            if time.monotonic() >= deadline:
                break
            test = build(target, args.round, rng.randrange(2**32) if args.seed is not None else None)
            t0 = time.monotonic()
            try:
                test()
            except Exception as e:  # noqa: BLE001 - every failure is reported, then fuzzing goes on
                detail = "".join(traceback.format_exception_only(type(e), e)).strip()
                key = f"{target}: {detail.splitlines()[0][:200]}"
                if key not in failures:
                    failures[key] = detail
                    note = getattr(e, "__notes__", [])
                    print(f"FAILURE {key}\n  " + "\n  ".join(note + detail.splitlines()[:20]), flush=True)
                    with open(args.log, "a", encoding="utf-8") as log:
                        log.write(json.dumps({"target": target, "error": detail, "example": note}, ensure_ascii=False) + "\n")
            examples[target] += args.round
            print(f"[{(time.monotonic() - started) / 60:6.1f} min] {target}: +{args.round} examples "
                  f"in {time.monotonic() - t0:.1f} s", flush=True)
        rounds += 1
    minutes = (time.monotonic() - started) / 60
    total = ", ".join(f"{t} {n}" for t, n in examples.items())
    print(f"\nfuzzed {minutes:.1f} min, {rounds} round(s); examples: {total}; distinct failures: {len(failures)}")
    for key in failures:
        print(f"  - {key}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
