"""Every route refuses the anonymous and the outsider. Routes are enumerated, not listed.

- Anonymous: a web page redirects to the login page, an admin page to the admin's
  login, an API endpoint answers 401/403 — for GET and POST alike. Only the routes
  in PUBLIC may answer otherwise.
- Outsider (director of a project in another company): a route that points at an
  object is built for project A's object and must answer 403/404 (admin: send the
  non-staff outsider to the admin login); a list route may answer 200 but must not
  show anything of project A.

A new view that forgets its guard fails here. A new object view must declare its
model with @object_view (or be a DRF view with a queryset, or an admin view; a view
whose arguments are not an object declares @route_kwargs) so the test can build its URL; a new model needs a sample in samples.py if it has no
`project` field.
"""

from __future__ import annotations

import pytest

from propdesk.conftest import SENTINEL

from .routes import access_model, all_routes
from .samples import sample_object

# Routes an anonymous visitor may use, by URL name.
PUBLIC = {
    "login",
    "logout",
    "set_language",
    "healthz",
    "token",
    "admin:login",
    "admin:logout",
    "public_fees",  # billing: the fee disclosure page (收费公示) is public by law
    "sandbox_pay",  # billing: the sandbox's wallet plays the owner's phone (404 unless sandbox + token)
    "activate",  # portal: an owner or tenant activates their account (no account yet)
    "activate_verify",
    "portal_activation_code",  # the same in the API
    "portal_activation_verify",
    "manifest",  # portal: the web app manifest (browsers fetch it without the session)
}
# DRF's format-suffix duplicates and the admin's catch-all add nothing the base route does not cover.
SKIP_KWARGS = {"format"}


def _is_api(url: str) -> bool:
    return url.startswith("/api/")


def _is_admin(url: str) -> bool:
    return url.startswith("/admin/")


def _full_name(route) -> str:
    return route.name or ""


def _admin_namespaced(route) -> str:
    return (
        f"admin:{route.name}"
        if route.name and "/admin/" in "/" + "".join(str(p) for p in route.pieces)
        else (route.name or "")
    )


def routes_to_check():
    for route in all_routes():
        names = route.kwarg_names
        if SKIP_KWARGS & set(names):
            continue
        yield route


def _dummy_kwargs(route):
    return {
        name: ("1" if name not in {"app_label", "model_name", "url"} else "core")
        for name in route.kwarg_names
    }


@pytest.mark.django_db
def test_every_route_sends_the_anonymous_visitor_to_login(client, world):
    checked, failures = 0, []
    for route in routes_to_check():
        if _admin_namespaced(route) in PUBLIC or route.name in PUBLIC:
            continue
        model, build = access_model(route.callback)
        kwargs = _dummy_kwargs(route)
        if build is not None and route.kwarg_names:
            obj = sample_object(model, world) if model is not None else None
            if obj is not None or model is None:
                kwargs.update(build(obj))
        url = route.url(kwargs)
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            checked += 1
            if _is_api(url):
                ok = response.status_code in (401, 403)
            elif _is_admin(url):
                ok = response.status_code == 302 and "/admin/login/" in response["Location"]
            else:
                ok = response.status_code == 302 and response["Location"].startswith("/login/")
            if not ok:
                failures.append(f"{method.upper()} {url} ({route.display}) → {response.status_code}")
    assert checked > 40
    assert not failures, "anonymous visitor was not refused:\n" + "\n".join(failures)


@pytest.mark.django_db
def test_every_object_route_refuses_the_outsider(client, world):
    client.force_login(world.outsider)
    checked, failures, undeclared = 0, [], []
    for route in routes_to_check():
        if not route.kwarg_names or route.name in PUBLIC:
            continue
        model, build = access_model(route.callback)
        if model is None and build is None:
            if _is_admin(route.url(_dummy_kwargs(route))):
                continue  # admin index pages per app; covered by the staff test below
            undeclared.append(route.display)
            continue
        obj = sample_object(model, world) if model is not None else None
        if obj is None and model is not None:
            undeclared.append(f"{route.display}: no sample of {model._meta.label} in project A (samples.py)")
            continue
        kwargs = {**_dummy_kwargs(route), **build(obj)}
        url = route.url(kwargs)
        for method in ("get", "post", "patch") if _is_api(url) else ("get", "post"):
            response = (
                getattr(client, method)(url, content_type="application/json")
                if method == "patch"
                else getattr(client, method)(url)
            )
            checked += 1
            if _is_admin(url):
                ok = response.status_code == 302 and "/admin/login/" in response["Location"]
            else:
                ok = response.status_code in (403, 404, 405)
            if not ok:
                failures.append(f"{method.upper()} {url} ({route.display}) → {response.status_code}")
    assert not undeclared, "routes whose object the test cannot build (declare @object_view):\n" + "\n".join(
        undeclared
    )
    assert checked > 10
    assert not failures, "outsider reached another project's object:\n" + "\n".join(failures)


