"""The search box: a page of its own, live results for htmx, and the same box on the workbench."""

from __future__ import annotations

from django.shortcuts import render

from propdesk.core.access import has_project_perm
from propdesk.core.decorators import project_view

from ..search import search


def _hits(request):
    q = request.GET.get("q", "").strip()[:50]
    include_people = has_project_perm(request.user, request.project, "registry.view_party")
    return q, search(request.project, q, user=request.user, include_people=include_people) if q else []


@project_view("registry.view_unit")
def search_page(request):
    q, hits = _hits(request)
    return render(request, "registry/search.html", {"q": q, "hits": hits})


@project_view("registry.view_unit")
def search_results(request):
    q, hits = _hits(request)
    return render(request, "registry/_search_results.html", {"q": q, "hits": hits})
