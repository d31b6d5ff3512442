"""Files and bytes: encodings, BOMs, newlines, atomic writes, walking trees.

No repair logic lives here: text is repaired by ``apply.repair_layers``. This module
decides how bytes become text and text becomes bytes again, and how files are replaced safely.

Policies (shared by the CLI and by scripts that call ``repair_file``):

* Encoding: a BOM wins; else UTF-8 when the bytes decode cleanly; else chardet's guess, then its
  other candidates, keeping only ASCII-compatible codecs (never EBCDIC, nor UTF-16/32 without a
  BOM: they read ASCII bytes as other characters); else the declared encoding. Bytes with no
  acceptable guess are skipped as binary. ``repair_file(encoding=...)`` overrides all of that.
* Bytes out: the same codec and the same BOM; newlines are never translated, and every line
  whose text did not change keeps its original bytes.
* Read back the same: changed bytes are written only when the next run would read them as the
  repaired text (strictly, and under the encoding it would detect), so a second ``fix`` never
  sees a change. A repair the file's encoding cannot hold, or whose bytes would be detected as
  another encoding (chardet's guess for short legacy files is a close call that a repair can
  tip), is an error and nothing is written: the encoding is never changed behind the user's
  back, and ``encoding=`` (``--encoding``) settles the guess.
* Writes: a temporary file in the target's directory is written, flushed and fsynced, given the
  original's mode, then ``os.replace``-d over the target; it is removed on any error. Files
  whose content does not change are never rewritten, so mtime only moves when content changes.
  A read-only file (no write bit) is reported, never replaced.
* Binary input (NUL bytes without a UTF-16/32 BOM, or chardet finds no text encoding) is
  skipped with a reason and never touched.
* Large input is processed in segments cut at newlines (or inside long ASCII runs), so memory
  stays bounded by the segment size plus the longest line.
* A line containing ``mojibake: ignore`` is never changed nor reported.
"""

from __future__ import annotations

import codecs
import difflib
import errno
import fnmatch
import functools
import io
import os
import re
import secrets
import shutil
import stat
import subprocess
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Protocol

from .apply import DEFAULT_THRESHOLD, repair_layers
from .detect import detect
from .finding import Finding

IGNORE_MARKER = "mojibake: ignore"
"""A line containing this text is never changed nor reported."""

SEGMENT_BYTES = 1 << 20
"""Target size of one segment of a streamed file (cut at the next safe boundary)."""

SNIFF_BYTES = 4 << 20
"""Bytes read before choosing an encoding; files no larger are decided on all their bytes."""

CHARDET_BYTES = 200_000
"""At most this many bytes are shown to chardet."""

TEMP_SUFFIX = ".mojibake-tmp"
"""Suffix of the temporary files written next to their targets (and skipped by ``iter_files``)."""

SKIP_DIRS = frozenset(
    {
        ".git", ".hg", ".svn", ".bzr", "_darcs", "CVS", "__pycache__", ".mypy_cache",
        ".pytest_cache", ".ruff_cache", ".hypothesis", ".tox", ".nox", ".venv", "venv",
        "node_modules", ".eggs",
    }
)
"""Directory names never descended into when walking a tree."""

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

_FAMILIES: dict[str, tuple[str, ...]] = {
    "gb2312": ("gbk", "gb18030"),
    "gbk": ("gbk", "gb18030"),
    "gb18030": ("gbk", "gb18030"),
    "big5": ("big5", "cp950", "big5hkscs"),
    "cp950": ("cp950", "big5hkscs"),
    "shift_jis": ("shift_jis", "cp932"),
    "shift_jis_2004": ("shift_jis", "cp932"),
    "shift_jisx0213": ("shift_jis", "cp932"),
    "euc_kr": ("euc_kr", "cp949"),
}
"""chardet's label -> codecs tried in order (the narrow, usual one first, then supersets).

Shift_JIS-2004 reads bytes 0x5C and 0x7E as ``¥`` and ``‾`` (not ASCII-compatible), so its
label is served by the Shift_JIS codecs that keep them ``\\`` and ``~``.
"""

_STATEFUL = frozenset({"utf-7", "hz", "iso2022_jp", "iso2022_jp_1", "iso2022_jp_2", "iso2022_jp_2004",
                       "iso2022_jp_3", "iso2022_jp_ext", "iso2022_kr"})
"""Codecs whose ASCII bytes depend on shift state: never cut into segments."""

_BREAK = re.compile(r"\r\n|\r|\n")
_ASCII_RUN = re.compile(rb"[\x00-\x7f]{32,}")


class FileError(Exception):
    """A per-file problem (undecodable, unencodable, vanished...) reported instead of raised."""


@dataclass(frozen=True)
class Located:
    """A finding with its 1-based line and column (in characters) inside its file."""

    line: int
    col: int
    finding: Finding


@dataclass(frozen=True)
class FileResult:
    """What happened to one file: its encoding, findings, and whether it changed or failed."""

    path: str
    output: str | None = None
    encoding: str | None = None
    bom: bool = False
    findings: tuple[Located, ...] = ()
    finding_count: int = 0
    counts: tuple[tuple[str, int], ...] = ()
    changed: bool = False
    written: bool = False
    skipped: str | None = None
    error: str | None = None
    size: int = 0
    diff: str | None = None

    @property
    def ok(self) -> bool:
        """True when the file was handled without error (skipping is not an error)."""
        return self.error is None


@dataclass(frozen=True)
class Options:
    """How text is repaired: the confidence bar, best effort, which codec paths count."""

    min_confidence: float = DEFAULT_THRESHOLD
    best_effort: bool = False
    codec_paths: tuple[str, ...] = ()
    max_findings: int | None = None


@dataclass(frozen=True)
class Sniffed:
    """The decision about an input's encoding: body codec and BOM, or why it is skipped."""

    codec: str | None
    bom: bytes = b""
    how: str = ""
    skip: str | None = None


# ---------------------------------------------------------------------------------------------
# Text layer: the ignore marker, layered repair of one piece of text.


