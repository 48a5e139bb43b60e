"""The networked classroom: the teacher's host and the messages its clients send and receive.

Above the session and the classroom (it may import them; nothing below imports it):
``protocol`` (the messages, validated with pydantic), ``codes`` (the join codes), ``views``
(what a team may know), ``host`` (the authoritative host and its WebSocket/HTTP server).
"""
