"""Site templates (themes) managed by the publicity department."""
