"""Builders for interview tests: an interview under a site's 在线访谈 column, with people in every role."""

from __future__ import annotations

import itertools
from datetime import timedelta

from django.utils import timezone

from interviews.models import InterviewGuest, InterviewPage, InterviewRoleKind
from interviews.provisioning import ensure_interview_column
from interviews.services import live
from sitegroup.models import Role
from tests.builders import make_user

_numbers = itertools.count(1)


def make_interview(organisation, *, title="聚焦义务教育招生政策", mode="text", stream_url="", **fields):
    column = ensure_interview_column(organisation)
    starts = timezone.now() + timedelta(days=3)
    page = InterviewPage(
        title=title,
        slug=f"interview-{next(_numbers)}",
        summary="县教育局负责人解读今年义务教育招生政策，回答网友关心的问题。",
        host_name="王丽",
        starts_at=fields.pop("starts_at", starts),
        ends_at=fields.pop("ends_at", starts + timedelta(hours=1)),
        place="县政府网站访谈室",
        mode=mode,
        stream_url=stream_url,
        **fields,
    )
    page.guests = [InterviewGuest(name="张建国", title="县教育局局长", organisation=organisation)]
    column.add_child(instance=page)
    page.save_revision().publish()
    return InterviewPage.objects.get(pk=page.pk)


def staff_for(interview: InterviewPage, admin) -> dict:
    """Accounts for each role of the interview (editors of its organisation, so they reach the admin),
    assigned by an administrator; an outsider is an editor of the same organisation with no part."""
    guest = interview.guests.get()
    organisation = live.organisation_of(interview)
    people = {}
    for role in InterviewRoleKind.values:
        person = make_user(f"iv_{role}_{next(_numbers)}", organisation=organisation, role=Role.EDITOR)
        live.assign_role(interview, admin, person=person, role=role, guest=guest if role == "guest" else None)
        people[role] = person
    people["outsider"] = make_user(f"iv_outsider_{next(_numbers)}", organisation=organisation, role=Role.EDITOR)
    return people
