"""The ``labnotebook init DIR`` command: flags, questions for missing ones, and the summary."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from labnotebook.scaffold.answers import DEFAULT_SOURCE, LANGUAGES, SiteAnswers, source_url
from labnotebook.scaffold.render import write_lock, write_site


def add_init_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    init = commands.add_parser(
        "init",
        help="start a new site of your own in an empty folder",
        description="Write a new site: pages, an example note, its tests, a Makefile and a "
        "lock file. Questions are asked for missing flags when run in a terminal.",
    )
    init.add_argument("folder", help="where to write the site (new or empty)")
    init.add_argument("--name", help="your name (for a lab: the name of who leads it)")
    init.add_argument("--role", help="e.g. 'PhD student in physics'")
    init.add_argument("--affiliation", help="e.g. 'Department of Physics, Example University'")
    init.add_argument("--email", help="an address readers may write to")
    init.add_argument(
        "--languages", choices=LANGUAGES, help="en, or en+zh for an English and Chinese page pair"
    )
    who = init.add_mutually_exclusive_group()
    who.add_argument("--lab", action="store_true", default=None, help="a lab with members")
    who.add_argument(
        "--researcher", dest="lab", action="store_false", help="one researcher (the default)"
    )
    init.add_argument("--lab-name", help="the lab's name (default: '<name>'s lab')")
    init.add_argument(
        "--member", action="append", default=None, help="a lab member's name (repeat the flag)"
    )
    init.add_argument(
        "--source",
        default=DEFAULT_SOURCE,
        help="where the site installs labnotebook from: a git URL (default "
        f"{DEFAULT_SOURCE}), a local checkout or a wheel file",
    )
    init.add_argument(
        "--no-lock",
        dest="lock",
        action="store_false",
        help="do not pin the dependencies now (the first `make html` does)",
    )
    init.set_defaults(run=command_init)


def answers_from(args: argparse.Namespace, ask: Callable[[str], str] | None) -> SiteAnswers:
    """The answers given as flags, with questions for the missing ones when ``ask`` is given.

    :raises SystemExit: with the missing flag named, when there is nobody to ask.
    """

    def answer(flag: str, value: str | None, question: str, default: str = "") -> str:
        if value is not None:
            return value.strip()
        if ask is None:
            if flag == "--name":
                raise SystemExit("labnotebook init: --name is required (who the site is for)")
            return default
        reply = ask(f"{question}{f' [{default}]' if default else ''}: ").strip()
        return reply or default

    name = answer("--name", args.name, "Your name")
    while not name:
        name = answer("--name", None, "Your name (the site needs one)")
    role = answer("--role", args.role, "Your role (e.g. PhD student in physics)")
    affiliation = answer("--affiliation", args.affiliation, "Your affiliation")
    email = answer("--email", args.email, "An e-mail address for readers (may be empty)")
    languages = answer("--languages", args.languages, "Languages: en or en+zh", "en")
    while languages not in LANGUAGES:
        languages = answer("--languages", None, "Please answer en or en+zh", "en")
    lab = args.lab
    if lab is None:
        reply = answer("--lab", None, "Is this site for a lab with members? (y/n)", "n")
        lab = reply.lower().startswith("y")
    lab_name, members = "", tuple(args.member or ())
    if lab:
        lab_name = answer("--lab-name", args.lab_name, "The lab's name", f"{name}'s lab")
        if args.member is None and ask is not None:
            reply = ask("Other members' names, separated by commas (may be empty): ")
            members = tuple(m.strip() for m in reply.split(",") if m.strip())
    return SiteAnswers(
        name=name,
        role=role,
        affiliation=affiliation,
        email=email,
        languages=languages,
        lab=lab,
        lab_name=lab_name,
        members=members,
        source=args.source,
    )


def command_init(args: argparse.Namespace) -> int:
    folder = Path(args.folder)
    try:
        source_url(args.source)
    except ValueError as exc:
        raise SystemExit(f"labnotebook init: {exc}") from None
    answers = answers_from(args, input if sys.stdin.isatty() else None)
    try:
        written = write_site(folder, answers)
    except FileExistsError as exc:
        raise SystemExit(f"labnotebook init: {exc}") from None
    print(f"created {len(written)} files in {folder}")
    if args.lock:
        problem = write_lock(folder, args.source)
        if problem is None:
            print("pinned the dependencies in requirements.lock")
        else:
            print(
                f"requirements.lock was not written ({problem}); "
                "the first `make html` writes it, or run `make lock`",
                file=sys.stderr,
            )
    print(f"\nNext:\n  cd {folder}\n  make html   # then open _build/html/index.html\n  make test")
    return 0
