"""BibTeX that every TeX toolchain accepts: biblatex with biber, and classic BibTeX styles.

A field value is LaTeX, not plain text. pybtex's writer (which quotes values and refuses
unbalanced braces) and latexcodec (which knows the LaTeX spelling of ``& % _ #``, of
dashes and quotes, and of accented Latin letters) do most of the work; what they leave
alone on purpose, because in a LaTeX source it is markup, is escaped here:

* ``\\ { } $ ^ ~`` become text commands, so a literal brace never has to balance: BibTeX
  and biber count every brace, an escaped ``\\{`` included, and drop an entry whose
  braces do not balance;
* a letter latexcodec spells as a command (``é`` as ``\\'e``) is braced, ``{\\'e}``, the
  form BibTeX treats as one character when it sorts or changes case;
* a title word with a capital (an acronym, a name) is braced, so styles that lower-case
  titles ("When DPO lowers") keep it.

Characters with no LaTeX spelling (Chinese, emoji) stay UTF-8: biber reads them, and a
document typeset with XeLaTeX, LuaLaTeX or a CJK package prints them. Nothing here
imports Sphinx.
"""

from __future__ import annotations

import codecs
import io
import re
import urllib.parse
from collections.abc import Iterable

import latexcodec  # noqa: F401  (registers the "latex" codec)
from pybtex.database import BibliographyData, Entry, Person
from pybtex.database.output.bibtex import Writer

#: What latexcodec passes through as LaTeX markup, spelled as text.
TEX_MARKUP_CHARACTERS = {
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "$": r"\$",
    "^": r"\textasciicircum{}",
    "~": r"\textasciitilde{}",
}
#: A run of letters and digits: the unit whose capitals are protected.
WORD = re.compile(r"[^\W_]+")
#: Characters a URL may keep in a BibTeX field (``{ } \`` and spaces are percent-encoded).
URL_SAFE = ":/?#[]@!&'()*+,;=%-._~"


def tex_character(char: str, *, ascii: bool = False) -> str:
    """One character as LaTeX text; non-ASCII letters spelled in LaTeX only if ``ascii``."""
    if char in TEX_MARKUP_CHARACTERS:
        return TEX_MARKUP_CHARACTERS[char]
    if char.isspace():
        return " "
    if not char.isprintable():
        return ""
    if not ascii and not char.isascii():
        return char
    try:
        spelled = codecs.encode(char, "latex").decode("ascii")
    except UnicodeEncodeError:
        return char  # no LaTeX spelling: kept as UTF-8
    # a command is braced, so it neither swallows the next space nor splits under case change
    return "{" + spelled + "}" if spelled.startswith("\\") and len(char.encode()) > 1 else spelled


def tex_text(text: str, *, protect_capitals: bool = False, ascii: bool = False) -> str:
    """``text`` as a LaTeX field value that prints ``text`` back.

    :param protect_capitals: brace every word holding a capital letter (for titles).
    :param ascii: spell non-ASCII letters in LaTeX (for 8-bit BibTeX); biber reads UTF-8.
    """
    text = " ".join(text.split())
    parts: list[str] = []
    position = 0
    for match in WORD.finditer(text):
        parts += [tex_character(c, ascii=ascii) for c in text[position : match.start()]]
        word = "".join(tex_character(c, ascii=ascii) for c in match.group())
        if protect_capitals and any(c.isupper() for c in match.group()):
            word = "{" + word + "}"
        parts.append(word)
        position = match.end()
    parts += [tex_character(c, ascii=ascii) for c in text[position:]]
    return "".join(parts)


def tex_url(url: str) -> str:
    """A URL for a ``url`` field or ``\\url{}``: characters that would break the entry are
    percent-encoded, which leaves the address the same."""
    return urllib.parse.quote(url, safe=URL_SAFE)


#: A personal name BibTeX may split into given and family names: words of letters.
PERSONAL_NAME = re.compile(r"^[^\W\d_][\w.'\u2019-]*(?: [^\W\d_][\w.'\u2019-]*)+$")


def tex_person(name: str, *, ascii: bool = False) -> Person:
    """An author: a personal name as BibTeX splits it (family name last), anything else
    (an organisation, a name with symbols or a single word) braced whole, never split."""
    name = " ".join(name.split())
    if PERSONAL_NAME.match(name) and " and " not in f" {name.casefold()} ":
        return Person(tex_text(name, ascii=ascii))
    return Person("{" + tex_text(name, ascii=ascii) + "}")


def tex_url_command(url: str, *, in_argument: bool) -> str:
    """``\\url{...}`` for running text.

    :param in_argument: the field reaches LaTeX as a macro argument (biblatex's ``.bbl``),
        where ``%`` would start a comment and ``#`` is a parameter, so both are escaped
        (the url package prints them plain); BibTeX's ``.bbl`` gives ``\\url`` its text
        verbatim, where an escape would print.
    """
    url = tex_url(url)
    if in_argument:
        url = url.replace("%", r"\%").replace("#", r"\#")
    return r"\url{" + url + "}"


class LatexValueWriter(Writer):
    """pybtex's BibTeX writer for values that are LaTeX already (see :func:`tex_text`).

    The base writer would pass every value through latexcodec's ``ulatex`` codec a
    second time; here values are written as given, still quoted and brace-checked.
    """

    def _encode(self, text: str) -> str:
        return text


def write_entries(entries: Iterable[tuple[str, Entry]]) -> str:
    """The entries as BibTeX text, in the order given."""
    data = BibliographyData(entries=list(entries))
    stream = io.StringIO()
    LatexValueWriter().write_stream(data, stream)
    return stream.getvalue()
