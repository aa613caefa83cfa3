"""Navigation as a registry: each app adds its entries in its AppConfig.ready().

An entry shows only when the user holds its permission in the current project and the permission
its view requires (`@project_view`, read from the resolved view), so the menu is what the person may
actually open: an entry registered with a looser permission than its page no longer leads to a 403.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.urls import NoReverseMatch, resolve, reverse

from .access import project_permissions


@dataclass(frozen=True)
class NavEntry:
    section: str
    label: str
    url_name: str
    perm: str
    icon: str = "circle"
    order: int = 100


_entries: list[NavEntry] = []


def register(
    section: str, label, url_name: str, *, perm: str, icon: str = "circle", order: int = 100
) -> None:
    if section not in dict(settings.PROPDESK_NAV_SECTIONS):
        raise ValueError(f"unknown navigation section {section!r}")
    entry = NavEntry(section, label, url_name, perm, icon, order)
    if entry not in _entries:
        _entries.append(entry)


def entries() -> list[NavEntry]:
    return sorted(_entries, key=lambda e: (e.section, e.order))


def view_perms(url: str) -> tuple[str, ...]:
    """The permissions (any one suffices) the view at this URL requires, as `@project_view` declares them."""
    func = resolve(url).func
    if getattr(func, "required_perms", None):
        return func.required_perms
    return (func.required_perm,) if getattr(func, "required_perm", None) else ()


def menu_for(user, project) -> list[dict]:
    """[{key, label, items: [{label, url, icon, url_name}]}] for the sections the user may use."""
    held = project_permissions(user, project)
    sections = []
    for key, label in settings.PROPDESK_NAV_SECTIONS:
        items = []
        for entry in sorted((e for e in _entries if e.section == key), key=lambda e: e.order):
            if entry.perm not in held:
                continue
            try:
                url = reverse(entry.url_name)
            except NoReverseMatch:
                continue
            needed = view_perms(url)
            if needed and not held.intersection(needed):
                continue
            items.append({"label": entry.label, "url": url, "icon": entry.icon, "url_name": entry.url_name})
        if items:
            sections.append({"key": key, "label": label, "items": items})
    return _once_each(sections)


def _once_each(sections: list[dict]) -> list[dict]:
    """A page registered in several sections (特约服务 is engineering's work and finance's money) shows
    once: in the section where this person has the most entries, their own trade's."""
    home: dict[str, dict] = {}
    for section in sections:
        for item in section["items"]:
            best = home.get(item["url_name"])
            if best is None or len(section["items"]) > len(best["items"]):
                home[item["url_name"]] = section
    for section in sections:
        section["items"] = [i for i in section["items"] if home[i["url_name"]] is section]
    return [s for s in sections if s["items"]]


# Banners: a warning every page shows while something about the project needs everyone to know
# (e.g. billing's sandbox payment account). Each app registers a function(request) -> text or None.
_banners: list = []


def register_banner(provider) -> None:
    if provider not in _banners:
        _banners.append(provider)


def banners_for(request) -> list[str]:
    return [text for text in (provider(request) for provider in _banners) if text]
