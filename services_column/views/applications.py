"""Online applications (网上申请), lookup, rating and results (结果反馈). To be written."""

from django.http import Http404


def apply(request, item):
    raise Http404


def apply_done(request, item):
    raise Http404


def results(request, item):
    raise Http404


def lookup(request, column):
    raise Http404


def rate(request, column):
    raise Http404


def rating_statistics(request, column):
    raise Http404
