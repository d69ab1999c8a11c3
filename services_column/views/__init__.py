"""Public views of the service column: the directory and guides (`items`), applications (`applications`)."""