def ignored_spans(text: str) -> list[tuple[int, int]]:
    """Character spans ``[start, end)`` of the lines of ``text`` that carry the ignore marker."""
    spans: list[tuple[int, int]] = []
    pos = text.find(IGNORE_MARKER)
    while pos != -1:
        start = max(text.rfind("\n", 0, pos), text.rfind("\r", 0, pos)) + 1
        m = _BREAK.search(text, pos)
        end = m.start() if m else len(text)
        spans.append((start, end))
        pos = text.find(IGNORE_MARKER, end)
    return spans


def select_findings(text: str, findings: Iterable[Finding], codec_paths: Sequence[str] = ()) -> list[Finding]:
    """Drop findings on ignored lines and, when ``codec_paths`` is given, on other codec paths."""
    spans = ignored_spans(text)
    kept = []
    for f in findings:
        if codec_paths and f.path not in codec_paths:
            continue
        if any(f.start < end and f.end > start for start, end in spans):
            continue
        kept.append(f)
    return kept


def reportable(f: Finding, opts: Options) -> bool:
    """Whether a finding is reported: at or above the confidence bar, or applied by best effort."""
    return f.confidence >= opts.min_confidence or (opts.best_effort and bool(f.repair) and f.repair != f.text)


def repair_piece(text: str, opts: Options = Options()) -> tuple[str, list[Finding]]:
    """Repair ``text`` layer by layer, honouring ignore markers; return it and the first layer's findings."""
    if text.isascii():
        return text, []
    fixed, found = repair_layers(
        text,
        threshold=opts.min_confidence,
        best_effort=opts.best_effort,
        select=lambda t, fs: select_findings(t, fs, opts.codec_paths),
    )
    return fixed, [f for f in found if reportable(f, opts)]


# ---------------------------------------------------------------------------------------------
# Encodings.


def _canonical(name: str) -> str:
    """Python's canonical name for a codec label (raises LookupError for unknown labels)."""
    return codecs.lookup(name).name


def _decodes(data: bytes, codec: str, final: bool) -> bool:
    """True when ``data`` decodes strictly with ``codec`` (a cut-off tail is allowed unless final)."""
    try:
        codecs.getincrementaldecoder(codec)("strict").decode(data, final)
    except (UnicodeDecodeError, LookupError):
        return False
    return True


def _split_bom(data: bytes) -> tuple[bytes, str | None]:
    """The BOM at the start of ``data`` and the codec it names, or ``(b"", None)``."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return bom, codec
    return b"", None


def _override(data: bytes, encoding: str) -> Sniffed:
    """Honour an explicit encoding; a BOM of the same Unicode family is kept aside."""
    name = _canonical(encoding)
    bom, bom_codec = _split_bom(data)
    base = name.removesuffix("-sig")
    if base == "utf-8":
        return Sniffed("utf-8", bom if bom_codec == "utf-8" else b"", "override")
    for family in ("utf-32", "utf-16"):
        if base.startswith(family):
            if bom_codec and bom_codec.startswith(family) and base in (family, bom_codec):
                return Sniffed(bom_codec, bom, "override")
            return Sniffed(family + "-le" if base == family else base, b"", "override")
    return Sniffed(name, b"", "override")


def _candidates(label: str) -> tuple[str, ...]:
    """Python codecs to try for an encoding label, narrow first."""
    name = _canonical(label)
    return _FAMILIES.get(name, (name,))


@functools.cache
def ascii_compatible(codec: str) -> bool:
    """Whether every ASCII byte is that ASCII character in ``codec``, both ways, one byte each.

    Only such codecs are taken from chardet: an EBCDIC codec (cp500, cp037...), UTF-16/32 without
    a BOM, or a stateful one (UTF-7, HZ, ISO-2022) reads the ASCII of a file as other text, and
    what it repairs there could not be written back or read back the same.
    """
    try:
        return all(bytes([b]).decode(codec) == chr(b) and chr(b).encode(codec) == bytes([b]) for b in range(0x80))
    except (UnicodeError, LookupError):
        return False


def _chardet_labels(data: bytes) -> tuple[Mapping[str, object], Iterator[str]]:
    """chardet's guess for ``data``, and its labels best first (the other candidates only when asked).

    ``detect_all`` runs lazily: only when the first guess is refused.
    """
    import chardet  # imported lazily: only undecided non-UTF-8 input needs it

    sample = data[:CHARDET_BYTES]
    guess = chardet.detect(sample)

    def labels() -> Iterator[str]:
        if guess.get("encoding"):
            yield str(guess["encoding"])
        for other in chardet.detect_all(sample):
            if other.get("encoding"):
                yield str(other["encoding"])

    return guess, labels()


CLOSE_CALL = 0.5
"""chardet confidence under which a single-byte guess is weighed against the double-byte CJK
codecs: a short GBK file holding mojibake (鈥檚 for ’s) is full of chars chardet's GB2312  (mojibake: ignore)
tables call rare, so it guesses ISO-8859-13 at 0.01."""
MODEL_SAMPLE_BYTES = 32_768
"""Bytes decoded for that comparison."""
DOUBLE_BYTE_GAIN = 0.75
"""A double-byte reading must cost at most this share of the single-byte one's bits."""
_DOUBLE_BYTE: tuple[tuple[str, ...], ...] = (("gbk", "gb18030"), ("big5", "cp950"), ("shift_jis", "cp932"), ("euc_kr", "cp949"))


def _close_call(guess: Mapping[str, object]) -> bool:
    """Is chardet's ``guess`` less sure than CLOSE_CALL?"""
    confidence = guess.get("confidence")
    return not isinstance(confidence, (int, float)) or confidence < CLOSE_CALL


def _single_byte(codec: str) -> bool:
    """Does ``codec`` map each byte to one char (windows-1252, ISO-8859-13 ...)?"""
    return len(b"\xb0\xa1\xb0\xa1".decode(codec, errors="replace")) == 4


SINGLE_BYTE: tuple[str, ...] = ("cp1252", "cp1250", "cp1251", "cp1253", "cp1254", "cp1257", "koi8_r", "iso8859_15")
"""The common single-byte codecs weighed against chardet's single-byte guess at a close call
(Western, Central European, Cyrillic, Greek, Turkish, Baltic first): on a short file chardet
guesses at 0.04 that Müller’s in cp1252 is cp862 (Mⁿllerעs)."""  # mojibake: ignore
SINGLE_BYTE_MARGIN_BITS = 4.0
"""Bits by which another single-byte reading must beat chardet's guess (readings that differ
in a char or two, ď for ï, are close: the guess keeps a near tie)."""


