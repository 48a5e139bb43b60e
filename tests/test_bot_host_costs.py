"""What the bot's process saves on each request and each seat's load (issue 17, botcpu17): the
tournament's request line read by a pattern, exactly as the JSON decoder reads it, and the
bot's file compiled once while its bytes stay the same, yet executed afresh for every seat."""

from __future__ import annotations

import json
import textwrap

import pytest

from game.agents.bots import host, sandbox


@pytest.mark.parametrize("request_number, seat, size, public", [
    (1, "1", 0, 0), (7, "2", 14_321, 8_012), (10**15, "123456", 3, 0)])
def test_the_tournaments_request_line_reads_as_json_reads_it(request_number, seat, size, public):
    line = json.dumps({"id": request_number, "seat": seat, "size": size,
                       "public": public}).encode() + b"\n"
    assert host.APART_HEADER.fullmatch(line) is not None  # the pattern, not the decoder
    read = host.read_header(line)
    assert read == json.loads(line)
    assert [type(value) for value in read.values()] == [int, str, int, int]
    assert list(read) == ["id", "seat", "size", "public"]


def test_the_line_request_apart_writes_is_read_by_the_pattern():
    message, _ = sandbox.request_apart(12, {"a": 1}, {"b": [2.5]}, "4")
    line = message.partition(b"\n")[0] + b"\n"
    assert host.APART_HEADER.fullmatch(line) is not None
    assert host.read_header(line) == json.loads(line)


@pytest.mark.parametrize("line", [
    b'{"seat": "3", "load": true}\n', b'{"reset": true}\n',
    b'{"id": 3, "seat": "2", "size": 10}\n',  # a whole observation (request_pickled)
    b'{"id": 3, "seat": "x", "size": 10, "public": 0}\n',  # not the tournament's seat numbers
    b'{"id": 3,  "seat": "2", "size": 10, "public": 0}\n',  # another spacing
    b'{"id": 1, "seat": 2, "observation": {"phase": "diplomacy"}}\n'])
def test_any_other_line_goes_to_the_json_decoder(line):
    assert host.APART_HEADER.fullmatch(line) is None
    assert host.read_header(line) == json.loads(line)


def test_a_line_that_is_not_json_is_refused_as_before():
    with pytest.raises(ValueError):
        host.read_header(b'{"id": 3, "seat": "2", "size": 10, "public": 0\n')


def test_the_file_is_compiled_once_and_executed_for_every_seat(tmp_path, monkeypatch):
    bot = tmp_path / "counting_bot.py"
    bot.write_text(textwrap.dedent("""
        LOADS = []
        LOADS.append(1)

        class Counting:
            def act(self, observation):
                return [len(LOADS)]
    """))
    compiled = []
    real = host._compiled

    def counted(loader, file):
        code = real(loader, file)
        compiled.append(code)
        return code

    monkeypatch.setattr(host, "_compiled", counted)
    monkeypatch.setattr(host, "_last_compiled", None)
    first, second = host._load(str(bot), "Counting"), host._load(str(bot), "Counting")
    # executed afresh: each seat's module has its own list, filled once
    assert first.act({}) == second.act({}) == [1]
    assert type(first) is not type(second)
    assert compiled[0] is compiled[1]  # one code object
    # the file changed: compiled again, and the new text is what runs
    bot.write_text(bot.read_text().replace("return [len(LOADS)]", "return [len(LOADS) + 10]"))
    assert host._load(str(bot), "Counting").act({}) == [11]
    assert compiled[2] is not compiled[0]


def test_a_file_that_does_not_compile_still_fails_to_load_with_its_error(tmp_path, monkeypatch):
    bot = tmp_path / "broken_bot.py"
    bot.write_text("class Broken:\n    def act(self observation):\n        return []\n")
    monkeypatch.setattr(host, "_last_compiled", None)
    with pytest.raises(SyntaxError) as raised:
        host._load(str(bot), "Broken")
    detail = host._describe(raised.value)
    assert "SyntaxError" in detail and "broken_bot.py" in detail and "line 2" in detail
