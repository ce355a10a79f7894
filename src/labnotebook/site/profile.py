"""The owner's profile card: ``_data/profile.yml`` read once, rendered by ``{profile}``.

The profile (name, role, affiliation, advisors, e-mail, photo, links) lives in one
YAML file, so the home page and anything else that shows who runs the notebook
agree. Loading is Sphinx-free and raises ``ValueError`` naming the file and key;
the directive turns that into a ``labnotebook.core.datafiles`` warning. The card is built
from docutils nodes, so every value is escaped by the writer, never by hand.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

import yaml
from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from labnotebook.config import get_config
from labnotebook.core.urls import unsafe_url_problem
from labnotebook.warnings_ import NoteWarning, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx

PROFILE_KEYS = ("name", "role", "affiliation", "advisors", "email", "photo", "links")


@dataclass(frozen=True)
class Link:
    """A labelled address: a personal page, a code host, a scholar profile, an advisor."""

    label: str
    url: str = ""


@dataclass(frozen=True)
class Profile:
    """Who the notebook belongs to."""

    name: str
    role: str = ""
    affiliation: str = ""
    advisors: tuple[Link, ...] = ()
    email: str = ""
    photo: str = ""
    links: tuple[Link, ...] = ()


def _text(path: Path, data: dict[str, Any], key: str, *, required: bool = False) -> str:
    value = data.get(key, "")
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise ValueError(f"{path}: key {key!r}: expected text, got {type(value).__name__}")
    if required and not value.strip():
        raise ValueError(f"{path}: key {key!r}: missing; the profile needs at least a name")
    return value.strip()


def _links(path: Path, data: dict[str, Any], key: str, label_key: str) -> tuple[Link, ...]:
    """A list whose items are text or ``{<label_key>: ..., url: ...}`` mappings."""
    value = data.get(key) or []
    if not isinstance(value, list):
        raise ValueError(f"{path}: key {key!r}: expected a list, got {type(value).__name__}")
    links = []
    for number, item in enumerate(value, start=1):
        where = f"{path}: key {key!r}, item {number}"
        if isinstance(item, str) and item.strip():
            links.append(Link(item.strip()))
            continue
        if not isinstance(item, dict):
            raise ValueError(f"{where}: expected text or a mapping with {label_key!r} and 'url'")
        unknown = set(item) - {label_key, "url"}
        if unknown:
            raise ValueError(f"{where}: unknown keys {sorted(unknown)}; use {label_key} and url")
        label, url = item.get(label_key), item.get("url", "")
        if not isinstance(label, str) or not label.strip():
            raise ValueError(f"{where}: {label_key!r} must be non-empty text")
        if not isinstance(url, str):
            raise ValueError(f"{where}: 'url' must be text")
        if problem := unsafe_url_problem(url.strip()):
            raise ValueError(f"{where}: url {problem}")
        links.append(Link(label.strip(), url.strip()))
    return tuple(links)


def _safe(path: Path, key: str, url: str) -> str:
    if problem := unsafe_url_problem(url):
        raise ValueError(f"{path}: key {key!r}: {problem}")
    return url


def load_profile(path: Path) -> Profile:
    """Read the profile at ``path``.

    :raises ValueError: naming the file and the key when the profile is malformed.
    :raises OSError: when the file cannot be read.
    """
    try:
        data: Any = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        problem = getattr(exc, "problem", None) or str(exc)
        raise ValueError(f"{path}: the YAML does not parse: {problem}") from exc
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a mapping with the keys name, role, affiliation, ...")
    unknown = sorted(str(key) for key in set(data) - set(PROFILE_KEYS))
    if unknown:
        raise ValueError(
            f"{path}: unknown key {unknown[0]!r}; use " + ", ".join(repr(k) for k in PROFILE_KEYS)
        )
    return Profile(
        name=_text(path, data, "name", required=True),
        role=_text(path, data, "role"),
        affiliation=_text(path, data, "affiliation"),
        advisors=_links(path, data, "advisors", "name"),
        email=_text(path, data, "email"),
        photo=_safe(path, "photo", _text(path, data, "photo")),
        links=_links(path, data, "links", "label"),
    )


def _linked(link: Link) -> nodes.Node:
    if not link.url:
        return nodes.Text(link.label)
    return nodes.reference("", link.label, refuri=link.url)


def _joined(items: tuple[Link, ...], separator: str) -> list[nodes.Node]:
    result: list[nodes.Node] = []
    for index, item in enumerate(items):
        if index:
            result.append(nodes.Text(separator))
        result.append(_linked(item))
    return result


def profile_card(profile: Profile) -> nodes.container:
    """The card as docutils nodes: photo, name, role, affiliation, advisors, contact."""
    card = nodes.container(classes=["ln-profile"])
    if profile.photo:
        # a leading slash makes the path relative to the source folder, like _data/
        uri = "/" + profile.photo.lstrip("/")
        card += nodes.image(
            uri=uri, alt=f"Portrait of {profile.name}", classes=["ln-profile-photo"]
        )
    body = nodes.container(classes=["ln-profile-body"])
    # a <div>, not a <p>: a bold, larger paragraph reads as a heading that is not one
    # (axe's p-as-heading, serious); the card's name labels the card, it heads no section
    name = nodes.container("", nodes.inline("", "", nodes.strong("", profile.name)))
    name["classes"].append("ln-profile-name")
    body += name
    for value, css in ((profile.role, "role"), (profile.affiliation, "affiliation")):
        if value:
            body += nodes.paragraph("", value, classes=[f"ln-profile-{css}"])
    if profile.advisors:
        noun = "Advisor" if len(profile.advisors) == 1 else "Advisors"
        body += nodes.paragraph(
            "",
            "",
            nodes.Text(f"{noun}: "),
            *_joined(profile.advisors, ", "),
            classes=["ln-profile-advisors"],
        )
    contact: list[nodes.Node] = []
    if profile.email:
        contact.append(nodes.reference("", profile.email, refuri=f"mailto:{profile.email}"))
    contact.extend(_linked(link) for link in profile.links)
    if contact:
        line = nodes.paragraph(classes=["ln-profile-links"])
        for index, item in enumerate(contact):
            if index:
                line += nodes.Text(" · ")
            line += item
        body += line
    card += body
    return card


class ProfileDirective(SphinxDirective):
    """``{profile}``: the owner's profile card, from ``labnotebook_profile_file``."""

    has_content = False
    option_spec: ClassVar[dict[str, Any]] = {}

    def run(self) -> list[nodes.Node]:
        relative = get_config(self.env).profile_file
        path = Path(self.env.srcdir) / relative
        # the page shows the file's content, so it is rebuilt when the file changes
        self.env.note_dependency(str(path))
        location = (self.env.docname, self.lineno)
        if not path.is_file():
            warn(
                f"{{profile}}: the profile file {relative} does not exist; create it or set "
                "labnotebook_profile_file",
                NoteWarning.DATA,
                location=location,
            )
            return []
        try:
            profile = load_profile(path)
        except (ValueError, OSError) as exc:
            warn(f"{exc}", NoteWarning.DATA, location=location)
            return []
        return [profile_card(profile)]


def setup_profile(app: Sphinx) -> None:
    app.add_directive("profile", ProfileDirective)
    app.add_css_file("labnotebook-profile.css")
