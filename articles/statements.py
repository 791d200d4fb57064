"""Querysets compiled once and run many times: the reads behind every list page and the reader.

Django compiles a queryset to SQL each time it runs. For the small, index-driven statements of a
list page or the reader, compiling costs the ORM about as much as PostgreSQL takes to run them.
A `Prepared` statement is written with the ORM as usual, with a `Slot` wherever a value goes;
it is compiled on first use, and each run fills the slots in and goes through Django's cursor
(so it is counted, logged and wrapped like any other query). What it reads is never kept.
"""

from collections.abc import Callable
from functools import cached_property

from django.db import connection
from django.db.models import Expression, QuerySet


class Slot(Expression):
    """A value given when the statement runs: `Slot("user", IntegerField())`."""

    def __init__(self, name: str, output_field):
        super().__init__(output_field)
        self.name = name

    def as_sql(self, compiler, connection):
        return "%s", [self]


class Prepared:
    def __init__(self, build: Callable[[], QuerySet]):
        self._build = build

    @cached_property
    def _compiled(self) -> tuple[str, tuple]:
        return self._build().query.sql_with_params()

    def rows(self, **values) -> list[tuple]:
        """The rows of the statement with each slot given by name, as the cursor returns them."""
        sql, params = self._compiled
        with connection.cursor() as cursor:
            cursor.execute(sql, [values[p.name] if isinstance(p, Slot) else p for p in params])
            return cursor.fetchall()