@pytest.mark.django_db
def test_no_list_route_shows_the_outsider_anything_of_another_project(client, world):
    client.force_login(world.outsider)
    checked, leaks = 0, []
    for route in routes_to_check():
        if route.kwarg_names or route.name in PUBLIC:
            continue
        url = route.url({})
        response = client.get(url)
        checked += 1
        if response.status_code == 200 and SENTINEL in response.content.decode("utf-8", "replace"):
            leaks.append(f"GET {url} ({route.display})")
    assert checked > 10
    assert not leaks, "outsider saw project A's data:\n" + "\n".join(leaks)


@pytest.mark.django_db
def test_a_staff_outsider_cannot_open_another_projects_configuration_in_the_admin(client, world):
    world.outsider.is_staff = True
    world.outsider.save(update_fields=["is_staff"])
    client.force_login(world.outsider)
    failures, checked = [], 0
    for route in routes_to_check():
        model, build = access_model(route.callback)
        if getattr(route.callback, "model_admin", None) is None:
            continue
        if route.kwarg_names:
            obj = sample_object(model, world)
            if obj is None or not hasattr(model.objects, "for_user"):
                continue
            url = route.url({**_dummy_kwargs(route), **build(obj)})
            response = client.get(url)
            checked += 1
            if response.status_code == 200:
                failures.append(f"GET {url} → 200")
        else:
            response = client.get(route.url({}))
            if response.status_code == 200 and SENTINEL in response.content.decode():
                failures.append(f"GET {route.url({})} shows project A")
    assert checked > 5
    assert not failures, "\n".join(failures)


def test_an_unguarded_view_is_caught(client, world, settings):
    """The test above must fail for a view without a guard: prove it with one."""
    from django.http import HttpResponse
    from django.urls import clear_url_caches, path

    import propdesk.urls as root

    def leaky(request):
        return HttpResponse("open")

    original = list(root.urlpatterns)
    root.urlpatterns.append(path("leaky/", leaky, name="leaky"))
    clear_url_caches()
    try:
        with pytest.raises(AssertionError, match="leaky"):
            test_every_route_sends_the_anonymous_visitor_to_login(client, world)
    finally:
        root.urlpatterns[:] = original
        clear_url_caches()


# --- inside the project: a butler sees only the buildings in her care (issue 16, item 8) ---------------


def _butler_with_every_permission(world, code, buildings):
    """A user whose one position has building scope and every permission: a refusal can come only
    from the scope, never from a missing permission."""
    from django.contrib.auth.models import Permission

    from propdesk.core.models import Membership, Position, User
    from propdesk.core.services import add_membership

    position, _ = Position.objects.get_or_create(
        code="scope_probe",
        defaults={
            "name": "管家（全部权限）",
            "has_building_scope": True,
            "department_kind": "customer_service",
        },
    )
    position.permissions.set(Permission.objects.all())
    user = User.objects.create_user(username=code, password="pw-" + code, display_name=code)
    add_membership(user=user, project=world.project, position=position)
    Membership.objects.get(user=user, project=world.project).buildings.set(buildings)
    return user


def _scoped_object_routes(world):
    """Every non-admin route pointing at an object that a butler sees only in her buildings, with
    the URL built for project A's sample (all of them in building 3, world.unit's)."""
    from propdesk.core.models import is_scoped

    for route in routes_to_check():
        if not route.kwarg_names or route.name in PUBLIC:
            continue
        model, build = access_model(route.callback)
        if model is None or getattr(route.callback, "model_admin", None) is not None or not is_scoped(model):
            continue
        obj = sample_object(model, world)
        if obj is None:
            continue
        yield route, obj, route.url({**_dummy_kwargs(route), **build(obj)})


