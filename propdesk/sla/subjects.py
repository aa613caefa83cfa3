"""What a clock is about, told by the app that owns its subject (the SLA engine knows only ids).

An app above the SLA engine registers, for each model it times, a function that turns subject ids
into `About`s: a short text naming the thing ("R20261207-0001 · 3-2-1501 · Plumbing"), the page that
opens it, and the page its assignee works from (a technician's work-order card). The sweeper names
the subject in every warning and links there instead of to the bare clock page.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType


@dataclass(frozen=True)
class About:
    text: str
    link: str
    assignee_link: str = ""

    def link_for(self, user_id: int, assignee_id: int | None) -> str:
        if assignee_id and user_id == assignee_id and self.assignee_link:
            return self.assignee_link
        return self.link


Describer = Callable[[list[int]], dict[int, About]]
_describers: dict[str, Describer] = {}


def register(model, describe: Describer) -> None:
    """`describe(ids)` returns {id: About} for the subjects of `model` it knows (in a few queries)."""
    _describers[model._meta.label_lower] = describe


def describe(subject_type_id: int, ids: Iterable[int]) -> dict[int, About]:
    model = ContentType.objects.get_for_id(subject_type_id).model_class()
    describer = _describers.get(model._meta.label_lower) if model is not None else None
    if describer is None:
        return {}
    return describer(sorted(set(ids)))
