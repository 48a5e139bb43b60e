"""The host's HTTP side, on the WebSocket server's port: the browser page's static files (from
``game/net/static/``, read once at start) and the catalogs, so that the page speaks the game's
two languages. A WebSocket upgrade on ``/ws`` goes through to the host; everything else is a
plain GET answered here. No request is ever run or read from disk by the name it gives: only
the files found at start are served.
"""

from __future__ import annotations

import contextlib
import ipaddress
import json
import socket
from http import HTTPStatus
from pathlib import Path
from urllib.parse import urlsplit

from websockets.datastructures import Headers
from websockets.http11 import Request, Response

from game.data import resource
from game.i18n import LANGUAGES, catalog

STATIC = Path(__file__).parent / "static"
FLAGS = resource("assets", "flags")
SOCKET_PATH = "/ws"
TYPES = {
    ".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8", ".json": "application/json; charset=utf-8",
    ".png": "image/png", ".svg": "image/svg+xml", ".txt": "text/plain; charset=utf-8",
    ".ico": "image/x-icon", ".woff2": "font/woff2",
}
SECURITY_HEADERS = [
    ("X-Content-Type-Options", "nosniff"),
    ("Content-Security-Policy",
     "default-src 'self'; connect-src 'self' ws: wss:; img-src 'self' data:; frame-ancestors 'none'"),
    ("Referrer-Policy", "no-referrer"),
    ("Cache-Control", "no-cache"),
]


def static_files(folder: Path = STATIC) -> dict[str, tuple[bytes, str]]:
    """URL path → (body, content type) of every file under ``folder`` with a known type,
    plus ``/i18n/<language>.json``: the merged catalogs, and ``/flags/<ISO3>.png``: the
    built-in flags of real countries (about 0.9 MB)."""
    files: dict[str, tuple[bytes, str]] = {}
    if folder.is_dir():
        for path in sorted(folder.rglob("*")):
            kind = TYPES.get(path.suffix.lower())
            if path.is_file() and kind is not None:
                files["/" + path.relative_to(folder).as_posix()] = (path.read_bytes(), kind)
    for path in sorted(FLAGS.glob("*.png")):  # the built-in flags, for the page's names
        files[f"/flags/{path.name}"] = (path.read_bytes(), TYPES[".png"])
    for language in LANGUAGES:
        files[f"/i18n/{language}.json"] = (
            json.dumps(catalog(language), ensure_ascii=False, sort_keys=True).encode("utf-8"),
            TYPES[".json"])
    return files


def on_local_network(address: str) -> bool:
    """Whether a peer's address is this machine or a local network (private, link-local)."""
    try:
        found = ipaddress.ip_address(address.split("%")[0])
    except ValueError:
        return False
    if isinstance(found, ipaddress.IPv6Address) and found.ipv4_mapped is not None:
        found = found.ipv4_mapped
    return found.is_private or found.is_loopback or found.is_link_local


def local_address() -> str:
    """This machine's address on the local network (the one a route to a private address
    leaves from; a UDP socket's connect sends nothing), else the loopback address."""
    with contextlib.suppress(OSError), socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.connect(("10.255.255.255", 1))
        found = probe.getsockname()[0]
        if on_local_network(found) and not found.startswith("0."):
            return found
    return "127.0.0.1"


def response(status: HTTPStatus, body: bytes, kind: str) -> Response:
    headers = Headers([("Content-Type", kind), ("Content-Length", str(len(body))),
                       *SECURITY_HEADERS])
    return Response(status.value, status.phrase, headers, body)


def answer(request: Request, files: dict[str, tuple[bytes, str]], peer: str) -> Response | None:
    """The answer to a plain request, or None to let a WebSocket upgrade on ``/ws`` through."""
    if not on_local_network(peer):
        return response(HTTPStatus.FORBIDDEN, b"local network only\n", TYPES[".txt"])
    path = urlsplit(request.path).path
    if request.headers.get("Upgrade", "").lower() == "websocket":
        if path == SOCKET_PATH:
            return None
        return response(HTTPStatus.NOT_FOUND, b"the game's WebSocket is at /ws\n", TYPES[".txt"])
    found = files.get("/index.html" if path == "/" else path)
    if found is None:
        return response(HTTPStatus.NOT_FOUND, b"not found\n", TYPES[".txt"])
    return response(HTTPStatus.OK, *found)
