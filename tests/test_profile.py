"""The ``{profile}`` card: rendered from _data/profile.yml, escaped, and checked."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote

import pytest
from bs4 import BeautifulSoup

from labnotebook.site.profile import Link, load_profile
from tests.conftest import warnings_of

HOSTILE = '<script>alert(1)</script> "quotes" {braces} 中文'


@pytest.fixture(scope="module")
def built(shared_build):
    """The root built once, for the tests that only read its output."""
    return shared_build("profile")


def card_of(app) -> BeautifulSoup:
    soup = BeautifulSoup((app.outdir / "index.html").read_text(encoding="utf-8"), "html.parser")
    card = soup.select_one("div.ln-profile")
    assert card is not None
    return card


def test_profile_card_shows_every_field(built) -> None:
    assert warnings_of(built) == []
    card = card_of(built)
    # Sphinx's smart quotes curl the quotes in text, as everywhere else in the book
    shown = HOSTILE.replace(' "', " \u201c").replace('" ', "\u201d ")
    name = card.select_one(".ln-profile-name")
    assert name.get_text().strip() == shown
    # not a bold paragraph posing as a heading (axe's p-as-heading, serious)
    assert name.name == "div"
    assert card.select_one(".ln-profile-role").get_text() == "PhD student"
    assert card.select_one(".ln-profile-affiliation").get_text() == "Example University"
    assert card.select_one(".ln-profile-advisors").get_text() == "Advisors: B. Advisor, C. Advisor"
    assert [a["href"] for a in card.select(".ln-profile-advisors a")] == ["https://example.org/b"]
    links = {a.get_text(): unquote(a["href"]) for a in card.select(".ln-profile-links a")}
    assert links == {"a@example.org": "mailto:a@example.org", "Code": "https://example.org/code"}
    photo = card.select_one("img.ln-profile-photo")
    assert photo["alt"] == f"Portrait of {HOSTILE}"
    assert (built.outdir / photo["src"]).is_file()


def test_profile_values_are_escaped(built) -> None:
    html = (built.outdir / "index.html").read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


BAD_PROFILES = [
    (
        "name: A\nbio: long\n",
        "unknown key 'bio'; use 'name', 'role', 'affiliation', 'advisors', "
        "'email', 'photo', 'links'",
    ),
    ("role: student\n", "key 'name': missing; the profile needs at least a name"),
    ("name: [A, B]\n", "key 'name': expected text, got list"),
    ("name: A\nlinks: https://example.org\n", "key 'links': expected a list, got str"),
    (
        "name: A\nlinks:\n  - url: https://example.org\n",
        "key 'links', item 1: 'label' must be non-empty text",
    ),
    (
        "name: A\nadvisors:\n  - name: B\n    site: x\n",
        "key 'advisors', item 1: unknown keys ['site']; use name and url",
    ),
    ("- name: A\n", "expected a mapping with the keys name, role, affiliation, ..."),
    ("name: [A\n", "the YAML does not parse: expected ',' or ']', but got '<stream end>'"),
]


@pytest.mark.parametrize(("text", "message"), BAD_PROFILES)
def test_malformed_profile_is_named(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "profile.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError) as caught:
        load_profile(path)
    assert str(caught.value) == f"{path}: {message}"


def test_advisor_may_be_plain_text(tmp_path: Path) -> None:
    path = tmp_path / "profile.yml"
    path.write_text("name: A\nadvisors: [B, {name: C, url: 'https://c.org'}]\n", "utf-8")
    assert load_profile(path).advisors == (Link("B"), Link("C", "https://c.org"))


def _rebuild_with(make_app, app_params, profile: str):
    args, kwargs = app_params
    kwargs = {**kwargs, "freshenv": True}
    kwargs["confoverrides"] = {"labnotebook_profile_file": profile}
    app = make_app(*args, **kwargs)
    app.build()
    return app


@pytest.mark.sphinx("html", testroot="profile")
def test_malformed_profile_warns_at_the_directive(make_app, app_params) -> None:
    srcdir = Path(app_params[1]["srcdir"])
    (srcdir / "_data" / "bad.yml").write_text("name: A\nemail: [a, b]\n", encoding="utf-8")
    app = _rebuild_with(make_app, app_params, "_data/bad.yml")
    assert warnings_of(app) == [
        f"{srcdir / 'index.md'}:5: WARNING: {srcdir / '_data' / 'bad.yml'}: key 'email': "
        "expected text, got list [labnotebook.data]",
    ]
    assert "ln-profile" not in (app.outdir / "index.html").read_text(encoding="utf-8")


@pytest.mark.sphinx("html", testroot="profile")
def test_missing_profile_file_warns(make_app, app_params) -> None:
    app = _rebuild_with(make_app, app_params, "_data/nobody.yml")
    srcdir = app.srcdir
    assert warnings_of(app) == [
        f"{srcdir / 'index.md'}:5: WARNING: {{profile}}: the profile file _data/nobody.yml "
        "does not exist; create it or set labnotebook_profile_file [labnotebook.data]",
    ]


@pytest.mark.sphinx("html", testroot="profile")
def test_page_is_rebuilt_when_the_profile_changes(app) -> None:
    app.build()
    profile = app.srcdir / "_data" / "profile.yml"
    profile.write_text(profile.read_text(encoding="utf-8").replace("PhD", "Postdoc"), "utf-8")
    assert "index" in app.env.get_outdated_files(config_changed=False)[1]
