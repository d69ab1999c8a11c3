"""Public URLs of the platform outside the page tree."""

from django.urls import path

from sitegroup.views import harvest_demo, public

urlpatterns = [
    path("robots.txt", public.robots_txt, name="robots_txt"),
    path("harvest-demo/<path:name>", harvest_demo.recorded_page, name="sitegroup_harvest_demo"),
]
