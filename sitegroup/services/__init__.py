"""Services of the platform: every state change goes through one of these functions."""
