"""``labnotebook import jekyll SRC DEST``: a Jekyll academic site as a book.

The layouts of academicpages and al-folio, the two common ones, are understood.

What comes across, and where it goes:

* ``_pages/*.md``: pages of the book (the one at ``/`` becomes ``index.md``, with the
  profile on top); a page that only loops over a collection becomes the book's listing
  of it (``{publications}`` or ``{notelist}``);
* ``_posts``: essays in ``notes/posts/``; ``_talks`` and ``_teaching``: pages in
  ``talks/`` and ``teaching/``; each also becomes a dated update;
* ``_publications/*.md`` and ``papers.bib`` (``_bibliography/``): ``references.bib``;
* ``_config.yml``'s ``author``: ``_data/profile.yml`` and ``_data/authors.yml``;
  al-folio's ``_news``: ``_data/updates.yml``;
* ``images/``, ``files/`` and ``assets/``: copied as they are.

Every old address (``permalink``, ``redirect_from``, a post's URL from the site's
``permalink`` pattern) is kept as ``redirect_from`` on the page that replaces it, so
old links land on the new page. Liquid is converted where MyST has an equivalent
(:mod:`labnotebook.importers.liquid`); what is left is written, file by file, to
``import-report.txt`` in the new book and printed.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import yaml

from labnotebook.core.note import LABEL_PATTERN
from labnotebook.importers.jekyll_files import (
    COPIED_FOLDERS,
    EXTRA,
    LISTINGS,
    LOOP,
    POST_NAME,
    PROFILE_LINKS,
    REPORT_NAME,
    ImportReport,
    as_date,
    bibtex_value,
    front_matter,
    old_addresses,
    post_address,
    slug,
    split,
)
from labnotebook.importers.liquid import convert_liquid


class JekyllImport:
    """One import: the site read, the book written, the report kept."""

    def __init__(self, source: Path, dest: Path) -> None:
        self.source = source
        self.dest = dest
        self.report = ImportReport()
        config_path = source / "_config.yml"
        config: Any = {}
        if config_path.is_file():
            try:
                config = yaml.safe_load(config_path.read_text(encoding="utf-8")) or {}
            except yaml.YAMLError as exc:
                self.report.leave("_config.yml", f"does not parse as YAML: {exc}")
        self.config: dict[str, Any] = config if isinstance(config, dict) else {}
        #: a post's file stem (2020-01-01-x) -> its label, for {% post_url %}
        self.posts: dict[str, str] = {}
        self.labels: set[str] = set()
        self.toc: list[str] = []
        self.updates: list[dict[str, str]] = []
        #: documents to write once every label is known: (source, target, fields, body)
        self.pending: list[tuple[str, str, dict[str, Any], str]] = []
        #: the old addresses of each publication's page, kept on the publications page
        self.publication_addresses: list[str] = []
        #: the date of an entry that gives none (Jekyll would use the build's clock)
        self.today = dt.date(2000, 1, 1)

    def write(self, relative: str, text: str) -> None:
        path = self.dest / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        self.report.written.append(relative)

    def label_for(self, wanted: str) -> str:
        label = slug(wanted)
        if not LABEL_PATTERN.match(label):
            label = "page"
        base, number = label, 2
        while label in self.labels:
            label, number = f"{base}-{number}", number + 1
        self.labels.add(label)
        return label

    def resolve(self, reference: str) -> str | None:
        name = reference.strip().strip("'\"")
        stem = Path(name).stem
        if stem in self.posts:
            # a path from the book's root, which a Markdown link resolves to the page
            return f"/notes/posts/{self.posts[stem]}.md"
        return None

    def body(self, relative: str, text: str, target: str = "index.md") -> str:
        root = "../" * target.count("/")
        converted = convert_liquid(text, self.resolve, root)
        for message in converted.left:
            self.report.leave(relative, message)
        return converted.text.strip() + "\n"

    def run(self) -> ImportReport:
        if self.dest.exists() and any(self.dest.iterdir()):
            raise SystemExit(f"labnotebook import: {self.dest} is not empty; give a new folder")
        self.dest.mkdir(parents=True, exist_ok=True)
        for folder in COPIED_FOLDERS:
            if (self.source / folder).is_dir():
                # once for the pages' Markdown (MyST copies what it references) and once
                # as it is, at the same address, for raw HTML links and old bookmarks
                shutil.copytree(self.source / folder, self.dest / folder)
                shutil.copytree(self.source / folder, self.dest / EXTRA / folder)
        owner = self.profile()
        self.references()
        self.collect_posts()
        self.collection("_talks", "talks", "Talk")
        self.collection("_teaching", "teaching", "Teaching")
        self.news()
        home = self.pages()
        self.finish(home, owner)
        self.report.written.append(REPORT_NAME)
        (self.dest / REPORT_NAME).write_text(self.report.summary(), encoding="utf-8")
        return self.report

    def profile(self) -> str:
        author = self.config.get("author")
        if not isinstance(author, dict) or not isinstance(author.get("name"), str):
            self.report.leave("_config.yml", "no author with a name: no profile was written")
            return ""
        profile: dict[str, Any] = {"name": author["name"]}
        role = author.get("bio") or author.get("role")
        if isinstance(role, str):
            profile["role"] = role
        if isinstance(author.get("employer"), str):
            profile["affiliation"] = author["employer"]
        if isinstance(author.get("email"), str):
            profile["email"] = author["email"]
        links = []
        for key, (name, pattern) in PROFILE_LINKS.items():
            value = author.get(key)
            if isinstance(value, str) and value.strip():
                links.append({"label": name, "url": pattern.format(value.strip())})
        if links:
            profile["links"] = links
        kept = {"name", "bio", "role", "employer", "email", *PROFILE_LINKS}
        for key in sorted(set(author) - kept):
            if author[key] not in (None, "", False):
                self.report.leave(
                    "_config.yml", f"author field {key!r} has no place in the profile"
                )
        self.write(
            "_data/profile.yml", yaml.safe_dump(profile, allow_unicode=True, sort_keys=False)
        )
        owner = slug(author["name"])
        self.write(
            "_data/authors.yml",
            yaml.safe_dump({owner: {"name": author["name"]}}, allow_unicode=True),
        )
        return owner

    def references(self) -> None:
        entries = []
        for path in sorted((self.source / "_publications").glob("*.md")):
            relative = path.relative_to(self.source).as_posix()
            front, body = split(path)
            title = front.get("title")
            if not isinstance(title, str):
                self.report.leave(relative, "no title: not a publication, skipped")
                continue
            key = slug(Path(path.stem).name)[:60]
            fields = {"title": title, "year": str(as_date(front.get("date"), self.today).year)}
            if isinstance(front.get("venue"), str):
                fields["howpublished"] = front["venue"]
            url = front.get("paperurl") or front.get("paper_url")
            if isinstance(url, str) and url.startswith("http"):
                fields["url"] = url
            abstract = " ".join(body.split())
            if abstract:
                fields["abstract"] = abstract
            fields["keywords"] = "selected"
            lines = ",\n".join(f"  {k} = {bibtex_value(v)}" for k, v in fields.items())
            entries.append(f"@misc{{{key},\n{lines}\n}}\n")
            self.report.leave(
                relative,
                "authors are not in the front matter (only in 'citation'); add them to "
                f"the entry {key} in references.bib",
            )
            self.publication_addresses.extend(old_addresses(front))
        bibs = (self.source / "_bibliography" / "papers.bib", self.source / "papers.bib")
        entries += [bib.read_text(encoding="utf-8") for bib in bibs if bib.is_file()]
        if entries:
            self.write("references.bib", "\n".join(entries))

    def collect_posts(self) -> None:
        pattern = self.config.get("permalink", "date")
        for path in sorted((self.source / "_posts").glob("*.md")):
            relative = path.relative_to(self.source).as_posix()
            match = POST_NAME.match(path.stem)
            front, body = split(path)
            name_date = dt.date(*map(int, match.groups()[:3])) if match else self.today
            title_slug = match.group(4) if match else path.stem
            date = as_date(front.get("date"), name_date)
            label = self.label_for(title_slug)
            self.posts[path.stem] = label
            categories = front.get("categories") or front.get("category") or []
            categories = [categories] if isinstance(categories, str) else list(categories)
            addresses = old_addresses(front)
            if not front.get("permalink"):
                addresses.append(post_address(str(pattern), date, title_slug, categories))
            tags = front.get("tags") or []
            tags = [tags] if isinstance(tags, str) else [str(t) for t in tags]
            title = str(front.get("title") or title_slug)
            self.pending.append(
                (
                    relative,
                    f"notes/posts/{label}.md",
                    {
                        "title": title,
                        "label": label,
                        "kind": "essay",
                        "date": date,
                        "tags": ["posts", *tags],
                        "abstract": front.get("excerpt")
                        if isinstance(front.get("excerpt"), str)
                        else "",
                        "redirect_from": addresses,
                    },
                    body,
                )
            )
            self.updates.append(
                {"date": date.isoformat(), "text": f"New post: {title}", "link": label}
            )

    def collection(self, folder: str, tag: str, what: str) -> None:
        for path in sorted((self.source / folder).glob("*.md")):
            relative = path.relative_to(self.source).as_posix()
            front, body = split(path)
            title = str(front.get("title") or path.stem)
            date = as_date(front.get("date"), self.today)
            if "date" not in front:
                self.report.leave(relative, f"no date: {date} was used; give its real date")
            label = self.label_for(f"{tag}-{path.stem}")
            where = ", ".join(
                str(front[k])
                for k in ("type", "venue", "location")
                if isinstance(front.get(k), str)
            )
            text = (f"*{where}*\n\n" if where else "") + body
            self.pending.append(
                (
                    relative,
                    f"{tag}/{label}.md",
                    {
                        "title": title,
                        "label": label,
                        "kind": "page",
                        "date": date,
                        "tags": [tag],
                        "redirect_from": old_addresses(front),
                    },
                    text,
                )
            )
            self.updates.append(
                {"date": date.isoformat(), "text": f"{what}: {title}", "link": label}
            )

    def news(self) -> None:
        for path in sorted((self.source / "_news").glob("*.md")):
            relative = path.relative_to(self.source).as_posix()
            front, body = split(path)
            text = " ".join(self.body(relative, body).split())
            if not text:
                self.report.leave(relative, "an announcement without text, skipped")
                continue
            date = as_date(front.get("date"), self.today)
            self.updates.append({"date": date.isoformat(), "text": text})

    def pages(self) -> str:
        home = ""
        for path in sorted((self.source / "_pages").glob("*.md")):
            relative = path.relative_to(self.source).as_posix()
            front, body = split(path)
            addresses = old_addresses(front)
            title = str(front.get("title") or path.stem)
            loop = LOOP.search(body)
            if loop:
                collection = loop.group(1)
                if collection not in LISTINGS:
                    self.report.leave(relative, f"a loop over site.{collection}: no listing for it")
                    continue
                self.report.leave(
                    relative, f"its Liquid loop over site.{collection} became the book's listing"
                )
                if collection == "publications":
                    addresses += self.publication_addresses
                text = LISTINGS[collection]
            else:
                text = self.body(relative, body, "index.md" if "/" in addresses else "pages/x")
            fields = {"title": title, "redirect_from": addresses}
            if "/" in addresses:
                home = front_matter({**fields, "redirect_from": [a for a in addresses if a != "/"]})
                home += "\n```{profile}\n```\n\n" + text
                continue
            name = f"pages/{slug(path.stem)}.md"
            self.write(name, front_matter(fields) + "\n" + text)
            self.toc.append(name[:-3])
        for relative, name, fields, body in self.pending:
            text = self.body(relative, body, name)
            self.write(name, front_matter(fields) + "\n" + text)
            self.toc.append(name[:-3])
        return home

    def finish(self, home: str, owner: str) -> None:
        if not home:
            home = front_matter({"title": str(self.config.get("title") or "Home")})
            if owner:
                home += "\n```{profile}\n```\n"
        if self.updates:
            self.write(
                "_data/updates.yml",
                yaml.safe_dump(
                    sorted(self.updates, key=lambda u: u["date"], reverse=True),
                    allow_unicode=True,
                    sort_keys=False,
                ),
            )
            home += "\n## Recent updates\n\n```{updates}\n:limit: 5\n```\n"
        home += "\n```{toctree}\n:maxdepth: 1\n\n" + "\n".join(self.toc) + "\n```\n"
        self.write("index.md", home)
        title = str(self.config.get("title") or "Research notebook")
        site_url = str(self.config.get("url") or "").rstrip("/")
        baseurl = str(self.config.get("baseurl") or "").strip("/")
        if site_url and baseurl:
            site_url += "/" + baseurl
        bib = ["references.bib"] if (self.dest / "references.bib").is_file() else []
        extensions = ["myst_parser", "sphinx_design", "labnotebook"]
        if bib:
            extensions.insert(2, "sphinxcontrib.bibtex")
        conf = [
            '"""Configuration of a book imported from a Jekyll site by labnotebook."""',
            "",
            f"project = {title!r}",
            f"extensions = {extensions!r}",
            f"exclude_patterns = {['_build', REPORT_NAME, 'README.md', EXTRA, *COPIED_FOLDERS]!r}",
            f"html_extra_path = {[EXTRA] if (self.dest / EXTRA).is_dir() else []!r}",
            'myst_enable_extensions = ["dollarmath", "amsmath", "colon_fence", "deflist"]',
            "myst_title_to_header = True",
            "nitpicky = True",
            'html_theme = "sphinx_book_theme"',
        ]
        if bib:
            conf += [f"bibtex_bibfiles = {bib!r}", 'bibtex_default_style = "labnotebook"']
        if owner:
            conf += [f"labnotebook_owner = {owner!r}", f"labnotebook_default_authors = [{owner!r}]"]
        if site_url:
            conf.append(f"labnotebook_site_url = {site_url + '/'!r}")
        self.write("conf.py", "\n".join(conf) + "\n")


def import_site(source: Path, dest: Path) -> ImportReport:
    """Import the Jekyll site in ``source`` into a new book in ``dest``."""
    if not source.is_dir():
        raise SystemExit(f"labnotebook import: {source} is not a folder")
    return JekyllImport(source, dest).run()
