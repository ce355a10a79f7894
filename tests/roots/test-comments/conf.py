extensions = ["myst_nb", "labnotebook"]
myst_title_to_header = True
nitpicky = True
project = "Comments"
labnotebook_comments = {
    "repo": "a-lab/our-notes",
    "repo_id": 'R_kgDO"<script>',
    "category": "Q&A <notes>",
    "category_id": "DIC_kwDO",
}
exclude_patterns = ["_build"]
