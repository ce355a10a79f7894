"""The website around the notes: navigation, search, feeds, page metadata, the profile,
the dated updates, exports for machines, and the theme's templates and static files."""

#: The builders that write the website, for the features that only make sense on it
#: (feeds, the search index, page metadata).
HTML_BUILDERS = frozenset({"html", "dirhtml"})