def _model_reading(data: bytes, codec: str, complete: bool) -> str | None:
    """A codec that reads ``data`` more plausibly than the single-byte ``codec`` chardet guessed,
    by the character model's bits over the same bytes, or None: a double-byte CJK codec whose
    reading costs at most DOUBLE_BYTE_GAIN of the guess's bits, else one of SINGLE_BYTE that
    beats it by SINGLE_BYTE_MARGIN_BITS (the cheapest; ties go to the earlier of the list)."""
    if not _single_byte(codec):
        return None
    from . import model  # the character model loads lazily: only a close call needs it

    sample = data[:MODEL_SAMPLE_BYTES]
    final = complete and len(sample) == len(data)

    def bits(name: str) -> float | None:  # the model's cost of the sample read as ``name`` (strictly)
        try:
            return model.cost(codecs.getincrementaldecoder(name)("strict").decode(sample, final))
        except UnicodeDecodeError:
            return None

    base = bits(codec)
    if base is None:
        return None
    doubles = (next((c for c in family if _decodes(data, c, complete)), None) for family in _DOUBLE_BYTE)  # supersets read the same
    singles = (c for c in SINGLE_BYTE if _canonical(c) != _canonical(codec) and _decodes(data, c, complete))
    for cands, limit in ((doubles, DOUBLE_BYTE_GAIN * base), (singles, base - SINGLE_BYTE_MARGIN_BITS)):
        best: tuple[float, str] | None = None
        for cand in cands:
            if cand is not None and (cost := bits(cand)) is not None and cost < limit and (best is None or cost < best[0]):
                best = (cost, cand)
        if best is not None:
            return best[1]
    return None


def sniff(data: bytes, *, complete: bool = True, declared: str | None = None, override: str | None = None) -> Sniffed:
    """Decide the encoding of ``data`` (the whole input when ``complete``, else its head).

    Raises ``FileError`` when the bytes decode with no candidate; binary input is skipped.
    """
    if override:
        try:
            return _override(data, override)
        except LookupError:
            raise FileError(f"unknown encoding {override!r}") from None
    bom, codec = _split_bom(data)
    if codec:
        return Sniffed(codec, bom, "bom")
    if b"\x00" in data:
        return Sniffed(None, skip="binary (NUL bytes)")
    if _decodes(data, "utf-8", complete):
        return Sniffed("utf-8", b"", "utf-8")
    guess, labels = _chardet_labels(data)
    if guess.get("encoding") is None and not declared:
        kind = guess.get("mime_type") or "no text encoding found"
        return Sniffed(None, skip=f"binary ({kind})")
    tried: list[str] = []
    refused: list[str] = []
    for lab in labels:
        try:
            own, cands = _canonical(lab), _candidates(lab)
        except LookupError:
            continue
        for cand in cands:
            if cand in tried or cand in refused:
                continue
            if not ascii_compatible(cand):
                refused.append(cand)
                continue
            tried.append(cand)
            if _decodes(data, cand, complete):
                if _close_call(guess) and (other := _model_reading(data, cand, complete)):
                    return Sniffed(other, b"", "chardet, then the character model")
                return Sniffed(cand, b"", "chardet")
        if ascii_compatible(own):
            break  # chardet's best acceptable guess does not decode: only the declared encoding is left
        # a refused guess (EBCDIC, UTF-16...), its ASCII-compatible stand-ins tried: chardet's next one
    if declared:
        try:
            named = _candidates(declared)
        except LookupError:
            named = (declared,)  # named in the message; _decodes fails on it
        for cand in named:
            tried.append(cand)
            if _decodes(data, cand, complete):
                return Sniffed(cand, b"", "declared")
    elif not tried:
        return Sniffed(None, skip="binary (no ASCII-compatible text encoding found)")
    raise FileError(f"undecodable: not UTF-8, nor {', '.join(dict.fromkeys(tried)) or 'any known encoding'}")


# ---------------------------------------------------------------------------------------------
# Segments: cutting a byte stream where no character (and no mojibake span) can straddle.


def _newline_bytes(codec: str) -> bytes:
    """How a line feed is spelled in ``codec``."""
    return "\n".encode(codec)


def safe_cut(buf: bytes, codec: str) -> int | None:
    """An offset in ``buf`` where it may be cut into independently decodable parts, or None.

    Prefers just after the last line feed; for ASCII-compatible codecs falls back to the middle
    of a long run of ASCII bytes (only a run's first byte can be a multibyte trail byte).
    """
    if codec in _STATEFUL:
        return None
    nl = _newline_bytes(codec)
    unit = len(nl)
    end = len(buf)
    while True:
        idx = buf.rfind(nl, 0, end)
        if idx == -1:
            break
        if idx % unit == 0:
            return idx + unit
        end = idx + unit - 1
    if unit != 1 or "a".encode(codec) != b"a":
        return None
    last = None
    for last in _ASCII_RUN.finditer(buf):
        pass
    if last is None:
        return None
    cut = (last.start() + last.end()) // 2
    if buf[cut - 1 : cut] == b"\r":
        cut += 1
    return cut


CUT_OVERLAP = 64
"""Bytes searched again, with the next read, for a cut point (an ASCII run may straddle reads)."""


