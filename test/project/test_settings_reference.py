"""The settings reference, docs/settings.md, is what app/config.py's declaration says, and that
declaration describes every setting."""

import inspect
from pathlib import Path

import pytest

from app.config import PROVIDER_FIELDS, SETTINGS
from app.settings_reference import render

PAGE = Path(__file__).resolve().parents[2] / "docs" / "settings.md"


def test_the_committed_reference_is_what_the_declaration_writes():
    assert PAGE.read_text() == render(), (
        "docs/settings.md differs from app/config.py: run `.venv/bin/python -m "
        "app.settings_reference` and commit docs/settings.md"
    )


@pytest.mark.parametrize("name", SETTINGS)
def test_every_setting_says_what_it_is(name):
    assert SETTINGS[name].doc.strip(), f'{name}: give its Setting a description (doc="...")'


@pytest.mark.parametrize("name", [name for name, setting in SETTINGS.items() if setting.check])
def test_every_check_says_what_it_allows(name):
    assert inspect.getdoc(SETTINGS[name].check), f"{name}: its check needs a docstring"


@pytest.mark.parametrize("field", PROVIDER_FIELDS)
def test_every_provider_field_says_what_it_is(field):
    assert PROVIDER_FIELDS[field].strip()
