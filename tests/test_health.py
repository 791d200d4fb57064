"""/healthz answers 200 when the database answers, 503 when it does not."""

import socket

import pytest
from django.db import connection


def test_health_is_ok_when_the_database_answers(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"


@pytest.fixture
def database_down(transactional_db):
    """Point the connection at a port where nothing listens: a real refused connection."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        dead_port = s.getsockname()[1]
    saved = dict(connection.settings_dict)
    connection.close()
    connection.settings_dict.update(
        HOST="127.0.0.1", PORT=str(dead_port), OPTIONS={"connect_timeout": 2}
    )
    yield
    connection.settings_dict.clear()
    connection.settings_dict.update(saved)
    connection.close()


def test_health_is_503_when_the_database_does_not_answer(client, database_down):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert b"database unavailable" in response.content


def test_health_needs_no_login_and_refuses_post(client, db):
    assert client.get("/healthz").status_code == 200
    assert client.post("/healthz").status_code == 405