def segments(stream: BinaryIO, head: bytes, codec: str, size: int = SEGMENT_BYTES) -> Iterator[bytes]:
    """Yield ``head`` + the rest of ``stream`` as byte segments of about ``size`` ending at safe cuts.

    A stretch with no cut point (one huge line of CJK text) becomes one long segment; each read
    is searched for a cut once (plus a small overlap) and appended in amortised constant time,
    so the work stays linear in the size of the stream.
    """
    buf = bytearray(head)
    unit = len(_newline_bytes(codec))
    eof = False
    searched = 0  # buf[:searched] is known to hold no cut point
    while True:
        while not eof and len(buf) < size:
            more = stream.read(size)
            eof = not more
            buf += more
        if eof:
            if buf:
                yield bytes(buf)
            return
        if searched == 0:
            end = min(len(buf), 2 * size)
            cut = safe_cut(bytes(buf[:end]), codec)
        else:
            lo = max(0, searched - CUT_OVERLAP)
            lo -= lo % unit
            end = len(buf)
            rel = safe_cut(bytes(buf[lo:]), codec)
            cut = lo + rel if rel else None
        if cut:
            yield bytes(buf[:cut])
            del buf[:cut]
            searched = 0
        else:
            searched = end
            more = stream.read(size)
            eof = not more
            buf += more


def encode_like(original: bytes, old: str, new: str, codec: str) -> bytes:
    """Encode ``new`` in ``codec``, reusing ``original``'s bytes for every unchanged line.

    Keeps legacy codecs byte-exact where nothing changed (their decode/encode is not always a
    round trip). Raises UnicodeEncodeError when ``new`` cannot be written in ``codec``.
    """
    if codec.startswith(("utf-8", "utf-16", "utf-32")) or _newline_bytes(codec) != b"\n":
        return new.encode(codec)
    raw, olds, news = original.split(b"\n"), old.split("\n"), new.split("\n")
    if not len(raw) == len(olds) == len(news):
        return new.encode(codec)
    out = [r if o == n else n.encode(codec) for r, o, n in zip(raw, olds, news)]
    return b"\n".join(out)


def encode_back(original: bytes, old: str, new: str, codec: str) -> bytes:
    """``encode_like``, checked: the bytes of ``new`` in ``codec`` that decode to exactly ``new`` again.

    A repair ``codec`` cannot hold (or that would decode as other characters) raises ``FileError``
    and nothing is written: the file keeps its encoding, never silently turned into UTF-8 or into
    replacement characters. Marking the line ``mojibake: ignore`` (or converting the file to
    UTF-8 first) lets the rest of the file be repaired.
    """
    try:
        out = encode_like(original, old, new, codec)
    except UnicodeEncodeError as e:
        raise FileError(f"repaired text cannot be encoded back as {codec} ({new[e.start:e.end]!r}); not written") from None
    if out.decode(codec, "replace") != new:
        raise FileError(f"repaired text does not read back the same in {codec}; not written")
    return out


def _read_head(stream: BinaryIO, segment_bytes: int) -> tuple[bytes, bool]:
    """The first bytes of ``stream`` that its encoding is decided on, and whether they are all of it."""
    head = stream.read(SNIFF_BYTES)
    complete = len(head) < SNIFF_BYTES
    if not complete:
        more = stream.read(segment_bytes)
        complete = not more
        head += more
    return head, complete


def check_read_back(written: bytes, sniffed: Sniffed, *, declared: str | None, segment_bytes: int) -> None:
    """Raise ``FileError`` unless the next run would read ``written`` (the output's head) as this run wrote it.

    The next run decides the encoding on the new bytes: it must choose the same codec and BOM,
    or (when the head is the whole output) one that reads the same text, e.g. GBK for GB18030
    bytes that lost their 4-byte sequences. Else a repair could flip chardet's close call and the
    next run would read, repair, or refuse different text, so ``fix`` would not be idempotent.
    """
    head, complete = _read_head(io.BytesIO(written), segment_bytes)
    try:
        again = sniff(head, complete=complete, declared=declared)
    except FileError:
        again = Sniffed(None, skip="undecodable")
    if (again.codec, again.bom) == (sniffed.codec, sniffed.bom):
        return
    if complete and again.codec is not None and sniffed.codec is not None:
        try:
            if head.decode(again.codec) == head.decode(sniffed.codec):  # a BOM reads as U+FEFF in both
                return
        except UnicodeDecodeError:
            pass
    raise FileError(
        f"the repaired bytes would be detected as {again.codec or again.skip}, not {sniffed.codec}, "
        f"so the next run would read other text; not written (--encoding {sniffed.codec} settles it)"
    )


# ---------------------------------------------------------------------------------------------
# The scanning core shared by files, streams and bytes.


@dataclass
class _Scan:
    """Per-call accumulator for findings and positions (local to one call, never shared)."""

    opts: Options
    line: int = 1
    col: int = 0
    located: list[Located] = field(default_factory=list)
    count: int = 0
    counts: Counter[str] = field(default_factory=Counter)
    changed: bool = False

    def record(self, text: str, found: list[Finding]) -> None:
        """Remember ``found`` (offsets in ``text``) with file positions; advance past ``text``."""
        starts = [0] + [m.end() for m in _BREAK.finditer(text)]
        for f in found:
            self.count += 1
            self.counts[f.path] += 1
            if self.opts.max_findings is not None and len(self.located) >= self.opts.max_findings:
                continue
            i = bisect_right(starts, f.start) - 1
            col = (self.col + f.start if i == 0 else f.start - starts[i]) + 1
            self.located.append(Located(self.line + i, col, f))
        if len(starts) > 1:
            self.line += len(starts) - 1
            self.col = len(text) - starts[-1]
        else:
            self.col += len(text)


