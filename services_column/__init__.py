"""政务服务专栏 (services_column): its models and views arrive with its own issue."""
