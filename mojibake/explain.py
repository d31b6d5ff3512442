"""Human-readable account of the findings in a text."""

from __future__ import annotations

from .detect import detect
from .finding import Finding


def _hex(data: bytes) -> str:
    """Bytes as spaced hex pairs (E2 80 99)."""
    return data.hex(" ").upper()


def describe(f: Finding) -> str:
    """One finding as a line: where, what, into what, by which path, how sure."""
    head = f"{f.start}-{f.end}: {f.text!r} -> {f.repair!r} ({f.path}, confidence {f.confidence:.2f})"
    lines = [head]
    if f.path.startswith("utf-8 as "):
        codec = f.path.removeprefix("utf-8 as ")
        seen = " ".join("??" if ch == "\ufffd" else _hex(ch.encode(codec, errors="replace")) for ch in f.text)
        marked = " (?? = lost)" if "??" in seen else ""
        lines.append(f"    bytes the decoder saw: {seen}{marked}; the repair in UTF-8: {_hex(f.repair.encode('utf-8'))}")
    if f.lost:
        lines.append(f"    {f.lost} byte(s) lost by the decoder")
    for inf in f.inferred:
        alts = ", ".join(f"{c!r} {p:.2f}" for c, p in inf.alternatives[:5])
        lines.append(f"    inferred {inf.char!r} ({_hex(inf.char.encode('utf-8'))}) at {inf.offset}: {alts}")
    if f.note:
        lines.append(f"    {f.note}")
    return "\n".join(lines)


def explain(text: str) -> str:
    """Describe every finding in ``text``, one block each; a short line when there are none."""
    findings = detect(text)
    if not findings:
        return "no mojibake found"
    return "\n".join(describe(f) for f in findings)
