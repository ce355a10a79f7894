"""The website around the notes: navigation, search, feeds, page metadata, the profile,
the dated updates, exports for machines, and the theme's templates and static files."""
