"""Admin forms of the platform."""
