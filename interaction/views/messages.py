"""Public views of 政民互动's message channels: the hub, writing, lookup and rating, published replies
and the statistics per department. Thin: a form in, one service or query, render."""

from __future__ import annotations

import time

from django.core.cache import cache
from django.db.models import Avg, Count, Q
from django.http import Http404, HttpResponseRedirect
from django.utils import timezone

from interaction.message_forms import TITLE_LIMIT, LookupForm, MessageForm, RatingForm
from interaction.models import (
    ANSWERED_STATES,
    ConsultationPage,
    EFormPage,
    Message,
    MessageChannel,
    MessageState,
    SurveyPage,
)
from interaction.services import messages as services
from interaction.views import ALLOWED_METHODS, method_not_allowed, render
from sitegroup.lib import charts
from sitegroup.models import Organisation
from sitegroup.models.pages import paginate
from sitegroup.services import cases
from sitegroup.services.rate_limits import client_address

CODE_KEY = "interaction_message_code"
LOOKUP_KEY = "interaction_message_lookup"
LOOKUP_SECONDS = 30 * 60  # a lookup lets this browser rate the letter for half an hour
CHART_WIDTH = 720
COUNTED = ~Q(state__in=(MessageState.HELD, MessageState.REJECTED, MessageState.MERGED))


def is_id(value: str) -> bool:
    """A database id as typed into an address: digits, and not so many that the database overflows."""
    return value.isascii() and value.isdigit() and len(value) <= 12


def _published_in(page):
    """Published messages this 政民互动 shows: all of them on the portal, else its organisation's."""
    published = Message.objects.published()
    if page.is_platform:
        return published
    organisation = page.organisation()
    return published.filter(Q(channel__organisation=organisation) | Q(reply_organisation=organisation))


def _channels(page):
    return MessageChannel.objects.filter(organisation=page.organisation(), is_active=True)


def hub(request, page):
    if request.method not in ("GET", "HEAD"):
        return method_not_allowed(request, ("GET", "HEAD"))
    site_root = page.get_parent()  # the site's home: surveys and consultations may sit anywhere under it
    latest = _published_in(page).select_related("reply_organisation", "channel").order_by("-published_on", "-pk")
    return render(
        request,
        page,
        "interaction/messages/hub.html",
        channels=_channels(page),
        latest=latest[:8],
        faqs=_published_in(page).filter(is_faq=True).order_by("-published_on")[:5],
        surveys=SurveyPage.objects.live().public().descendant_of(site_root),
        consultations=ConsultationPage.objects.live().public().descendant_of(site_root),
        eforms=EFormPage.objects.live().public().descendant_of(site_root),
    )


def _channel_or_404(page, channel_id):
    channel = _channels(page).filter(pk=channel_id).first()
    if channel is None:
        raise Http404("没有这个信箱，或它已停用。")
    return channel


def write(request, page, channel_id):
    if request.method not in ALLOWED_METHODS:
        return method_not_allowed(request)
    channel = _channel_or_404(page, channel_id)
    departments = services.departments_for(channel)
    template = "interaction/messages/write.html"
    if request.method != "POST":
        # Another page may suggest the subject (the service column's 网上咨询 names its item): only a
        # starting value the citizen can change, cut to the limit.
        initial = {"title": request.GET.get("subject", "")[:TITLE_LIMIT]} if request.GET.get("subject") else {}
        form = MessageForm(channel=channel, departments=departments, initial=initial)
        return render(request, page, template, channel=channel, form=form)
    form = MessageForm(request.POST, request.FILES, channel=channel, departments=departments)
    if not form.is_valid():
        return render(request, page, template, status=400, channel=channel, form=form)
    try:
        message = services.submit(
            channel,
            form.message_data(),
            files=form.files_to_store(),
            needs_review=form.needs_review,
            client_ip=client_address(request),
        )
    except services.RateLimited as error:
        fresh = MessageForm(request.POST, channel=channel, departments=departments)
        fresh.is_valid()  # keep what was typed; a new captcha question is shown
        return render(request, page, template, status=429, channel=channel, form=fresh, error=error.message)
    except services.TransitionError as error:
        return render(request, page, template, status=400, channel=channel, form=form, error=str(error))
    request.session[CODE_KEY] = message.lookup_code
    return HttpResponseRedirect(page.url + "write/done/")