def _scan(
    stream: BinaryIO,
    emit: Callable[[int, bytes, bytes | None], None],
    *,
    encoding: str | None,
    declared: str | None,
    opts: Options,
    texts: list[tuple[str, str]] | None,
    segment_bytes: int,
) -> tuple[Sniffed, _Scan, int]:
    """Read ``stream``, repair it segment by segment, and ``emit(offset, raw, new_or_None)``.

    ``new_or_None`` is ``None`` for a segment that stays byte-identical. Returns the encoding
    decision, the findings, and the number of bytes read. Raises ``FileError`` (after emitting,
    before the caller commits) when the output would not read back as the repaired text: see
    ``encode_back`` and ``check_read_back``.
    """
    head, complete = _read_head(stream, segment_bytes)
    sniffed = sniff(head, complete=complete, declared=declared, override=encoding)
    scan = _Scan(opts)
    if sniffed.skip or sniffed.codec is None:
        emit(0, head, None)
        return sniffed, scan, len(head)
    codec = sniffed.codec
    offset = len(sniffed.bom)
    if sniffed.bom:
        emit(0, sniffed.bom, None)
    keep = SNIFF_BYTES + segment_bytes
    written = bytearray(sniffed.bom)  # the output's head: what the next run decides its encoding on
    for seg in segments(stream, head[offset:], codec, segment_bytes):
        try:
            text = seg.decode(codec)
        except UnicodeDecodeError as e:
            raise FileError(f"undecodable as {codec} at byte {offset + e.start}") from None
        fixed, found = repair_piece(text, opts)
        scan.record(text, found)
        if texts is not None:
            texts.append((text, fixed))
        out = seg
        if fixed == text:
            emit(offset, seg, None)
        else:
            scan.changed = True
            out = encode_back(seg, text, fixed, codec)
            emit(offset, seg, out)
        if len(written) < keep:
            written += out[: keep - len(written)]
        offset += len(seg)
    if scan.changed and sniffed.how != "override":
        check_read_back(bytes(written), sniffed, declared=declared, segment_bytes=segment_bytes)
    return sniffed, scan, offset


def _unified(path: str, texts: list[tuple[str, str]]) -> str:
    """A unified diff of the old and new text of ``path``."""
    old = "".join(t for t, _ in texts).splitlines(keepends=True)
    new = "".join(f for _, f in texts).splitlines(keepends=True)
    shown = path.lstrip("/")
    return "".join(difflib.unified_diff(old, new, f"a/{shown}", f"b/{shown}"))


def _result(path: str, sniffed: Sniffed | None, scan: _Scan | None, **kw: object) -> FileResult:
    """Assemble a FileResult from the pieces of a scan."""
    if sniffed is not None:
        kw.setdefault("encoding", sniffed.codec)
        kw.setdefault("bom", bool(sniffed.bom))
        kw.setdefault("skipped", sniffed.skip)
    if scan is not None:
        kw.setdefault("findings", tuple(scan.located))
        kw.setdefault("finding_count", scan.count)
        kw.setdefault("counts", tuple(sorted(scan.counts.items())))
        kw.setdefault("changed", scan.changed)
    return FileResult(path=path, **kw)  # type: ignore[arg-type]


# ---------------------------------------------------------------------------------------------
# Public entry points.


def repair_bytes(
    data: bytes,
    encoding: str | None = None,
    *,
    min_confidence: float = DEFAULT_THRESHOLD,
    best_effort: bool = False,
) -> str:
    """Decode ``data`` (declared ``encoding`` may be wrong or missing) and repair the text.

    Order: BOM, clean UTF-8, chardet, then the declared encoding. Lines with the ignore marker
    stay as they are. Raises ``FileError`` for binary or undecodable bytes.
    """
    sniffed = sniff(data, declared=encoding)
    if sniffed.skip or sniffed.codec is None:
        raise FileError(sniffed.skip or "undecodable")
    try:
        text = data[len(sniffed.bom) :].decode(sniffed.codec)
    except UnicodeDecodeError as e:  # a BOM promised a codec the rest does not follow
        raise FileError(f"undecodable as {sniffed.codec} at byte {len(sniffed.bom) + e.start}") from None
    fixed, _ = repair_piece(text, Options(min_confidence=min_confidence, best_effort=best_effort))
    return fixed


def preload() -> None:
    """Load the character model and chardet's tables now (before forking workers that share them)."""
    detect("\u4e2d\u6587")
    import chardet

    chardet.detect("\u4e2d\u6587\u6d4b\u8bd5".encode("gbk"))


def _noop(offset: int, raw: bytes, new: bytes | None) -> None:
    """An emit that writes nothing (check, dry run)."""


def repair_stream(
    src: BinaryIO,
    dst: BinaryIO | None,
    *,
    name: str = "-",
    encoding: str | None = None,
    options: Options = Options(),
    diff: bool = False,
    segment_bytes: int = SEGMENT_BYTES,
) -> FileResult:
    """Repair the byte stream ``src`` into ``dst`` (same encoding, BOM and newlines).

    With ``dst=None`` nothing is written (check / dry run). Binary input is copied through
    unchanged. Errors are reported in the result, not raised; output already written to
    ``dst`` before an error cannot be taken back, so callers should not trust ``dst`` then.
    """
    texts: list[tuple[str, str]] | None = [] if diff else None

    def emit(offset: int, raw: bytes, new: bytes | None) -> None:
        if dst is not None:
            dst.write(raw if new is None else new)

    try:
        sniffed, scan, size = _scan(
            src, emit, encoding=encoding, declared=None, opts=options, texts=texts, segment_bytes=segment_bytes
        )
        if sniffed.skip and dst is not None:
            shutil.copyfileobj(src, dst)
    except FileError as e:
        return FileResult(name, error=str(e))
    except OSError as e:
        return FileResult(name, error=_os_message(e))
    return _result(name, sniffed, scan, size=size, written=dst is not None,
                   diff=_unified(name, texts) if texts is not None and scan.changed else None)


def file_kind(mode: int) -> str:
    """A plain name for the file type in ``mode`` (``"FIFO"``, ``"character device"``...)."""
    kinds = (
        (stat.S_ISREG, "regular file"), (stat.S_ISDIR, "directory"), (stat.S_ISLNK, "symlink"),
        (stat.S_ISFIFO, "FIFO"), (stat.S_ISCHR, "character device"), (stat.S_ISBLK, "block device"),
        (stat.S_ISSOCK, "socket"),
    )
    return next((name for test, name in kinds if test(mode)), "special file")


def open_regular(path: str, flags: int) -> int:
    """An ``open(..., opener=open_regular)`` that only ever opens a regular file, without blocking.

    ``O_NONBLOCK`` keeps a FIFO swapped in after the ``stat`` check from blocking the open, and
    ``O_NOFOLLOW`` refuses a path whose last component became a symlink (callers pass resolved
    paths); the opened descriptor must be a regular file, else ``FileError``.
    """
    fd = os.open(path, flags | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0))
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise FileError(f"{file_kind(mode)}, not a regular file; refused (not read)")
        os.set_blocking(fd, True)
    except BaseException:
        os.close(fd)
        raise
    return fd


