extensions = ["myst_parser", "labnotebook"]
myst_title_to_header = True
nitpicky = True
html_theme = "sphinx_book_theme"
labnotebook_search_shard_pages = 1  # one page a shard: the browser tests search merged shards
