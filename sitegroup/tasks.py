"""The task backend: tasks run in-process once the current transaction commits.

Wagtail keeps its admin search index with a task on every save. Run inside the publishing
transaction, PostgreSQL deadlocked when several editors published at once (its index update
rewrites the rows of all recently added entries); run after commit, each statement is short and
on its own, and a failing index update can no longer undo a publication.
"""

from django.db import transaction
from django_tasks.backends.immediate import ImmediateBackend


class AfterCommitBackend(ImmediateBackend):
    def _execute_task(self, task_result) -> None:
        transaction.on_commit(lambda: super(AfterCommitBackend, self)._execute_task(task_result))
