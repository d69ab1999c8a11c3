"""Directory, search and the guide's sub-columns (办事指南, 表格下载, 网上咨询). To be written."""

from django.http import Http404


def directory(request, column):
    raise Http404


def search(request, column):
    raise Http404


def guide(request, item):
    raise Http404


def print_guide(request, item):
    raise Http404


def form_downloads(request, item):
    raise Http404


def consult(request, item):
    raise Http404
