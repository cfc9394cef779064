"""Tests that every role can sign in and open its main pages."""

import pytest


@pytest.mark.parametrize(
    ("account", "path", "text"),
    [
        ("jobcentre", "/behov/", "Mine behov"),
        ("firm", "/behov/ny", "Nyt behov"),
        ("a-kasse", "/upload/", "Upload behov"),
        ("coordinator", "/koordinator/", "Behov i dit område"),
        ("school", "/skole/", "Hold til din skole"),
        ("admin", "/admin/", "Organisationer"),
    ],
)
def test_main_pages(signed_in, account, path, text):
    """Tests that a signed-in user sees its main page in Danish."""
    response = signed_in(account).get(path)
    assert response.status_code == 200
    assert text in response.get_data(as_text=True)
