"""``labnotebook init``: a new site of one's own, from the site template in ``template/``.

Sphinx-free. :mod:`.answers` holds what the user told us (flags or questions),
:mod:`.render` writes the template into a folder and locks the site's dependencies.
"""

from labnotebook.scaffold.answers import SiteAnswers
from labnotebook.scaffold.render import write_site

__all__ = ["SiteAnswers", "write_site"]
