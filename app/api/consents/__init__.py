"""The apps a person allowed to sign them in, and taking that back."""
