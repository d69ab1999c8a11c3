"""Pure algorithms of search: Chinese text to index terms, query parsing, highlighting (no Django)."""
