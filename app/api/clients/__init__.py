"""The OAuth clients an admin registers: the apps that sign people in through this API."""
