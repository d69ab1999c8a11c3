"""Pure algorithms of the disclosure column (no Django)."""
