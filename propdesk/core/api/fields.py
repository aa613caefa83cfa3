"""Serializer fields shared by the APIs."""

from __future__ import annotations

import contextvars
import functools

from rest_framework import serializers
from rest_framework.fields import empty

from propdesk.core.fastsql import ByPk, fetch, get_by_pk

# Rows read ahead by ReadsTogether for the fields of the serializer being validated: {(field name, pk): row}.
_READ_AHEAD: contextvars.ContextVar[dict | None] = contextvars.ContextVar("read_ahead", default=None)


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
        ahead = _READ_AHEAD.get()
        if ahead is not None and (self.field_name, pk) in ahead:
            obj = ahead[(self.field_name, pk)]
        else:
            obj = get_by_pk(self.queryset.model, pk, related=self.related)
        if obj is None:
            self.fail("does_not_exist", pk_value=data)
        return obj

    def read_ahead(self, data):
        """The read `to_internal_value` would make for `data`, or None when it would make none."""
        if data is empty or data is None or isinstance(data, (bool, float)):
            return None
        try:
            return ByPk(self.queryset.model, int(data), related=self.related)
        except (TypeError, ValueError):
            return None


class ReadsTogether:
    """Serializer mixin: the rows of all its FastPrimaryKeyFields are read in one round trip
    (`fastsql.fetch`) before the fields validate one by one — same values, same errors."""

    def to_internal_value(self, data):
        reads = []
        if hasattr(data, "get"):
            for field in self._writable_fields:
                if isinstance(field, FastPrimaryKeyField):
                    query = field.read_ahead(field.get_value(data))
                    if query is not None:
                        reads.append((field.field_name, query))
        if len(reads) < 2:
            return super().to_internal_value(data)
        rows = fetch(*(query for _name, query in reads))
        token = _READ_AHEAD.set(
            {(name, query.pk): row for (name, query), row in zip(reads, rows, strict=True)}
        )
        try:
            return super().to_internal_value(data)
        finally:
            _READ_AHEAD.reset(token)


@functools.cache
def shared_serializer(serializer_class):
    """One instance of `serializer_class` for the whole process, for the hottest endpoints.

    Building a serializer's fields costs more than using them; DRF's own ListSerializer builds its
    child once and calls the child's `run_validation` and `to_representation` for every item, which
    keep no state on the instance. This does the same across requests: use only those two methods
    (never `is_valid`, `.data` or `.errors`), and only with serializers without context.
    """
    return serializer_class()
