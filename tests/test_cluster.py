"""Tournaments and balance runs through a local cluster (game.tools.cluster): the same records
as --jobs 1, byte for byte, and a worker killed in the middle of a game loses nothing. Loopback
only; every wait bounded."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from multiprocessing.connection import Client
from pathlib import Path

import pytest

from game.analysis.balance import play_job as balance_job
from game.analysis.balance import work_list as balance_work
from game.scenario.loading import load_scenario, resolve
from game.tools import cluster
from game.tools.runs import failed_record, normalised, run_jobs
from game.tools.tournament import play_job, work_list

ROOT = Path(__file__).resolve().parents[1]
KEY = b"test-key-of-the-cluster"


@pytest.fixture(autouse=True)
def key(monkeypatch):
    monkeypatch.setenv(cluster.KEY_VARIABLE, KEY.decode())


def tournament_jobs(scenario: str = "tutorial", turns: int = 2) -> list[dict]:
    loaded = load_scenario(resolve(scenario))
    return work_list([loaded], [("ai", "ai"), ("cooperator", "cooperator")], 1, 1, turns)


def text(records: list[dict]) -> str:
    return json.dumps(records, sort_keys=True)


def worker_process(address: tuple[str, int]) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "game.tools.worker", "--connect",
                             f"{address[0]}:{address[1]}", "--wait", "20"], cwd=ROOT,
                            env=dict(os.environ), stdin=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)


def run_in_thread(coordinator: cluster.Coordinator, jobs: list[dict], player: str,
                  events: list[str]) -> tuple[threading.Thread, dict[int, dict]]:
    records: dict[int, dict] = {}

    def finish(record: dict) -> None:
        record = normalised(record)
        records[record["index"]] = record

    thread = threading.Thread(target=coordinator.run, daemon=True, kwargs=dict(
        jobs=jobs, player=player, finish=finish, failed=failed_record,
        notice=lambda key, values: events.append(key), deadline=240))
    thread.start()
    return thread, records


def wait_for(condition, seconds: float = 60) -> None:
    end = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < end, "waited too long"
        time.sleep(0.05)


def test_a_tournament_through_the_cluster_is_byte_identical_to_one_process(tmp_path):
    jobs = tournament_jobs()
    alone = run_jobs(jobs, 1, worker=play_job)
    through = run_jobs(jobs, 2, worker=play_job, cluster="127.0.0.1:0")
    assert text(through) == text(alone)
    assert len(alone) == len(jobs) and not any("failed" in r for r in alone)


def test_a_balance_run_through_the_cluster_is_byte_identical_to_one_process():
    jobs = balance_work(load_scenario(resolve("tutorial")), 2, 1, 2, "easy")
    alone = run_jobs(jobs, 1, worker=balance_job)
    through = run_jobs(jobs, 2, worker=balance_job, cluster="127.0.0.1:0")
    assert text(through) == text(alone)


def test_a_worker_that_goes_away_with_a_game_loses_nothing():
    jobs = tournament_jobs()
    coordinator = cluster.Coordinator(("127.0.0.1", 0), KEY)
    events: list[str] = []
    try:
        thread, records = run_in_thread(coordinator, jobs, "tournament", events)
        deserter = Client(coordinator.address, authkey=KEY)  # takes a game and vanishes
        taken = json.loads(deserter.recv_bytes())
        deserter.close()
        wait_for(lambda: "lost" in events)
        process = worker_process(coordinator.address)
        thread.join(timeout=240)
        assert not thread.is_alive()
        assert process.wait(timeout=30) == 0
    finally:
        coordinator.close()
    assert taken["job"]["index"] == jobs[0]["index"]
    ordered = [records[job["index"]] for job in jobs]
    assert text(ordered) == text(run_jobs(jobs, 1, worker=play_job))


def test_a_worker_killed_in_the_middle_of_a_game_loses_nothing():
    jobs = tournament_jobs("asean-plus-three", 2)
    coordinator = cluster.Coordinator(("127.0.0.1", 0), KEY)
    events: list[str] = []
    try:
        thread, records = run_in_thread(coordinator, jobs, "tournament", events)
        victim = worker_process(coordinator.address)
        wait_for(lambda: "joined" in events)
        time.sleep(0.5)  # inside its first game (an asean game of the AI takes seconds)
        os.kill(victim.pid, signal.SIGKILL)
        victim.wait(timeout=30)
        wait_for(lambda: "lost" in events)
        survivor = worker_process(coordinator.address)
        thread.join(timeout=240)
        assert not thread.is_alive()
        assert survivor.wait(timeout=30) == 0
    finally:
        coordinator.close()
    ordered = [records[job["index"]] for job in jobs]
    assert not any("failed" in r for r in ordered)
    assert text(ordered) == text(run_jobs(jobs, 1, worker=play_job))


def test_a_wrong_key_is_refused_and_the_run_goes_on():
    jobs = tournament_jobs()[:1]
    coordinator = cluster.Coordinator(("127.0.0.1", 0), KEY)
    events: list[str] = []
    try:
        thread, records = run_in_thread(coordinator, jobs, "tournament", events)
        with pytest.raises(Exception):  # noqa: B017 - multiprocessing's AuthenticationError
            Client(coordinator.address, authkey=b"not the key")
        process = worker_process(coordinator.address)
        thread.join(timeout=240)
        assert process.wait(timeout=30) == 0
    finally:
        coordinator.close()
    assert list(records) == [0] and "failed" not in records[0]


def test_only_loopback_addresses_and_known_players():
    assert cluster.parse_address("127.0.0.1:7300") == ("127.0.0.1", 7300)
    assert cluster.parse_address("[::1]:7300") == ("::1", 7300)
    for bad in ("10.0.0.5:7300", "example.org:7300", "127.0.0.1", "127.0.0.1:0x10", "0.0.0.0:1"):
        with pytest.raises(cluster.ClusterError):
            cluster.parse_address(bad)
    with pytest.raises(cluster.ClusterError):
        cluster.player_name(print)
    assert cluster.player_name(play_job) == "tournament"


def test_the_worker_command_says_what_is_wrong(monkeypatch):
    monkeypatch.delenv(cluster.KEY_VARIABLE)
    result = subprocess.run([sys.executable, "run_game.py", "worker", "--connect",
                             "127.0.0.1:7399"], cwd=ROOT, capture_output=True, text=True,
                            timeout=60, env={k: v for k, v in os.environ.items()
                                             if k != cluster.KEY_VARIABLE})
    assert result.returncode == 2 and cluster.KEY_VARIABLE in result.stderr
    assert "Traceback" not in result.stderr


def test_a_run_without_a_key_prints_the_key_it_made_with_the_worker_command(monkeypatch):
    monkeypatch.delenv(cluster.KEY_VARIABLE)
    heard: list[tuple[str, dict]] = []
    jobs = tournament_jobs()[:1]
    records = run_jobs(jobs, 2, worker=play_job, cluster="127.0.0.1:0",
                       notice=lambda key, values: heard.append((key, values)))
    assert len(records) == 1 and "failed" not in records[0]
    key, values = heard[0]
    assert key == "waiting_new_key"
    assert values["secret"] == os.environ[cluster.KEY_VARIABLE] and len(values["secret"]) == 32
    from game.i18n import translate

    for language in ("en", "id"):
        said = translate("runs.cluster.waiting_new_key", language, **values)
        assert (f"{cluster.KEY_VARIABLE}={values['secret']} python run_game.py worker --connect "
                f"{values['address']}") in said


def test_a_run_with_a_key_never_prints_it():
    heard: list[tuple[str, dict]] = []
    jobs = tournament_jobs()[:1]
    run_jobs(jobs, 2, worker=play_job, cluster="127.0.0.1:0",
             notice=lambda key, values: heard.append((key, values)))
    assert heard[0][0] == "waiting" and KEY.decode() not in json.dumps(heard)


def silent_client(address: tuple[str, int]) -> socket.socket:
    """A client that connects and never answers the key's challenge."""
    client = socket.create_connection(address, timeout=30)
    return client


