"""Host a class game on the local network without a window: the teams join from their own
devices with their codes (see docs/network.md). Prints the join address, the team codes and the
teacher's code; saves after every move; --resume DIR restarts a stopped host with the same codes."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import ipaddress
import logging
import os
import signal
import sys
import time
from pathlib import Path

from game.i18n import translate
from game.net.codes import CodeBook, CodesError, shown
from game.net.host import SAVE_FILE, Host
from game.net.process import PARENT_VARIABLE
from game.net.web import local_address, on_local_network
from game.rules.storage import StorageError
from game.rules.terms import DIFFICULTIES
from game.tools.common import load_or_report, whole_number

DEFAULT_PORT = 8765


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--scenario", dest="host_scenario", default=None,
                        help="a built-in scenario's id or a scenario file")
    parser.add_argument("--setup", default=None, help="a competition set-up file (teams, turns, "
                        "seed, timer), as saved by the game's competition screen")
    parser.add_argument("--teams", default=None,
                        help="without --setup: the teams' countries, e.g. IDN,JPN,KOR")
    parser.add_argument("--turns", type=whole_number(1, 30), default=None)
    parser.add_argument("--seed", type=whole_number(0, 2**31 - 1), default=None)
    parser.add_argument("--difficulty", choices=DIFFICULTIES, default="normal")
    parser.add_argument("--minutes", type=float, default=None,
                        help="without --setup: the diplomacy countdown, in minutes")
    parser.add_argument("--port", type=whole_number(0, 65535), default=DEFAULT_PORT,
                        help=f"the port (default {DEFAULT_PORT}; 0: any free port)")
    parser.add_argument("--bind", default=None, help="the address to listen on (default: this "
                        "machine's address on the local network)")
    parser.add_argument("--folder", default=None,
                        help="the game's folder (default: a new one in the game's data folder)")
    parser.add_argument("--resume", default=None, metavar="DIR",
                        help="restart the host of this folder from its save, with the same codes")


def _say(language: str, key: str, **values: object) -> None:
    print(translate(f"net.cli.{key}", language, **values))


def _fail(language: str, key: str, **values: object) -> int:
    print(translate(f"net.cli.{key}", language, **values), file=sys.stderr)
    return 1


def _default_folder() -> Path:
    from game.ui.settings import data_dir

    return data_dir() / "hosted" / time.strftime("%Y%m%d-%H%M%S")


def _new_host(args: argparse.Namespace, language: str) -> Host | int:
    from game.classroom.competition import CompetitionError, load_competition, with_paths_from

    competition = None
    if args.setup:
        try:
            competition = with_paths_from(load_competition(args.setup), Path(args.setup).resolve().parent)
        except CompetitionError as error:
            print(error.report(), file=sys.stderr)
            return 1
    source = args.host_scenario or (competition.scenario if competition else None)
    if not source:
        return _fail(language, "no_scenario")
    loaded = load_or_report(source)
    if loaded is None:
        return 1
    ids = [c.id for c in loaded.scenario.countries]
    if competition is not None:
        humans, teams = competition.humans, competition.team_names
        seed, turns, hidden_end = competition.seed, competition.turns, competition.hidden_end
        difficulty, seconds = competition.difficulty, competition.diplomacy_seconds
    else:
        if not args.teams:
            return _fail(language, "no_teams")
        humans = [c.strip() for c in args.teams.split(",") if c.strip()]
        teams = {c: c for c in humans}
        seed, turns, difficulty, hidden_end = args.seed, args.turns, args.difficulty, None
        seconds = args.minutes * 60 if args.minutes else None
    for country in humans:
        if country not in ids:
            return _fail(language, "unknown_team", country=country,
                         scenario=loaded.scenario.scenario.id, countries=", ".join(ids))
    folder = Path(args.folder) if args.folder else _default_folder()
    if (folder / SAVE_FILE).exists():
        return _fail(language, "folder_taken", folder=folder)
    return Host.new(loaded, humans, folder, teams=teams, seed=seed if seed is not None else args.seed,
                    turns=turns if turns is not None else args.turns, difficulty=difficulty,
                    diplomacy_seconds=seconds, hidden_end=hidden_end)


def run(args: argparse.Namespace) -> int:
    language = args.lang or "en"
    bind = args.bind or local_address()
    try:
        valid = ipaddress.ip_address(bind) is not None
    except ValueError:
        valid = False
    if not valid or not on_local_network(bind):
        return _fail(language, "bind_not_local", address=bind)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", stream=sys.stderr)
    if args.resume:
        try:
            host = Host.resume(Path(args.resume))
        except StorageError as error:
            return _fail(language, "resume_failed", folder=args.resume, reason=error.text(language))
        except CodesError as error:
            return _fail(language, "resume_failed", folder=args.resume,
                         reason=translate(f"net.codes.{error.key}", language))
    else:
        made = _new_host(args, language)
        if isinstance(made, int):
            return made
        host = made
    try:
        asyncio.run(_serve(host, bind, args.port, language))
    except OSError as error:
        return _fail(language, "bind_failed", address=bind, port=args.port,
                     reason=error.strerror or str(error))
    return 0


def _announce(host: Host, language: str) -> None:
    assert host.address is not None
    codes: CodeBook = host.codes
    _say(language, "title", scenario=host.session.game.scenario.scenario.id)
    _say(language, "address", address=f"http://{host.address[0]}:{host.address[1]}/")
    _say(language, "codes")
    for country, code in codes.teams.items():
        _say(language, "code", country=country, team=host.classroom.team(country) or country,
             code=shown(code))
    _say(language, "teacher", code=shown(codes.teacher))
    _say(language, "folder", folder=host.folder)
    _say(language, "stop")
    sys.stdout.flush()


async def _serve(host: Host, bind: str, port: int, language: str) -> None:
    loop = asyncio.get_running_loop()
    with contextlib.suppress(NotImplementedError):  # Windows has no SIGTERM handler
        loop.add_signal_handler(signal.SIGTERM, host.stop)
    watch = None
    parent = os.environ.get(PARENT_VARIABLE, "")
    if parent.isdigit():
        watch = asyncio.create_task(_stop_when_orphaned(host, int(parent)))
    try:
        await host.serve(bind, port, ready=lambda h: _announce(h, language))
    finally:
        if watch is not None:
            watch.cancel()


async def _stop_when_orphaned(host: Host, parent: int, every: float = 1.0) -> None:
    """Stop the host (saved, as on SIGTERM) once the process that started it has gone."""
    while os.getppid() == parent:
        await asyncio.sleep(every)
    host.stop()
