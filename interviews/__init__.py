"""在线访谈 (interviews): its models and views arrive with its own issue."""
