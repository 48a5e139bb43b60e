"""The host refuses what a curious class sends (127.0.0.1 only): a wrong code, a move for another
country, a teacher command with a team's code, malformed JSON, an unknown message type, a message
too large, a flood of messages. Each is refused with a clear message (in the client's language),
logged on the host, nothing is applied, and the host keeps serving the other devices."""

from __future__ import annotations

import json
import time

import pytest
from websockets.exceptions import ConnectionClosed

from game.net import codes
from game.net.limits import Limits
from tests.netplay import TRADE, Client, HostProcess


@pytest.fixture(scope="module")
def host(tmp_path_factory):
    process = HostProcess(tmp_path_factory.mktemp("net") / "game")
    yield process
    process.stop()


def log_length(host: HostProcess) -> int:
    return len((host.folder / "game.jsonl").read_text().splitlines())


def still_served(host: HostProcess, country: str = "KOR") -> None:
    """Another team's device joins and gets its view at once."""
    start = time.monotonic()
    other = Client(host.url, host.codes[country])
    assert other.view["country"] == country
    other.send({"type": "view", "version": 1})
    other.next(lambda m: m["type"] == "view", timeout=5)
    assert time.monotonic() - start < 5
    other.close()


def test_codes_are_readable_and_unguessable():
    assert codes.bits(codes.TEAM_LENGTH) >= 30 and codes.bits(codes.TEACHER_LENGTH) >= 40
    assert not set("0O1lIL") & set(codes.ALPHABET)
    book = codes.CodeBook.new(["IDN", "JPN"])
    assert len({*book.teams.values(), book.teacher}) == 3
    assert book.who(codes.shown(book.teams["JPN"]).lower()) == ("team", "JPN")
    assert book.who(" " + book.teacher + " ") == ("teacher", None)
    assert book.who("ABCDEFG") is None


def test_a_wrong_code_is_refused_in_the_clients_language(host):
    before = log_length(host)
    client = Client(host.url, "ZZZZ-ZZZ", language="id")
    assert client.welcome is None
    error = client.received[-1]
    assert error["type"] == "error" and error["key"] == "net.error.wrong_code"
    assert "kode" in error["text"]
    client.send({"type": "act", "version": 1, "id": "x1", "move": {"kind": "begin_diplomacy"}})
    assert client.next(lambda m: m["type"] == "error")["key"] == "net.error.join_first"
    client.close()
    assert log_length(host) == before
    still_served(host)


def test_wrong_codes_are_rate_limited_per_address():
    now = [0.0]
    limits = Limits(lambda: now[0])
    for _ in range(5):
        assert not limits.blocked("10.0.0.7")
        limits.wrong_code("10.0.0.7")
    assert limits.blocked("10.0.0.7") and not limits.blocked("10.0.0.8")
    now[0] += 13
    assert not limits.blocked("10.0.0.7")


def test_a_move_for_another_country_is_refused(host):
    before = log_length(host)
    client = Client(host.url, host.codes["IDN"])
    reply = client.act({"kind": "propose", "country": "JPN", "parties": ["JPN", "KOR"],
                        "clauses": [TRADE], "duration": 5})
    assert reply["type"] == "error" and reply["key"] == "net.error.not_your_country"
    assert "JPN" in reply["text"]
    reply = client.act({"kind": "propose", "parties": ["JPN", "KOR"], "clauses": [TRADE]})
    assert reply["type"] == "error" and reply["key"].startswith("refusal.")
    client.close()
    assert log_length(host) == before
    assert "a move for JPN from IDN's device" in host.log()


def test_a_teacher_command_with_a_teams_code_is_refused(host):
    client = Client(host.url, host.codes["JPN"])
    for command in ({"kind": "pause"}, {"kind": "end_game"},
                    {"kind": "moderate", "card": "x"}, {"kind": "remove_device", "device": "abc"}):
        client.send({"type": "teacher", "version": 1, "id": "t1", "command": command})
        error = client.next(lambda m: m["type"] == "error")
        assert error["key"] == "net.error.teacher_only" and "teacher" in error["text"]
    client.send({"type": "view", "version": 1})
    view = client.next(lambda m: m["type"] == "view")["view"]
    assert not view["paused"] and not view["game_over"]
    client.close()
    teacher = Client(host.url, host.teacher)
    assert teacher.welcome["role"] == "teacher"
    reply = teacher.act({"kind": "begin_diplomacy"})
    assert reply["key"] == "net.error.teams_only"
    teacher.close()


