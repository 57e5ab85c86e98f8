"""Storing and reading rows the way every use case needs: unique inserts, pages, plain reads."""
