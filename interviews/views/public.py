"""Public pages of an interview: 预告 (with pre-submitted questions), the live room, the transcript
(实录, cached), the question endpoint and the JSON feed for polling clients."""

from __future__ import annotations

import secrets

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers

from interviews.forms import QuestionForm
from interviews.models import InterviewState, Post
from interviews.services import followup, live
from sitegroup.security_headers import allow_sources
from sitegroup.services.rate_limits import RateLimited, client_address

VISITOR_COOKIE = "sg_visitor"
COOKIE_AGE = 365 * 24 * 3600
TRANSCRIPT_SECONDS = 600
ROOM_INITIAL_POSTS = 200


def _plain(message: str, status: int) -> JsonResponse:
    return JsonResponse({"error": message}, status=status, json_dumps_params={"ensure_ascii": False})


def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _visitor(request, response):
    token = request.COOKIES.get(VISITOR_COOKIE, "")
    if not (20 <= len(token) <= 64 and token.replace("-", "").replace("_", "").isalnum()):
        response.set_cookie(
            VISITOR_COOKIE, secrets.token_urlsafe(24), max_age=COOKIE_AGE, httponly=True, samesite="Lax"
        )
    return response


def transcript_key(interview_id: int) -> str:
    return f"interviews:transcript:{int(interview_id)}"


def forget_transcript(interview_id: int) -> None:
    cache.delete(transcript_key(interview_id))


def _transcript(interview) -> dict:
    """The transcript's feed and statistics, computed once per interview and kept in the cache."""
    key = transcript_key(interview.pk)
    data = cache.get(key)
    if data is None:
        posts = list(Post.objects.filter(interview=interview).select_related("question", "image").order_by("sequence"))
        data = {
            "posts": posts,
            "statistics": live.statistics(interview),
            "followups": list(followup.published(interview)),
            "followups_open": followup.handled_count(interview),
        }
        cache.set(key, data, TRANSCRIPT_SECONDS)
    return data


def interview(request, page, *, form=None, status=200, message=""):
    if request.method not in ("GET", "HEAD"):
        return _plain("不支持这种请求方式。", 405)
    context = page.get_context(request)
    state = page.state
    context.update(state=state, form=form or QuestionForm(), message=message or _asked_message(request))
    if state == InterviewState.LIVE:
        posts = list(
            Post.objects.filter(interview=page)
            .select_related("question", "image")
            .order_by("-sequence")[:ROOM_INITIAL_POSTS]
        )
        posts.reverse()
        context.update(posts=posts, last_sequence=posts[-1].sequence if posts else 0)
        if page.has_stream:
            # hls.js fetches the playlist and segments from the streaming server (XHR) into the player.
            allow_sources(request, "connect-src", page.stream_url)
            allow_sources(request, "media-src", page.stream_url)
    elif state == InterviewState.FINISHED:
        context.update(_transcript(page))
    response = TemplateResponse(request, page.get_template(request), context, status=status)
    if state != InterviewState.FINISHED or form is not None:
        add_never_cache_headers(response)
    return _visitor(request, response)


def _asked_message(request) -> str:
    return "问题已提交，经导播审核后将在访谈中显示。" if request.GET.get("asked") == "1" else ""


def ask(request, page):
    if request.method != "POST":
        return _plain("请通过提问表单提交问题。", 405)
    form = QuestionForm(request.POST)
    if not form.is_valid():
        if _wants_json(request):
            errors = [str(error) for errors in form.errors.values() for error in errors]
            return _plain(" ".join(errors), 400)
        return interview(_as_get(request), page, form=form, status=400)
    try:
        live.submit_question(
            page, text=form.cleaned_data["text"], nickname=form.cleaned_data["nickname"], client=client_address(request)
        )
    except RateLimited as error:
        return _refused(request, page, form, error.message, 429)
    except ValidationError as error:
        return _refused(request, page, form, " ".join(error.messages), 400)
    if _wants_json(request):
        return JsonResponse({"message": "问题已提交，经导播审核后将在访谈中显示。"}, status=201)
    return HttpResponseRedirect(page.url + "?asked=1#ask")


def _refused(request, page, form, message: str, status: int):
    if _wants_json(request):
        return _plain(message, status)
    form.add_error("text", message)
    return interview(_as_get(request), page, form=form, status=status)


def _as_get(request):
    request.method = "GET"
    return request


def feed(request, page):
    """`?since=<seq>`: the posts after it as JSON, for clients that can use neither WebSocket nor SSE."""
    if request.method not in ("GET", "HEAD"):
        return _plain("不支持这种请求方式。", 405)
    raw = request.GET.get("since", "0")
    if not raw.isdigit() or len(raw) > 9:
        return _plain("参数 since 应为不小于 0 的整数（已收到的最后一条序号）。", 400)
    if page.state == InterviewState.ANNOUNCED:
        return _plain("访谈尚未开始。", 404)
    payloads = live.replay(page.pk, int(raw))
    body = f'{{"state":"{page.state}","posts":[{",".join(payloads)}]}}'
    response = HttpResponse(body.encode(), content_type="application/json")
    add_never_cache_headers(response)
    return response
