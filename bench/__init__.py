"""`make bench`: the app against a bare-Flask baseline under the same gunicorn settings."""
