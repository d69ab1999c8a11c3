"""站内搜索 (search): one interface over two backends (embedded SQLite FTS5, Elasticsearch), a registry
of searchable types, index sync on publication, and the public result pages."""
