"""Talking to the API in tests: a JSON client with a token, and the one shape of errors."""

from django.test import Client


class ApiClient(Client):
    """The test client speaking JSON, with a token (or none) in every request."""

    def __init__(self, secret: str = "", **kwargs):
        headers = {"Authorization": f"Bearer {secret}"} if secret else {}
        super().__init__(headers=headers, **kwargs)

    def post(self, path, data=None, **kwargs):
        kwargs.setdefault("content_type", "application/json")
        return super().post(path, data, **kwargs)

    def patch(self, path, data=None, **kwargs):
        kwargs.setdefault("content_type", "application/json")
        return super().patch(path, data, **kwargs)


def error_of(response, status: int) -> dict:
    """The error body of a response, after checking its status and its one shape."""
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"} and {"code", "message"} <= set(body["error"])
    assert body["error"]["message"].strip()
    return body["error"]
