"""Benchmark of the book build against plain Sphinx: a generator and a runner."""