def inside(path: str | os.PathLike[str], root: str | os.PathLike[str]) -> bool:
    """Whether ``path`` lies in (or is) ``root``, both with every existing symlink resolved."""
    p, r = os.path.realpath(path), os.path.realpath(root)
    return p == r or p.startswith(r.rstrip(os.sep) + os.sep)


def check_inside(directory: str, root: str) -> None:
    """Raise ``FileError`` unless ``directory`` lies inside ``root`` (symlinks resolved)."""
    if not inside(directory, root):
        raise FileError(f"output would land outside the output directory ({os.path.realpath(directory)}); not written")


def _os_message(e: OSError) -> str:
    """A short human message for an OSError, naming the common cases plainly."""
    if getattr(e, "errno", None) == errno.ELOOP:
        return "became a symlink during the run; not read"
    if isinstance(e, FileNotFoundError):
        return "no such file (missing, or vanished during the run)"
    if isinstance(e, PermissionError):
        return "permission denied"
    if isinstance(e, IsADirectoryError):
        return "is a directory"
    return e.strerror or str(e)


class _FileSink:
    """Writes the repaired copy of ``src`` to a temp file beside ``target``; created lazily.

    In lazy mode (in place) nothing touches the disk until the first changed segment, when the
    unchanged prefix is copied from ``src``. ``commit`` fsyncs, copies the mode and
    ``os.replace``-s; ``discard`` removes the temp file (safe to call after commit).
    """

    def __init__(
        self, src: str, target: str, st: os.stat_result, *, eager: bool, root: str | None = None
    ) -> None:
        self.src, self.target, self.st, self.eager, self.root = src, target, st, eager, root
        self.fh: BinaryIO | None = None
        self.tmp: str | None = None

    def _open(self, prefix: int) -> None:
        """Create the temp file and copy the first ``prefix`` bytes of ``src`` into it.

        With a ``root`` (``--output-dir``) the target's directory must lie inside it, symlinks
        resolved, before and after its parents are created; else nothing is written.
        """
        directory = os.path.dirname(os.path.abspath(self.target))
        if self.root is not None:
            check_inside(directory, self.root)
        os.makedirs(directory, exist_ok=True)
        if self.root is not None:
            check_inside(directory, self.root)
        fd = create_temp(self, self.target)
        self.fh = os.fdopen(fd, "wb")
        if prefix:
            with open(self.src, "rb", opener=open_regular) as f:
                left = prefix
                while left:
                    block = f.read(min(left, SEGMENT_BYTES))
                    if not block:
                        raise FileError("file shrank during the run; not written")
                    self.fh.write(block)
                    left -= len(block)

    def emit(self, offset: int, raw: bytes, new: bytes | None) -> None:
        """Write one segment (its repaired bytes, or its original bytes)."""
        if self.fh is None:
            if new is None and not self.eager:
                return
            self._open(offset)
        assert self.fh is not None
        self.fh.write(raw if new is None else new)

    def copy_all(self) -> None:
        """Make the temp file a byte copy of ``src`` (for outputs of skipped files)."""
        if self.fh is None:
            self._open(0)
        assert self.fh is not None
        self.fh.seek(0)
        self.fh.truncate()
        with open(self.src, "rb", opener=open_regular) as f:
            shutil.copyfileobj(f, self.fh)

    def commit(self, backup_suffix: str | None = None, keep_mtime: bool = False, sync_dir: bool = True) -> None:
        """Flush, fsync and atomically move the temp file over the target (backing it up first)."""
        if self.fh is None:
            self._open(0)
        assert self.fh is not None and self.tmp is not None
        self.fh.flush()
        os.fsync(self.fh.fileno())
        try:
            os.fchown(self.fh.fileno(), self.st.st_uid, self.st.st_gid)
        except OSError:
            pass  # only root may give a file away; the mode is what matters
        os.fchmod(self.fh.fileno(), stat.S_IMODE(self.st.st_mode))  # after chown, which clears setuid/setgid
        self.fh.close()
        if keep_mtime:
            os.utime(self.tmp, ns=(self.st.st_atime_ns, self.st.st_mtime_ns))
        if self.target == self.src:
            now = os.stat(self.src)  # FileNotFoundError if it vanished: reported, nothing written
            if (now.st_ino, now.st_size, now.st_mtime_ns) != (self.st.st_ino, self.st.st_size, self.st.st_mtime_ns):
                raise FileError("file changed during the run; not written")
            if backup_suffix:
                _backup(self.src, self.src + backup_suffix)
        os.replace(self.tmp, self.target)
        self.tmp = None
        if sync_dir:
            fsync_dir(os.path.dirname(os.path.abspath(self.target)))

    def discard(self) -> None:
        """Close and remove the temp file if one is still around."""
        if self.fh is not None and not self.fh.closed:
            self.fh.close()
        if self.tmp is not None:
            try:
                os.unlink(self.tmp)
            except FileNotFoundError:
                pass
            self.tmp = None


def temp_name(target: str) -> str:
    """A fresh name for a temp file beside ``target``: ``.NAME.RANDOM.mojibake-tmp``."""
    directory, base = os.path.split(os.path.abspath(target))
    return os.path.join(directory, f".{base}.{secrets.token_hex(6)}{TEMP_SUFFIX}")


class _HasTmp(Protocol):
    tmp: str | None


def create_temp(owner: _HasTmp, target: str) -> int:
    """Create a new temp file beside ``target`` (mode 0600) and return its descriptor.

    ``owner.tmp`` names the file *before* it exists, so a signal at any instant leaves the
    owner able to remove it (removing a name that was never created is harmless).
    """
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOFOLLOW", 0)
    while True:
        owner.tmp = temp_name(target)
        try:
            return os.open(owner.tmp, flags, 0o600)
        except FileExistsError:
            continue
        except OSError:
            owner.tmp = None  # nothing was created
            raise


@dataclass
class _Tmp:
    """A holder for the name of a temp file (see ``create_temp``)."""

    tmp: str | None = None


