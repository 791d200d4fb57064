"""An owner with a personal access token, and a client that sends it; a stranger with one too."""

import pytest

from articles.api.models import PersonalToken
from tests.api.client import ApiClient


@pytest.fixture
def token(owner):
    return PersonalToken.issue(owner, name="Phone")


@pytest.fixture
def api(token):
    return ApiClient(token[1])


@pytest.fixture
def stranger_api(stranger):
    return ApiClient(PersonalToken.issue(stranger, name="Theirs")[1])
