"""The invitations namespace, under /users: inviting people to register."""
