"""Wagtail's WAGTAIL_FINISH_WORKFLOW_ACTION: what happens when a workflow's last task approves.

Wagtail imports this setting while its models load, so this module imports nothing of ours at
import time; the rule itself is `sitegroup.services.editorial.publish_workflow_state`.
"""


def publish_approved(workflow_state, user=None):
    from sitegroup.services.editorial import publish_workflow_state

    return publish_workflow_state(workflow_state, user=user)
