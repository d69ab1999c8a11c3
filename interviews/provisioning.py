"""在线访谈 column of a new sub-site at /fangtan/, made when the site is provisioned. Idempotent."""

from __future__ import annotations

from interviews.models import InterviewColumnPage
from sitegroup.models import Organisation

PAGE_SLUG = "fangtan"


def ensure_interview_column(organisation: Organisation) -> InterviewColumnPage:
    home = organisation.site.root_page.specific
    page = InterviewColumnPage.objects.child_of(home).first()
    if page is None:
        page = InterviewColumnPage(
            title="在线访谈",
            slug=PAGE_SLUG,
            show_in_menus=False,
            intro=f"{organisation.name}负责人做客在线访谈，解读政策、回应关切。访谈前三天发布预告，欢迎提前提问。",
        )
        home.add_child(instance=page)
        page.save_revision().publish()
    return page
