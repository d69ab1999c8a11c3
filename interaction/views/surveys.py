"""网上调查: the answer sheet and the results page."""

from __future__ import annotations

import secrets

from django.http import HttpResponseRedirect

from interaction.forms import SurveyForm
from interaction.services import surveys as services
from interaction.views import ALLOWED_METHODS, method_not_allowed, render
from sitegroup.lib import charts
from sitegroup.services.rate_limits import RateLimited, client_address

BROWSER_COOKIE = "sg_browser"
COOKIE_AGE = 365 * 24 * 3600
CHART_WIDTH = 360


def _browser_token(request) -> str | None:
    token = request.COOKIES.get(BROWSER_COOKIE, "")
    return token if 20 <= len(token) <= 64 and token.replace("-", "").replace("_", "").isalnum() else None


def _remember(response, token: str):
    response.set_cookie(BROWSER_COOKIE, token, max_age=COOKIE_AGE, httponly=True, samesite="Lax")
    return response


def survey(request, page):
    if request.method not in ALLOWED_METHODS:
        return method_not_allowed(request)
    token = _browser_token(request)
    new_token = token or secrets.token_urlsafe(24)
    questions = page.questions.all()
    state = page.state()
    answered = services.has_answered(page, token)
    template = "interaction/survey_page.html"
    common = {"state": state, "answered": answered, "can_see_results": services.can_see_results(page, token)}
    if request.method != "POST":
        form = SurveyForm(questions=questions) if state == "open" and not answered else None
        return _remember(render(request, page, template, form=form, **common), new_token)
    if state != "open":
        return render(request, page, template, status=403, error=services.SurveyClosed.message, **common)
    if answered:
        return render(request, page, template, status=409, error=services.AlreadyAnswered.message, **common)
    form = SurveyForm(request.POST, questions=questions)
    if not form.is_valid():
        return _remember(render(request, page, template, status=400, form=form, **common), new_token)
    try:
        services.submit_response(page, form.answers(), browser_token=new_token, client_address=client_address(request))
    except services.AlreadyAnswered as error:
        return render(request, page, template, status=409, error=error.message, **common)
    except services.SurveyClosed as error:
        return render(request, page, template, status=403, error=error.message, **common)
    except RateLimited as error:
        form = SurveyForm(questions=questions)
        return render(request, page, template, status=429, error=error.message, form=form, **common)
    return _remember(HttpResponseRedirect(page.url + "?answered=1"), new_token)


def results(request, page):
    if request.method not in ("GET", "HEAD"):
        return method_not_allowed(request, ("GET", "HEAD"))
    token = _browser_token(request)
    if not services.can_see_results(page, token):
        reason = "本次调查的结果不公开。" if not page.results_public else "参与调查后或调查结束后可以查看结果。"
        return render(request, page, "interaction/survey_results.html", status=403, error=reason)
    total, per_question = services.results(page)
    charts_by_question = []
    for result in per_question:
        rows = charts.horizontal_bar_chart(result.points, width=CHART_WIDTH, row_height=30, font_size=13)
        height = round(len(rows) * 30)
        charts_by_question.append((result, rows, height))
    return render(
        request,
        page,
        "interaction/survey_results.html",
        total=total,
        results=charts_by_question,
        chart_width=CHART_WIDTH,
    )
