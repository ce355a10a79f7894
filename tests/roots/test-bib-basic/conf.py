extensions = ["myst_parser", "sphinxcontrib.bibtex", "labnotebook"]
myst_title_to_header = True
nitpicky = True
bibtex_bibfiles = ["refs.bib"]
bibtex_default_style = "labnotebook"
bibtex_reference_style = "author_year"
labnotebook_publication_authors = ["Pai, Druv"]
