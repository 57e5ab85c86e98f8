"""The identity provider's hosted pages: server-rendered sign-in, its second step and sign-out,
and the provider's own browser session (a cookie tied to a login session). The authorize step
builds on app/hosted/session.py; the routes are in app/hosted/views.py."""
