"""Bringing a book written for another tool into labnotebook, once."""
