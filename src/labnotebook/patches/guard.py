"""Whether an installed upstream package is one a patch was checked against.

Every module of :mod:`labnotebook.patches` declares the versions it was checked
against as a :class:`Checked`, and applies its patch only when
:meth:`Checked.holds`; outside that range the upstream behaviour is left alone
(a build may then be slower or write more pages, never different ones).

This module imports neither Sphinx nor the patched packages: the build kernel's
launcher, which runs inside every notebook's kernel, uses it too.
"""

from __future__ import annotations

import functools
import logging
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from packaging.version import Version

logger = logging.getLogger(__name__)


@functools.cache
def installed_version(distribution: str) -> Version | None:
    """The installed version of ``distribution``, or ``None`` if it is missing or odd."""
    # imported here: the build kernel's launcher imports this module in every kernel
    from importlib import metadata

    from packaging.version import InvalidVersion, Version

    try:
        return Version(metadata.version(distribution))
    except (metadata.PackageNotFoundError, InvalidVersion):
        return None


@dataclass(frozen=True)
class Checked:
    """The versions of one upstream distribution that a patch was checked against."""

    distribution: str
    #: a PEP 440 specifier such as ``">=9.0,<9.1"``; pre-releases count as inside it
    versions: str

    def holds(self) -> bool:
        """Whether the installed version is within the checked range.

        When it is not, the patch is skipped, and that is said once per distribution in a
        build's verbose output (``-v``).
        """
        from packaging.specifiers import SpecifierSet

        version = installed_version(self.distribution)
        inside = version is not None and SpecifierSet(self.versions).contains(
            version, prereleases=True
        )
        if not inside:
            _report_skipped(self.distribution, str(version), self.versions)
        return inside


@functools.cache
def _report_skipped(distribution: str, version: str, versions: str) -> None:
    message = (
        f"labnotebook: {distribution} {version} is outside the versions its patches were "
        f"checked against ({versions}); they are skipped"
    )
    # through Sphinx's logger when a build runs (never imported here: see above)
    sphinx_logging = sys.modules.get("sphinx.util.logging")
    if sphinx_logging is not None:
        sphinx_logging.getLogger(__name__).verbose(message)
    else:
        logger.debug(message)
