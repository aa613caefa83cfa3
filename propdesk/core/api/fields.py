"""Serializer fields shared by the APIs."""

from __future__ import annotations

import functools

from rest_framework import serializers

from propdesk.core.fastsql import get_by_pk


class FastPrimaryKeyField(serializers.PrimaryKeyRelatedField):
    """A PrimaryKeyRelatedField that reads its row with `fastsql.get_by_pk` (same schema, same errors).

    `related` names forward foreign keys read in the same query and attached, so `unit.building`
    costs no query later. The queryset only names the model (and documents the field): it is not filtered —
    whether the caller may use the row is the view's and the service's decision, as before.
    """

    def __init__(self, *, related: tuple[str, ...] = (), **kwargs):
        self.related = related
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if isinstance(data, bool):
            self.fail("incorrect_type", data_type=type(data).__name__)
        try:
            pk = int(data)
        except (TypeError, ValueError):
            self.fail("incorrect_type", data_type=type(data).__name__)
        if isinstance(data, float) and pk != data:
            self.fail("does_not_exist", pk_value=data)
        obj = get_by_pk(self.queryset.model, pk, related=self.related)
        if obj is None:
            self.fail("does_not_exist", pk_value=data)
        return obj


@functools.cache
def shared_serializer(serializer_class):
    """One instance of `serializer_class` for the whole process, for the hottest endpoints.

    Building a serializer's fields costs more than using them; DRF's own ListSerializer builds its
    child once and calls the child's `run_validation` and `to_representation` for every item, which
    keep no state on the instance. This does the same across requests: use only those two methods
    (never `is_valid`, `.data` or `.errors`), and only with serializers without context.
    """
    return serializer_class()
