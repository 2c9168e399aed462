"""The suite runs offline: opening a network connection fails the test that tries it."""

import socket
import urllib.request

import pytest


@pytest.mark.network_expected
def test_socket_connect_is_blocked(no_network: list[str]) -> None:
    with pytest.raises(ConnectionError, match="network access attempted"):
        socket.create_connection(("192.0.2.1", 80), timeout=1)
    assert no_network, "the attempt was not recorded"


@pytest.mark.network_expected
def test_urlopen_is_blocked(no_network: list[str]) -> None:
    with pytest.raises(OSError):
        urllib.request.urlopen("https://example.com", timeout=1)
    assert no_network == ["example.com"]


def test_loopback_is_allowed() -> None:
    server = socket.create_server(("127.0.0.1", 0))
    with server, socket.create_connection(server.getsockname(), timeout=1):
        pass