def write_done(request, page):
    if request.method not in ("GET", "HEAD"):
        return method_not_allowed(request, ("GET", "HEAD"))
    code = request.session.pop(CODE_KEY, None)
    message = (
        Message.objects.filter(lookup_code=code).select_related("channel", "organisation").first() if code else None
    )
    if message is None:
        return HttpResponseRedirect(page.url + "lookup/")
    return render(request, page, "interaction/messages/write_done.html", message=message)


def _status(request, page, message, *, form=None, rating_form=None, status=200, **extra):
    return render(
        request,
        page,
        "interaction/messages/lookup.html",
        status=status,
        form=form or LookupForm(),
        found=message,
        events=services.public_events(message),
        days_left=cases.days_left(message),
        shows_reply=message.state in ANSWERED_STATES,
        may_rate=cases.may_rate(message),
        rating_form=rating_form or RatingForm(),
        original=_published_original(message),
        **extra,
    )


def _published_original(message):
    """For a letter merged into another: the original, when its answer is public (only the published,
    masked copy is shown: the two writers may be different people)."""
    if message.state != MessageState.MERGED or not message.merged_into_id:
        return None
    return Message.objects.filter(pk=message.merged_into_id, state=MessageState.PUBLISHED).first()


def lookup(request, page):
    if request.method not in ALLOWED_METHODS:
        return method_not_allowed(request)
    template = "interaction/messages/lookup.html"
    form = LookupForm(request.POST or None)
    if request.method != "POST":
        return render(request, page, template, form=form)
    if not form.is_valid():
        return render(request, page, template, status=400, form=form)
    try:
        message = services.find_for_writer(
            form.cleaned_data["code"], form.cleaned_data["phone_tail"], client_ip=client_address(request)
        )
    except services.RateLimited as error:
        return render(request, page, template, status=429, form=form, error=error.message)
    if message is None:
        error = "没有找到这封来信：请核对查询码和联系电话后四位。"
        return render(request, page, template, status=404, form=form, error=error)
    request.session[LOOKUP_KEY] = {"id": message.pk, "at": time.time()}
    return _status(request, page, message, form=form)


def rate(request, page):
    """好差评: only for the message just looked up in this browser (code and phone tail were checked)."""
    if request.method not in ALLOWED_METHODS:
        return method_not_allowed(request)
    looked_up = request.session.get(LOOKUP_KEY)
    fresh = isinstance(looked_up, dict) and time.time() - looked_up.get("at", 0) < LOOKUP_SECONDS
    message = Message.objects.filter(pk=looked_up["id"]).first() if fresh else None
    if request.method != "POST" or message is None:
        return HttpResponseRedirect(page.url + "lookup/")
    form = RatingForm(request.POST)
    if not form.is_valid():
        return _status(request, page, message, rating_form=form, status=400)
    try:
        message = cases.rate(message, form.cleaned_data["rating"], form.cleaned_data.get("comment", ""))
    except cases.TransitionError as error:
        return _status(request, page, message, status=400, error=str(error))
    request.session.pop(LOOKUP_KEY, None)  # a shared terminal: the next person cannot rate it again
    return _status(request, page, message, notice="感谢您的评价。")


def replies(request, page):
    if request.method not in ("GET", "HEAD"):
        return method_not_allowed(request, ("GET", "HEAD"))
    published = _published_in(page).select_related("reply_organisation", "channel")
    channel_id, organisation_id = request.GET.get("channel", ""), request.GET.get("department", "")
    if channel_id:
        if not is_id(channel_id):
            raise Http404("信箱参数无效。")
        published = published.filter(channel_id=int(channel_id))
    if organisation_id:
        if not is_id(organisation_id):
            raise Http404("部门参数无效。")
        published = published.filter(reply_organisation_id=int(organisation_id))
    if request.GET.get("faq") == "1":
        published = published.filter(is_faq=True)
    listing = paginate(request, published.order_by("-published_on", "-pk"))
    # The filters offer the scope's channels and organisations (not a scan of the messages for them).
    channels = MessageChannel.objects.filter(is_active=True).select_related("organisation")
    departments = Organisation.objects.filter(site__isnull=False)
    if not page.is_platform:
        channels = channels.filter(organisation=page.organisation())
    return render(
        request,
        page,
        "interaction/messages/replies.html",
        listing=listing,
        channels=channels,
        departments=departments.order_by("sort_order", "pk"),
        channel_id=channel_id,
        organisation_id=organisation_id,
    )


