"""Reading a source file's text the way the build does, and what is wrong with it.

Sphinx reads sources as UTF-8 (a leading byte-order mark allowed). A file in another
encoding or an empty file must give the same message in ``labnotebook check`` and in
the build, so both take it from here. Nothing here imports Sphinx.
"""

from __future__ import annotations

import codecs
import encodings.utf_8_sig
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from typing_extensions import Buffer

#: The name under which :func:`lenient_codec` is registered with Python's codecs.
LENIENT_ENCODING = "labnotebook-utf-8-sig"


@dataclass(frozen=True)
class SourceProblem:
    """Something that keeps a source file from being read as its author meant."""

    message: str
    line: int


def decode_source(data: bytes) -> tuple[str, list[SourceProblem]]:
    """The text of a source file, and its problems.

    Undecodable bytes become U+FFFD, so the rest of the file still reads; the first of
    them is reported with its line.
    """
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        byte = data[exc.start : exc.start + 1].hex()
        message = (
            f"the file is not UTF-8 (byte 0x{byte} on line {line} cannot be read); "
            "save it as UTF-8 in your editor"
        )
        return data.decode("utf-8-sig", errors="replace"), [SourceProblem(message, line)]
    if not text.strip():
        message = "the file is empty; write the note (labnotebook new makes one) or delete the file"
        return text, [SourceProblem(message, 1)]
    return text, []


def read_source(path: Path) -> tuple[str, list[SourceProblem]]:
    """:func:`decode_source` of the file at ``path``."""
    return decode_source(path.read_bytes())


class _LenientDecoder(encodings.utf_8_sig.IncrementalDecoder):
    """UTF-8 (with an optional byte-order mark) that replaces bytes it cannot read."""

    def __init__(self, errors: str = "strict") -> None:
        super().__init__("replace")


class _LenientStreamReader(encodings.utf_8_sig.StreamReader):
    def __init__(self, stream: object, errors: str = "strict") -> None:
        super().__init__(stream, "replace")  # type: ignore[arg-type]


def _lenient_decode(data: Buffer, errors: str = "strict", /) -> tuple[str, int]:
    return encodings.utf_8_sig.decode(bytes(data), "replace")


def lenient_codec(name: str) -> codecs.CodecInfo | None:
    """The codec Sphinx reads sources with, so a stray byte is a warning, not a crash."""
    if name.replace("_", "-").lower() != LENIENT_ENCODING:
        return None
    utf8 = encodings.utf_8_sig.getregentry()
    return codecs.CodecInfo(
        name=LENIENT_ENCODING,
        encode=utf8.encode,
        decode=_lenient_decode,
        incrementalencoder=utf8.incrementalencoder,
        incrementaldecoder=_LenientDecoder,
        streamreader=_LenientStreamReader,
        streamwriter=utf8.streamwriter,
    )


codecs.register(lenient_codec)
