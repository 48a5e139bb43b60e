"""The parts of the classroom host's ``Host`` (``game/net/host.py``), one job each, mixed into it:
``connections`` (the connections, joins and devices), ``pushing`` (sending and the views pushed),
``moves`` (the game thread: moves and their acks, queries, teacher commands), and ``common``
(what they share)."""
