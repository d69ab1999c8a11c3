"""The online-application case kind: the whole flow with a correction that restarts the clock, the
rules each step enforces (Chinese messages), lookup by 办件编号 + ID number, rating once."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from services_column.models import (
    ApplicantKind,
    ApplicationMaterial,
    ApplicationResult,
    ApplicationState,
    MaterialStage,
    OnlineDepth,
    ServiceApplication,
)
from services_column.services import applications as services
from sitegroup.models import Notification, Rating
from sitegroup.services import cases
from sitegroup.services.working_days import calendar
from tests.services_column.application_builders import PERSON_ID, make_item, pdf

pytestmark = pytest.mark.django_db

MONDAY = date(2026, 3, 2)


def applicant(**extra):
    return {
        "applicant_kind": ApplicantKind.PERSON,
        "name": "王秀兰",
        "id_number": PERSON_ID,
        "phone": "13912345678",
        "email": "",
        "address": "测试县城关镇幸福路8号",
        "field_values": {},
        **extra,
    }


@pytest.fixture
def item(site_group):
    return make_item(site_group["b"].home_page)


def apply(item, *, today=MONDAY, address="198.51.100.1", **extra):
    required = [material for material in item.materials.all() if material.is_required]
    return services.submit(
        item, applicant(**extra), materials=[(m, pdf()) for m in required], client_ip=address, today=today
    )


class TestFlow:
    def test_submission_to_conclusion_with_a_correction_that_restarts_the_clock(
        self, site_group, item, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            application = self._flow(site_group, item)
        # The applicant was told at each public step (the outbox holds the notices; SMS to the phone).
        notices = Notification.objects.filter(case_kind=services.KIND.code, case_id=application.pk)
        assert notices.count() == 7 and all(notice.recipient == "13912345678" for notice in notices)

    def _flow(self, site_group, item):
        users = site_group["users"]
        handler, reviewer = users["b_handler"], users["b_reviewer"]
        application = apply(item)
        assert application.state == ApplicationState.SUBMITTED
        assert len(application.lookup_code) == services.LOOKUP_LENGTH
        assert application.organisation == site_group["b"].organisation
        first_due = calendar().add(MONDAY, 10)
        assert application.due_on == first_due
        assert application.materials.count() == 2

        services.accept(application, handler, on=MONDAY)
        missing = item.materials.get(name="家庭收入情况说明")
        services.request_correction(
            application, handler, materials=[missing], note="收入证明需加盖村委会公章", on=MONDAY
        )
        application.refresh_from_db()
        assert application.state == ApplicationState.CORRECTION
        assert cases.days_left(application, date(2026, 3, 20)) is None  # paused while waiting

        arrival = date(2026, 3, 16)
        services.receive_correction(application, [(missing, pdf("收入证明.pdf"))], on=arrival)
        application.refresh_from_db()
        assert application.state == ApplicationState.ACCEPTED
        assert application.due_on == calendar().add(arrival, 10)  # counted again from the arrival
        assert application.due_on > first_due
        assert application.materials.filter(stage=MaterialStage.CORRECTION).count() == 1

        services.handle(application, handler, on=arrival)
        services.propose(application, handler, result=ApplicationResult.APPROVED, text="准予享受最低生活保障。")
        with pytest.raises(services.TransitionError, match="不能审核自己承办"):
            services.review(application, _as_reviewer_too(handler, site_group))
        services.review(application, reviewer)
        services.conclude(application, handler, publish=True)
        application.refresh_from_db()
        assert application.state == ApplicationState.CONCLUDED
        assert application.handler == handler and application.reviewer == reviewer
        assert application.concluded_on is not None and application.is_result_published
        actions = list(application.events.values_list("action", flat=True))
        assert actions == ["收到申请", "受理", "补齐补正告知", "补正材料已收到", "承办", "提交承办意见", "审核", "办结"]
        assert all(event.actor_name for event in application.events.exclude(action__in=("收到申请", "补正材料已收到")))
        return application

    def test_an_immediate_item_is_due_the_same_day(self, site_group):
        item = make_item(site_group["b"].home_page, "临时救助", is_immediate=True)
        application = apply(item)
        assert application.due_on == MONDAY


def _as_reviewer_too(user, site_group):
    """The handler also holds the reviewer role: still may not review their own proposal."""
    from sitegroup.models import Role
    from sitegroup.services.roles import grant_role

    grant_role(user, site_group["b"].organisation, Role.REVIEWER)
    return user


class TestRules:
    def test_not_accepting_needs_a_reason(self, site_group, item):
        application = apply(item)
        handler = site_group["users"]["b_handler"]
        with pytest.raises(services.TransitionError, match="不予受理须写明理由"):
            services.reject(application, handler, reason="  ")
        services.reject(application, handler, reason="申请人户籍不在本县，不属于本机关受理范围。")
        application.refresh_from_db()
        assert application.state == ApplicationState.NOT_ACCEPTED and application.concluded_on
        assert "户籍不在本县" in services.public_events(application).last().public_note

    def test_actions_out_of_order_are_refused_in_chinese(self, site_group, item):
        application = apply(item)
        handler = site_group["users"]["b_handler"]
        with pytest.raises(services.TransitionError, match="当前状态为“待受理”，不能办结"):
            services.conclude(application, handler)
        with pytest.raises(services.TransitionError, match="不能承办"):
            services.handle(application, handler)

    def test_correction_is_told_once_only(self, site_group, item):
        application = apply(item)
        handler = site_group["users"]["b_handler"]
        material = item.materials.first()
        services.request_correction(application, handler, materials=[material])
        services.receive_correction(application, [(material, pdf())])
        with pytest.raises(services.TransitionError):
            services.request_correction(application, handler, note="再补一份")

    def test_the_correction_must_bring_every_listed_material(self, site_group, item):
        application = apply(item)
        handler = site_group["users"]["b_handler"]
        first, second = list(item.materials.all())[:2]
        services.request_correction(application, handler, materials=[first, second])
        with pytest.raises(services.TransitionError, match=second.name):
            services.receive_correction(application, [(first, pdf())])
        assert ServiceApplication.objects.get(pk=application.pk).state == ApplicationState.CORRECTION

    def test_a_refusal_needs_reasons(self, site_group, item):
        application = apply(item)
        handler = site_group["users"]["b_handler"]
        services.accept(application, handler)
        services.handle(application, handler)
        with pytest.raises(services.TransitionError, match="须写明理由"):
            services.propose(application, handler, result=ApplicationResult.REFUSED)

    def test_only_the_items_department_may_act(self, site_group, item):
        application = apply(item)
        with pytest.raises(PermissionDenied):
            services.accept(application, site_group["users"]["a_handler"])
        assert ServiceApplication.objects.get(pk=application.pk).state == ApplicationState.SUBMITTED

    def test_an_item_without_online_application_refuses(self, site_group):
        item = make_item(site_group["b"].home_page, "医师执业注册", online_depth=OnlineDepth.DOWNLOAD)
        with pytest.raises(services.TransitionError, match="暂不接受网上申请"):
            apply(item)
        assert not ServiceApplication.objects.exists()

    def test_required_materials_are_required(self, site_group, item):
        with pytest.raises(services.TransitionError, match="缺少必需的申请材料"):
            services.submit(item, applicant(), materials=[], client_ip="198.51.100.2")
        assert not ApplicationMaterial.objects.exists()


class TestLookupAndRating:
    def test_lookup_needs_the_exact_id_number(self, site_group, item):
        application = apply(item)
        code = application.lookup_code
        assert services.find_for_applicant(code.lower(), PERSON_ID.lower(), client_ip="203.0.113.1") == application
        assert services.find_for_applicant(code, PERSON_ID[:-1] + "1", client_ip="203.0.113.1") is None
        assert services.find_for_applicant(code, PERSON_ID[-6:], client_ip="203.0.113.1") is None

    def test_lookup_is_rate_limited(self, site_group, item):
        application = apply(item)
        for _ in range(cases.LOOKUPS_PER_HOUR):
            services.find_for_applicant(application.lookup_code, "x" * 18, client_ip="203.0.113.9")
        with pytest.raises(services.RateLimited, match="查询过于频繁"):
            services.find_for_applicant(application.lookup_code, PERSON_ID, client_ip="203.0.113.9")

    def test_every_concluded_application_may_be_rated_once(self, site_group, item):
        handler = site_group["users"]["b_handler"]
        refused = apply(item)
        services.reject(refused, handler, reason="材料不属实。")
        refused.refresh_from_db()
        with pytest.raises(services.TransitionError, match="办结后才能评价"):
            cases.rate(apply(item, address="198.51.100.5"), Rating.SATISFIED)
        cases.rate(refused, Rating.VERY_DISSATISFIED, "窗口态度不好")
        with pytest.raises(services.TransitionError, match="每件只能评价一次"):
            cases.rate(refused, Rating.VERY_SATISFIED)
        refused.refresh_from_db()
        assert refused.rating == Rating.VERY_DISSATISFIED


class TestDemo:
    def test_the_demo_runs_after_the_other_demo_hooks(self):
        from wagtail import hooks

        from services_column.application_hooks import demo_applications

        assert hooks.get_hooks("sitegroup_demo_finished")[-1] is demo_applications

    def test_the_demo_fills_every_state_with_overdue_corrections_and_ratings(self, site_group):
        from services_column.demo_applications import build_demo_applications, fake_credit_code, fake_resident_id
        from sitegroup.lib.identity import is_credit_code, is_resident_id

        assert build_demo_applications() == 0  # no items yet: nothing, and no error
        make_item(site_group["b"].home_page)
        make_item(site_group["b"].home_page, "临时救助审批", audience="legal_person")
        assert build_demo_applications() == 12
        assert build_demo_applications() == 0  # once only
        states = set(ServiceApplication.objects.values_list("state", flat=True))
        assert states == set(ApplicationState.values)
        today = timezone.localdate()
        assert any(cases.warning(a, today).value == "red" for a in ServiceApplication.objects.all())
        assert ServiceApplication.objects.filter(correction_received_on__isnull=False).exists()
        ratings = set(ServiceApplication.objects.exclude(rating=None).values_list("rating", flat=True))
        assert Rating.VERY_DISSATISFIED in ratings and Rating.VERY_SATISFIED in ratings
        for application in ServiceApplication.objects.all():
            check = is_resident_id if application.applicant_kind == ApplicantKind.PERSON else is_credit_code
            assert check(application.id_number)
        import random

        rng = random.Random(1)
        assert all(is_resident_id(fake_resident_id(rng)) and is_credit_code(fake_credit_code(rng)) for _ in range(50))