@pytest.mark.django_db
def test_every_object_route_of_building_3_is_out_of_reach_for_the_butler_of_building_5(client, world):
    """SPEC §0 "a butler sees her buildings": with every permission, the butler of building 5 gets 404
    for each unit, person, request, bill … of building 3, in pages and API alike; the same position
    for building 3 opens them (so the 404 is the scope, not the sample)."""
    from propdesk.registry.services import create_building

    far = create_building(project=world.project, code="5", name="5栋", floors=6, entrances=1)
    elsewhere = _butler_with_every_permission(world, "butler5", [far])
    here = _butler_with_every_permission(world, "butler3", [world.building])
    routes = list(_scoped_object_routes(world))
    models = {obj._meta.label for _route, obj, _url in routes}
    assert {
        "registry.Unit",
        "registry.Party",
        "servicedesk.ServiceRequest",
        "servicedesk.WorkOrder",
    } <= models
    assert {"billing.DunningCase", "servicedesk.Callback"} <= models

    failures = []
    client.force_login(elsewhere)
    for route, _obj, url in routes:
        for method in ("get", "post", "patch") if _is_api(url) else ("get", "post"):
            kwargs = {"content_type": "application/json"} if method == "patch" else {}
            status = getattr(client, method)(url, **kwargs).status_code
            if status not in (404, 405):
                failures.append(f"{method.upper()} {url} ({route.display}) → {status}")
    assert not failures, "the butler of building 5 reached building 3:\n" + "\n".join(failures)

    client.force_login(here)
    opened = [url for _route, _obj, url in routes if client.get(url).status_code == 200]
    for must in ("/registry/units/", "/servicedesk/", "/api/v1/requests/", "/api/v1/units/"):
        assert any(u.startswith(must) for u in opened), f"the butler of building 3 could not open {must}…"
    assert len(opened) >= 15, opened


@pytest.mark.django_db
def test_no_list_route_shows_the_butler_of_building_5_anything_of_building_3(client, world):
    """Lists, searches and exports: the rooms, owners and requests of building 3 are absent for her."""
    from propdesk.registry.services import create_building
    from propdesk.servicedesk.models import ServiceRequest

    list(_scoped_object_routes(world))  # makes every sample of building 3 (requests, orders, bills, …)
    request = sample_object(ServiceRequest, world)
    far = create_building(project=world.project, code="5", name="5栋", floors=6, entrances=1)
    client.force_login(_butler_with_every_permission(world, "butler5", [far]))
    # Her own names, and links to its pages (a room's label is also the example every search box shows).
    marks = [world.owner_party.name, world.building.name, request.number, f"/registry/units/{world.unit.pk}/"]
    checked, leaks = 0, []
    for route in routes_to_check():
        if route.kwarg_names or route.name in PUBLIC or _is_admin(route.url({})):
            continue
        url = route.url({})
        for query in ("", "?q=1501", "?q=张三", f"?project={world.project.pk}&q=1501"):
            response = client.get(url + query)
            checked += 1
            if response.status_code != 200:
                continue
            text = _text(response)
            shown = (
                [*marks, world.unit.label]
                if response.get("Content-Type", "").startswith("application/json")
                else marks
            )
            found = [m for m in shown if m in text]
            if found:
                leaks.append(f"GET {url}{query} ({route.display}): {found}")
    assert checked > 40
    assert not leaks, "the butler of building 5 saw building 3:\n" + "\n".join(leaks)


def _text(response) -> str:
    """What a response shows: a page, JSON, or the cells of an Excel export (PDFs are not read)."""
    import io

    from openpyxl import load_workbook

    content = b"".join(response.streaming_content) if response.streaming else response.content
    kind = response.get("Content-Type", "")
    if "spreadsheetml" in kind:
        book = load_workbook(io.BytesIO(content), read_only=True)
        return "\n".join(
            str(cell)
            for sheet in book.worksheets
            for row in sheet.iter_rows(values_only=True)
            for cell in row
        )
    if kind.startswith("application/pdf"):
        return ""
    return content.decode("utf-8", "replace")
