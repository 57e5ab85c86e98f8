"""What every namespace shares and no HTTP touches: tokens, keys, passwords, sealed secrets."""
