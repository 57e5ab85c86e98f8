"""Email: an outbox written in the caller's transaction, and the senders that empty it."""
