"""The /auth namespace: register, log in, who am I, log out."""
