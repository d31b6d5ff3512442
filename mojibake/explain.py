"""Human-readable account of the findings in a text."""

from __future__ import annotations

from .detect import detect
from .finding import Finding


def describe(f: Finding) -> str:
    """One finding as a line: where, what, into what, by which path, how sure."""
    head = f"{f.start}-{f.end}: {f.text!r} -> {f.repair!r} ({f.path}, confidence {f.confidence:.2f})"
    lines = [head]
    if f.lost:
        lines.append(f"    {f.lost} byte(s) lost by the decoder")
    for inf in f.inferred:
        alts = ", ".join(f"{c!r} {p:.2f}" for c, p in inf.alternatives[:5])
        lines.append(f"    inferred {inf.char!r} at {inf.offset}: {alts}")
    if f.note:
        lines.append(f"    {f.note}")
    return "\n".join(lines)


def explain(text: str) -> str:
    """Describe every finding in ``text``, one block each; a short line when there are none."""
    findings = detect(text)
    if not findings:
        return "no mojibake found"
    return "\n".join(describe(f) for f in findings)
