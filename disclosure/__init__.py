"""政府信息公开 (disclosure): the disclosure column of every site — guide, classified catalogue with
index numbers, items, and the portal's platform that aggregates every organisation's catalogue."""