def test_a_client_that_never_answers_does_not_keep_workers_out():
    jobs = tournament_jobs()[:1]
    coordinator = cluster.Coordinator(("127.0.0.1", 0), KEY, handshake_seconds=120)
    events: list[str] = []
    silent = [silent_client(coordinator.address) for _ in range(3)]
    try:
        time.sleep(0.3)  # the silent ones are being checked before the worker arrives
        thread, records = run_in_thread(coordinator, jobs, "tournament", events)
        worker = threading.Thread(target=cluster.serve, args=(coordinator.address, KEY, 20),
                                  daemon=True)
        worker.start()
        thread.join(timeout=120)  # long before the silent clients' 120 seconds are up
        assert not thread.is_alive()
        worker.join(timeout=30)
        assert not worker.is_alive()
    finally:
        coordinator.close()
        for client in silent:
            client.close()
    assert list(records) == [0] and "failed" not in records[0]
    assert events.count("joined") == 1


def test_a_client_that_never_answers_is_cut_off_at_the_deadline():
    coordinator = cluster.Coordinator(("127.0.0.1", 0), KEY, handshake_seconds=0.5)
    client = silent_client(coordinator.address)
    try:
        started = time.monotonic()
        received = b""
        while True:  # the challenge, then the end of the connection
            chunk = client.recv(4096)
            if not chunk:
                break
            received += chunk
            assert time.monotonic() - started < 20, "the silent client was never cut off"
        assert time.monotonic() - started < 20 and received  # it was challenged, then cut off
        assert coordinator._arrivals.empty()
        proper = Client(coordinator.address, authkey=KEY)  # the coordinator still admits workers
        wait_for(lambda: not coordinator._arrivals.empty(), 20)
        proper.close()
    finally:
        coordinator.close()
        client.close()


def test_the_tournament_command_without_a_key_prints_it_for_the_workers():
    result = subprocess.run(
        [sys.executable, "run_game.py", "tournament", "--scenario", "tutorial", "--bot",
         "cooperator", "--bot", "opportunist", "--games", "1", "--turns", "1", "--jobs", "2",
         "--cluster", "127.0.0.1:0"], cwd=ROOT, capture_output=True, text=True, timeout=300,
        env={k: v for k, v in os.environ.items() if k != cluster.KEY_VARIABLE})
    assert result.returncode == 0, result.stderr
    line = next(line for line in result.stderr.splitlines() if "made its own key" in line)
    secret = line.split("made its own key: ")[1].split(" ")[0]
    assert len(secret) == 32
    assert (f"{cluster.KEY_VARIABLE}={secret} python run_game.py worker --connect 127.0.0.1:"
            in line)
