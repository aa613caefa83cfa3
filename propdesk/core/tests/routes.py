"""Enumerate every URL pattern of the project and build a concrete URL for each.

Used by the authorization test; it walks the live URL configuration, so routes
added by later modules are covered without editing anything here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern, RoutePattern

_ROUTE_PARAM = re.compile(r"<(?:(?P<conv>[^:>]+):)?(?P<name>[^>]+)>")
_REGEX_GROUP = re.compile(r"\(\?P<(?P<name>\w+)>[^)]*\)")


@dataclass
class Route:
    pieces: list  # the pattern objects from the root to the view
    callback: object
    name: str | None
    namespace: str = ""  # "servicedesk", "billing", … ("" for the API's routers)

    @property
    def qualified_name(self) -> str:
        """The name `reverse()` takes: "servicedesk:dispatch", "servicerequest-reclassify"."""
        return f"{self.namespace}:{self.name}" if self.namespace and self.name else (self.name or "")

    @property
    def kwarg_names(self) -> list[str]:
        names = []
        for piece in self.pieces:
            if isinstance(piece, RoutePattern):
                names += [m.group("name") for m in _ROUTE_PARAM.finditer(str(piece))]
            else:
                names += [m.group("name") for m in _REGEX_GROUP.finditer(piece._regex)]
        return names

    def url(self, kwargs: dict) -> str:
        out = ""
        for piece in self.pieces:
            if isinstance(piece, RoutePattern):
                out += _ROUTE_PARAM.sub(lambda m: str(kwargs[m.group("name")]), str(piece))
            elif isinstance(piece, RegexPattern):
                text = _REGEX_GROUP.sub(lambda m: str(kwargs[m.group("name")]), piece._regex)
                text = text.lstrip("^").rstrip("$").replace("\\.", ".").replace("/?", "/")
                out += text
        return "/" + out.lstrip("/")

    @property
    def display(self) -> str:
        return "".join(str(p) for p in self.pieces) + (f" [{self.name}]" if self.name else "")


def all_routes() -> list[Route]:
    routes: list[Route] = []

    def walk(patterns, prefix, namespace):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                inner = ":".join(n for n in (namespace, entry.namespace or "") if n)
                walk(entry.url_patterns, prefix + [entry.pattern], inner)
            elif isinstance(entry, URLPattern):
                routes.append(Route(prefix + [entry.pattern], entry.callback, entry.name, namespace))

    walk(get_resolver().url_patterns, [], "")
    return routes


def access_model(callback):
    """The model a route's URL arguments point at, from the view's declaration."""
    if hasattr(callback, "access_url_kwargs"):  # @object_view or @route_kwargs
        return getattr(callback, "access_model", None), callback.access_url_kwargs
    cls = getattr(callback, "cls", None)  # DRF views
    if cls is not None and getattr(cls, "queryset", None) is not None:
        return cls.queryset.model, (lambda obj: {"pk": obj.pk})
    model_admin = getattr(callback, "model_admin", None)  # Django admin views
    if model_admin is not None:
        return model_admin.model, (lambda obj: {"object_id": obj.pk})
    return None, None
