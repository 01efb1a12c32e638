from __future__ import annotations

import pytest

from clinicaudit.urls import Scope, normalize_url, strip_credentials, url_key


@pytest.mark.parametrize("raw, expected", [
    ("HTTP://Example.COM:80/a/../b#frag", "http://example.com/b"),
    ("https://example.com:443", "https://example.com/"),
    ("https://example.com:8443/x", "https://example.com:8443/x"),
    ("https://user:secret@example.com/p?q=1", "https://example.com/p?q=1"),
    ("https://example.com/caf%c3%a9", "https://example.com/caf%C3%A9"),
    ("https://example.com/café", "https://example.com/caf%C3%A9"),
    ("https://example.com/%7Euser", "https://example.com/~user"),
    ("https://example.com/p?b=2&a=1", "https://example.com/p?b=2&a=1"),
])
def test_normalize_url(raw, expected):
    assert normalize_url(raw) == expected


def test_url_key_ignores_www_and_query_order():
    assert url_key("https://www.example.com/p?b=2&a=1") == url_key("https://example.com/p?a=1&b=2")
    assert url_key("https://example.com/p") != url_key("https://example.com/q")


def test_strip_credentials():
    assert strip_credentials("https://u:p@h.example/x") == "https://h.example/x"
    assert strip_credentials("https://h.example/x@y") == "https://h.example/x@y"


def test_scope_same_origin_means_scheme_host_and_port():
    scope = Scope("http://127.0.0.1:8000/")
    assert scope.to_fetch("http://127.0.0.1:8000/a") == "http://127.0.0.1:8000/a"
    assert scope.to_fetch("http://127.0.0.1:8001/a") is None
    assert scope.to_fetch("https://127.0.0.1:8000/a") is None
    assert scope.to_fetch("file:///etc/passwd") is None
    assert scope.to_fetch("javascript:alert(1)") is None


def test_scope_www_and_bare_are_one_site():
    scope = Scope("https://clinic.example/")
    assert scope.is_internal("https://www.clinic.example/x")
    assert not scope.is_internal("https://booking.clinic.example/x")
    assert Scope("https://clinic.example/", extra_hosts=("booking.clinic.example",)).is_internal(
        "https://booking.clinic.example/x")


def test_scope_site_url_maps_production_urls_to_the_served_origin():
    scope = Scope("http://127.0.0.1:5000/", site_url="https://www.clinic.example")
    assert scope.to_fetch("https://clinic.example/dryneedling?x=1") == "http://127.0.0.1:5000/dryneedling?x=1"
    assert scope.public_url("http://127.0.0.1:5000/dryneedling") == "https://www.clinic.example/dryneedling"
    assert scope.to_fetch("http://clinic.example/a") is None  # another scheme of production is another origin


def test_scope_adopts_https_upgrade_of_start_url():
    scope = Scope("http://clinic.example/")
    assert scope.adopt("https://www.clinic.example/")
    assert scope.is_internal("https://clinic.example/a")
    assert not scope.is_internal("http://clinic.example/a")
    assert not Scope("http://clinic.example/").adopt("https://other.example/")
