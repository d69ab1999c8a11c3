"""站内搜索 (search): its models and views arrive with its own issue."""
