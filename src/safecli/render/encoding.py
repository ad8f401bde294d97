"""Text outputs as the bytes Excel opens correctly."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

ENCODINGS = ("utf-8", "gb18030")

UTF8_BOM = b"\xef\xbb\xbf"


def csv_bytes(text: str, encoding: str = "utf-8") -> bytes:
    """CSV text as bytes: UTF-8 with a BOM (Excel guesses the legacy code page without one and
    shows Chinese garbled), or GB18030 for old Excel on a Chinese Windows (no BOM there)."""
    if encoding == "gb18030":
        return text.encode("gb18030")
    return UTF8_BOM + text.encode("utf-8")


def csv_byte_chunks(chunks: Iterable[str], encoding: str = "utf-8") -> Iterator[bytes]:
    """`csv_bytes` of text that comes in pieces (both encodings are stateless, so each piece
    is encoded alone)."""
    if encoding != "gb18030":
        yield UTF8_BOM
    for chunk in chunks:
        yield chunk.encode(encoding)
