"""Bytes to text: which encoding a text file is in, and whether it is text at all.

Extracted text from the wild is mostly UTF-8, but text exported from Windows tools and older
OCR is often Windows-1252, Latin-1 or UTF-16 with a byte-order mark. The order of evidence:

1. a byte-order mark (UTF-8, UTF-16 LE/BE, UTF-32 LE/BE) decides;
2. a known binary signature (PDF, ZIP, images, executables, ...) means not text;
3. bytes that are valid UTF-8 are UTF-8 (a UTF-8 file is never decoded as anything else, so it
   is never turned into mojibake); a file that is UTF-8 but for a few bad bytes stays UTF-8,
   the bad bytes replaced and counted;
4. otherwise charset-normalizer proposes an encoding, with Windows-1252 preferred where it
   reads as cleanly (the common case for Western reports, where short texts leave the detector
   torn between code pages that differ only in a few letters); below a confidence floor the
   file is refused, naming the best guess.

A file is binary only by evidence that holds for real files: a binary signature, or a large
share of NUL and control characters, or bytes that decode in no encoding. A single NUL is not
evidence: PDF extractors pad lines with NULs (a JSTOR stamp line from pypdf), and the
normalize stage removes them.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from typing import Any

# Detection below this confidence (1 - charset-normalizer's "mess" ratio) is refused: at that
# point a guess would as likely give mojibake as text. 0.8 is charset-normalizer's own cut-off.
CONFIDENCE_FLOOR = 0.8
# A text whose NUL and control characters (not tab, line ends, form feed) exceed this share is
# not extracted text. Real extractions have well under 1% (NUL-padded stamp lines); binary
# data that happens to decode has 10% or more.
MAX_CONTROL_SHARE = 0.10
# How much of a large file the share and the detector look at: enough to be representative.
SAMPLE_CHARS = 1 << 20
# A file that is valid UTF-8 but for a few bytes: how many valid multi-byte characters each
# bad byte must be outweighed by before the file is read as (damaged) UTF-8.
UTF8_MAJORITY = 4

BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "a PDF file (give it a .pdf name to have its text extracted)"),
    (b"PK\x03\x04", "a ZIP archive (or a .docx/.odt/.epub document)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Office document (.doc/.xls)"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\xfd7zXZ\x00", "an xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\x7fELF", "an executable (ELF)"),
    (b"\xcf\xfa\xed\xfe", "an executable (Mach-O)"),
    (b"\xca\xfe\xba\xbe", "a Java class or Mach-O file"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"OggS", "an Ogg media file"),
    (b"fLaC", "a FLAC audio file"),
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_EDGES = re.compile(r"^[\x00-\x08\x0b\x0e-\x1f\x7f]+|[\x00-\x08\x0b\x0e-\x1f\x7f]+$", re.M)
_C1 = re.compile(rb"[\x80-\x9f]")


class NotText(ValueError):
    """The file is not text this tool can read; the message is one line saying why."""


@dataclass(frozen=True, slots=True)
class Decoded:
    """A file's text and how it was read."""

    text: str
    encoding: str       # a Python codec name: utf-8, utf-16-le, cp1252, latin-1, ...
    confidence: float   # 1.0 when a byte-order mark or valid UTF-8 decided
    by: str             # "bom", "utf-8" or "detected"
    replaced: int = 0   # undecodable bytes replaced by U+FFFD (a damaged UTF-8 file)

    def to_dict(self) -> dict[str, Any]:
        """What the report records about the input's encoding."""
        d: dict[str, Any] = {"encoding": self.encoding, "confidence": self.confidence,
                             "by": self.by}
        if self.replaced:
            d["replaced_bytes"] = self.replaced
        return d

    @property
    def note(self) -> str:
        """A few words for the summary line when the input was not plain UTF-8, else ''."""
        if self.by == "utf-8" and not self.replaced:
            return ""
        if self.replaced:
            return f"read as UTF-8 with {self.replaced} undecodable bytes replaced"
        if self.by == "bom":
            return f"read as {self.encoding} (byte-order mark)"
        return f"read as {self.encoding} (confidence {self.confidence:.2f})"


