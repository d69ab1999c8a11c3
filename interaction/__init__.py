"""政民互动 (interaction): its models and views arrive with its own issue."""
