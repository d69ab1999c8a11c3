"""Public URLs of the platform outside the page tree."""

from django.urls import path

from sitegroup.views import article_tools, harvest_demo, public
from sitegroup.views import website_report as website_report_views

urlpatterns = [
    path("article-qr/<int:page_id>.png", article_tools.article_qr, name="sitegroup_article_qr"),
    path(
        "attachment-preview/<int:attachment_id>/", article_tools.attachment_preview, name="sitegroup_attachment_preview"
    ),
    path(
        "attachment-preview/<int:attachment_id>.pdf",
        article_tools.attachment_preview_pdf,
        name="sitegroup_attachment_preview_pdf",
    ),
    path("robots.txt", public.robots_txt, name="robots_txt"),
    path("csrf-token/", public.csrf_token, name="sitegroup_csrf_token"),
    path("harvest-demo/<path:name>", harvest_demo.recorded_page, name="sitegroup_harvest_demo"),
    path("website-report/", website_report_views.public_index, name="sitegroup_website_reports"),
    path("website-report/<int:year>/", website_report_views.public_report, name="sitegroup_website_report"),
    path("website-report/<int:year>.xlsx", website_report_views.public_xlsx, name="sitegroup_website_report_xlsx"),
]