def _backup(path: str, backup: str) -> None:
    """Keep the original of ``path`` as ``backup``: a hard link when possible, else a copy."""
    holder = _Tmp(temp_name(backup))
    try:
        assert holder.tmp is not None
        try:
            os.link(path, holder.tmp)
        except OSError:
            os.close(create_temp(holder, backup))
            shutil.copy2(path, holder.tmp)
        os.replace(holder.tmp, backup)
    except BaseException:
        if holder.tmp is not None and os.path.lexists(holder.tmp):
            os.unlink(holder.tmp)
        raise


class AtomicOutput:
    """``with AtomicOutput(target, like=src) as fh:`` writes a temp file beside ``target`` that
    replaces it on success (fsynced, with ``like``'s mode) and is removed on any error.

    The same ``_FileSink`` as ``repair_file`` does the work, so writers of whole new files
    (datasets) get the same safety: when ``target`` is ``like`` itself, a source changed during
    the run is reported (``FileError``), never overwritten.
    """

    def __init__(self, target: str | os.PathLike[str], *, like: str | os.PathLike[str], sync_dir: bool = True) -> None:
        src = os.path.realpath(like)
        self.sink = _FileSink(src, os.path.abspath(target), os.stat(src), eager=True)
        self.sync_dir = sync_dir

    def __enter__(self) -> BinaryIO:
        self.sink.emit(0, b"", None)  # opens the temp file
        assert self.sink.fh is not None
        return self.sink.fh

    def __exit__(self, kind: object, value: object, tb: object) -> None:
        try:
            if kind is None:
                self.sink.commit(sync_dir=self.sync_dir)
        finally:
            self.sink.discard()


