extensions = ["myst_nb", "labnotebook"]
exclude_patterns = ["_build"]
myst_title_to_header = True
nitpicky = True
project = "Comments"
# its own mapping: MyST-NB adds to the one it is given, and Sphinx's shared default
# would otherwise carry "myst-nb" into the next application of the same test process
source_suffix = {".rst": "restructuredtext", ".md": "myst-nb", ".ipynb": "myst-nb"}
labnotebook_comments = {
    "repo": "a-lab/our-notes",
    "repo_id": 'R_kgDO"<script>',
    "category": "Q&A <notes>",
    "category_id": "DIC_kwDO",
}
