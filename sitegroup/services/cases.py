"""The case core's services: the registry of case kinds and every change of a case's state.

    from sitegroup.services import cases
    cases.register(CaseKind(code="disclosure.request", label="依申请公开", model=DisclosureRequest, …))
    case = cases.submit(kind, organisation, {...}, client_ip="…")
    cases.perform(case, user, "answer", on=…, changes={...}, public_note="…")

Every action checks permission first (a person who may not act learns nothing about the case),
then locks the row and evaluates the transition table and the kind's guards on the locked row
(two concurrent actions cannot both pass), applies the changes, records an event and an audit-log
entry, recomputes the stored deadline, and tells the citizen of public events after commit.
Supervision, statistics and reports read every kind through `kinds()`, never by importing apps.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from wagtail.log_actions import log

from sitegroup.lib import case_clock
from sitegroup.models import Organisation, OrganisationRole, Role
from sitegroup.models.cases import Case, Rating
from sitegroup.permissions import user_sees_every_organisation
from sitegroup.services import notifications, rate_limits
from sitegroup.services.rate_limits import RateLimited
from sitegroup.services.working_days import calendar

__all__ = ["RateLimited"]

HANDLING_ROLES = (Role.HANDLER, Role.REVIEWER, Role.SITE_ADMIN)
SUBMISSIONS_PER_HOUR = 5
LOOKUPS_PER_HOUR = 20
RATING_DAYS = 30  # calendar days after conclusion in which the citizen may rate


class TransitionError(Exception):
    """An action the case's current state (or the rules) does not allow; the message says why."""


@dataclass(frozen=True)
class Transition:
    """One row of a kind's transition table: an action, the states it starts from, where it leads."""

    action: str
    label: str  # the button: "作出答复"
    sources: tuple[str, ...]  # empty: every state
    target: str | None = None  # None: the state does not change
    event: str = ""  # the history's wording, default the label
    is_public: bool = True  # whether the citizen sees the event

    @property
    def event_text(self) -> str:
        return self.event or self.label

    def allows(self, state: str) -> bool:
        return not self.sources or state in self.sources


@dataclass
class CaseKind:
    """What an app declares about its case kind; the admin screens read the same table."""

    code: str
    label: str  # 依申请公开, 网上信箱
    noun: str  # what one case is called in messages: 申请, 信件
    model: type[Case]
    states: type[models.TextChoices]
    open_states: tuple[str, ...]
    transitions: tuple[Transition, ...]
    clock_facts: Callable[[Case], case_clock.ClockFacts | None]  # None: no deadline runs
    admin_url: Callable[[Case], str] = lambda case: ""
    lookup_alphabet: str = "0123456789"
    lookup_length: int = 10
    contact: Callable[[Case], tuple[str, str]] = lambda case: (getattr(case, "phone", ""), getattr(case, "email", ""))
    handling_roles: tuple[str, ...] = HANDLING_ROLES
    due_soon_days: int = case_clock.DUE_SOON_DAYS
    rateable_states: tuple[str, ...] = ()  # the concluded states a citizen may rate (answers, not refusals)
    select_related: tuple[str, ...] = ()  # what lists of the kind read with each case (its clock's facts)
    prefetch_related: tuple[str, ...] = ()
    # Statistics per item (事项): a field of the case model (a foreign key or a plain field) whose
    # value's str names what the case is about; "" when the kind has no such thing.
    subject_field: str = ""
    by_action: dict[str, Transition] = field(init=False, repr=False)

    def __post_init__(self):
        self.by_action = {transition.action: transition for transition in self.transitions}

    def transition(self, action: str) -> Transition:
        try:
            return self.by_action[action]
        except KeyError:
            raise TransitionError("没有这项办理操作。") from None

    def available(self, state: str) -> list[Transition]:
        return [transition for transition in self.transitions if transition.allows(state)]

    def state_label(self, state: str) -> str:
        try:
            return self.states(state).label
        except ValueError:
            return state

    @property
    def event_model(self):
        return self.model._meta.get_field("events").related_model


_kinds: dict[str, CaseKind] = {}


def register(kind: CaseKind) -> CaseKind:
    _kinds[kind.code] = kind
    return kind


def kinds() -> list[CaseKind]:
    return list(_kinds.values())


def get_kind(code: str) -> CaseKind:
    return _kinds[code]


def kind_of(case_or_model) -> CaseKind:
    model = case_or_model if isinstance(case_or_model, type) else type(case_or_model)
    for kind in _kinds.values():
        if issubclass(model, kind.model):
            return kind
    raise LookupError(f"{model.__name__} is not a registered case kind")


