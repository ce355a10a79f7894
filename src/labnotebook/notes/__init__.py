"""The note as a Sphinx object: its domain and role, reading front matter, backlinks,
listings, numbering, translations, and the generated tag and author pages."""
