"""The types of wallabag API v2's answers (IMPORTS-AND-API.md, section C), as a small checker:
every key present, no other key, every value of the exact type (0/1 integers are not booleans,
`+0200` dates have no colon, nulls are null)."""

import re

DATE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d{4}$")


def integer(value) -> bool:
    return type(value) is int


def zero_or_one(value) -> bool:
    return type(value) is int and value in (0, 1)


def string(value) -> bool:
    return type(value) is str


def boolean(value) -> bool:
    return type(value) is bool


def null(value) -> bool:
    return value is None


def date(value) -> bool:
    return type(value) is str and DATE.match(value) is not None


def nullable(check):
    def check_or_null(value) -> bool:
        return value is None or check(value)

    check_or_null.__name__ = f"nullable({check.__name__})"
    return check_or_null


def exactly(expected):
    def equal(value) -> bool:
        return type(value) is type(expected) and value == expected

    equal.__name__ = f"exactly({expected!r})"
    return equal


def links(value) -> bool:
    return isinstance(value, dict) and all(
        set(link) == {"href"} and string(link["href"]) for link in value.values()
    )


TAG = {"id": integer, "label": string, "slug": string}
TAG_WITH_COUNT = TAG | {"nbEntries": integer}
ANNOTATION = {
    "user": string,
    "annotator_schema_version": string,
    "id": integer,
    "text": string,
    "created_at": date,
    "updated_at": date,
    "quote": string,
    "ranges": [{"start": string, "startOffset": integer, "end": string, "endOffset": integer}],
}
ENTRY = {
    "is_archived": zero_or_one,
    "is_starred": zero_or_one,
    "user_name": string,
    "user_email": string,
    "user_id": integer,
    "tags": [TAG],
    "is_public": boolean,
    "id": integer,
    "uid": nullable(string),
    "title": string,
    "url": string,
    "hashed_url": string,
    "origin_url": nullable(string),
    "given_url": string,
    "hashed_given_url": string,
    "archived_at": nullable(date),
    "content": nullable(string),
    "created_at": date,
    "updated_at": date,
    "published_at": nullable(date),
    "published_by": nullable(lambda v: isinstance(v, list) and all(map(string, v))),
    "starred_at": nullable(date),
    "annotations": [ANNOTATION],
    "mimetype": nullable(string),
    "language": nullable(string),
    "reading_time": integer,
    "domain_name": nullable(string),
    "preview_picture": nullable(string),
    "http_status": nullable(string),
    "headers": nullable(lambda v: isinstance(v, dict)),
    "_links": {"self": {"href": string}},
}
ENVELOPE = {
    "page": integer,
    "limit": integer,
    "pages": integer,
    "total": integer,
    "_links": links,
    "_embedded": {"items": [ENTRY]},
}
TOKEN = {
    "access_token": string,
    "expires_in": exactly(3600),
    "refresh_token": string,
    "scope": null,
    "token_type": exactly("bearer"),
}
ERROR = {"error": string, "error_description": string}
USER = {
    "id": integer,
    "username": string,
    "email": string,
    "name": nullable(string),
    "created_at": date,
    "updated_at": date,
}
INFO = {"appname": exactly("wallabag"), "version": string, "allowed_registration": boolean}
ANNOTATIONS = {"total": integer, "rows": [ANNOTATION]}


def check(value, schema, where: str = "$") -> None:
    """AssertionError naming the first value that is not of the schema's type."""
    if isinstance(schema, dict):
        assert isinstance(value, dict), f"{where}: {value!r} is not an object"
        assert set(value) == set(schema), (
            f"{where}: keys missing {sorted(set(schema) - set(value))}, "
            f"unexpected {sorted(set(value) - set(schema))}"
        )
        for key, part in schema.items():
            check(value[key], part, f"{where}.{key}")
    elif isinstance(schema, list):
        assert isinstance(value, list), f"{where}: {value!r} is not a list"
        for n, item in enumerate(value):
            check(item, schema[0], f"{where}[{n}]")
    else:
        assert schema(value), f"{where}: {value!r} is not {schema.__name__}"