def decode(data: bytes) -> Decoded:
    """The text of a file's bytes; raises :class:`NotText` with a one-line reason.

    >>> decode("naïve café".encode("cp1252")).encoding
    'latin-1'
    >>> decode(b"\\xff\\xfeh\\x00i\\x00").text
    'hi'
    >>> decode("déjà vu".encode()).by
    'utf-8'
    """
    for bom, encoding in BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom):].decode(encoding)
            except UnicodeDecodeError as e:
                raise NotText(f"starts with a {encoding.upper()} byte-order mark but is not "
                              f"{encoding.upper()} text (bad bytes at offset "
                              f"{e.start + len(bom)})") from None
            return _checked(Decoded(text, encoding, 1.0, "bom"))
    for signature, what in SIGNATURES:
        if data.startswith(signature):
            raise NotText(f"is {what}, not extracted text")
    if data[:2] == b"MZ" and len(data) > 0x40:
        pe = int.from_bytes(data[0x3C:0x40], "little")
        if data[pe:pe + 4] == b"PE\x00\x00":
            raise NotText("is an executable (Windows), not extracted text")
    try:
        return _checked(Decoded(data.decode("utf-8"), "utf-8", 1.0, "utf-8"))
    except UnicodeDecodeError:
        pass
    damaged = _mostly_utf8(data)
    if damaged is not None:
        return _checked(damaged)
    # Single-byte encodings: bytes are characters, so the share can be judged before guessing.
    _checked(Decoded(data[:SAMPLE_CHARS].decode("latin-1"), "latin-1", 0.0, "detected"))
    return _checked(_detect(data))


def _checked(decoded: Decoded) -> Decoded:
    """``decoded``, unless its NUL and control characters say it is binary.

    Padding at the start or end of a line (pypdf's NULs around a stamp) is not counted: binary
    data has its control bytes everywhere, not at line edges. A text of nothing but control
    characters is binary too.
    """
    sample = decoded.text[:SAMPLE_CHARS]
    if not sample or not _CONTROL.search(sample):
        return decoded
    inner = _EDGES.sub("", sample)
    share = len(_CONTROL.findall(inner)) / len(sample)
    if share > MAX_CONTROL_SHARE:
        raise NotText(f"looks like a binary file, not extracted text ({share:.0%} of its "
                      "characters are NUL or control characters)")
    if not _CONTROL.sub("", sample).strip():
        raise NotText("looks like a binary file, not extracted text (nothing but NUL and "
                      "control characters)")
    return decoded


def _mostly_utf8(data: bytes) -> Decoded | None:
    """A UTF-8 file damaged in a few places (a bad byte from a broken copy), or None.

    Another encoding's text (Windows-1252 accents) makes almost no valid multi-byte UTF-8
    sequences, so real UTF-8 shows through as many valid ones against few bad bytes.
    """
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.count("\ufffd".encode())
    valid = sum(1 for ch in text if ord(ch) > 0x7F) - text.count("\ufffd")
    if bad <= 0 or valid < UTF8_MAJORITY * bad:
        return None
    return Decoded(text, "utf-8", round(valid / (valid + bad), 3), "utf-8", bad)


def _detect(data: bytes) -> Decoded:
    """An encoding from charset-normalizer, Windows-1252 first where it reads as cleanly."""
    from charset_normalizer import from_bytes
    from charset_normalizer.md import mess_ratio

    # threshold=1.0: keep every candidate, so that a weak best guess can still be named.
    best = from_bytes(data, threshold=1.0).best()
    guess: tuple[str, float] | None = None
    if best is not None:
        guess = (_codec_name(best.encoding), max(0.0, 1.0 - best.chaos))
    try:
        western = data.decode("cp1252")
    except UnicodeDecodeError:
        western = None
    if western is not None:
        mess = mess_ratio(western[:SAMPLE_CHARS // 8], 1.0)
        chaos = 1.0 - guess[1] if guess is not None else 1.0
        # Preferred where it reads about as cleanly and well enough to use; else the better.
        if guess is None or mess < chaos or (mess <= chaos + 0.1
                                             and 1.0 - mess >= CONFIDENCE_FLOOR):
            # Without bytes 0x80-0x9F, Windows-1252 and Latin-1 read the same: name the standard.
            name = "cp1252" if _C1.search(data) else "latin-1"
            guess = (name, max(0.0, 1.0 - mess))
    if guess is None:
        raise NotText("looks like a binary file, not extracted text (its bytes decode in no "
                      "text encoding)")
    encoding, confidence = guess[0], round(min(1.0, guess[1]), 3)
    if confidence < CONFIDENCE_FLOOR:
        raise NotText(f"is not UTF-8 and its encoding is unclear (best guess {encoding}, "
                      f"confidence {confidence:.2f} < {CONFIDENCE_FLOOR}); convert it to UTF-8 "
                      "first")
    text = data.decode(encoding, errors="replace")
    return Decoded(text, encoding, confidence, "detected")


def _codec_name(name: str) -> str:
    """Python's canonical codec name (charset-normalizer says 'utf_16_le', 'cp1250')."""
    try:
        return codecs.lookup(name).name
    except LookupError:
        return name
