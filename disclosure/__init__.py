"""政府信息公开 (disclosure): its models and views arrive with its own issue."""
