"""Diplomasi for learners: a PettingZoo AEC environment (``env``) and a bot that plays a trained
policy in tournaments (``game.env.policy_bot``). Needs the ``rl`` extra (pettingzoo, gymnasium)
for the environment only; the game never imports this package. See docs/rl.md."""

from __future__ import annotations

from typing import Any


def env(**kwargs: Any) -> Any:
    """The AEC environment, wrapped (see ``game.env.aec.DiplomasiEnv`` for the arguments)."""
    from game.env.aec import env as make

    return make(**kwargs)


def raw_env(**kwargs: Any) -> Any:
    """The environment without wrappers (``game.env.aec.DiplomasiEnv``)."""
    from game.env.aec import DiplomasiEnv

    return DiplomasiEnv(**kwargs)
