"""The shared input rules of app/accounts/fields.py as request parser types, as documented."""

from app.accounts import fields as rules
from app.api.body import documented

PASSWORD = {"type": "string", "format": "password"}

email_address = documented(rules.email_address, type="string", format="email")
new_password = documented(rules.new_password, **PASSWORD)
any_password = documented(rules.any_password, **PASSWORD)
