"""A cell's output has limits: per stream and per line, cut with a visible marker.

One ``print`` of a 2 MB line takes the kernel a second, then MyST-NB's rendering scans
the line with a regular expression that is quadratic in its length (200 KB took 53 s;
2 MB would take hours). The outputs are cut in the executed notebook, before MyST-NB
merges or renders them, so rendering time follows the limits, not the output. The cut
is said on the page (a marker line) and in one warning naming the cell. Sphinx-free.
"""

from __future__ import annotations

from collections.abc import MutableMapping, Sequence
from dataclasses import dataclass
from typing import Any

#: The marker starts with this text, so a cut output is never cut (or warned about) twice.
MARKER_START = "[… output cut by labnotebook:"


@dataclass(frozen=True)
class OutputLimits:
    """The most characters a cell's stream (stdout or stderr) and one of its lines keep."""

    stream_chars: int
    line_chars: int


def _text(value: Any) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


def cut_text(text: str, limits: OutputLimits) -> tuple[str, int, bool]:
    """``text`` within the limits, the length of its longest line if that was cut (else
    0), and whether the text was cut in length."""
    if MARKER_START in text:
        return text, 0, False
    lines = text.split("\n")
    longest = max(len(line) for line in lines)
    if longest > limits.line_chars:
        lines = [
            line
            if len(line) <= limits.line_chars
            else f"{line[: limits.line_chars]} {MARKER_START} "
            f"{len(line) - limits.line_chars:,} more characters on this line]"
            for line in lines
        ]
        text = "\n".join(lines)
    else:
        longest = 0
    if len(text) <= limits.stream_chars:
        return text, longest, False
    rest = len(text) - limits.stream_chars
    return (
        f"{text[: limits.stream_chars]}\n{MARKER_START} {rest:,} more characters]\n",
        longest,
        True,
    )


def cut_outputs(outputs: Sequence[MutableMapping[str, Any]], limits: OutputLimits) -> list[str]:
    """Cut ``outputs`` (a cell's, in place) to the limits; what was cut, for the warning.

    Streams of the same name count together (MyST-NB shows them merged); plain-text
    results and displays are cut line by line and in length, like a stream.
    """
    longest: dict[str, int] = {}
    too_long: set[str] = set()
    used: dict[str, int] = {}
    for output in outputs:
        data = output.get("data")
        if isinstance(data, MutableMapping) and "text/plain" in data:
            text, line, cut = cut_text(_text(data["text/plain"]), limits)
            data["text/plain"] = text
            _note("text result", line, cut, longest, too_long)
        if output.get("output_type") != "stream":
            continue
        name = str(output.get("name", "stdout"))
        text = _text(output.get("text", ""))
        left = limits.stream_chars - used.get(name, 0)
        if MARKER_START in text or not text:
            used[name] = used.get(name, 0) + len(text)
            continue
        if left <= 0:
            # the stream is full: the first output past it says so, the rest are empty
            output["text"] = "" if name in too_long else f"{MARKER_START} the rest of {name}]\n"
            too_long.add(name)
            continue
        text, line, cut = cut_text(text, OutputLimits(left, limits.line_chars))
        used[name] = used.get(name, 0) + min(len(text), left)
        output["text"] = text
        _note(name, line, cut, longest, too_long)
    cuts = [
        f"{name}: a line of {length:,} characters (line limit {limits.line_chars:,})"
        for name, length in longest.items()
    ]
    cuts += [
        f"{name}: more than {limits.stream_chars:,} characters (stream limit)"
        for name in sorted(too_long)
    ]
    return cuts


def _note(name: str, line: int, cut: bool, longest: dict[str, int], too_long: set[str]) -> None:
    if line:
        longest[name] = max(longest.get(name, 0), line)
    if cut:
        too_long.add(name)
