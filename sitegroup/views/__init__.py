"""Views of the platform (thin: parse, call a service or query, render)."""
