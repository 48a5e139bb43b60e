"""Play the games of a tournament or balance run started elsewhere with --cluster HOST:PORT:
connect to it, play the games it sends one at a time, stop when it is done. The key is the
DIPLOMASI_CLUSTER_KEY environment variable, the same as the coordinator's (see
docs/performance.md, "Tournaments on several machines")."""

from __future__ import annotations

import argparse
import sys

from game.i18n import translate
from game.tools.cluster import ClusterError, cluster_key, parse_address, serve
from game.tools.common import message_language


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--connect", required=True, metavar="HOST:PORT",
                        help="the coordinator's address (a loopback address: 127.0.0.1:PORT; "
                             "reach other machines through an SSH tunnel)")
    parser.add_argument("--wait", type=float, default=30.0, metavar="SECONDS",
                        help="how long to keep trying while nobody listens (default 30)")


def run(args: argparse.Namespace) -> int:
    language = message_language()
    try:
        address = parse_address(args.connect)
        key = cluster_key()
    except ClusterError as error:
        print(translate(f"runs.cluster.{error.key}", language, **error.values), file=sys.stderr)
        return 2
    try:
        played = serve(address, key, args.wait)
    except OSError as error:
        print(translate("runs.cluster.cannot_connect", language, address=args.connect,
                        reason=error.strerror or str(error)), file=sys.stderr)
        return 1
    print(translate("runs.cluster.worker_done", language, games=played), file=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    add_arguments(parser)
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    raise SystemExit(main())