def fsync_dir(directory: str) -> None:
    """fsync a directory so a rename in it survives a crash (best effort where unsupported)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def repair_file(
    path: str | os.PathLike[str],
    *,
    output: str | os.PathLike[str] | None = None,
    encoding: str | None = None,
    dry_run: bool = False,
    backup_suffix: str | None = None,
    options: Options | None = None,
    min_confidence: float = DEFAULT_THRESHOLD,
    best_effort: bool = False,
    diff: bool = False,
    segment_bytes: int = SEGMENT_BYTES,
    sync_dir: bool = True,
    output_root: str | os.PathLike[str] | None = None,
) -> FileResult:
    """Repair one file in place (atomically) or into ``output``; never raises for per-file problems.

    ``encoding`` overrides detection. ``dry_run`` only reports. ``backup_suffix`` keeps the
    original as ``path + suffix`` when the file changes. With ``output`` the original is left
    alone and ``output`` always receives the (repaired or copied) content; with ``output_root``
    too, ``output`` must lie inside it once symlinks are resolved, else nothing is written.
    ``options`` wins over ``min_confidence``/``best_effort``. ``sync_dir=False`` skips the fsync
    of the directory after the rename (the caller batches it with ``fsync_dir``; the replace stays
    atomic). A named symlink is followed (its target is repaired, the link kept); anything but a
    regular file (FIFO, device, socket, directory) is refused without being opened. See the
    module docstring for the policies.
    """
    name = os.fspath(path)
    opts = options or Options(min_confidence=min_confidence, best_effort=best_effort)
    sink: _FileSink | None = None
    try:
        real = os.path.realpath(name)
        st = os.stat(real)
        if not stat.S_ISREG(st.st_mode):
            return FileResult(name, error=f"{file_kind(st.st_mode)}, not a regular file; refused (not read)")
        target = os.path.abspath(os.fspath(output)) if output is not None else real
        root = os.fspath(output_root) if output_root is not None and output is not None else None
        if root is not None and not dry_run:
            check_inside(os.path.dirname(target), root)
        in_place = target == real
        readonly = in_place and not st.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)
        if not dry_run and not (in_place and readonly):
            sink = _FileSink(real, target, st, eager=not in_place, root=root)
        texts: list[tuple[str, str]] | None = [] if diff else None
        with open(real, "rb", opener=open_regular) as fh:
            sniffed, scan, size = _scan(
                fh, sink.emit if sink else _noop, encoding=encoding, declared=None, opts=opts, texts=texts,
                segment_bytes=segment_bytes,
            )
        out = None if in_place else target
        patch = _unified(name, texts) if texts is not None and scan.changed else None
        if sniffed.skip:
            if sink is not None and not in_place:
                sink.copy_all()
                sink.commit(keep_mtime=True, sync_dir=sync_dir)
                return _result(name, sniffed, scan, size=st.st_size, output=out, written=True)
            return _result(name, sniffed, scan, size=st.st_size, output=out)
        if not scan.changed:
            if sink is not None and not in_place:
                sink.commit(keep_mtime=True, sync_dir=sync_dir)
                return _result(name, sniffed, scan, size=size, output=out, written=True, diff=patch)
            return _result(name, sniffed, scan, size=size, output=out, diff=patch)
        if in_place and readonly and not dry_run:
            return _result(name, sniffed, scan, size=size, diff=patch,
                           error="read-only file (no write permission bits); not modified")
        if sink is None:
            return _result(name, sniffed, scan, size=size, output=out, diff=patch)
        sink.commit(backup_suffix=backup_suffix if in_place else None, sync_dir=sync_dir)
        return _result(name, sniffed, scan, size=size, output=out, written=True, diff=patch)
    except FileError as e:
        return FileResult(name, error=str(e))
    except OSError as e:
        return FileResult(name, error=_os_message(e))
    finally:
        if sink is not None:
            sink.discard()


# ---------------------------------------------------------------------------------------------
# Walking trees.


def matches(rel: str, patterns: Iterable[str], *, is_dir: bool = False) -> bool:
    """Whether the relative POSIX path ``rel`` matches any gitignore-style glob in ``patterns``.

    A pattern without ``/`` (``*.bin``, ``fixtures/``) matches any single path component; one
    with ``/`` inside (``mojibake/data/``) matches from the start of ``rel``. A trailing ``/``
    restricts the pattern to directories (so it excludes everything under them).
    """
    parts = [p for p in rel.split("/") if p not in ("", ".")]
    for pat in patterns:
        dir_only = pat.endswith("/")
        body = pat.strip("/")
        if not body:
            continue
        anchored = "/" in body
        n = len(parts) if (is_dir or not dir_only) else len(parts) - 1
        if anchored:
            cands = ["/".join(parts[: i + 1]) for i in range(n)]
        else:
            cands = parts[:n]
        if any(fnmatch.fnmatchcase(c, body) for c in cands):
            return True
    return False


def relative_to(path: str | os.PathLike[str], base: str | os.PathLike[str] | None) -> str:
    """``path`` relative to ``base`` as POSIX text when it lies under ``base``, else as given."""
    p = os.path.abspath(path)
    if base is not None:
        b = os.path.abspath(base)
        if p == b or p.startswith(b.rstrip(os.sep) + os.sep):
            return Path(os.path.relpath(p, b)).as_posix()
    return Path(os.path.normpath(os.fspath(path))).as_posix()


def selected(rel: str, include: Sequence[str], exclude: Sequence[str]) -> bool:
    """Whether a file at relative path ``rel`` passes the include and exclude globs."""
    if exclude and matches(rel, exclude):
        return False
    return not include or matches(rel, include)


GIT_TIMEOUT = 60.0
"""Seconds ``git_ignored`` waits for git before walking without it."""


def git_ignored(root: str | os.PathLike[str]) -> frozenset[str]:
    """Absolute paths of the untracked files and directories that git ignores under ``root``
    (its .gitignore files, .git/info/exclude, the user's global excludes); empty when ``root``
    is in no git work tree or git is missing, or is itself ignored (named, it is walked whole, as
    ripgrep does). Tracked files are never in it, ignored or not."""
    cmd = ["git", "-C", os.fspath(root), "ls-files", "-z", "--others", "--ignored", "--exclude-standard", "--directory"]
    try:
        p = subprocess.run(cmd, capture_output=True, timeout=GIT_TIMEOUT, check=False)
    except (OSError, subprocess.SubprocessError):
        return frozenset()
    if p.returncode != 0:
        return frozenset()
    top = os.path.abspath(root)
    out = frozenset(
        os.path.normpath(os.path.join(top, os.fsdecode(entry).rstrip("/"))) for entry in p.stdout.split(b"\0") if entry
    )
    return frozenset() if top in out else out  # a directory named though ignored is walked whole


def iter_files(
    paths: Iterable[str | os.PathLike[str]],
    include: Sequence[str] = (),
    exclude: Sequence[str] = (),
    *,
    base: str | os.PathLike[str] | None = None,
    on_skip: Callable[[Path, str], None] | None = None,
    gitignore: bool = True,
) -> Iterator[Path]:
    """Every file named by or found under ``paths``, each once, in a stable order.

    Directories are walked recursively without following symlinks: a symlinked file or
    directory met inside a tree is never visited, so nothing outside the named tree is reached.
    Those pointing outside the tree (or nowhere), FIFOs, devices and sockets met in a walk, and
    directories that cannot be listed are passed to ``on_skip(path, reason)`` (symlinks that
    stay inside are skipped silently: their targets are walked on their own). VCS and cache
    directories are skipped, and, with ``gitignore``, what git ignores in a walked tree that
    lies in a work tree (build output, downloads: ``git_ignored``). Globs are matched against
    the path relative to ``base`` (e.g. the config's root) when the file lies under it, else
    relative to the named directory. Named
    paths are yielded as given, even when missing, a symlink or not a regular file, so the
    caller can handle or report them.
    """
    skip = on_skip or (lambda path, reason: None)
    seen: set[str] = set()
    for named in paths:
        root = Path(named)
        if not root.is_dir():
            rel = relative_to(root, base)
            key = os.path.realpath(root)
            if key not in seen and selected(rel, include, exclude):
                seen.add(key)
                yield root
            continue
        tree = os.path.realpath(root)
        ignored = git_ignored(root) if gitignore else frozenset()
        for dirpath, dirnames, filenames in os.walk(root, onerror=lambda e: skip(Path(e.filename), _os_message(e))):
            keep = []
            for d in sorted(dirnames):
                full = os.path.join(dirpath, d)
                if d in SKIP_DIRS:
                    continue
                if ignored and os.path.abspath(full) in ignored:
                    continue
                if exclude and matches(_rel_in_tree(full, root, base), exclude, is_dir=True):
                    continue
                if os.path.islink(full):
                    _skip_link(full, tree, skip)
                    continue
                keep.append(d)
            dirnames[:] = keep
            for f in sorted(filenames):
                full = os.path.join(dirpath, f)
                if f.endswith(TEMP_SUFFIX) or not selected(_rel_in_tree(full, root, base), include, exclude):
                    continue
                if ignored and os.path.abspath(full) in ignored:
                    continue
                try:
                    mode = os.lstat(full).st_mode
                except FileNotFoundError:
                    continue  # vanished since the directory was listed
                if stat.S_ISLNK(mode):
                    _skip_link(full, tree, skip)
                    continue
                if not stat.S_ISREG(mode):
                    skip(Path(full), f"{file_kind(mode)}, not a regular file; not read")
                    continue
                key = os.path.realpath(full)
                if key not in seen:
                    seen.add(key)
                    yield Path(full)


def link_skip_reason(link: str | os.PathLike[str], tree: str | os.PathLike[str]) -> str | None:
    """Why a symlink met while walking ``tree`` is reported: dangling or pointing outside; else None."""
    target = os.path.realpath(link)
    if not os.path.exists(target):
        return "broken symlink; not followed"
    if not inside(target, tree):
        return f"symlink to outside the tree ({target}); not followed"
    return None


def _skip_link(link: str, tree: str, skip: Callable[[Path, str], None]) -> None:
    """Report a symlink met in a walk when it points outside ``tree`` or nowhere."""
    reason = link_skip_reason(link, tree)
    if reason is not None:
        skip(Path(link), reason)


def _rel_in_tree(full: str, root: Path, base: str | os.PathLike[str] | None) -> str:
    """Relative path used for glob matching: under ``base`` if possible, else under ``root``."""
    if base is not None:
        b = os.path.abspath(base)
        p = os.path.abspath(full)
        if p.startswith(b.rstrip(os.sep) + os.sep):
            return Path(os.path.relpath(p, b)).as_posix()
    return Path(os.path.relpath(full, root)).as_posix()
