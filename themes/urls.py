"""Visitor preferences: the elder-friendly mode switch."""

from django.urls import path

from themes import views

urlpatterns = [path("accessibility/elder-mode/", views.toggle_elder_mode, name="toggle_elder_mode")]
