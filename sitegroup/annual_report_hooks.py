"""政府网站工作年度报表 admin wiring (filled below)."""
