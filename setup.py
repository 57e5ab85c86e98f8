"""The packages of the wheel, with the email templates of app/templates/mail; the rest of the
package metadata lives in pyproject.toml.

The top-level migrations/ folder ships inside the wheel as app/migrations, so an installed app
can run `flask db upgrade` from any folder (app/__init__.py finds it in either place).
"""

from setuptools import find_packages, setup

setup(
    packages=[
        *find_packages(include=["app", "app.*"]),
        "app.migrations",
        "app.migrations.versions",
    ],
    package_dir={"app.migrations": "migrations"},
    package_data={
        "app": ["templates/mail/*.txt", "templates/mail/*.html"],
        "app.migrations": ["alembic.ini", "script.py.mako", "README"],
    },
)