# -- who may act ------------------------------------------------------------------------------------


def can_handle(user, organisation, kind: CaseKind) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return OrganisationRole.objects.filter(
        organisation=organisation, role__in=kind.handling_roles, group__user=user
    ).exists()


def require_handler(user, case: Case) -> None:
    if not can_handle(user, case.organisation, kind_of(case)):
        raise PermissionDenied("只有本机关的承办人、审核员或站点管理员可以办理。")


def organisations_handled_by(user, kind: CaseKind):
    if not user.is_authenticated:
        return Organisation.objects.none()
    if user.is_superuser:
        return Organisation.objects.all()
    return Organisation.objects.filter(roles__role__in=kind.handling_roles, roles__group__user=user).distinct()


def handled_by(user, kind: CaseKind):
    """The cases a user may see: own organisations' (handlers, reviewers, site admins), or all."""
    if user_sees_every_organisation(user):
        return kind.model.objects.all()
    if not user.is_authenticated:
        return kind.model.objects.none()
    organisations = OrganisationRole.objects.filter(role__in=kind.handling_roles, group__user=user).values(
        "organisation"
    )
    return kind.model.objects.filter(organisation__in=organisations)


def may_see(user, kind: CaseKind) -> bool:
    if not user.is_authenticated:
        return False
    if user_sees_every_organisation(user):
        return True
    return OrganisationRole.objects.filter(role__in=kind.handling_roles, group__user=user).exists()


# -- rate limits ------------------------------------------------------------------------------------


def rate_limit(scope: str, client: str, limit: int, seconds: int = 3600) -> None:
    """One use by a client (its address; hashed by the kit, never stored) counted against the limit."""
    rate_limits.hit(scope, client, limit, seconds)


# -- the clock --------------------------------------------------------------------------------------


def clock(case: Case, today: date | None = None) -> case_clock.Clock | None:
    facts = kind_of(case).clock_facts(case)
    if facts is None:
        return None
    return case_clock.compute(facts, calendar(), today or timezone.localdate())


def days_left(case: Case, today: date | None = None) -> int | None:
    """Working days until the deadline (negative: overdue); None when closed, paused or waiting."""
    if not case.is_open:
        return None
    today = today or timezone.localdate()
    current = clock(case, today)
    if current is None:
        return None
    return case_clock.working_days_left(current, calendar(), today)


def warning(case: Case, today: date | None = None) -> case_clock.Warning:
    return case_clock.warning_for(days_left(case, today), kind_of(case).due_soon_days)


def recompute_deadline(case: Case) -> None:
    if case.is_open:
        current = clock(case)
        case.due_on = current.due_on if current else None
        type(case).objects.filter(pk=case.pk).update(due_on=case.due_on)


def open_cases(kind: CaseKind):
    """A kind's open cases with what their clocks read (no query per case)."""
    return (
        kind.model.objects.filter(state__in=kind.open_states)
        .select_related("organisation", *kind.select_related)
        .prefetch_related(*kind.prefetch_related)
    )


def recompute_all_deadlines(**kwargs) -> int:
    """After the working-day calendar changed: every open case of every kind again."""
    count = 0
    for kind in kinds():
        for case in open_cases(kind):
            recompute_deadline(case)
            count += 1
    return count


# -- citizens ---------------------------------------------------------------------------------------


def new_lookup_code(kind: CaseKind) -> str:
    return "".join(secrets.choice(kind.lookup_alphabet) for _ in range(kind.lookup_length))


def submit(
    kind: CaseKind,
    organisation,
    fields: dict,
    *,
    client_ip: str = "",
    today: date | None = None,
    initial_state: str,
    received_note: str,
    rate_scope: str | None = None,
) -> Case:
    """A citizen's case, received today: a unique lookup code, the first public event, the deadline,
    an audit-log entry, and a notice to the citizen after commit."""
    rate_limit(f"{rate_scope or kind.code}:submit", client_ip, SUBMISSIONS_PER_HOUR)
    today = today or timezone.localdate()
    with transaction.atomic():
        case = None
        for _attempt in range(8):
            try:
                with transaction.atomic():
                    case = kind.model.objects.create(
                        organisation=organisation,
                        lookup_code=new_lookup_code(kind),
                        received_on=today,
                        state=initial_state,
                        **fields,
                    )
                break
            except IntegrityError:
                continue  # a lookup code collision: draw again
        if case is None:
            raise RuntimeError("could not draw a unique lookup code")
        record_event(case, None, f"收到{kind.noun}", "", initial_state, today, received_note, public_note=received_note)
        log(instance=case, action="sitegroup.case.submitted", user=None, data={"kind": kind.code})
        recompute_deadline(case)
        _notify_after_commit(case, received_note)
    return case


