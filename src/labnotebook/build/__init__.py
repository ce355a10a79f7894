"""Build machinery that only makes builds faster or steadier: skipping unchanged builds,
read scheduling, caches, and re-reading documents that warned. Each piece can be removed
without changing a single byte of the built book."""