def reply_detail(request, page, message_id):
    if request.method not in ("GET", "HEAD"):
        return method_not_allowed(request, ("GET", "HEAD"))
    message = _published_in(page).select_related("reply_organisation", "channel").filter(pk=message_id).first()
    if message is None:
        raise Http404("没有这封公开来信。")
    return render(request, page, "interaction/messages/reply_detail.html", message=message)


def department_statistics(page, today=None) -> list[dict]:
    """Per organisation: received, answered, answer rate, average working days, overdue (open past
    the deadline plus answered late). One grouped query; nothing personal."""
    today = today or timezone.localdate()
    messages = Message.objects.filter(COUNTED)
    if not page.is_platform:
        organisation = page.organisation()
        messages = messages.filter(organisation=organisation)
    grouped = (
        messages.values("organisation")
        .annotate(
            received=Count("pk"),
            answered=Count("pk", filter=Q(state__in=ANSWERED_STATES)),
            average=Avg("working_days_taken", filter=Q(state__in=ANSWERED_STATES)),
            overdue=Count(
                "pk",
                filter=Q(state__in=services.OPEN_STATES_FOR_STATISTICS, due_on__lt=today)
                | Q(state__in=ANSWERED_STATES, was_late=True),
            ),
        )
        .order_by()
    )
    names = dict(Organisation.objects.values_list("pk", "name"))
    order = dict(Organisation.objects.values_list("pk", "sort_order"))
    rows = []
    for entry in grouped:
        received = entry["received"]
        rows.append(
            {
                "organisation": names.get(entry["organisation"], ""),
                "sort": order.get(entry["organisation"], 0),
                "received": received,
                "answered": entry["answered"],
                "rate": round(100 * entry["answered"] / received, 1) if received else 0,
                "average": round(entry["average"], 1) if entry["average"] is not None else None,
                "overdue": entry["overdue"],
            }
        )
    rows.sort(key=lambda row: (row["sort"], row["organisation"]))
    return rows


STATISTICS_SECONDS = 600


def cached_department_statistics(page) -> tuple[list[dict], str]:
    """The statistics as of at most ten minutes ago (one grouped scan of every message is too much
    for each visitor at 100,000 messages); with the time they were computed."""
    now = timezone.localtime()
    key = f"interaction:statistics:{page.pk}:{now.date().isoformat()}"
    cached = cache.get(key)
    if cached is None:
        cached = (department_statistics(page, now.date()), now.strftime("%H:%M"))
        cache.set(key, cached, STATISTICS_SECONDS)
    return cached


def statistics(request, page):
    if request.method not in ("GET", "HEAD"):
        return method_not_allowed(request, ("GET", "HEAD"))
    rows, computed_at = cached_department_statistics(page)
    chart_rows = charts.horizontal_bar_chart(
        [(row["organisation"], row["received"]) for row in rows], width=CHART_WIDTH, row_height=28
    )
    totals = {
        "received": sum(row["received"] for row in rows),
        "answered": sum(row["answered"] for row in rows),
        "overdue": sum(row["overdue"] for row in rows),
    }
    totals["rate"] = round(100 * totals["answered"] / totals["received"], 1) if totals["received"] else 0
    return render(
        request,
        page,
        "interaction/messages/statistics.html",
        rows=rows,
        totals=totals,
        chart_rows=chart_rows,
        chart_height=len(chart_rows) * 28,
        chart_width=CHART_WIDTH,
        computed_at=computed_at,
    )