def find_for_citizen(kind: CaseKind, code: str, second_factor: str, *, client_ip: str = "", check=None):
    """The citizen's own case by lookup code and second factor (default: last four digits of the
    phone); None when either is wrong. Rate-limited per address."""
    try:
        rate_limit(f"{kind.code}:lookup", client_ip, LOOKUPS_PER_HOUR)
    except RateLimited:
        raise RateLimited("查询过于频繁，请1小时后再试。") from None
    code = (code or "").strip().upper()
    second_factor = (second_factor or "").strip()
    if len(code) != kind.lookup_length or not second_factor:
        return None
    case = kind.model.objects.filter(lookup_code=code).select_related("organisation").first()
    if case is None:
        return None
    matches = check(case, second_factor) if check else _phone_tail_matches(case, second_factor)
    return case if matches else None


def _phone_tail_matches(case: Case, tail: str) -> bool:
    phone = kind_of(case).contact(case)[0]
    return len(tail) == 4 and tail.isdigit() and bool(phone) and phone.endswith(tail)


def public_events(case: Case):
    return case.events.filter(is_public=True)


def may_rate(case: Case, today: date | None = None) -> bool:
    today = today or timezone.localdate()
    return (
        case.state in kind_of(case).rateable_states
        and case.rating is None
        and case.concluded_on is not None
        and (today - case.concluded_on).days <= RATING_DAYS
    )


def rate(case: Case, score: int, comment: str = "") -> Case:
    """好差评: the citizen's one rating after conclusion (found through lookup code + second factor)."""
    if score not in Rating.values:
        raise TransitionError("请选择评价等级。")
    if len(comment) > 500:
        raise TransitionError("评价意见不能超过500字。")
    model = type(case)
    with transaction.atomic():
        current = model.objects.select_for_update().get(pk=case.pk)
        if current.is_open:
            raise TransitionError("办结后才能评价。")
        if current.state not in kind_of(current).rateable_states:
            raise TransitionError("这件办件没有作出答复，不能评价。")
        if current.rating is not None:
            raise TransitionError("已经评价过了，每件只能评价一次。")
        if not may_rate(current):
            raise TransitionError(f"评价期限为办结后{RATING_DAYS}日，已经过期。")
        current.rating = score
        current.rating_comment = comment.strip()
        current.rated_at = timezone.now()
        current.save(update_fields=["rating", "rating_comment", "rated_at"])
        label = Rating(score).label
        record_event(current, None, "群众评价", current.state, current.state, timezone.localdate(), label)
        log(instance=current, action="sitegroup.case.rated", user=None, data={"rating": score})
        from sitegroup.services import case_supervision

        case_supervision.open_follow_up(current)  # 不满意/非常不满意: 回访 and 整改 by a deadline
    case.refresh_from_db()
    return case


# -- staff ------------------------------------------------------------------------------------------


def record_event(case, user, action, from_state, to_state, on, note="", *, public_note="", is_public=True):
    """One history entry: `note` for staff only; `public_note` is all the citizen reads of it."""
    kind = kind_of(case)
    kind.event_model.objects.create(
        case=case,
        on=on,
        actor=user,
        actor_name=(user.get_full_name() or user.get_username()) if user else "",
        action=action,
        from_state=from_state,
        to_state=to_state,
        note=note,
        public_note=public_note if is_public else "",
        is_public=is_public,
    )
    if user is not None:
        log(instance=case, action="sitegroup.case", user=user, data={"action": action, "state": to_state})


def _notify_after_commit(case: Case, text: str) -> None:
    if text:
        transaction.on_commit(lambda: notifications.notify_citizen(case, text))


