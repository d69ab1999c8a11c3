"""Public URLs of the platform outside the page tree."""

from django.urls import path

from sitegroup.views import public

urlpatterns = [
    path("robots.txt", public.robots_txt, name="robots_txt"),
]
