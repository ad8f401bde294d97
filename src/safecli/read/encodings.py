"""Text encodings a file may be in that safecli does not read, told from its first bytes."""

from __future__ import annotations


def wide_encoding(raw: bytes) -> str | None:
    """UTF-32 or UTF-16 when the bytes open with its BOM (Notepad's "Unicode", PowerShell's
    `>`, Excel's "Unicode text"): text in an encoding safecli does not read, not binary."""
    if raw[:4] in (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff"):
        return "UTF-32"
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return "UTF-16"
    return None