def perform(
    case: Case,
    user,
    action: str,
    *,
    on: date | None = None,
    note: str | Callable[[Case], str] = "",
    public_note: str | Callable[[Case], str] = "",
    changes: dict | Callable[[Case], dict] | None = None,
    guard: Callable[[Case], None] | None = None,
    permission: Callable[[object, Case], None] | None = None,
    after: Callable[[Case], None] | None = None,
) -> Case:
    """Run one row of the kind's transition table on the case (see the module docstring).

    `guard(locked)` raises TransitionError when the rules refuse; `changes` and the staff `note` may
    be functions of the locked row (the note sees it before the changes); `after(locked)` runs inside
    the transaction once the new state is saved (documents, pauses). `permission(user, case)` replaces
    the handler check for actions others may take; it runs first and again on the locked row."""
    (permission or require_handler)(user, case)
    kind = kind_of(case)
    transition = kind.transition(action)
    on = on or timezone.localdate()
    with transaction.atomic():
        current = type(case).objects.select_for_update().select_related("organisation").get(pk=case.pk)
        (permission or require_handler)(user, current)  # again on the locked row: it may have moved
        if not transition.allows(current.state):
            allowed = "、".join(kind.state_label(state) for state in transition.sources)
            raise TransitionError(
                f"当前状态为“{kind.state_label(current.state)}”，不能{transition.event_text}"
                f"（只有“{allowed}”的{kind.noun}可以）。"
            )
        if guard:
            guard(current)
        if callable(note):
            note = note(current)  # from the locked row, before the changes
        for name, value in ((changes(current) if callable(changes) else changes) or {}).items():
            setattr(current, name, value)
        from_state = current.state
        if transition.target is not None:
            current.state = transition.target
        current.save()
        if after:
            after(current)
        recompute_deadline(current)  # before the note: it may tell the citizen the new deadline
        text = public_note(current) if callable(public_note) else public_note
        record_event(
            current,
            user,
            transition.event_text,
            from_state,
            current.state,
            on,
            note,
            public_note=text,
            is_public=transition.is_public,
        )
        if transition.is_public:
            _notify_after_commit(current, text)
    case.refresh_from_db()
    return case


def add_note(case: Case, user, *, note: str, on: date | None = None) -> Case:
    """A handler's internal remark in the history; never shown to the citizen."""
    require_handler(user, case)
    if not note.strip():
        raise TransitionError("请填写备注内容。")
    on = on or timezone.localdate()
    record_event(case, user, "内部备注", case.state, case.state, on, note.strip(), is_public=False)
    return case


def require_supervisor(user, case: Case | None = None) -> None:
    if not (user.is_authenticated and user_sees_every_organisation(user)):
        raise PermissionDenied("只有电子监察（督查）人员可以督办。")


def urge(case: Case, user, *, note: str, on: date | None = None, due_days: int | None = None) -> Case:
    """督办: the supervision office's notice on a case, which the organisation must answer within
    `due_days` working days (default 3); the organisation sees it in the history and in its list of
    督办 notices (`sitegroup.models.SupervisionNotice`, on `case.supervision_notice` afterwards)."""
    from sitegroup.services import case_supervision

    require_supervisor(user)
    if not note.strip():
        raise TransitionError("请写明督办意见。")
    if len(note) > 2000:
        raise TransitionError("督办意见不能超过2000字。")
    due_days = case_supervision.NOTICE_DAYS if due_days is None else due_days
    if due_days not in dict(case_supervision.NOTICE_DAY_CHOICES):
        raise TransitionError("请选择反馈期限。")
    on = on or timezone.localdate()
    model = type(case)
    with transaction.atomic():
        current = model.objects.select_for_update().select_related("organisation").get(pk=case.pk)
        if not current.is_open:
            raise TransitionError("已办结的事项不需要督办。")
        current.escalated_on = on
        current.save(update_fields=["escalated_on"])
        notice = case_supervision.open_notice(current, user, note.strip(), on, due_days)
        record_event(current, user, "督办", current.state, current.state, on, note.strip(), is_public=False)
    case.refresh_from_db()
    case.supervision_notice = notice
    return case


def overdue(kind: CaseKind, today: date | None = None):
    """Open cases of a kind whose stored deadline has passed (the stored deadline may be stale
    for paused cases: callers that show days left compute them)."""
    today = today or timezone.localdate()
    return open_cases(kind).filter(due_on__lt=today)


def rows_with_clock(cases: Iterable[Case], today: date) -> list[dict]:
    """Each case with its days left and warning, for queues and the supervision dashboard."""
    rows = []
    for case in cases:
        left = days_left(case, today)
        level = case_clock.warning_for(left, kind_of(case).due_soon_days)
        rows.append(
            {
                "case": case,
                "days_left": left,
                "warning": level,
                "is_overdue": level is case_clock.Warning.RED,
                "is_due_soon": level is case_clock.Warning.YELLOW,
            }
        )
    return rows
