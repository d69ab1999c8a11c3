"""Publishing rules of the disclosure column: index numbers issued once and unique under concurrent
publishers, the 保密审查 record, the column's workflow."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone

from disclosure.lib.index_numbers import format_index_number
from disclosure.models import IndexNumberSequence
from disclosure.models.pages import organisation_id_of
from sitegroup.models import Organisation


def next_serial(organisation_id: int, year: int) -> int:
    """The next serial of an organisation's year, counted under a row lock (PostgreSQL: SELECT … FOR UPDATE).

    Must run inside the publishing transaction: the lock is held until it commits, so two editors
    publishing at once get consecutive serials, never the same one.
    """
    with transaction.atomic():
        try:
            with transaction.atomic():
                IndexNumberSequence.objects.get_or_create(organisation_id=organisation_id, year=year)
        except IntegrityError:
            pass  # another transaction created the row first; lock it below
        sequence = IndexNumberSequence.objects.select_for_update().get(organisation_id=organisation_id, year=year)
        sequence.last_serial += 1
        sequence.save(update_fields=["last_serial"])
        return sequence.last_serial


def assign_index_number(item) -> str:
    """Give an item its index number at first publication; an item that has one keeps it."""
    if item.index_number:
        return item.index_number
    organisation = Organisation.objects.only("code").get(pk=item.organisation_id)
    year = (item.published_on or timezone.localdate()).year  # the year of the 发布日期
    item.index_number = format_index_number(organisation.code, year, next_serial(organisation.pk, year))
    return item.index_number


def record_confidentiality_review(task_state, user, action_name: str, attribute: str, opinion: str):
    """Write the approval record (公开审批表) of a 保密审查 decision, with an audit-log entry."""
    from wagtail.log_actions import log

    from disclosure.models import ConfidentialityReview, DisclosureAttribute, ReviewDecision

    revision = task_state.revision
    page = task_state.workflow_state.content_object.specific
    drafted = revision.user if revision and revision.user_id else None
    record = ConfidentialityReview.objects.create(
        page=page,
        revision=revision,
        organisation_id=page.organisation_id,
        title=(revision.as_object().title if revision else page.title),
        drafted_by=(drafted.get_full_name() or drafted.get_username()) if drafted else "",
        submitted_at=task_state.workflow_state.created_at,
        attribute=attribute if attribute in DisclosureAttribute.values else DisclosureAttribute.PROACTIVE,
        decision=ReviewDecision.APPROVED if action_name == "approve" else ReviewDecision.REJECTED,
        opinion=opinion,
        reviewer=user,
        reviewer_name=user.get_full_name() or user.get_username(),
    )
    log(instance=page, action="disclosure.confidentiality_review", user=user, data={"record": record.pk})
    return record


def ensure_disclosure_workflow(column):
    """The disclosure column's workflow: the site's sensitive-word check, then 保密审查 by the
    organisation's reviewers (whose approval publishes). Idempotent."""
    from wagtail.models import Workflow, WorkflowPage, WorkflowTask

    from disclosure.models import ConfidentialityReviewTask
    from sitegroup.models import OrganisationRole, Role

    existing = WorkflowPage.objects.filter(page=column).first()
    if existing:
        return existing.workflow
    organisation = Organisation.objects.get(pk=organisation_id_of(column))
    site_workflow = WorkflowPage.objects.get(page=organisation.site.root_page).workflow
    first_task = site_workflow.workflow_tasks.order_by("sort_order").first()
    review = ConfidentialityReviewTask.objects.create(name=f"{organisation.name}保密审查")
    review.groups.set(
        OrganisationRole.objects.filter(
            organisation=organisation, role__in=[Role.REVIEWER, Role.SITE_ADMIN]
        ).values_list("group", flat=True)
    )
    workflow = Workflow.objects.create(name=f"{organisation.name}政府信息公开审核流程", active=True)
    if first_task is not None:
        WorkflowTask.objects.create(workflow=workflow, task=first_task.task, sort_order=0)
    WorkflowTask.objects.create(workflow=workflow, task=review, sort_order=1)
    WorkflowPage.objects.create(page=column, workflow=workflow)
    return workflow
