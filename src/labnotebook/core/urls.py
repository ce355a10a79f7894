"""Which links a book's data may hold: http(s), mailto and relative ones, nothing else.

A ``javascript:`` (or ``data:``, ``vbscript:``) address in an author's homepage or a
profile link would become a link that runs a script when clicked. Browsers ignore
whitespace and control characters inside a scheme (``java\\tscript:``), so the scheme
is read the way they read it before it is judged.
"""

from __future__ import annotations

import re

SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
_IGNORED_BY_BROWSERS = re.compile(r"[\x00-\x20\x7f]")
_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):")


def url_scheme(url: str) -> str:
    """The scheme a browser would see in ``url`` (lowercase), or ``""`` for a relative link."""
    match = _SCHEME.match(_IGNORED_BY_BROWSERS.sub("", url).lower())
    return match.group(1) if match else ""


def unsafe_url_problem(url: str) -> str:
    """Why ``url`` may not be linked, or ``""`` when it may."""
    scheme = url_scheme(url)
    if not scheme or scheme in SAFE_SCHEMES:
        return ""
    return (
        f"{url!r} is a {scheme}: link; only http(s), mailto and relative links are allowed, "
        "so write the address as https://..."
    )
