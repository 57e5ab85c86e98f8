"""The baseline: a bare Flask JSON endpoint, served by gunicorn exactly like the app."""

from flask import Flask

app = Flask(__name__)


@app.get("/")
def index() -> dict[str, str]:
    """The least a Flask JSON endpoint can do."""
    return {"status": "ok"}
