"""Services of 政民互动: each module owns the rules of one kind of citizen input."""
