"""What the tests start and fake: servers, providers, a mailbox, an authenticator, and helpers
shared by more than one test file. Imported as `support.<module>` (conftest.py puts test/ on
sys.path)."""
