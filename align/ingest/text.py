"""Decoding and cleaning of raw article text; plain-text paragraph splitting."""

from __future__ import annotations

import re
import unicodedata

from align.errors import InputError

# Characters outside XML 1.0 ``Char`` (C0 controls except TAB/LF/CR, surrogates, U+FFFE/U+FFFF).
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# Bidirectional embeddings, overrides and isolates (LRE, RLE, PDF, LRO, RLO, LRI, RLI, FSI, PDI): they
# reorder how text is displayed ("Trojan Source"), so a reviewer could approve what they did not see.
# The plain marks LRM, RLM and ALM stay: they only mark a direction, and Arabic text uses them.
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
_SENTENCE_END = re.compile(r"[.!?…:;。！？؟»\"”’)\]]\s*$")
_BOMS = (("\ufeff".encode("utf-16-le"), "utf-16"), ("\ufeff".encode("utf-16-be"), "utf-16"))


def strip_invalid_xml_chars(text: str) -> str:
    """Remove characters that XML 1.0 cannot carry (so every later export stays valid)."""
    return _XML_INVALID.sub("", text)


def strip_bidi_controls(text: str) -> str:
    """Remove bidirectional embedding, override and isolate characters (LRM and RLM stay)."""
    return _BIDI_CONTROLS.sub("", text)


def clean_text(text: str) -> str:
    """NFC-normalise, unify newlines, drop XML-invalid control characters and bidirectional
    overrides; keep everything else."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return strip_bidi_controls(strip_invalid_xml_chars(unicodedata.normalize("NFC", text)))


def decode_bytes(data: bytes, source: str = "input") -> str:
    """Decode article bytes as UTF-8 (BOM allowed; UTF-16 only with a BOM); reject binary data."""
    if not data.strip():
        raise InputError(f"{source}: file is empty")
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError as exc:
                raise InputError(f"{source}: invalid UTF-16 text ({exc.reason})") from None
    if b"\x00" in data[:8192]:
        raise InputError(f"{source}: looks like a binary file, not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{source}: not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            "convert it first, e.g. iconv -f latin1 -t utf-8"
        ) from None
    controls = sum(1 for ch in text[:8192] if unicodedata.category(ch) == "Cc" and ch not in "\t\n\r\f")
    if controls > max(8, len(text[:8192]) // 50):
        raise InputError(f"{source}: looks like a binary file, not text")
    return text


def _is_wrapped(line: str, next_line: str) -> bool:
    """True when ``line`` continues on ``next_line`` (hard-wrapped prose, not a new paragraph)."""
    return not _SENTENCE_END.search(line) and next_line[:1].islower()


def text_paragraphs(text: str) -> list[str]:
    """Paragraphs of plain text: blank lines and line breaks separate them, unless a line is hard-wrapped."""
    paragraphs: list[str] = []
    for block in re.split(r"\n\s*\n", clean_text(text)):
        lines = [re.sub(r"[ \t]+", " ", line).strip() for line in block.split("\n")]
        lines = [line for line in lines if line]
        current = ""
        for i, line in enumerate(lines):
            current = f"{current} {line}" if current else line
            if i + 1 == len(lines) or not _is_wrapped(line, lines[i + 1]):
                paragraphs.append(current)
                current = ""
    return paragraphs
