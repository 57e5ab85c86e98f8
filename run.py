"""The app object for the `flask` command and WSGI servers (FLASK_APP=run.py)."""

from app import create_app

app = create_app()
