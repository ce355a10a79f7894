"""A page's addresses: its permanent one, and the old ones that redirect to it. Sphinx-free.

Every note answers at ``n/<label>/`` whatever file it lives in, so a citation, the
``notes.bib`` export and the feeds keep working when the note is moved or renamed. Old
addresses (``redirect_from`` and Jekyll's ``permalink`` in front matter, a moved file's
former page) are written as small redirect pages that point at the page relatively, so
the same output works at the root of a host and under any prefix.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Iterable

#: The folder under which every note has its permanent address.
PERMANENT_FOLDER = "n"
#: Front matter fields that name a page's old addresses.
ADDRESS_FIELDS = ("redirect_from", "permalink")
_UNSAFE = re.compile(r"(^|/)\.\.?(/|$)|[\\\x00-\x1f?#]")


def permanent_path(label: str) -> str:
    """The output path (relative to the book's root) of a note's permanent address."""
    return f"{PERMANENT_FOLDER}/{label}/"


def permanent_url(site_url: str, label: str) -> str:
    """A note's permanent URL: absolute under ``site_url``, else relative to the root.

    This is the one place that decides it; the citation, ``notes.bib``, ``notes.json``
    and the feeds all ask here.
    """
    path = permanent_path(label)
    return f"{site_url.rstrip('/')}/{path}" if site_url else path


def redirect_files(address: str) -> list[str]:
    """The files (relative to the output root) that serve an old ``address``.

    ``/about/`` is a folder's index; ``/about.html`` is that file; ``/about``, which
    Jekyll serves from either, gets both. Raises ValueError for an address that
    leaves the book or cannot be a file (``..``, a query, a fragment, a backslash).
    """
    text = address.strip()
    if not text or _UNSAFE.search(text) or "://" in text:
        raise ValueError(
            f"{address!r} is not an address inside the book; write a path such as "
            "/about/ or /about.html"
        )
    path = text.lstrip("/")
    if not path or path.endswith("/"):
        return [f"{path}index.html"]
    if posixpath.splitext(path)[1]:
        return [path]
    return [f"{path}.html", f"{path}/index.html"]


def relative_link(from_file: str, to_file: str) -> str:
    """The link from the output file ``from_file`` to ``to_file``, both root-relative.

    ``to_file`` may be a folder (``notes/x/``, as ``dirhtml`` links pages), or empty for
    the root itself (the home page under ``dirhtml``).
    """
    start = posixpath.dirname(from_file) or "."
    if not to_file or to_file == "/":
        return posixpath.relpath(".", start) + "/"
    if to_file.endswith("/"):
        return posixpath.relpath(to_file, start) + "/"
    return posixpath.relpath(to_file, start)


def redirect_page(target: str, title: str) -> str:
    """A redirect page to the relative link ``target``, which keeps the address's fragment.

    A meta refresh works without JavaScript; the script, when it runs, also carries
    ``#section`` over, which a refresh drops. Search engines are told not to index it.
    """
    link = html.escape(target, quote=True)
    script_target = (
        target.replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
    )
    name = html.escape(title)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>Moved: {name}</title>\n"
        '<meta name="robots" content="noindex">\n'
        f'<link rel="canonical" href="{link}">\n'
        f'<meta http-equiv="refresh" content="0; url={link}">\n'
        f'<script>location.replace("{script_target}" + location.hash);</script>\n'
        "</head>\n<body>\n"
        f'<p>This page has moved to <a href="{link}">{name}</a>.</p>\n'
        "</body>\n</html>\n"
    )


def addresses_of(front: dict[str, object]) -> tuple[list[str], list[str]]:
    """The old addresses a page's front matter names, and a problem per bad value."""
    found: list[str] = []
    problems: list[str] = []
    for name in ADDRESS_FIELDS:
        value = front.get(name)
        if value is None:
            continue
        values: Iterable[object] = [value] if isinstance(value, str) else value  # type: ignore[assignment]
        if not isinstance(value, str | list) or not all(isinstance(v, str) for v in values):
            problems.append(f"front matter field {name!r}: expected an address or a list of them")
            continue
        for item in values:
            try:
                redirect_files(str(item))
            except ValueError as exc:
                problems.append(f"front matter field {name!r}: {exc}")
            else:
                found.append(str(item))
    return found, problems
