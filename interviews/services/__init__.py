"""Services of 在线访谈: `live` (the broadcast: start, post, questions, answers, end) and `broadcast`
(payload rendering and group names)."""
