"""Whatever JSON reaches the passkey endpoints, the answer is a 4xx with a message, never a 500
and never a sign-in: hypothesis builds answers of the right shape with wrong insides."""

import json

import pytest
from django.test import Client
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from tests.clients import signed_in_as
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ANY_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=10), inner),
    max_leaves=10,
)
BASE64URL_TEXT = st.text(alphabet="ABCabc-_0123", max_size=40)
CREDENTIAL_KEYS = ["id", "rawId", "type", "response", "clientExtensionResults"]
RESPONSE_KEYS = ["clientDataJSON", "authenticatorData", "signature", "userHandle"]
RESPONSE_KEYS += ["attestationObject", "transports"]
ANSWERS = st.dictionaries(
    st.sampled_from(CREDENTIAL_KEYS),
    ANY_JSON | st.dictionaries(st.sampled_from(RESPONSE_KEYS), ANY_JSON | BASE64URL_TEXT),
    max_size=6,
)


@hypothesis_settings(max_examples=100, deadline=None, suppress_health_check=list(HealthCheck))
@given(answer=ANSWERS, ceremony=st.sampled_from(["register", "authenticate"]))
def test_any_answer_gets_a_4xx_and_signs_nobody_in(django_db_blocker, answer, ceremony):
    with django_db_blocker.unblock():
        user = UserFactory(username="alice")
        signed_in = Client(HTTP_HOST="localhost")
        signed_in.force_login(user)
        for client in (signed_in, Client(HTTP_HOST="localhost")):
            client.post(f"/passkeys/{ceremony}/begin/")

            response = client.post(
                f"/passkeys/{ceremony}/complete/",
                json.dumps(answer),
                content_type="application/json",
            )

            assert 400 <= response.status_code < 500, (response.status_code, answer)
            assert response.json()["detail"]
        assert signed_in_as(client) is None