@pytest.mark.parametrize(("text", "key"), [
    ("{not json", "net.error.not_json"),
    ("[1, 2]", "net.error.not_object"),
    ('{"version": 1}', "net.error.no_type"),
    ('{"type": "launch_missiles", "version": 1}', "net.error.unknown_type"),
    ('{"type": "act", "version": 1, "id": "a", "move": {"kind": "accept", "negotiation": "x"}}',
     "net.error.invalid"),
    ('{"type": "act", "version": 1, "id": "a", "move": {"kind": "__import__(\'os\')"}}',
     "net.error.invalid"),
    ('{"type": "view", "version": 99}', "net.error.version"),
])
def test_malformed_messages_get_a_clear_error(host, text, key):
    before = log_length(host)
    client = Client(host.url, host.codes["IDN"])
    client.send(text)
    error = client.next(lambda m: m["type"] == "error")
    assert error["key"] == key and error["text"] and error["text"] != key
    client.send({"type": "view", "version": 1})  # the connection goes on
    assert client.next(lambda m: m["type"] == "view")["view"]["country"] == "IDN"
    client.close()
    assert log_length(host) == before
    assert key in host.log()


def test_messages_too_large_are_refused(host):
    before = log_length(host)
    client = Client(host.url, host.codes["IDN"])
    client.send(json.dumps({"type": "view", "version": 1, "pad": "x" * 100_000}))
    error = client.next(lambda m: m["type"] == "error")
    assert error["key"] == "net.error.too_large" and "64" in error["text"]
    client.send("x" * (10 * 1024 * 1024))
    with pytest.raises(ConnectionClosed) as closed:
        client.next(lambda m: False, timeout=20)
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 1009  # message too big
    still_served(host)
    assert log_length(host) == before
    assert "connection closed" in host.log()


def test_a_flood_is_dropped_and_the_others_are_served(host):
    before = log_length(host)
    flooder = Client(host.url, host.codes["JPN"])
    other = Client(host.url, host.codes["KOR"])
    start = time.monotonic()
    for number in range(1000):
        kind = ("view", "act")[number % 2]
        message = {"type": kind, "version": 1}
        if kind == "act":
            message.update(id=f"f{number}", move={"kind": "accept", "negotiation": 999_999})
        flooder.send(message)
    assert time.monotonic() - start < 5
    other.send({"type": "view", "version": 1})
    served = time.monotonic()
    other.next(lambda m: m["type"] == "view", timeout=10)
    assert time.monotonic() - served < 3
    error = flooder.next(lambda m: m["type"] == "error" and m["key"] == "net.error.too_fast")
    assert "Too many messages" in error["text"]
    refused = [m for m in flooder.received if m["type"] == "error" and m.get("id")]
    assert len(refused) < 100  # most were dropped before being read
    flooder.close()
    other.close()
    assert log_length(host) == before
    assert "too many messages" in host.log()


def test_the_page_and_the_catalogs_are_served_and_nothing_else(host):
    from urllib.error import HTTPError
    from urllib.request import urlopen

    base = f"http://127.0.0.1:{host.port}"
    with urlopen(base + "/", timeout=5) as page:
        assert page.status == 200 and b"Diplomasi" in page.read()
        assert page.headers["X-Content-Type-Options"] == "nosniff"
    with urlopen(base + "/i18n/id.json", timeout=5) as catalog:
        assert json.loads(catalog.read())["net.error.wrong_code"].startswith("Kode")
    for path in ("/../codes.json", "/codes.json", "/autosave.json", "/%2e%2e/host.py"):
        with pytest.raises(HTTPError) as missing:
            urlopen(base + path, timeout=5)
        assert missing.value.code == 404
