"""Public search URLs, the same on every site."""

from django.urls import path

from search import views

urlpatterns = [
    path("search/", views.results, name="search"),
    path("search/suggest/", views.suggestions, name="search_suggest"),
]
